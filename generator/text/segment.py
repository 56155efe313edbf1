"""Stage 3: segment repaired lines into headings, sections, paragraphs, captions, tables and entries.

Hard-wrapped documents (yearbook pages cut every ~16 characters) are rejoined into paragraphs without
inserting spaces between Chinese characters; documents with one paragraph per line keep their lines.
Tables and photo captions are lifted out first, so the paragraph they interrupt is rejoined across them.
Every character is counted in the ledger: kept, caption, table, attribution, or removed with a reason.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from generator.core.accounting import Ledger
from generator.core.model import Block, Change, Line, Section
from generator.text.markup_tables import CELL, ROW
from generator.text.patterns import (
    ATTRIBUTION,
    CREDIT,
    ENTRY_START,
    HAN,
    MONTH_HEADER,
    SECTION_HEAD,
    SENTENCE_END,
    TERMINAL,
    typical,
    wrap_width,
)
from generator.text.reorder import restore_order
from generator.text.tables import extract_tables

HEAD_START = re.compile(r"^\s*【")
BULLET = re.compile(r"^[▶►•●■◆▪·]")
QUESTION = re.compile(r"[?？!！]")
CHRONOLOGY_MIN_MONTHS = 2
WHITESPACE = re.compile(r"\s")  # what str.isspace() calls space
LAYOUT_SPACE = re.compile(rf"(?<=[{HAN}，。、；：“”（）《》【】])[ ]+(?=[{HAN}，。、；：“”（）《》【】])")
HEADING_MAX = 30
NEARBY_LINES = 10  # on each side: the lines whose widths give the column width at a line
FULL_LINE = 0.9  # of the column width: a wrapped line of running text fills at least this much
BRIEF_LINE = 0.5  # of the width around it: a line this short beside another one is an item of a list


@dataclass
class Segmented:
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    ledger: Ledger = field(default_factory=Ledger)
    authors: list[str] = field(default_factory=list)  # attributions outside any section


@dataclass
class Unit:
    """A run of source lines that forms one block: a heading or a (rejoined) paragraph."""

    line: int
    text: str
    heading: int = 0  # heading level, 0 for text
    entry: bool = False  # a chronology entry (D日, △, N月 item)
    last: int = 0  # the raw line it ends on


class Anchors:
    """The anchors given out in one document, and for each base the next number to try: a paragraph repeated
    50,000 times gets its anchors in linear time, not by counting up from the base each time."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}

    def take(self, base: str) -> str:
        anchor, n = base, self.next.get(base, 2)
        while anchor in self.used:
            anchor, n = f"{base}-{n}", n + 1
        self.next[base] = n
        self.used.add(anchor)
        return anchor


def anchor_for(prefix: str, text: str, used: Anchors) -> str:
    """A stable anchor from the text's hash: unchanged when other paragraphs are edited."""
    return used.take(f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:6]}")


def join_wrapped(previous: str, following: str) -> tuple[str, int]:
    """Rejoin a line broken by the layout: no space between Chinese characters, one between words; none
    inside a number the column cut (19|90年 is 1990年).

    Returns the text and the number of spaces inserted (a line break that became a space).
    """
    if previous and following and previous[-1].isascii() and previous[-1].isalnum() and following[0].isascii() \
            and following[0].isalnum() and not (previous[-1].isdigit() and following[0].isdigit()):
        return previous + " " + following, 1
    return previous + following, 0


def is_chronology(lines: list[Line]) -> bool:
    """Entry markers (D日, △) start units only in a chronology: elsewhere `29日` may follow a wrapped `4月`.

    A chronology has month headers; an excerpt of one (a month header and a few entries pasted on their own) is
    one when its entries are most of its lines."""
    texts = [line.text for line in lines if line.text.strip()]
    months = sum(1 for text in texts if MONTH_HEADER.match(text))
    if months >= CHRONOLOGY_MIN_MONTHS:
        return True
    entries = sum(1 for text in texts if ENTRY_START.match(text))
    return months == 1 and entries >= 2 and 2 * (months + entries) >= len(texts)


def starts_unit(line: Line, chronology: bool) -> bool:
    text = line.text
    return bool(line.role or HEAD_START.match(text) or MONTH_HEADER.match(text)
                or chronology and ENTRY_START.match(text))


def visual_width(text: str) -> float:
    """Columns a line takes in print: Latin letters and digits are half as wide as Chinese characters."""
    visible = WHITESPACE.sub("", text)
    return len(visible) - 0.5 * len(visible.encode("ascii", "ignore"))  # the encoding keeps the ASCII ones


def is_heading(text: str, width: float | None, following: Line | None, nearby: float | None = None) -> bool:
    """A short line that is no sentence, standing between paragraphs, with text after it. In hard-wrapped
    text, `width` is the document's column width and `nearby` that of the lines around this one."""
    if following is None or starts_unit(Line(0, text), True) or CREDIT.search(text) or ATTRIBUTION.fullmatch(text):
        return False
    if len(text) < 2 or text[-1] in TERMINAL or re.search(r"[，,。；;、]", text) or QUESTION.search(text) \
            or BULLET.match(text):
        return False
    if nearby is not None and visual_width(text) >= nearby * FULL_LINE:
        return False  # a full line of a part set narrower than the rest (a yearbook's boxed feature)
    if width is not None:
        return visual_width(text) <= width * 0.8 or bool(HEAD_START.match(following.text))
    return len(text) <= HEADING_MAX and len(following.text) > len(text)


def strip_lines(lines: list[Line], ledger: Ledger) -> list[Line]:
    """Content lines without indentation; line breaks and stripped spaces are counted as layout."""
    ledger.count("removed:line-break", max(len(lines) - 1, 0))
    content: list[Line] = []
    for line in lines:
        text = line.text if line.role == ROW else line.text.strip()  # a row may start with an empty cell
        ledger.count("removed:layout-space", len(line.text) - len(text))
        if text:
            content.append(Line(line.number, text, line.role, line.level, line.broken))
    return content


def extract_captions(lines: list[Line], width: int | None, out: Segmented, used: Anchors) -> list[Line]:
    """Photo captions end with a credit (…供稿）, (…摄）; in wrapped text they run wider than the body column.
    A line marked up as a caption (<figcaption>) is one, credited or not."""
    caption_rows: set[int] = set()
    for index, line in enumerate(lines):
        credit = CREDIT.search(line.text)
        if line.role != "caption" and (not credit or line.role):
            continue
        start = index
        while not line.role and width and start > 0 and start - 1 not in caption_rows \
                and not CREDIT.search(lines[start - 1].text) \
                and (len(lines[start - 1].text) > width + 2 or lines[start - 1].broken):
            start -= 1
        end = credit.start() if credit else len(line.text)
        parts = [lines[i].text for i in range(start, index)] + [line.text[:end]]
        text = "".join(parts).strip()
        out.ledger.count("caption", sum(len(p) for p in parts))
        out.ledger.count("attribution", len(line.text) - end)
        out.blocks.append(Block("caption", text, lines[start].number, anchor_for("c", text, used),
                                credit=re.sub(r"\s+", "", credit.group(1)) if credit else ""))
        caption_rows.update(range(start, index + 1))
    return [line for i, line in enumerate(lines) if i not in caption_rows]


def group_units(lines: list[Line], width: int | None, ledger: Ledger, chronology: bool) -> list[Unit]:
    """Headings and paragraphs; wrapped lines are joined, a line the extraction broke always continues."""
    units: list[Unit] = []
    current: Unit | None = None
    columns: float | None = None
    nearby: list[float | None] = [None] * len(lines)
    listed = [False] * len(lines)
    if width:  # hard-wrapped: a heading is a short line
        widths = [visual_width(line.text) for line in lines]
        columns, nearby = typical(widths), list(local_widths(widths))
        listed = list_items(lines, widths, nearby)
    for index, line in enumerate(lines):
        text = line.text
        following = lines[index + 1] if index + 1 < len(lines) else None
        heading = line.level if line.role == "heading" else 0
        if current is None and not heading and not line.role and not line.broken \
                and is_heading(text, columns, following, nearby[index]):
            heading = 1
        if heading:
            if current:  # a heading ends the paragraph before it, however that paragraph's last line ends
                units.append(current)
                current = None
            if units and units[-1].heading and units[-1].text.rstrip().endswith(("：", ":")):
                units[-1].text += text  # 主题：副题 printed on two lines is one heading
                units[-1].last = line.number
            else:
                units.append(Unit(line.number, text, heading, last=line.number))
            continue
        if current is None or starts_unit(line, chronology):
            if current:
                units.append(current)
            current = Unit(line.number, text, entry=bool(chronology and ENTRY_START.match(text)))
        else:
            current.text, spaces = join_wrapped(current.text, text)
            ledger.count("removed:line-break", -spaces)
        current.last = line.number
        # A short line ends its paragraph when it ends a sentence, or when it is a list item (a list of names
        # ends each item without a stop).
        short = width is None or len(text) < width - 1
        closed = short and (width is None or text[-1] in TERMINAL or line.role == "item" or listed[index]) \
            or MONTH_HEADER.match(text) or _ends_with_attribution(text)
        if closed and not line.broken:
            units.append(current)
            current = None
    if current:
        units.append(current)
    return units


def list_items(lines: list[Line], widths: list[float], nearby: list[float | None]) -> list[bool]:
    """In hard-wrapped text, the lines that are items of a list printed one to a line (names, titles): a line
    under half the width around it, next to another such line. Running text has at most one short line, its
    last, between full ones; a part set narrower than the rest (beside a picture) is measured by its own width.
    A byline or a line that starts a unit of its own (【…】, a month) is no item."""
    brief = [width < (around or 0) * BRIEF_LINE and not starts_unit(line, False) and not ATTRIBUTION.fullmatch(line.text)
             for line, width, around in zip(lines, widths, nearby, strict=True)]
    return [here and (index > 0 and brief[index - 1] or index + 1 < len(brief) and brief[index + 1])
            for index, here in enumerate(brief)]


def local_widths(widths: list[float]) -> list[float]:
    """The typical width of the lines around each line, itself left out: a document may change its column
    width from one part to the next, and a full line of a narrow part must not pass for a short heading."""
    return [typical(widths[max(0, i - NEARBY_LINES):i] + widths[i + 1:i + 1 + NEARBY_LINES])
            for i in range(len(widths))]


def segment(doc_id: str, lines: list[Line], chronology: bool | None = None) -> Segmented:
    """Segment a document; `chronology` says whether D日/△ lines start entries (detected when None)."""
    out = Segmented()
    used = Anchors()
    content = strip_lines(lines, out.ledger)
    content, tables = extract_tables(content, out.ledger)
    for table in tables:
        table.anchor = anchor_for("t", table.title or CELL.join(table.rows[0]), used)
    width = wrap_width(content)
    content = extract_captions(content, width, out, used)
    if width:
        content, moves = restore_order(content, _section_spans(content), "\n".join(line.text for line in lines))
        out.changes.extend(moves)
    if chronology is None:
        chronology = is_chronology(content)
    section = ""
    captions, out.blocks = out.blocks, []
    ends: list[int] = []
    for unit in group_units(content, width, out.ledger, chronology):
        section = _add_unit(out, unit, section, used)
        ends += [unit.last] * (len(out.blocks) - len(ends))
    for table in tables:
        table.section = _section_at(out.sections, table.line)
        table.title = table.text = table.title or table.section  # an untitled markup table is named by its section
    for block in captions:
        block.section = _section_at(out.sections, block.line)
    out.blocks = in_reading_order(out.blocks, ends, captions + tables)
    return out


def in_reading_order(text: list[Block], ends: list[int], lifted: list[Block]) -> list[Block]:
    """Captions and tables go back after the text block whose lines surround them, else after the one that
    ends last before them. Text blocks keep their own order, which is not always the order of their lines
    once displaced blocks are put back."""
    def after(line: int) -> float:
        around = [(block.line, i) for i, block in enumerate(text) if block.line <= line <= ends[i]]
        before = [(end, i) for i, end in enumerate(ends) if end <= line]
        return max(around or before)[1] + 0.5 if around or before else -1

    placed = [((index, 0), block) for index, block in enumerate(text)]
    placed += [((after(block.line), block.line), block) for block in lifted]
    return [block for _, block in sorted(placed, key=lambda item: item[0])]


def _section_spans(lines: list[Line]) -> list[tuple[int, int]]:
    """(start, end) of the text between headings marked so far (markup, column titles, 【…】 heads)."""
    starts = [i for i, line in enumerate(lines) if line.role == "heading" or SECTION_HEAD.match(line.text)]
    bounds = [0, *(i + 1 for i in starts), len(lines)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _add_unit(out: Segmented, unit: Unit, section: str, used: Anchors) -> str:
    """Turn one unit into blocks (and sections); returns the section that follows it."""
    text = unit.text
    head = SECTION_HEAD.match(text)
    month = MONTH_HEADER.match(text)
    if unit.heading or head or month:
        title = head.group(1).strip() if head else text
        level = 2 if head or month else unit.heading
        out.ledger.count("removed:heading-markup", (head.end() if head else len(text)) - len(title))
        title = _collapse_layout_spaces(title, unit.line, out.changes)
        out.ledger.count("kept", len(title))
        anchor = anchor_for("s", title, used)
        out.sections.append(Section(title, unit.line, anchor, level=level))
        out.blocks.append(Block("heading", title, unit.line, anchor, title, level=level))
        text = text[head.end():] if head else ""
        section = title
        if not text:
            return section
    text = _collapse_layout_spaces(_take_attribution(out, text), unit.line, out.changes)
    if text:
        kind = "chronology" if unit.entry else "paragraph"
        out.ledger.count("kept", len(text))
        out.blocks.append(Block(kind, text, unit.line, anchor_for("p", text, used), section))
    return section


def _take_attribution(out: Segmented, text: str) -> str:
    """Authors credited at a section's end (（牛炳秉）), alone or after the last sentence, go to the section."""
    if not _ends_with_attribution(text):
        return text
    match = ATTRIBUTION.search(text)
    parts = re.split(r"[\s、·]+", match.group(1).strip())
    names = ["".join(parts)] if all(len(p) == 1 for p in parts) else parts
    (out.sections[-1].authors if out.sections else out.authors).extend(names)
    out.ledger.count("attribution", len(match.group(0)))
    return text[: match.start()]


def _ends_with_attribution(text: str) -> bool:
    match = ATTRIBUTION.search(text)
    return bool(match) and (match.start() == 0 or text[: match.start()][-1] in SENTENCE_END)


def _section_at(sections: list[Section], line: int) -> str:
    title = ""
    for section in sections:
        if section.line > line:
            break
        title = section.title
    return title


def _collapse_layout_spaces(text: str, line: int, changes: list[Change]) -> str:
    changes.extend(Change("layout-space", line, m.group(0), "", "spaces from print layout between Chinese characters")
                   for m in LAYOUT_SPACE.finditer(text))
    return LAYOUT_SPACE.sub("", text)
