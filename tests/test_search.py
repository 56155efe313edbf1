"""Search index parts: the indexed text of a page and the cutting of a site into indexer runs
(tests/data/search/parts.yml); the built seed site's parts are checked in test_pages.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA

from generator import search

CASES = yaml.safe_load((DATA / "search" / "parts.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["indexed_characters"], ids=lambda case: case["name"])
def test_indexed_characters(case: dict[str, Any]) -> None:
    assert search.indexed_characters(case["html"]) == case["characters"]


@pytest.mark.parametrize("case", CASES["batches"], ids=lambda case: case["name"])
def test_batches(case: dict[str, Any]) -> None:
    pages = [(Path(f"page-{number}.html"), size) for number, size in enumerate(case["sizes"])]
    runs = search.batches(pages, case["budget"])
    assert [[int(page.stem.removeprefix("page-")) for page in run] for run in runs] == case["runs"]
