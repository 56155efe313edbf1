"""Markup documents (tests/data/markup/cases.yml): front matter, Markdown, MediaWiki and HTML fragments reduce to
sections, paragraphs, captions and metadata; every removal is logged on its raw line; accounting sums; and a
folder of them builds into dated events and meeting sessions."""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA

from generator import cli
from generator.core.accounting import Ledger
from generator.core.model import Document, Line, RawDocument
from generator.pages.chart import table_charts
from generator.text.chronology import leading_dates
from generator.text.ingest import ingest_document
from generator.text.markup import strip_markup
from generator.text.read import decode, normalise_whitespace

MARKUP = DATA / "markup"
CASES: dict[str, Any] = yaml.safe_load((MARKUP / "cases.yml").read_text(encoding="utf-8"))
DOCUMENTS: dict[str, dict[str, Any]] = CASES["documents"]
MARKUP_RULES = ("markdown-", "wiki-", "html-", "table-")


def raw_document(name: str) -> RawDocument:
    data = (MARKUP / name).read_bytes()
    text, encoding = decode(data)
    return RawDocument(Path(name).stem, name, hashlib.sha256(data).hexdigest(), encoding, normalise_whitespace(text))


def ingested(name: str) -> tuple[RawDocument, Document]:
    raw = raw_document(name)
    return raw, ingest_document(raw)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_structure_and_metadata(name: str) -> None:
    case = DOCUMENTS[name]
    _, doc = ingested(name)
    assert (doc.kind, doc.title) == (case["kind"], case["title"])
    assert [[s.title, s.level] for s in doc.sections] == case["sections"]
    assert [b.text for b in doc.paragraphs()] == case["paragraphs"]
    assert [b.text for b in doc.blocks if b.kind == "caption"] == case.get("captions", [])
    assert [[b.title, b.rows] for b in doc.blocks if b.kind == "table"] == case.get("tables", [])
    if "year" in case:
        assert doc.year == case["year"]
    for key, value in case.get("meta", {}).items():
        assert doc.meta[key] == value


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_dated_list_items(name: str) -> None:
    _, doc = ingested(name)
    dates = {b.text: leading_dates(b.text)[0].date for b in doc.paragraphs() if leading_dates(b.text)}
    for text, date in DOCUMENTS[name].get("dated", {}).items():
        assert dates[text] == date


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_removals_logged_on_their_raw_line(name: str) -> None:
    raw, doc = ingested(name)
    raw_lines = raw.text.split("\n")
    markup = [c for c in doc.changes if c.rule.startswith(MARKUP_RULES)]
    assert Counter(c.rule for c in markup) == Counter(DOCUMENTS[name]["removed"])
    for change in markup:
        assert change.before in raw_lines[change.line - 1], change
        assert change.reason


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_accounting_sums_exactly(name: str) -> None:
    raw, doc = ingested(name)
    assert sum(doc.accounting.values()) == len(raw.text)
    assert doc.accounting["kept"] == sum(len(b.text) for b in doc.blocks if b.kind in ("heading", "paragraph"))
    front = raw.text[: raw.text.index("\n---\n", 3) + 4] if raw.text.startswith("---\n") else ""
    categories = [line for line in raw.text.split("\n") if line.startswith("[[") and ":" in line]
    title_line = doc.meta.get("title_line", "")
    assert doc.accounting.get("metadata", 0) == len(front.replace("\n", "")) + sum(map(len, categories)) \
        + len(title_line)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_literal_text_stays(name: str) -> None:
    _, doc = ingested(name)
    shown = "\n".join(b.text for b in doc.blocks)
    for text in DOCUMENTS[name].get("literal", []):
        assert text in shown


@pytest.mark.parametrize("case", CASES["detection"], ids=[f"{c['file']}:{c['text'][:12]}" for c in CASES["detection"]])
def test_detection(case: dict[str, Any]) -> None:
    lines = [Line(n, text) for n, text in enumerate(case["text"].split("\n"), 1)]
    assert sorted(strip_markup(case["file"], lines, Ledger()).syntaxes) == case["expect"]


def test_folder_builds_events_and_sessions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources, out = tmp_path / "sources", tmp_path / "out"
    sources.mkdir()
    for name in DOCUMENTS:
        shutil.copyfile(MARKUP / name, sources / name)
    argv = ["--sources", str(sources), "--out", str(out)]
    assert cli.main(["ingest", *argv]) == 0
    assert cli.main(["render", *argv]) == 0
    assert cli.main(["check", *argv]) == 0, capsys.readouterr().err
    data = out / "site_data"
    events = {e["text"]: e for e in yaml.safe_load((data / "events.yml").read_text(encoding="utf-8"))}
    bodies = {b["id"]: b for b in yaml.safe_load((data / "bodies.yml").read_text(encoding="utf-8"))}
    meeting = events["2009年1月26日，中新天津生态城联合协调理事会第二次会议在新加坡举行。"]
    assert (meeting["date"], meeting["kind"], meeting["source"]["line"]) == ("2009-01-26", "prose", 16)
    [body] = meeting["bodies"]
    assert bodies[body]["name"] == "中新天津生态城联合协调理事会"
    assert [(s["number"], s["date"]) for s in bodies[body]["sessions"]] == [(2, "2009-01-26")]
    assert events["1994年2月26日，中新两国政府签署合作开发建设苏州工业园区的协议。"]["source"]["line"] == 8
    documents = {d["file"]: d for d in yaml.safe_load((data / "documents.yml").read_text(encoding="utf-8"))}
    assert documents["tianjin_eco_city.md"]["kind"] == "encyclopedia"
    assert documents["suzhou_park.wiki"]["title"] == "中新苏州工业园区"


def test_markup_table_of_years_gets_a_chart_per_unit() -> None:
    """A pipe table with a 年份 column is a real table: the chart rule sees its years and units."""
    _, doc = ingested("ecocity_review.md")
    table = next(b for b in doc.blocks if b.kind == "table")
    assert [c.unit for c in table_charts(table.rows)] == ["万人", "家"]
