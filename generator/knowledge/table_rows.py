"""A table's rows read as sentences of their cells, at the raw line that holds each."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.core.model import Block
from generator.text import dates

OFFICE_COLUMN = re.compile("职务|职位|职称|头衔")  # the header of a table's column of offices
ROW_LINES = 40  # raw lines a table's row may take (an HTML row, a cell per line), looked through for its place


@dataclass(frozen=True)
class TableRow:
    """A table's row read as a sentence of its cells, with the cells as they stand under the header's."""

    block: Block
    cells: list[str]
    dated: bool  # a cell holds a date alone: the row tells of a happening (a chronology set as a table)


def table_rows(table: Block, raw_lines: list[str]) -> list[TableRow]:
    """Each row of a table as a sentence of its cells (1994年2月26日，中新两国政府签署…) at the raw line that
    holds its first cell, under the table's anchor. A table of figures (2020年目标值, 46) has no dated row."""
    found: list[TableRow] = []
    line = table.line
    for row in table.rows:
        cells = [cell.strip() for cell in row]
        filled = [cell for cell in cells if cell]
        if not filled:
            continue
        line = next((number for number in range(line, min(len(raw_lines), line + ROW_LINES) + 1)
                     if filled[0] in raw_lines[number - 1]), line)
        text = "".join(cell if cell[-1] in "，。；：,;" else cell + "，" for cell in filled[:-1]) + filled[-1]
        found.append(TableRow(Block("paragraph", text, line, table.anchor, table.section), cells,
                              any(dates.DATE.fullmatch(cell) for cell in filled)))
    return found

