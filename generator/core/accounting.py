"""Character accounting: every input character lands in exactly one category.

Categories are `kept`, `caption`, `attribution`, `table`, `metadata` and `removed:<rule>`; removals logged as
a Change count as the length they took away, layout (line breaks, indentation) is counted where it is dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from generator.core.model import Change

CATEGORIES = ("kept", "caption", "attribution", "table", "metadata")


class Ledger(Counter[str]):
    """A Counter of characters per category, with helpers for the places that drop text."""

    def count(self, category: str, chars: int) -> None:
        if chars:
            self[category] += chars

    def count_changes(self, changes: Iterable[Change]) -> None:
        for change in changes:
            self.count(f"removed:{change.rule}", len(change.before) - len(change.after))

    def ordered(self) -> dict[str, int]:
        """Kept categories first, then removals by name: a stable order for the datasets."""
        known = [(name, self[name]) for name in CATEGORIES if self[name]]
        removed = sorted((name, n) for name, n in self.items() if name not in CATEGORIES and n)
        return dict(known + removed)
