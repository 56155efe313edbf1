"""The 大事记 parser: entries, dates, ranges, △, month items, impossible dates, and dates in prose."""

from __future__ import annotations

import pytest
from textdata import cases, ingest_data, seed_documents

from generator.core.model import Line
from generator.text.chronology import assign_dates, entries, leading_dates, parse_chronology
from generator.text.segment import segment

CASE = cases("chronology.yml")


@pytest.fixture(scope="module")
def doc():
    return ingest_data("chronology.txt", title=CASE["title"], year=str(CASE["year"]))


def test_entries(doc) -> None:
    found = [{"date": e.date, "date_end": e.date_end, "kind": e.kind, "line": e.line, "text": e.text}
             for e in entries(doc.blocks)]
    expected = [{**e, "date": str(e["date"]), "date_end": str(e["date_end"])} for e in CASE["entries"]]
    assert found == expected


def test_blocks_carry_dates_and_anchors(doc) -> None:
    chronology = [b for b in doc.blocks if b.kind == "chronology"]
    assert [b.anchor for b in chronology] == [e.anchor for e in entries(doc.blocks)]
    assert all(b.anchor.startswith("p-") and b.date for b in chronology)


def test_month_headers_are_headings_not_entries(doc) -> None:
    assert [b.text for b in doc.blocks if b.kind == "heading"] == CASE["months"]
    assert [s.title for s in doc.sections] == CASE["months"]
    assert doc.sections[-1].authors == CASE["last_section_authors"]


def test_page_header_dropped_and_impossible_date_logged(doc) -> None:
    headers = [c for c in doc.changes if c.rule == "page-header"]
    assert [c.line for c in headers] == [CASE["page_header"]]
    impossible = [c for c in doc.changes if c.rule == "impossible-date"]
    assert [c.line for c in impossible] == [CASE["impossible"]]
    assert "2月 has no day 30" in impossible[0].reason
    kept = next(b for b in doc.blocks if b.line == CASE["impossible"])
    assert kept.kind == "paragraph" and kept.text.startswith("30日")


def test_parse_chronology_on_lines() -> None:
    lines = [Line(n, t) for n, t in enumerate(["3月", "", "5日  会议召开。", "", "△ 培训班开班。", "", "13日 论坛举办。"], 1)]
    got = [(e.date, e.kind, e.line, e.text) for e in parse_chronology(lines, 2021)]
    assert got == [("2021-03-05", "day", 3, "会议召开。"), ("2021-03-05", "same-day", 5, "培训班开班。"),
                   ("2021-03-13", "day", 7, "论坛举办。")]


@pytest.mark.parametrize("case", CASE["undated"], ids=lambda c: c["name"])
def test_each_cause_of_undated_entries_is_logged_once_with_the_entries_it_leaves_undated(case: dict) -> None:
    lines = [Line(number, text) for number, text in enumerate("\n\n".join(case["lines"]).split("\n"), 1)]
    blocks = segment("", lines, chronology=True).blocks
    changes = assign_dates(blocks, case["year"])
    assert [[c.line, c.rule, c.reason] for c in changes] == case["changes"]
    assert [[e.date, e.line] for e in entries(blocks)] == [[str(date), line] for date, line in case["dated"]]


@pytest.mark.parametrize("case", CASE["leading"], ids=lambda c: c["text"])
def test_leading_dates(case: dict) -> None:
    assert [d.date for d in leading_dates(case["text"], case["year"])] == [str(d) for d in case["dates"]]


def test_seed_chronology_entries_per_month() -> None:
    doc = seed_documents()["002_4a9fcfce754308f9"][1]
    found = entries(doc.blocks)
    assert len(found) == 168
    per_month = {m: sum(1 for e in found if e.date[5:7] == f"{m:02d}") for m in range(1, 13)}
    assert all(count > 0 for count in per_month.values())
    assert all(e.date.startswith("2020-") for e in found)
    ranges = [e for e in found if e.date_end]
    assert ("2020-05-18", "2020-05-19") in {(e.date, e.date_end) for e in ranges}
    assert any(e.kind == "month" and e.date == "2020-02" for e in found)
