"""Script conversion with OpenCC, keeping the curated fixed forms of proper names.

Character-level conversion only (s2tw by default, s2hk configurable): phrase conversion would rewrite
terms (项目 -> 專案). Names from `site_data/curated/` are swapped for private-use placeholders before
conversion and restored in their fixed form afterwards, so OpenCC cannot alter them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import opencc

PLACEHOLDER_BASE = 0xF0000  # supplementary private-use area: never in source text after reading


@dataclass
class Converter:
    config: str  # an OpenCC configuration name such as s2tw, s2hk or t2s
    fixed: dict[str, str] = field(default_factory=dict)  # source form -> fixed target form

    @cached_property
    def _opencc(self) -> opencc.OpenCC:
        return opencc.OpenCC(self.config)

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        names = sorted((n for n in self.fixed if n), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, names))) if names else None

    @cached_property
    def _targets(self) -> list[str]:
        return list(self.fixed.values())

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if self._pattern is None:
            return self._opencc.convert(text)
        index = {name: i for i, name in enumerate(self.fixed)}
        protected = self._pattern.sub(lambda m: chr(PLACEHOLDER_BASE + index[m.group(0)]), text)
        converted = self._opencc.convert(protected)
        return re.sub("[\U000f0000-\U000fffff]",
                      lambda m: self._targets[ord(m.group(0)) - PLACEHOLDER_BASE], converted)


def script_of(text: str) -> str:
    """'hans', 'hant' or 'mixed', by how many characters each direction of conversion changes."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return "hans"
    sample = "".join(han[:20000])
    to_trad = sum(a != b for a, b in zip(sample, _plain("s2t")(sample), strict=False))
    to_simp = sum(a != b for a, b in zip(sample, _plain("t2s")(sample), strict=False))
    if to_trad == to_simp == 0:
        return "hans"
    minority = min(to_trad, to_simp) / max(to_trad, to_simp)
    if minority > 0.2:
        return "mixed"
    return "hant" if to_simp > to_trad else "hans"


_CACHE: dict[str, Converter] = {}


def _plain(config: str) -> Converter:
    if config not in _CACHE:
        _CACHE[config] = Converter(config)
    return _CACHE[config]
