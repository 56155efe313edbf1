"""The 大事记 grammar: month headers (N月), day entries (D日), ranges (18—19日), △ same-day items and
month-level items, dated with the document's year; and the dates a prose paragraph starts with
(2009年1月26日，…).

Segmentation makes one `chronology` block per entry; `assign_dates` writes the parsed date onto each
block, so the entry's anchor is the block's. A date that cannot exist (2月30日) is logged and its block
becomes an ordinary paragraph: shown, never dated.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from generator.core.model import Block, Change, Line, place_of_lines
from generator.text.patterns import MONTH_HEADER, YEAR_HEADER
from generator.text.segment import segment

DATE_PREFIX = re.compile(
    r"(?:(?P<y>(?:1[89]|20)\d\d)年)?(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})(?:[—–\-~～至](?P<d2>\d{1,2}))?日)?")
SAME_DAY = re.compile(r"^\s*△\s*")
LINKED_DATE = re.compile(r"\s*[与和及、，,至—–-]\s*")
ENTRY_SPACE = re.compile(r"^[\s，,：:]*")
IMPOSSIBLE, UNDATED = "impossible-date", "undated-entry"  # the rules of the entries left undated


class ImpossibleDate(ValueError):
    """A date the calendar does not have (2月30日, 13月)."""


@dataclass(frozen=True)
class DateStart:
    """A date found at the start of a text: ISO date, range end, kind, and where the date ends in the text."""

    date: str
    date_end: str
    kind: str  # day | month
    end: int


@dataclass(frozen=True)
class Entry:
    date: str
    date_end: str
    kind: str  # day | same-day | month
    text: str  # the entry without its date marker
    line: int
    anchor: str


def date_at(text: str, year: int | None, month: int | None = None, start: int = 0) -> DateStart | None:
    """The date written at `start` of `text` (year and month default to the context), or None.

    Raises ImpossibleDate for a date that is written but cannot exist.
    """
    match = DATE_PREFIX.match(text, start)
    if not match or not (match.group("m") or match.group("d")):
        return None
    y = int(match.group("y") or year or 0)
    m = int(match.group("m") or month or 0)
    if not y or not m:
        return None
    if not 1 <= m <= 12:
        raise ImpossibleDate(f"month {m} does not exist")
    if not match.group("d"):
        return DateStart(f"{y:04d}-{m:02d}", "", "month", match.end())
    days = calendar.monthrange(y, m)[1]
    first, last = int(match.group("d")), int(match.group("d2") or 0)
    for day in (first, last or first):
        if not 1 <= day <= days:
            raise ImpossibleDate(f"{y}年{m}月 has no day {day}")
    if last and last <= first:
        raise ImpossibleDate(f"range {first}—{last}日 ends before it starts")
    end = f"{y:04d}-{m:02d}-{last:02d}" if last else ""
    return DateStart(f"{y:04d}-{m:02d}-{first:02d}", end, "day", match.end())


def leading_dates(text: str, year: int | None = None, month: int | None = None) -> list[DateStart]:
    """The dates a paragraph starts with: `2009年1月26日，…` or `4月29日与11月30日，…`.

    Later dates take year and month from earlier ones; an impossible date ends the list.
    """
    dates: list[DateStart] = []
    position = len(text) - len(text.lstrip())
    while True:
        try:
            found = date_at(text, year, month, position)
        except ImpossibleDate:
            return dates
        if found is None:
            return dates
        dates.append(found)
        year, month = int(found.date[:4]), int(found.date[5:7])
        link = LINKED_DATE.match(text, found.end)
        if not link:
            return dates
        position = link.end()


@dataclass
class Undated:
    """Why chronology entries are left undated, logged once where it is (an entry, or a month heading the calendar
    does not have), naming the entries after it that it leaves undated too: those under the heading, those in
    the same want of a year or month, a △ that would share the date."""

    rule: str  # IMPOSSIBLE or UNDATED
    block: Block
    reason: str
    more: list[int] = field(default_factory=list)  # the lines of the other entries it leaves undated

    def change(self) -> Change:
        count = len(self.more)
        more = (f"; {count} entr{'y' if count == 1 else 'ies'} after it not dated for this reason "
                f"(line{'s' * (count != 1)} {place_of_lines(self.more)})") if self.more else ""
        text = self.block.text[:12]
        return Change(self.rule, self.block.line, text, text, self.reason + more)


def assign_dates(blocks: list[Block], year: int | None) -> list[Change]:
    """Date every chronology block from its marker and the month/year headings before it.

    Blocks whose date cannot be made become paragraphs. Each cause is logged once, as a Change where it is,
    with the entries it leaves undated: an entry's impossible date (`impossible-date`, with a △ after it), a
    month heading the calendar does not have (with the entries under it), a missing year or month
    (`undated-entry`, at the first entry that wants it, with the others that want the same).
    """
    causes: list[Undated] = []
    month: int | None = None
    previous: Block | None = None  # the last dated entry, whose date a △ shares
    after: Undated | None = None  # the cause that left the last entry undated, when it was
    gaps: dict[str, Undated] = {}  # the context's want (the year, the month, a month heading's) and its cause
    for block in blocks:
        if block.kind == "heading" and (context := _heading_context(block, year)):
            year, month = context
            gaps = {want: cause for want, cause in gaps.items() if want == "year" and not year}
            if month is None and (found := MONTH_HEADER.match(block.text)):
                gaps["heading"] = Undated(IMPOSSIBLE, block, f"impossible date: month {found.group(1)} does not exist")
                causes.append(gaps["heading"])
            continue
        if block.kind != "chronology":
            continue
        if after is not None and SAME_DAY.match(block.text):
            after.more.append(block.line)
            block.kind = "paragraph"
            continue
        rule, reason = _date_block(block, year, month, previous)
        if not rule:
            previous, after = block, None
            continue
        block.kind = "paragraph"
        want = "heading" if "heading" in gaps else "year" if not year else "month"
        if rule == UNDATED and not SAME_DAY.match(block.text) and want in gaps:
            gaps[want].more.append(block.line)
            after = gaps[want]
            continue
        after = Undated(rule, block, reason)
        causes.append(after)
        if rule == UNDATED and not SAME_DAY.match(block.text):
            gaps[want] = after
    return sorted((cause.change() for cause in causes), key=lambda change: change.line)


def entries(blocks: list[Block]) -> list[Entry]:
    """The dated chronology blocks as entries; text without its date marker."""
    return [Entry(b.date, b.date_end, b.entry_kind, entry_text(b.text), b.line, b.anchor)
            for b in blocks if b.kind == "chronology" and b.date]


def parse_chronology(lines: list[Line], year: int | None) -> list[Entry]:
    """Repaired lines of a chronology to dated entries (a convenience over segment + assign_dates)."""
    blocks = segment("", lines, chronology=True).blocks
    assign_dates(blocks, year)
    return entries(blocks)


def _heading_context(block: Block, year: int | None) -> tuple[int | None, int | None] | None:
    """The year and month a heading sets (month None for a year heading, or a month the calendar does not
    have); None for a heading that sets neither."""
    if found := YEAR_HEADER.match(block.text):
        return int(found.group(1)), None
    if found := MONTH_HEADER.match(block.text):
        number = int(found.group(1))
        return year, number if 1 <= number <= 12 else None
    return None


def _date_block(block: Block, year: int | None, month: int | None, previous: Block | None) -> tuple[str, str]:
    """Fill the block's date fields; returns the rule and reason when it cannot be dated."""
    if SAME_DAY.match(block.text):
        if previous is None:
            return UNDATED, "△ (same date as the previous entry) with no entry before it"
        block.date, block.date_end, block.entry_kind = previous.date, previous.date_end, "same-day"
        return "", ""
    try:
        found = date_at(block.text, year, month, len(block.text) - len(block.text.lstrip()))
    except ImpossibleDate as error:
        return IMPOSSIBLE, f"impossible date: {error}"
    if found is None:
        return UNDATED, "no year known for the entry" if not year else "no month known for the entry"
    block.date, block.date_end, block.entry_kind = found.date, found.date_end, found.kind
    return "", ""


def entry_text(text: str) -> str:
    """An entry's text without its date marker (2日, 18—19日, △)."""
    marker = SAME_DAY.match(text)
    if marker:
        return text[marker.end():]
    found = DATE_PREFIX.match(text.lstrip())
    rest = text.lstrip()[found.end():] if found else text
    return rest[ENTRY_SPACE.match(rest).end():]
