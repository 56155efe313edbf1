"""The golden site, as Pelican keeps one: a small corpus whose datasets and pages are committed in
tests/data/golden/expected and compared file by file with a fresh build. `make golden` updates them when a
change is meant (tests/data/golden/README.md)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

GOLDEN = Path(__file__).parent / "data" / "golden"
OUTPUTS = ("site_data", "docs")  # what ingest and render write under --out; build/ is their cache


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for folder in OUTPUTS for path in sorted((root / folder).rglob("*")) if path.is_file()}


def differences(expected: dict[str, bytes], actual: dict[str, bytes], shown: int = 3) -> str:
    """Which files are missing, new or changed, with a unified diff of the first few changed ones."""
    lines = [f"missing: {name}" for name in sorted(set(expected) - set(actual))]
    lines += [f"new: {name}" for name in sorted(set(actual) - set(expected))]
    changed = [name for name in sorted(set(expected) & set(actual)) if expected[name] != actual[name]]
    lines += [f"changed: {name}" for name in changed]
    for name in changed[:shown]:
        lines += difflib.unified_diff(expected[name].decode("utf-8", "replace").splitlines(),
                                      actual[name].decode("utf-8", "replace").splitlines(),
                                      f"expected/{name}", f"built/{name}", lineterm="", n=1)
    return "\n".join(lines)


def build_golden(out: Path) -> None:
    for command in ("ingest", "render"):
        result = run_cli(command, "--sources", str(GOLDEN / "sources"), "--out", str(out))
        assert result.returncode == 0, result.stderr


def test_the_golden_corpus_builds_to_the_committed_site(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    build_golden(tmp_path)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN / "expected", ignore_errors=True)
        for folder in OUTPUTS:
            shutil.copytree(tmp_path / folder, GOLDEN / "expected" / folder)
    expected, actual = tree(GOLDEN / "expected"), tree(tmp_path)
    assert expected, "no golden files: run `make golden`"
    if expected != actual:
        pytest.fail("the build differs from tests/data/golden/expected (`make golden` updates it when the change "
                    "is meant):\n" + differences(expected, actual), pytrace=False)


def test_a_difference_is_shown_as_a_diff() -> None:
    """The failure message names every file and shows what changed, line by line."""
    shown = differences({"docs/a.md": b"one\ntwo\n", "docs/gone.md": b"x"}, {"docs/a.md": b"one\n2\n", "new.yml": b""})
    assert shown.splitlines()[:3] == ["missing: docs/gone.md", "new: new.yml", "changed: docs/a.md"]
    assert "-two" in shown and "+2" in shown
