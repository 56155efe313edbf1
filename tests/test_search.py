"""Search index parts: the indexed text of a page and the cutting of a site into indexer runs
(tests/data/search/parts.yml); the built seed site's parts are checked in test_pages.py; a rebuild's kept
parts."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA, REPO, SEARCH_PART_MB

from generator.core.paths import Paths
from generator.site import search

CASES = yaml.safe_load((DATA / "search" / "parts.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["indexed_characters"], ids=lambda case: case["name"])
def test_indexed_characters(case: dict[str, Any]) -> None:
    assert search.indexed_characters(case["html"]) == case["characters"]


@pytest.mark.parametrize("case", CASES["batches"], ids=lambda case: case["name"])
def test_batches(case: dict[str, Any]) -> None:
    pages = [(Path(f"page-{number}.html"), size) for number, size in enumerate(case["sizes"])]
    runs = search.batches(pages, case["budget"])
    assert [[int(page.stem.removeprefix("page-")) for page in run] for run in runs] == case["runs"]


def bundle_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted((site / search.BUNDLE).rglob("*")) if path.is_file()}


def test_a_rebuild_indexes_again_only_the_parts_whose_pages_changed(
        built_seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_SEARCH_PART_MB", str(SEARCH_PART_MB))
    site = tmp_path / "site"
    shutil.copytree(built_seeds / "site" / "zh-Hans", site, ignore=shutil.ignore_patterns(search.BUNDLE))
    paths = Paths.create(str(REPO / "site_data" / "sources"), str(tmp_path / "out"))
    runs: list[int] = []
    run_indexer = search.run_indexer
    monkeypatch.setattr(search, "run_indexer", lambda *args: runs.append(len(args[2])) or run_indexer(*args))

    def index(*, forget: bool = False) -> tuple[int, int, dict[str, bytes]]:
        shutil.rmtree(site / search.BUNDLE, ignore_errors=True)
        if forget:
            shutil.rmtree(paths.build)
        runs.clear()
        kept = search.write_parts(paths, site, "zh-Hans")
        return len(runs), kept, bundle_files(site)

    indexed, kept, first = index()
    assert indexed >= 3 and kept == 0
    assert index() == (0, indexed, first)
    # One page's text changes (same length, so the parts are cut as before): only its part is indexed again.
    page = sorted(site.glob("sources/*/index.html"))[len(list(site.glob("sources/*/"))) // 2]
    text = page.read_text(encoding="utf-8")
    body = text.index(search.BODY_MARK)
    changed = text[:body] + text[body:].replace("合作", "协作", 1)
    assert changed != text
    page.write_text(changed, encoding="utf-8")
    again, kept, second = index()
    assert (again, kept) == (1, indexed - 1) and second != first
    assert index(forget=True) == (indexed, 0, second)  # the same bytes as indexing it all afresh
