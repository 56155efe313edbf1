"""Stage 2: repair extraction debris line by line; every change is logged as a Change.

Each rule is a named regular expression with a replacement and a reason. Rules are general patterns
(a Han character followed by a toned pinyin syllable, a replacement character between lines), never
lists of the strings seen in one document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .model import Change, Line

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    replace: str | Callable[[re.Match[str]], str]
    reason: str
    action: str = "repair"  # repair | flag (kept, reported)


RULES: list[Rule] = [
    Rule(
        "pinyin-annotation",
        # A Han character followed by a parenthesised syllable carrying a tone mark: 服務(wù) -> 服務.
        re.compile(rf"(?<=[{HAN}])[(（]([a-z{TONED}]*[{TONED}][a-z{TONED}]*)[)）]"),
        "",
        "pinyin reading inserted after a character by the source's extraction",
    ),
    Rule(
        "replacement-character",
        re.compile(r"\s*\ufffd\s*"),
        "",
        "U+FFFD left by a page break in the extraction",
    ),
    Rule(
        "mojibake-flag",
        # A '?' wedged between Han characters or pinyin debris is a lost GBK double-byte character.
        re.compile(rf"(?<=[{HAN}])\?[^\s{HAN}]{{0,4}}[{HAN}]?(?=[{HAN}])|(?<=[{HAN}])\?!\?"),
        lambda m: m.group(0),
        "character lost to GBK mojibake; kept as received and flagged, not guessed",
        action="flag",
    ),
]


def apply_rules(lines: list[Line], rules: list[Rule] = RULES) -> tuple[list[Line], list[Change]]:
    """Apply every rule to every line, logging each match with its line, before and after text."""
    changes: list[Change] = []
    repaired: list[Line] = []
    for line in lines:
        text = line.text
        for rule in rules:
            text = _apply_rule(rule, text, line.number, changes)
        repaired.append(Line(line.number, text))
    return repaired, changes


def _apply_rule(rule: Rule, text: str, line_number: int, changes: list[Change]) -> str:
    def substitute(match: re.Match[str]) -> str:
        after = rule.replace(match) if callable(rule.replace) else match.expand(rule.replace)
        changes.append(Change(rule.name, line_number, match.group(0), after, rule.reason))
        return after

    return rule.pattern.sub(substitute, text)
