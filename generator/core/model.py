"""Typed records passed between pipeline stages.

The text stages pass dataclasses (a document, its lines, blocks and repairs); the knowledge stage resolves the
records below, which the datasets, pages, downloads and search read. Each stage can be tested alone, and the
whole model exists before anything is rendered.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Required, TypedDict

KINDS = ("yearbook", "chronology", "news", "web", "encyclopedia")  # what a source document is
SCRIPTS = ("hans", "hant")  # simplified or traditional Chinese


@dataclass(frozen=True)
class Source:
    """Where a fact is stated: document id, 1-based raw line, and paragraph anchor on its page."""

    doc: str
    line: int
    anchor: str


@dataclass(frozen=True)
class Change:
    """One logged repair or removal: which rule, where, and the text before and after."""

    rule: str
    line: int
    before: str
    after: str
    reason: str = ""


@dataclass
class RawDocument:
    """A source file as read from disk, decoded, with its manifest metadata."""

    id: str
    path: str
    sha256: str
    encoding: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Line:
    """A line of repaired text that remembers the raw line it came from."""

    number: int
    text: str
    role: str = ""  # "" | heading (from markup) | item (a list item: always starts a unit) | caption
    level: int = 0  # heading level when role == "heading"
    broken: bool = False  # the extraction broke this line (it ended in U+FFFD): the next line continues it


@dataclass(frozen=True)
class Flag:
    """A span marked on the page with a note: kept as received as it could not be repaired with certainty (or a
    masked word no known name fits), or a masked word restored from a known name."""

    text: str
    rule: str
    reason: str
    note: str = ""  # for the reader, in the page's language: what the mark means


@dataclass(frozen=True)
class Fix:
    """What a repair rule whose outcome differs case by case puts in place of a match: the text, the rule and
    reason it is logged under, and a flag for the page (a span shown with a note), if any."""

    text: str
    rule: str
    reason: str
    flag: Flag | None = None


@dataclass
class Block:
    """A segmented unit of a document: paragraph, caption, attribution, table, heading."""

    kind: str  # heading | paragraph | caption | table | chronology
    text: str
    line: int
    anchor: str = ""
    section: str = ""
    rows: list[list[str]] = field(default_factory=list)
    title: str = ""
    level: int = 0  # heading blocks: 1 = heading line, 2 = 【…】 head or month header
    credit: str = ""  # tables and captions: who supplied them, as stated (园区经发委)
    date: str = ""  # chronology entries: YYYY-MM-DD or YYYY-MM
    date_end: str = ""  # chronology entries: last day of a range (18—19日), else ''
    entry_kind: str = ""  # chronology entries: day | same-day | month
    flags: list[Flag] = field(default_factory=list)


@dataclass
class Section:
    title: str
    line: int
    anchor: str
    authors: list[str] = field(default_factory=list)
    level: int = 2


@dataclass
class Document:
    """A read, repaired and segmented document."""

    id: str
    title: str
    kind: str
    year: int | None
    script: str  # hans | hant | mixed
    origin: str
    path: str
    sha256: str
    encoding: str
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    accounting: dict[str, int] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    dateline: str = ""  # YYYY-MM-DD of a report (front matter, file name), which anchors 15日, 今年, 去年
    year_stated: bool = False  # the year is the document's own (manifest, date, dateline), not the most cited
    period: int | None = None  # the year its title sets apart (2006年：…), which dates its months and days
    masks: list[Any] = field(default_factory=list)  # masks.Mask: every masked word with the text around it

    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind in ("paragraph", "chronology")]


# The records the knowledge stage resolves and every later stage reads: datasets, pages, downloads, search.
# They are dicts, as written to and read back from YAML; these types name their fields, and
# tests/test_records.py holds them equal to the datasets' JSON Schemas (generator/data/schemas.py).


class SourceRef(TypedDict):
    """Where a fact is stated, as the datasets write it (Source above)."""

    doc: str
    line: int
    anchor: str


class Chair(TypedDict, total=False):
    name: Required[str]
    title: str


class Edit(TypedDict, total=False):
    """What an editor's correction (corrections.yml) did to a record, which keeps what the text said: the values a
    fix replaced, the records merged into it, the session rejected from a body (generator/editing/corrections.py)."""

    action: Required[str]  # fix | add | merge | reject
    reason: Required[str]
    at: Required[str]  # corrections.yml:LINE
    was: dict[str, Any]
    merged: list[dict[str, str]]  # id and name of each record merged into this one
    session: str  # the label of a session rejected from this body


class Session(TypedDict, total=False):
    """A numbered session of a body: 第二十一次会议 (unit 次) or 第三届 (unit 届), in a year for 2020年第一次."""

    number: Required[int]
    unit: Required[str]
    year: Required[int | None]
    date: Required[str]
    date_end: str
    place: str
    format: str
    co_chairs: list[Chair]
    sources: Required[list[SourceRef]]
    edited: list[Edit]


class Role(TypedDict, total=False):
    """A title a person held, as normalised (organisation + title) and as stated, with where it is stated."""

    title: Required[str]
    organisation: str
    as_stated: str
    date: str
    source: Required[SourceRef]


class Named(TypedDict, total=False):
    """What every named entity has: a stable id, its name in simplified and traditional script."""

    id: Required[str]
    name: Required[str]
    name_hant: str
    english: str
    rule: str  # the extraction rule that found it
    edited: list[Edit]


class BodyRecord(Named, total=False):
    aliases: list[str]
    sessions: Required[list[Session]]
    mentions: Required[list[SourceRef]]


class ProjectRecord(Named, total=False):
    aliases: list[str]
    place: Required[str]
    bodies: Required[list[str]]
    people: Required[list[str]]
    mentions: Required[list[SourceRef]]


class PersonRecord(Named, total=False):
    sort_key: Required[str]
    roles: Required[list[Role]]
    mentions: Required[list[SourceRef]]


class EventRecord(TypedDict, total=False):
    """A dated happening; `sources` when several documents report it."""

    date: Required[str]
    date_end: str
    text: Required[str]
    kind: Required[str]  # day | same-day | month | prose
    singapore: Required[bool]
    bodies: list[str]
    projects: list[str]
    people: list[str]
    source: Required[SourceRef]
    sources: list[SourceRef]
    rule: Required[str]
    edited: list[Edit]


class DocumentRecord(TypedDict, total=False):
    """A source document as the datasets describe it."""

    id: Required[str]
    title: Required[str]
    kind: Required[str]
    year: int | None
    script: Required[str]
    origin: str
    file: Required[str]
    sha256: Required[str]
    encoding: str
    counts: dict[str, int]
    accounting: dict[str, int]
    meta: dict[str, str]


class Knowledge(TypedDict):
    """The resolved model: every dataset but the documents."""

    events: list[EventRecord]
    bodies: list[BodyRecord]
    projects: list[ProjectRecord]
    people: list[PersonRecord]


SEVERITIES = ("note", "warning", "error")  # least to most: a note fails nothing, --strict fails on warnings
LINES_SHOWN = 8  # line numbers a problem's place lists before it ends in …


@dataclass
class Problem:
    """A problem found in a source or in the model; rendered as one line for the user. `kind` is what the
    build's summary counts it as (impossible date, not UTF-8, id collision), set where the problem is made."""

    file: str
    place: str
    reason: str
    severity: str = "error"  # note | warning | error (SEVERITIES)
    kind: str = field(kw_only=True)

    def __str__(self) -> str:
        return f"{self.file}:{self.place}: {self.severity}: {self.reason}"


def place_of_lines(lines: Iterable[int]) -> str:
    """Line numbers as a problem's place, compactly: runs as ranges, the first LINES_SHOWN items, then `…`
    (`3,40-42,77`)."""
    runs: list[list[int]] = []
    for line in sorted(set(lines)):
        if runs and line == runs[-1][1] + 1:
            runs[-1][1] = line
        else:
            runs.append([line, line])
    items = [str(first) if first == last else f"{first}-{last}" for first, last in runs]
    return ",".join(items[:LINES_SHOWN]) + (",…" if len(items) > LINES_SHOWN else "")
