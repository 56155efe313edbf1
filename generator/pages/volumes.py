"""The printable book's volumes, planned from the site's pages: which pages each volume holds and its file name.

The site links each volume (the download button); the book typesets them. A volume holds about
KB_PDF_VOLUME_BYTES of the pages' Markdown, and never splits a section from its first page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.core import settings
from generator.pages.pages import Navigation

PDF_DIR = "pdf"
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)

NavEntry = tuple[str | None, str | None, int]


def pdf_name(variant: str, volume: int = 1) -> str:
    """The first volume is the book's name alone, so a corpus that grows into volumes keeps its link."""
    return f"zhongxin-kb-{variant}.pdf" if volume == 1 else f"zhongxin-kb-{variant}-{volume}.pdf"


def pdf_link(variant: str, volume: int = 1) -> str:
    """Where a variant's site finds a volume of its book, relative to the variant's root folder."""
    return f"../{PDF_DIR}/{pdf_name(variant, volume)}"


def volume_budget() -> int:
    """Markdown bytes per volume (KB_PDF_VOLUME_BYTES)."""
    return settings.current().pdf_volume_bytes


def plan_volumes(entries: list[NavEntry], sizes: list[int], budget: int) -> list[int]:
    """Index of the first entry of each volume: entries are taken in reading order until the next one would
    pass `budget` bytes. A volume never ends with the sections the next entry opens (its ancestors just before
    it), so a section's heading stays with its first page."""
    starts, filled = [0], 0
    for index, size in enumerate(sizes):
        if filled and filled + size > budget:
            start = index
            while start - 1 > starts[-1] and entries[start - 1][2] < entries[start][2]:
                start -= 1
            starts.append(start)
            filled = sum(sizes[start:index])
        filled += size
    return starts


def volume_ranges(starts: list[int] | tuple[int, ...], count: int) -> list[tuple[int, int]]:
    """(start, end) in a list of `count` entries of each volume planned to begin at `starts`."""
    return list(zip(starts, [*starts[1:], count], strict=True))


def volume_entries(entries: list[NavEntry], starts: list[int], volume: int) -> list[NavEntry]:
    """The entries of one volume (from 1), after the headings of the sections it continues."""
    first, end = volume_ranges(starts, len(entries))[volume - 1]
    opened, depth = [], entries[first][2] if first < len(entries) else 0
    for title, _, level in reversed(entries[:first]):
        if level < depth:
            opened.insert(0, (title, None, level))
            depth = level
    return opened + entries[first:end]


def flatten_nav(nav: list[Any], depth: int = 0) -> list[NavEntry]:
    """(title, page path, depth) in reading order. A section's leading untitled page is the section's own
    page; a section without one is a heading alone (path None). External links are not part of the book."""
    entries: list[NavEntry] = []
    for item in nav:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if not isinstance(value, list):
            if not EXTERNAL.match(value):
                entries.append((title, value, depth))
            continue
        children = list(value)
        index = children.pop(0) if children and isinstance(children[0], str) else None
        entries.append((title, index, depth))
        entries += flatten_nav(children, depth + 1)
    return entries


def book_volumes(docs: Path, variant: str, nav: Navigation) -> dict[str, Any]:
    """The book's volumes, planned from the size of the pages' Markdown: where each starts in the book's
    navigation (book_volumes), each volume's link (pdf) and the volume of every page past the first
    (pdf_volume_of), for the download button."""
    entries = flatten_nav(nav.book)
    sizes = [(docs / path).stat().st_size if path and (docs / path).exists() else 0 for _, path, _ in entries]
    starts = plan_volumes(entries, sizes, volume_budget())
    volume_of: dict[str, int] = {}
    for number, (start, end) in enumerate(volume_ranges(starts, len(entries)), start=1):
        volume_of |= {path: number for _, path, _ in entries[start:end] if path and number > 1}
    return {"book_volumes": starts, "pdf": [pdf_link(variant, number) for number in range(1, len(starts) + 1)],
            "pdf_volume_of": volume_of}
