"""Segmentation: tables rebuilt as rows, web boilerplate dropped with reasons, seed structure as data."""

from __future__ import annotations

from collections import Counter

import pytest
from textdata import TEXT, cases, ingest_data, raw_document, seed_documents

from generator.core.model import RawDocument
from generator.text.ingest import ingest_document
from generator.text.patterns import SENTENCE_END, TERMINAL

SEEDS = cases("seeds.yml")


def test_table_rows_and_rejoined_paragraph() -> None:
    expected = cases("table.yml")
    doc = ingest_data("table.txt", kind="yearbook", title="测试")
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    table = tables[0]
    assert (table.title, table.line, table.credit) == (expected["title"], expected["line"], expected["credit"])
    assert table.rows == expected["rows"]
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == expected["paragraphs"]


def test_a_full_line_of_a_narrower_part_is_no_heading() -> None:
    expected = cases("widths.yml")
    doc = ingest_data("widths.txt", kind="yearbook", title="测试")
    assert [b.text for b in doc.blocks if b.kind == "heading"] == expected["headings"]
    assert [b.text for b in doc.paragraphs()] == expected["paragraphs"]


def test_titles_lifted_to_the_top_go_back_before_their_articles() -> None:
    expected = cases("lifted.yml")
    raw = raw_document("lifted.txt", kind="yearbook", title="特载")
    doc = ingest_document(raw)
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == expected["headings"]
    assert {s.title: s.authors for s in doc.sections if s.authors} == expected["authors"]
    second = next(i for i, b in enumerate(doc.blocks) if b.text == expected["headings"][1])
    assert doc.blocks[second + 1].text.startswith(expected["first_under_second"])
    assert [[c.rule, c.line] for c in doc.changes if c.rule in ("title-order", "contents")] == expected["changes"]
    assert sum(doc.accounting.values()) == len(raw.text)  # every character accounted for, the moved title once


def test_displaced_block_put_back_in_order() -> None:
    expected = cases("displaced.yml")
    doc = ingest_data("displaced.txt", kind="yearbook", title="测试")
    assert [b.text for b in doc.paragraphs()] == expected["paragraphs"]
    moves = [(c.line, c.reason, c.before == c.after) for c in doc.changes if c.rule == "block-order"]
    assert moves == [(expected["moved"]["line"], expected["moved"]["reason"], True)]
    assert sum(doc.accounting.values()) == len((TEXT / "displaced.txt").read_text(encoding="utf-8"))


def test_in_order_text_is_not_moved() -> None:
    """The same text in its right order is left as it is."""
    lines = (TEXT / "displaced.txt").read_text(encoding="utf-8").split("\n")
    in_order = [lines[0], *lines[5:10], *lines[1:5], *lines[10:]]
    doc = ingest_document(RawDocument("ordered", "ordered.txt", "", "utf-8", "\n".join(in_order), {"kind": "yearbook"}))
    assert not [c for c in doc.changes if c.rule == "block-order"]


def test_web_boilerplate() -> None:
    expected = cases("web.yml")
    doc = ingest_data("web.txt", kind="web", title=expected["title"])
    dropped = {c.line: c.rule for c in doc.changes if c.after == "" and c.rule != "layout-space"}
    assert dropped == expected["dropped"]
    assert sum(1 for b in doc.blocks if b.kind == "paragraph") == expected["kept_paragraphs"]
    assert [b.text for b in doc.blocks if b.kind == "heading"] == expected["headings"]
    assert sorted(doc.meta) == expected["metadata"]


@pytest.fixture(scope="module")
def seeds():
    return seed_documents()


@pytest.mark.parametrize("doc_id", sorted(SEEDS))
def test_seed_structure(seeds, doc_id: str) -> None:
    expected = SEEDS[doc_id]
    doc = seeds[doc_id][1]
    counts = Counter(b.kind for b in doc.blocks)
    assert {kind: counts[kind] for kind in expected["counts"]} == expected["counts"]
    sections = {s.title: s.authors for s in doc.sections}
    for title, authors in expected.get("authors", {}).items():
        assert sections[title] == authors
    tables = [b for b in doc.blocks if b.kind == "table"]
    if "table_rows" in expected:
        assert len(tables[0].rows) == expected["table_rows"]
        assert len({len(row) for row in tables[0].rows}) == 1
    flags = [f.text for b in doc.blocks for f in b.flags]
    assert flags == expected.get("flags", [])
    for key, value in expected.get("meta", {}).items():
        assert doc.meta[key] == value
    if "removed" in expected:
        assert sorted({c.rule for c in doc.changes if c.after == "" and c.before.strip()} - {"layout-space"}) \
            == expected["removed"]
    assert set(expected.get("sections_include", [])) <= set(sections)
    assert sum(1 for c in doc.changes if c.rule == "block-order") == expected.get("moves", 0)
    shown = "".join(b.text for b in doc.paragraphs())
    for text in expected.get("contains", []):
        assert text in shown


@pytest.mark.parametrize("doc_id", ["000_be3bebb17bddb5a1", "002_4a9fcfce754308f9"])
def test_wrapped_paragraphs_end_on_a_sentence(seeds, doc_id: str) -> None:
    """Rejoined paragraphs of the hard-wrapped seeds end where a sentence ends, never mid-sentence."""
    doc = seeds[doc_id][1]
    for block in doc.blocks:
        if block.kind in ("paragraph", "chronology"):
            assert block.text[-1] in TERMINAL + SENTENCE_END, (block.line, block.text[-20:])


def test_furniture_rules_spare_prose_in_news() -> None:
    """Page-furniture rules act on whole furniture lines of web pages: a sentence that mentions 2030年前, starts
    with 3年前 or gives a phone number stays text in a news report; a breadcrumb line goes."""
    doc = ingest_data("prose_lines.txt", kind="news")
    kept = " ".join(b.text for b in doc.blocks)
    for sentence in ("双方力争2030年前实现碳达峰。", "3年前，园区只有一家新加坡企业。", "0512-66681234"):
        assert sentence in kept
    assert [c.rule for c in doc.changes if c.after == ""] == ["breadcrumb"]


def test_repeated_paragraphs_get_distinct_anchors() -> None:
    """A footer repeated thousands of times: every copy its own anchor, numbered in order."""
    repeats = 5000
    raw = RawDocument("repeats", "repeats.txt", "", "utf-8", "标题\n\n" + "本文由园区新闻中心发布。\n\n" * repeats, {})
    anchors = [b.anchor for b in ingest_document(raw).blocks if b.kind == "paragraph"]
    assert len(anchors) == len(set(anchors)) == repeats
    assert anchors[1] == anchors[0] + "-2" and anchors[-1] == f"{anchors[0]}-{repeats}"


def test_a_heading_or_a_short_list_item_ends_its_paragraph() -> None:
    expected = cases("heading_after_list.yml")
    doc = ingest_data("heading_after_list.md", kind="encyclopedia", title="示范园区")
    assert [b.text for b in doc.paragraphs()] == expected["paragraphs"]
    assert [b.text for b in doc.blocks if b.kind == "heading"] == expected["headings"]


def test_a_saved_page_of_several_reports_keeps_each_and_drops_links_to_other_pages() -> None:
    expected = cases("digest.yml")
    raw = raw_document("digest.html", kind="web", title="园区新闻汇编")
    doc = ingest_document(raw)
    assert [b.text for b in doc.paragraphs()] == expected["paragraphs"]
    assert sorted({c.line for c in doc.changes if c.rule in ("trailing-list", "related-links")}) \
        == expected["dropped_as_links_to_other_pages"]
    assert not any("<" in b.text for b in doc.blocks)  # no page structure left as text
    assert sum(doc.accounting.values()) == len(raw.text)


def test_a_number_cut_by_the_column_is_one_number_again() -> None:
    doc = ingest_data("wrapped_number.txt", kind="yearbook", title="苏州工业园区合作概况")
    (paragraph,) = doc.paragraphs()
    assert "于1994年2月" in paragraph.text and "超过340亿美元" in paragraph.text
    assert "19 94" not in paragraph.text


def test_a_printed_page_s_number_and_running_header_leave_the_text_of_any_kind() -> None:
    """Text cut into a printed page's lines (a PDF's) carries page numbers and a running header however the
    document is classed: both go, a sentence that ran over the page break is whole again, and a table's
    figures standing on lines of their own stay."""
    doc = ingest_data("printed_pages.txt", kind="news", title="园区合作纪实")
    texts = [block.text for block in doc.blocks]
    assert not any("资料汇编" in text for text in texts)
    assert any("听取了园区管委会关于营商环境建设的情况介绍" in text for text in texts)
    assert [section.title for section in doc.sections if "资料汇编" in section.title] == []
    assert not any(c.line in (13, 14, 16) for c in doc.changes)  # the figures of the table
    assert sorted(c.line for c in doc.changes if c.rule == "page-number") == [19, 31, 43]


def test_links_listed_under_a_heading_of_related_news_are_dropped() -> None:
    """推荐阅读 heads a list of links to other pages: the heading and each link go, the report stays (a link to
    中新合作企业座谈会 would otherwise pass for the report's own text)."""
    doc = ingest_data("related_links.html", kind="web", title="园区举办中新人才交流会")
    texts = [block.text for block in doc.blocks]
    assert not any("人才新政" in text or "座谈会" in text for text in texts)
    assert [text[:5] for text in texts if text.endswith("。")] == ["9月8日，", "会上，双方"]
    assert sum(1 for c in doc.changes if c.rule == "related-links") == 3
