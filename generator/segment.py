"""Stage 3: segment repaired lines into sections, paragraphs, captions, attributions and entries.

Hard-wrapped documents (yearbook pages cut every ~16 characters) are rejoined into paragraphs without
inserting spaces between Chinese characters; documents with one paragraph per line keep their lines.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .model import Block, Change, Line, Section
from .repair import HAN

TERMINAL = "。！？；…”」』）)!?"
SECTION_HEAD = re.compile(r"^\s*【([^】]{1,40})】\s*")
MONTH_HEADER = re.compile(r"^\s*(\d{1,2})月\s*$")
ENTRY_START = re.compile(r"^\s*(?:\d{1,2}(?:[—–\-~～至]\d{1,2})?日|△|\d{1,2}月\s+\S)")
ATTRIBUTION = re.compile(rf"\s*[（(]\s*([{HAN}][{HAN}\s·、]{{0,15}}[{HAN}])\s*[）)]\s*$")
CAPTION = re.compile(r"[（(][^（）()]*供稿\s*[）)]\s*$")
LAYOUT_SPACE = re.compile(rf"(?<=[{HAN}，。、；：“”（）《》【】])[ ]+(?=[{HAN}，。、；：“”（）《》【】])")


@dataclass
class Segmented:
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def anchor_for(prefix: str, text: str, used: set[str]) -> str:
    """A stable anchor from the text's hash: unchanged when other paragraphs are edited."""
    base = f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:6]}"
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def wrap_width(lines: list[Line]) -> int | None:
    """The column width a document was hard-wrapped at, or None when lines are whole paragraphs."""
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    if len(lengths) < 8:
        return None
    typical = lengths[int(len(lengths) * 0.75)]
    unterminated = sum(1 for line in lines if line.text.strip() and line.text.strip()[-1] not in TERMINAL)
    if typical <= 40 and unterminated > 0.5 * len(lengths):
        return typical
    return None


def join_wrapped(previous: str, following: str) -> str:
    """Rejoin a line broken by the layout: no space between Chinese characters, one between words."""
    if previous and following and previous[-1].isascii() and previous[-1].isalpha() and following[0].isascii() \
            and following[0].isalpha():
        return previous + " " + following
    return previous + following


def starts_unit(text: str) -> bool:
    return bool(SECTION_HEAD.match(text) or MONTH_HEADER.match(text) or ENTRY_START.match(text))


def group_paragraphs(lines: list[Line]) -> list[tuple[int, str]]:
    """(first raw line, text) per paragraph; wrapped lines are joined, blank lines are layout only."""
    width = wrap_width(lines)
    content = [line for line in lines if line.text.strip()]
    paragraphs: list[tuple[int, str]] = []
    current: tuple[int, str] | None = None
    for line in content:
        text = line.text.strip()
        if width is None or current is None or starts_unit(text):
            if current:
                paragraphs.append(current)
            current = (line.number, text)
        else:
            current = (current[0], join_wrapped(current[1], text))
        if width is None or (text[-1] in TERMINAL and len(text) < width - 1) or MONTH_HEADER.match(text):
            paragraphs.append(current)
            current = None
    if current:
        paragraphs.append(current)
    return paragraphs


def segment(doc_id: str, lines: list[Line]) -> Segmented:
    out = Segmented()
    used: set[str] = set()
    section = ""
    for number, text in group_paragraphs(lines):
        text, spaces = _collapse_layout_spaces(text, number)
        out.changes.extend(spaces)
        head = SECTION_HEAD.match(text)
        if head:
            section = head.group(1).strip()
            out.sections.append(Section(section, number, anchor_for("s", section, used)))
            text = text[head.end():]
            if not text:
                continue
        if CAPTION.search(text):
            out.blocks.append(Block("caption", text, number, anchor_for("c", text, used), section))
            continue
        attribution = ATTRIBUTION.search(text)
        if attribution and out.sections and len(text) > attribution.end() - attribution.start():
            out.sections[-1].authors.append(re.sub(r"\s+", "", attribution.group(1)))
            text = text[: attribution.start()]
        kind = "chronology" if ENTRY_START.match(text) or MONTH_HEADER.match(text) else "paragraph"
        out.blocks.append(Block(kind, text, number, anchor_for("p", text, used), section))
    return out


def _collapse_layout_spaces(text: str, line: int) -> tuple[str, list[Change]]:
    changes = [Change("layout-space", line, m.group(0), "", "spaces from print layout between Chinese characters")
               for m in LAYOUT_SPACE.finditer(text)]
    return LAYOUT_SPACE.sub("", text), changes
