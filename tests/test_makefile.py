"""`make site` needs neither root nor apt-get nor Node: what the Makefile would run (`make -n`) on a PATH
without apt-get, dpkg, sudo, node, npm or npx, and on a Debian machine as root (the tested path of CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

ALLOWED = ("bash", "sh", "make", "python3", "id", "env", "test", "touch", "rm", "cat", "tail", "sed", "grep")


def planned(target: str, path: str) -> str:
    """The recipe lines `make -n` would run for `target`, with the stamps as they are in a fresh clone."""
    done = subprocess.run(["make", "-n", "-B", "-f", str(REPO / "Makefile"), "VENV=.venv-plan", target],
                          cwd=REPO, capture_output=True, text=True, env={**os.environ, "PATH": path}, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def stripped_path(tmp_path: Path) -> str:
    """A folder of links to the tools a user without root has: no apt-get, dpkg, sudo, node, npm or npx."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ALLOWED:
        found = shutil.which(tool)
        if found:
            (folder / tool).symlink_to(found)
    return str(folder)


def test_site_without_root_tools_installs_from_pypi_only(stripped_path: str) -> None:
    plan = planned("site", stripped_path)
    assert "-m venv" in plan and "pip install" in plan and "-m generator build" in plan
    for tool in ("apt-get", "dpkg", "sudo", "npm", "node"):
        assert tool not in plan.replace("node_modules", ""), tool


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("apt-get"), reason="Debian as root only")
def test_site_as_root_on_debian_installs_system_packages_but_no_node() -> None:
    plan = planned("site", os.environ["PATH"])
    assert "dpkg -s" in plan and "fonts-noto-cjk" in plan and "-m generator build" in plan
    assert "npm" not in plan and "nodejs" not in plan
    assert "npm install" in planned("test", os.environ["PATH"])  # axe-core, for the accessibility tests
