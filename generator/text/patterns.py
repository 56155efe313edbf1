"""Line and sentence shapes that several text stages recognise, defined once."""

from __future__ import annotations

import re

from generator.core.model import Line

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # the CJK ideograph blocks, for character classes
TERMINAL = "。！？；…”」』）)!?"
SENTENCE_END = "。！？…”」』!?"
SECTION_HEAD = re.compile(r"^\s*【([^】]{1,40})】\s*")
MONTH_HEADER = re.compile(r"^\s*(\d{1,2})月\s*$")
YEAR_HEADER = re.compile(r"^\s*((?:1[89]|20)\d\d)\s*年?\s*$")  # a line that is a year alone: a chronology's part
ENTRY_START = re.compile(r"^\s*(?:\d{1,2}(?:[—–\-~～至]\d{1,2})?日|△|\d{1,2}月\s+\S)")
ATTRIBUTION = re.compile(rf"\s*[（(]\s*([{HAN}][{HAN}\s·、]{{0,15}}[{HAN}])\s*[）)]\s*$")
CREDIT = re.compile(r"\s*[（(]\s*([^（）()]*?)\s*(供稿|摄|提供)\s*[）)]\s*$")


def wrap_width(lines: list[Line]) -> int | None:
    """The column width a document was hard-wrapped at, or None when lines are whole paragraphs."""
    texts = [line.text.strip() for line in lines if line.text.strip()]
    lengths = [len(text) for text in texts]
    if len(lengths) < 8:
        return None
    width = int(typical(lengths))
    unterminated = sum(1 for text in texts if text[-1] not in TERMINAL)
    if width <= 40 and unterminated > 0.5 * len(lengths):
        return width
    return None


def typical(values: list[float]) -> float:
    """The length most lines reach: the upper quartile."""
    ordered = sorted(values)
    return ordered[int(len(ordered) * 0.75)] if ordered else 0
