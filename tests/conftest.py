"""Shared fixtures: one full build of the seed corpus into a temporary --out folder per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEARCH_PART_MB = 20  # the seed pages' ~330,000 indexed characters are estimated at ~80 MB: several parts
BOOK_VOLUME_BYTES = 150_000  # the seed pages' Markdown is ~340 KB: three volumes, two continuing a section


def run_cli(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=1800, env=environment)


@pytest.fixture(scope="session")
def built_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus built end to end (both variants) into a fresh folder. Its search index is made in
    parts of 20 MB (estimated) and its books in volumes, as a large corpus's would be, so the tests search merged
    parts and read volumes."""
    out = tmp_path_factory.mktemp("seeds-out")
    result = run_cli("build", "--sources", str(REPO / "site_data" / "sources"), "--out", str(out),
                     env={"KB_SEARCH_PART_MB": str(SEARCH_PART_MB), "KB_PDF_VOLUME_BYTES": str(BOOK_VOLUME_BYTES)})
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def built_chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-document corpus whose tables call for charts (tests/data/chart/yearly.txt), built end to end."""
    sources = tmp_path_factory.mktemp("chart-sources")
    shutil.copy(DATA / "chart" / "yearly.txt", sources)
    out = tmp_path_factory.mktemp("chart-out")
    result = run_cli("build", "--sources", str(sources), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out
