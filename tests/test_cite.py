"""Cite this page (generator/pages/cite.py): the citations' forms (tests/data/cite/cases.yml), nothing from a source
becoming markup, and on the built site every entity and source page citing its URL and the build date, with
BibTeX and CSL-JSON downloads that say the same."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA

from generator.data.datasets import load_yaml
from generator.pages import cite

CASES = yaml.safe_load((DATA / "cite" / "cases.yml").read_text(encoding="utf-8"))
SECTIONS = {"bodies": "bodies", "projects": "projects", "people": "people", "sources": "documents"}


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda case: case["record"]["id"])
def test_citation_forms(case: dict[str, Any]) -> None:
    ref = cite.reference(case["section"], case["record"])
    assert cite.gbt7714(ref) == case["gbt7714"]
    assert cite.english(ref) == case["english"]
    stamped = json.loads(cite.stamp(cite.csl_json(ref), "https://example.org/kb/zh-Hans/", "2026-03-09"))[0]
    assert stamped["URL"] == f"https://example.org/kb/zh-Hans/{case['section']}/{case['record']['id']}/"
    assert stamped["accessed"] == {"date-parts": [[2026, 3, 9]]}


def test_a_title_from_a_source_stays_text() -> None:
    ref = cite.reference("sources", {"id": "x", "title": CASES["hostile"]})
    block = cite.block(ref, lambda target: target)
    assert "<script>" not in block and "&lt;script&gt;" in block
    assert r"title = {合作<script>alert(1)</script> \{50\%\} \& \\end}" in cite.bibtex(ref)
    assert json.loads(cite.csl_json(ref))[0]["title"] == CASES["hostile"]


def test_build_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert cite.build_date() == "1970-01-02"


def test_every_entity_and_source_page_cites_itself(built_seeds: Path) -> None:
    date = re.compile(r"\d{4}-\d{2}-\d{2}")
    for variant in ("zh-Hans", "zh-Hant"):
        root = built_seeds / "site" / variant
        for section, dataset in SECTIONS.items():
            for record in load_yaml(built_seeds / "site_data" / f"{dataset}.yml"):
                page = (root / section / record["id"] / "index.html").read_text(encoding="utf-8")
                block = page.split('<div class="kb-cite"', 1)[1].split("</div>", 1)[0]
                url = f"{section}/{record['id']}/"  # the built site has no SITE_URL: the path from the root
                assert f"[EB/OL]. ({date_of(block)})[{date_of(block)}]. {url}." in html.unescape(block)
                assert date.fullmatch(date_of(block)) and "@@kb" not in page
                key = f"{section}-{record['id']}"
                assert f'href="../../cite/{key}.bib"' in block
                csl = json.loads((root / "cite" / f"{key}.json").read_text(encoding="utf-8"))[0]
                assert csl["URL"] == url and csl["id"] == f"zhongxin-kb-{key}"
                bib = (root / "cite" / f"{key}.bib").read_text(encoding="utf-8")
                assert f"url = {{{url}}}" in bib and f"urldate = {{{date_of(block)}}}" in bib


def date_of(block: str) -> str:
    return re.search(r"\((\d{4}-\d{2}-\d{2})\)", block).group(1)


def test_the_book_leaves_the_citations_out(built_seeds: Path) -> None:
    kept = list((built_seeds / "build" / "book").rglob("*.html"))
    assert kept and not any('class="kb-cite"' in path.read_text(encoding="utf-8") for path in kept)
