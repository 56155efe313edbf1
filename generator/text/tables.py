"""Tables printed as text (表3 …): a title line, a header row, numbered rows; rebuilt as rows and columns.

Cells are separated by spaces; a header cell justified with wide spaces (序  号) is one cell; a row whose
first cells span several rows (a category named once for its group) is filled from the row above; a line
the extraction broke (ended in U+FFFD) continues the cell it ends.
"""

from __future__ import annotations

import re

from generator.core.accounting import Ledger
from generator.core.model import Block, Line
from generator.text.markup_tables import CELL, ROW, TITLE
from generator.text.patterns import HAN

TABLE_TITLE = re.compile(r"^表\s*(\d+)\s+(\S.*)$")
ROW_START = re.compile(r"^(\d{1,3})(?:\s|$)")
JUSTIFIED = re.compile(rf"(?<!\S)([{HAN}])\s{{2,}}(?=[{HAN}](?!\S))")
BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
CREDIT_LINE = re.compile(r"^[（(]\s*([^（）()]+?)\s*[）)]$")
PROSE = re.compile(r"[，。；]")
MIN_COLUMNS = 3


def cells_of(text: str) -> list[str]:
    """Space-separated cells; spaces inside brackets and inside justified words are not separators."""
    text = JUSTIFIED.sub(r"\1", text)
    text = BRACKETED.sub(lambda m: re.sub(r"\s+", "", m.group(0)), text)
    return text.split()


def extract_tables(lines: list[Line], ledger: Ledger) -> tuple[list[Line], list[Block]]:
    """Lift every table out of the lines; the lines around it are returned to be rejoined as prose."""
    remaining: list[Line] = []
    tables: list[Block] = []
    index = 0
    while index < len(lines):
        table, end = _table_at(lines, index, ledger)
        if table is None:
            remaining.append(lines[index])
            index += 1
            continue
        tables.append(table)
        index = end
    return remaining, tables


def _table_at(lines: list[Line], start: int, ledger: Ledger) -> tuple[Block | None, int]:
    marked = _marked_table_at(lines, start, ledger)
    if marked[0] is not None:
        return marked
    title = TABLE_TITLE.match(lines[start].text)
    if not title or start + 1 >= len(lines):
        return None, start
    header = cells_of(lines[start + 1].text)
    rows, end = _rows(lines, start + 2, len(header))
    if len(header) < MIN_COLUMNS or not rows:
        return None, start
    credit = ""
    if end < len(lines) and (match := CREDIT_LINE.match(lines[end].text)):
        credit = re.sub(r"\s+", "", match.group(1))
        ledger.count("attribution", len(lines[end].text))
        end += 1
    for line in lines[start:end - 1 if credit else end]:
        spaces = sum(1 for c in line.text if c.isspace())
        ledger.count("table", len(line.text) - spaces)
        ledger.count("removed:layout-space", spaces)
    caption = re.sub(r"\s+", " ", title.group(2))
    name = f"表{title.group(1)} {caption}"
    block = Block("table", name, lines[start].number, title=name, rows=[header, *_fill(rows, len(header))],
                  credit=credit)
    return block, end


def _marked_table_at(lines: list[Line], start: int, ledger: Ledger) -> tuple[Block | None, int]:
    """Rows the markup stage found (Markdown, wiki, HTML tables), with a caption or a 表N line before them."""
    title = lines[start].text if lines[start].role == TITLE or TABLE_TITLE.match(lines[start].text) else ""
    end = start + 1 if title else start
    rows: list[list[str]] = []
    while end < len(lines) and lines[end].role == ROW:
        rows.append(lines[end].text.split(CELL))
        ledger.count("table", len(lines[end].text) - len(rows[-1]) + 1)
        ledger.count("removed:layout-space", len(rows[-1]) - 1)
        end += 1
    if not rows:
        return None, start
    ledger.count("table", len(title))
    columns = max(len(row) for row in rows)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    return Block("table", title, lines[start].number, title=title, rows=rows), end


def _rows(lines: list[Line], start: int, columns: int) -> tuple[list[list[str]], int]:
    """Numbered rows (1, 2, …) and the index of the first line after them."""
    rows: list[list[str]] = []
    current: list[str] | None = None
    index = start
    while index < len(lines):
        text = lines[index].text
        number = ROW_START.match(text)
        cells = cells_of(text)
        if number and int(number.group(1)) == len(rows) + (current is not None) + 1:
            if current is not None:
                rows.append(current)
            current = cells
        elif current is not None and len(current) < columns and not CREDIT_LINE.match(text) \
                and not PROSE.search(text):
            if lines[index - 1].broken and cells:
                current[-1] += cells.pop(0)
            current.extend(cells)
        else:
            break
        index += 1
    if current is not None:
        rows.append(current)
    return rows, index


def _fill(rows: list[list[str]], columns: int) -> list[list[str]]:
    """Short rows take their spanning cells from the row above; long rows merge extras into the name cell."""
    filled: list[list[str]] = []
    for row in rows:
        missing = columns - len(row)
        if missing > 0:
            above = filled[-1][1:1 + missing] if filled else [""] * missing
            row = [row[0], *above, *row[1:]]
        elif missing < 0:
            row = [row[0], " ".join(row[1:2 - missing]), *row[2 - missing:]]
        filled.append(row)
    return filled
