"""`make site` needs neither root nor apt-get nor a system Node: what the Makefile would run (`make -n`) on a
PATH without apt-get, dpkg, sudo, node, npm or npx, and on a Debian machine as root (the tested path of CI)."""

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


def test_site_without_root_tools_installs_from_pypi_and_npm_only(stripped_path: str) -> None:
    plan = planned("site", stripped_path)
    assert "-m venv" in plan and "pip install" in plan and "-m generator build" in plan
    assert "'.[node]'" in plan and "npm=.venv-plan/bin/npm" in plan  # npm from Node's wheel, where none is installed
    for tool in ("apt-get", "dpkg", "sudo"):
        assert tool not in plan, tool


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("apt-get"), reason="Debian as root only")
def test_site_as_root_on_debian_installs_system_packages() -> None:
    plan = planned("site", os.environ["PATH"])
    assert "dpkg -s" in plan and "fonts-noto-cjk" in plan and "-m generator build" in plan
    assert 'command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"' in plan  # Debian's, if none is there
    assert "chromium" not in plan and "chromium" in planned("test", os.environ["PATH"])
