"""Masked words: a run of asterisks or □ where a source masked (censored) or lost a word.

A mask is restored from a known name (curated, or found by extraction in any document of the corpus) when the
text around it fits exactly one: the text before the mask ends with the start of the name, the text after it
starts with the rest of the name past the masked characters, and the mask stands for as many characters as it
could (a □ for one character each; a run of asterisks for one character up to as many as it has, since a censor
writes *** for a word of any length). Both sides must match, on at least MIN_CONTEXT characters together and at
least twice as many as are restored. Names that fill the mask alike (a name and a longer one that holds it) are
one fit; names that fill it differently are a doubt, and the mask stays, shown with a note, as does a mask
that no name fits. Names are compared folded (brackets and dashes of either width, no spaces) with the text
around the mask in simplified script (a traditional source's mask fits the names found in simplified).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.core.model import Fix, Flag

MASK = "□"
CONTEXT = 64  # characters kept on each side of a mask: more than the longest name
MIN_CONTEXT = 4
RESTORED = "masked-word-restored"
MASKED = "censored-mask"
FOLD = str.maketrans({"(": "（", ")": "）", "-": "—", "－": "—", " ": None, "\u3000": None, "\t": None})


def fold(text: str) -> str:
    return text.translate(FOLD)


@dataclass(frozen=True)
class Mask:
    """A masked run with the text around it on its line, folded: kept with the document's findings so that the
    names found in the whole corpus can be tried on it."""

    before: str
    mask: str
    after: str

    def lengths(self) -> range:
        """How many characters the mask may stand for."""
        return range(len(self.mask), len(self.mask) + 1) if self.mask.startswith(MASK) else range(1, len(self.mask) + 1)


class KnownNames:
    """The names a mask may be restored from, indexed by each character a mask may follow."""

    def __init__(self, names: Iterable[str]) -> None:
        forms = {fold(name): name for name in sorted(set(names)) if name and not any(c in name for c in "*" + MASK)}
        self.names = tuple(sorted(forms.items()))  # (folded, as written)
        self.after: dict[str, list[tuple[str, str, int]]] = {}  # character -> (folded, name, where the mask starts)
        for folded, name in self.names:
            for start in range(1, len(folded) - 1):
                self.after.setdefault(folded[start - 1], []).append((folded, name, start))

    def fits(self, mask: Mask) -> dict[str, list[str]]:
        """{restored characters: the names that give them} for every name that the mask and its text fit."""
        found: dict[str, list[str]] = {}
        for folded, name, start in self.after.get(mask.before[-1:], ()):
            head = folded[:start]
            if not mask.before.endswith(head):
                continue
            for size in mask.lengths():
                fill, tail = folded[start:start + size], folded[start + size:]
                if tail and len(head) + len(tail) >= max(MIN_CONTEXT, 2 * size) and mask.after.startswith(tail) \
                        and name not in found.get(fill, []):
                    found.setdefault(fill, []).append(name)
        return found

    def fitting(self, masks: Iterable[Mask]) -> tuple[str, ...]:
        """The names that fit any of `masks`."""
        return tuple(sorted({name for mask in masks for names in self.fits(mask).values() for name in names}))

    def decide(self, mask: Mask, before: str, after: str) -> Fix:
        """The mask restored, or kept (one □ for a run of asterisks), logged and flagged for the page either way.
        `before` and `after`: the line's text around the mask as it stands."""
        fits = self.fits(mask)
        if len(fits) == 1:
            fill, names = next(iter(fits.items()))
            name = max(names, key=len)
            shown = _tail(before, _head_length(fold(name), fill, mask)) + fill + _head(after, mask, fold(name), fill)
            reason = (f"characters masked by the source ({mask.mask}) restored as {fill} from the known name {name}: "
                      f"the only known name that the text around the mask fits")
            note = f"“{shown}”中的“{fill}”在原文中被遮蔽（{mask.mask}），据已知名称“{name}”补全：遮蔽处前后的文字只与这一个名称相符。"
            return Fix(fill, RESTORED, reason, Flag(shown, RESTORED, reason, note))
        shown = mask.mask if mask.mask.startswith(MASK) else MASK
        if fits:
            names = "；".join(max(names, key=len) for names in fits.values())
            reason = (f"characters masked by the source ({mask.mask}); {len(fits)} known names fit the text around "
                      f"it ({names}), so it is shown as {MASK}, not guessed")
            note = (f"{shown} 处原文有字词被遮蔽（{mask.mask}）。已知名称中有{len(fits)}个与前后文相符（{names}），"
                    f"无从确定是哪一个，按原样显示。")
        else:
            reason = f"characters masked by the source ({mask.mask}); no known name fits, shown as {MASK}, not guessed"
            note = f"{shown} 处原文有字词被遮蔽（{mask.mask}），无法确定原文，按原样显示。"
        return Fix(shown, MASKED, reason, Flag(shown, MASKED, reason, note))


def _head_length(folded: str, fill: str, mask: Mask) -> int:
    """How many folded characters of the name stand before the mask."""
    for start in range(1, len(folded) - len(fill)):
        if folded[start:start + len(fill)] == fill and mask.before.endswith(folded[:start]) \
                and mask.after.startswith(folded[start + len(fill):]):
            return start
    return 0


def _tail(text: str, count: int) -> str:
    """The end of `text` that folds to its last `count` characters."""
    start, seen = len(text), 0
    while start > 0 and seen < count:
        start -= 1
        seen += bool(fold(text[start]))
    return text[start:]


def _head(text: str, mask: Mask, folded: str, fill: str) -> str:
    """The start of `text` that folds to the rest of the name after the restored characters."""
    count = len(folded) - _head_length(folded, fill, mask) - len(fill)
    end, seen = 0, 0
    while end < len(text) and seen < count:
        seen += bool(fold(text[end]))
        end += 1
    return text[:end]
