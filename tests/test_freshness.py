"""Regenerating datasets and pages from the committed sources reproduces what is committed."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_cli

GENERATED = ("site_data", "docs")


def generated_files(root: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for top in GENERATED:
        for path in sorted((root / top).rglob("*")):
            relative = path.relative_to(root).as_posix()
            inputs = ("site_data/sources", "site_data/curated/", "site_data/corrections.yml")  # sources.yml too
            if path.is_file() and not relative.startswith(inputs):
                files[relative] = path.read_bytes()
    return files


def test_regenerating_gives_no_diff(tmp_path: Path) -> None:
    sources = str(REPO / "site_data" / "sources")
    for command in ("ingest", "render"):
        result = run_cli(command, "--sources", sources, "--out", str(tmp_path))
        assert result.returncode == 0, result.stderr
    fresh, committed = generated_files(tmp_path), generated_files(REPO)
    assert sorted(fresh) == sorted(committed), "generated file list differs: run `python -m generator render`"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"stale generated files (regenerate and commit): {stale[:10]}"
