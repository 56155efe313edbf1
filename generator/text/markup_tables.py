"""Tables written in markup — Markdown pipes, MediaWiki `{| … |}`, HTML `<table>` — become table rows.

Each row becomes a Line with role `row` whose cells are separated by CELL (a tab: reading expands every tab
of the source, so none is left to be confused with it); a caption becomes a Line with role `table-title`.
Every raw line of a table is logged as one Change from its markup to the row text it holds, so the
accounting still sums; segmentation then lifts the rows into a table block.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from generator.core.accounting import Ledger
from generator.core.model import Change, Line

CELL = "\t"
ROW, TITLE = "row", "table-title"

MD_ROW = re.compile(r"^\s{0,3}\|.*\|\s*$|^[^|\n]*\S[^|\n]*(?:\|[^|\n]*)+$")
MD_DELIMITER = re.compile(r"^\s{0,3}\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
WIKI_OPEN, WIKI_CLOSE = re.compile(r"^\s*\{\|"), re.compile(r"^\s*\|\}")
HTML_TABLE = re.compile(r"<table\b[^<>]*>.*?</table\s*>", re.IGNORECASE | re.DOTALL)
HTML_ROW = re.compile(r"<tr\b[^<>]*>(.*?)(?=<tr\b|</table\s*>)", re.IGNORECASE | re.DOTALL)
HTML_CELL = re.compile(r"<t[hd]\b[^<>]*>(.*?)(?=<t[hd]\b|</tr\s*>|$)", re.IGNORECASE | re.DOTALL)
HTML_CAPTION = re.compile(r"<caption\b[^<>]*>(.*?)</caption\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^<>]*>")


@dataclass
class Table:
    """A table found in markup: the raw lines it spans, its caption and its rows, each at the line it starts on."""

    first: int  # index into the document's lines
    last: int
    caption: tuple[int, str] | None = None
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def markup_tables(lines: list[Line], syntaxes: frozenset[str], changes: list[Change], ledger: Ledger) -> list[Line]:
    """Replace every table of the syntaxes in use by its caption and row lines."""
    finders: list[Callable[[list[Line]], list[Table]]] = []
    if "markdown" in syntaxes:
        finders.append(_markdown_tables)
    if "wiki" in syntaxes:
        finders.append(_wiki_tables)
    if "html" in syntaxes:
        finders.append(_html_tables)
    for find in finders:
        lines = _replace(lines, find(lines), changes, ledger)
    return lines


def _cells(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", cell).strip() for cell in text]


def _markdown_tables(lines: list[Line]) -> list[Table]:
    """A header row of pipes, a `---|---` delimiter row, then rows until a line without a pipe."""
    tables: list[Table] = []
    index = 0
    while index + 1 < len(lines):
        header, delimiter = lines[index].text, lines[index + 1].text
        if not (MD_ROW.match(header) and MD_DELIMITER.match(delimiter) and "|" in header + delimiter):
            index += 1
            continue
        table = Table(index, index + 1, rows=[(index, _pipe_cells(header))])
        index += 2
        while index < len(lines) and lines[index].text.strip() and MD_ROW.match(lines[index].text):
            table.rows.append((index, _pipe_cells(lines[index].text)))
            table.last = index
            index += 1
        tables.append(table)
    return tables


def _pipe_cells(text: str) -> list[str]:
    inner = text.strip().removeprefix("|").removesuffix("|")
    return _cells(re.split(r"(?<!\\)\|", inner))


def _wiki_tables(lines: list[Line]) -> list[Table]:
    """`{|` … `|}`: `|+` caption, `|-` new row, `!` header cells (`!!`), `|` data cells (`||`)."""
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        if not WIKI_OPEN.match(lines[index].text):
            index += 1
            continue
        table = Table(index, index)
        current: list[str] | None = None
        index += 1
        while index < len(lines) and not WIKI_CLOSE.match(lines[index].text):
            text = lines[index].text.strip()
            if text.startswith("|+"):
                table.caption = (index, _wiki_cell(text[2:]))
            elif text.startswith("|-"):
                current = None
            elif text[:1] in ("!", "|"):
                if current is None:
                    current = []
                    table.rows.append((index, current))
                separator = "!!" if text[0] == "!" else "||"
                current.extend(_wiki_cell(cell) for cell in text[1:].split(separator))
            index += 1
        table.last = min(index, len(lines) - 1)
        tables.append(table)
        index += 1
    return tables


def _wiki_cell(cell: str) -> str:
    """A cell may start with attributes: `style="…" | text`."""
    parts = re.split(r"(?<!\|)\|(?!\|)", cell, maxsplit=1)
    text = parts[1] if len(parts) == 2 and "=" in parts[0] else cell
    return _cells([text])[0]


def _html_tables(lines: list[Line]) -> list[Table]:
    """<table> elements over the joined text: rows by <tr>, cells by <th>/<td>, the <caption> as title."""
    text = "\n".join(line.text for line in lines)
    starts = list(accumulate((len(line.text) + 1 for line in lines[:-1]), initial=0))

    def line_at(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    tables: list[Table] = []
    for match in HTML_TABLE.finditer(text):
        table = Table(line_at(match.start()), line_at(match.end() - 1))
        if caption := HTML_CAPTION.search(match.group(0)):
            table.caption = (line_at(match.start() + caption.start()), _cells([TAG.sub("", caption.group(1))])[0])
        for row in HTML_ROW.finditer(match.group(0)):
            cells = _cells([TAG.sub("", cell.group(1)) for cell in HTML_CELL.finditer(row.group(1))])
            if cells:
                table.rows.append((line_at(match.start() + row.start()), cells))
        tables.append(table)
    return tables


def _replace(lines: list[Line], tables: list[Table], changes: list[Change], ledger: Ledger) -> list[Line]:
    """Each table's raw lines give way to its caption and rows; each raw line's change is logged once."""
    result = list(lines)
    for table in reversed(tables):
        made: list[Line] = []
        held: dict[int, str] = {}
        items = ([(table.caption[0], TITLE, table.caption[1])] if table.caption else []) + \
            [(index, ROW, CELL.join(cells)) for index, cells in table.rows]
        for index, role, text in sorted(items, key=lambda item: item[0]):
            made.append(Line(lines[index].number, text, role))
            held[index] = held.get(index, "") + text
        for index in range(table.first, table.last + 1):
            before, after = lines[index].text, held.get(index, "")
            if before != after:
                changes.append(Change("table-markup", lines[index].number, before, after,
                                      "table markup; the cells are kept as a table"))
            if index not in held:
                made.append(Line(lines[index].number, ""))
        made.sort(key=lambda line: line.number)
        ledger.count("removed:line-break", -(len(made) - (table.last - table.first + 1)))  # rows sharing a line
        result[table.first:table.last + 1] = made
    return result
