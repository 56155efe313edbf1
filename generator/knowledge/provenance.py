"""Where a fact stands: a block's offsets turned into raw lines, and the findings that cite them."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from generator.core.model import (
    Block,
    BodyRecord,
    Document,
    EventRecord,
    PersonRecord,
    ProjectRecord,
    Source,
    SourceRef,
)

INVISIBLE = re.compile(r"[\s\ufffd]")  # not counted when a block's offset is found on its raw lines


@dataclass
class Located:
    """A block of a document with the document's year, for turning offsets into sources."""

    doc: Document
    block: Block
    raw_lines: list[str]
    # Found once a block, however many facts it holds: where its spaces are, and how many visible characters
    # its raw lines hold together, line by line from its first, as far as a fact has needed.
    _spaces: list[int] | None = field(default=None, init=False, repr=False)
    _walked: list[int] = field(default_factory=list, init=False, repr=False)

    def source(self, offset: int = 0) -> Source:
        return Source(self.doc.id, self.line_of(offset), self.block.anchor)

    def line_of(self, offset: int) -> int:
        """The raw line holding the character at `offset` of the block text (wrapped lines are re-walked)."""
        if self._spaces is None:
            self._spaces = [i for i, char in enumerate(self.block.text) if char == " "]
        wanted = min(offset + 1, len(self.block.text)) - bisect_right(self._spaces, offset)
        walked = self._walked
        while (not walked or walked[-1] < wanted) and self.block.line + len(walked) <= len(self.raw_lines):
            line = self.raw_lines[self.block.line + len(walked) - 1]
            walked.append((walked[-1] if walked else 0) + len(INVISIBLE.sub("", line)))
        index = bisect_left(walked, wanted)
        return self.block.line + index if index < len(walked) else self.block.line


@dataclass
class Model:
    """One document's findings, or the corpus's once merged: the records by name, before ids are given."""

    events: list[EventRecord] = field(default_factory=list)
    bodies: dict[str, BodyRecord] = field(default_factory=dict)
    projects: dict[str, ProjectRecord] = field(default_factory=dict)
    people: dict[str, PersonRecord] = field(default_factory=dict)
    # Chronology events with their entry's text, linked to the known bodies and projects once all are known.
    chronology: list[tuple[EventRecord, str]] = field(default_factory=list)


def source_dict(source: Source) -> SourceRef:
    return {"doc": source.doc, "line": source.line, "anchor": source.anchor}  # asdict's deep copy is 10x slower


def add_source(record: dict[str, Any], key: str, source: Source, seen: set[tuple[int, str, Source]]) -> None:
    """A source added to a record's list once; `seen` remembers what each record holds, so that an entity named
    thousands of times in one document is not looked for in its whole list each time."""
    if (id(record), key, source) not in seen:
        seen.add((id(record), key, source))
        record[key].append(source_dict(source))
