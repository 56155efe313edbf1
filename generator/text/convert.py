"""Script conversion with OpenCC, keeping the curated fixed forms of proper names.

Character-level conversion only (s2tw by default, s2hk configurable): phrase conversion would rewrite
terms (项目 -> 專案). Names from `site_data/curated/` are swapped for private-use placeholders before
conversion and restored in their fixed form afterwards, so OpenCC cannot alter them.

The browser cannot run OpenCC, so `query_map` also derives a small character and phrase table that lets
the search box convert a query typed in the other script into the site's script.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy
import opencc

from generator.core import settings

PLACEHOLDER_BASE = 0xF0000  # supplementary private-use area: never in source text after reading
# CJK unified ideographs and extension A: every character a reader may type in a query.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
PHRASE_LENGTHS = (2, 3)
HAN_PHRASE = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in HAN_RANGES) + "]+")
DETECTION = ("t2s", "s2t")  # the conversions script_of tries on a sample, in this order
NOT_HAN = re.compile("[^\u4e00-\u9fff]+")  # all but the unified ideographs, where the two scripts differ


@dataclass
class Converter:
    config: str  # an OpenCC configuration name such as s2tw, s2hk or t2s
    fixed: dict[str, str] = field(default_factory=dict)  # source form -> fixed target form

    @property
    def _opencc(self) -> opencc.OpenCC:
        return _opencc(self.config)

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        names = sorted((n for n in self.fixed if n), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, names))) if names else None

    @cached_property
    def _targets(self) -> list[str]:
        return list(self.fixed.values())

    def loaded(self) -> Converter:
        """This converter with OpenCC's dictionaries read now, so that forked workers share them."""
        _opencc(self.config)
        return self

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


def hant_config() -> str:
    """The traditional target, from the KB_HANT_CONFIG setting: s2tw (Taiwan, default) or s2hk (Hong Kong)."""
    return settings.current().hant_config


def script_of(text: str) -> str:
    """'hans', 'hant' or 'mixed', by how many characters each direction of conversion changes."""
    sample = NOT_HAN.sub("", text)[:20000]  # one pass, rather than a list of every character on its own
    to_simp = _changes(sample, "t2s")
    if not to_simp:  # nothing traditional: simplified, however much converting to traditional would change
        return "hans"
    to_trad = _changes(sample, "s2t")
    minority = min(to_trad, to_simp) / max(to_trad, to_simp)
    if minority > 0.2:
        return "mixed"
    return "hant" if to_simp > to_trad else "hans"


def _changes(sample: str, config: str) -> int:
    """How many characters converting `sample` changes; none found at once, by one comparison."""
    converted = _plain(config)(sample)
    return 0 if converted == sample else sum(map(str.__ne__, sample, converted))


def load_script_detection() -> None:
    """OpenCC's dictionaries for `script_of` read now, so that forked workers share them."""
    for config in DETECTION:
        _opencc(config)


@cache
def char_map(config: str) -> dict[str, str]:
    """Every Han character that `config` converts on its own, to its default form."""
    chars = [chr(c) for low, high in HAN_RANGES for c in range(low, high + 1)]
    converted = _plain(config)("\n".join(chars)).split("\n")
    return {a: b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


def query_map(config: str, fixed: dict[str, str], pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """What the search box needs to turn a query into the site's script: characters plus phrases.

    `pairs` are the same text in the query's script and as the site shows it. Where the site's form differs
    from the character-by-character one (复杂 -> 複雜, not 復雜; protected names), the short phrases around
    the difference are kept when they always convert the same way.
    """
    chars = char_map(config)
    by_char = _lookup_table(chars)
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for source, target in pairs:
        for text, shown in _aligned(source, target):
            for i in _differences(text, shown, by_char):
                _collect_phrases(text, shown, i, seen)
    # Mixed-script lines (a name shown in both scripts) align wrongly; OpenCC's own reading of the phrase
    # alone must agree with what the site shows.
    convert = _plain(config)
    phrases = {p: form for p, forms in seen.items() if len(forms) == 1 and convert(p) == (form := next(iter(forms)))}
    phrases.update(fixed)  # also names kept as they are (王瑞杰): the character table would change them
    return {"chars": chars, "phrases": dict(sorted(phrases.items()))}


def _lookup_table(chars: dict[str, str]) -> numpy.ndarray:
    """Code point -> code point of its character-by-character conversion, for every code point."""
    table = numpy.arange(0x110000, dtype=numpy.uint32)
    for char, converted in chars.items():
        table[ord(char)] = ord(converted)
    return table


def _code_points(text: str) -> numpy.ndarray:
    return numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)


def _aligned(source: str, target: str) -> list[tuple[str, str]]:
    """The pieces of a page that align character by character: the whole page when its lines do (the usual
    case: compared at once), else each pair of lines of the same length."""
    if len(source) == len(target) and numpy.array_equal(_code_points(source) == 10, _code_points(target) == 10):
        return [(source, target)]
    return [(line, shown) for line, shown in zip(source.splitlines(), target.splitlines(), strict=False)
            if len(line) == len(shown)]


def _differences(text: str, shown: str, by_char: numpy.ndarray) -> Iterable[int]:
    """Where `shown` is not the character-by-character conversion of `text` (as long as it)."""
    return numpy.flatnonzero(by_char[_code_points(text)] != _code_points(shown)).tolist()


def _collect_phrases(line: str, shown: str, i: int, seen: dict[str, Counter[str]]) -> None:
    """The phrases of Han characters around position `i` of `line`, with their form in `shown`. A phrase
    never spans lines: a line break is no Han character."""
    for size in PHRASE_LENGTHS:
        for start in range(max(0, i - size + 1), min(i, len(line) - size) + 1):
            phrase = line[start:start + size]
            if HAN_PHRASE.fullmatch(phrase):
                seen[phrase][shown[start:start + size]] += 1


@cache
def _plain(config: str) -> Converter:
    return Converter(config)


@cache
def _opencc(config: str) -> opencc.OpenCC:
    """One OpenCC per configuration and process: loading its dictionaries takes a tenth of a second."""
    return opencc.OpenCC(config)
