"""Stage 2: repair extraction debris line by line; every change is logged as a Change.

Each rule is a named regular expression with a replacement and a reason. Rules are general patterns
(a Han character followed by a toned pinyin syllable, a replacement character between lines), never
lists of the strings seen in one document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.core.model import Change, Fix, Flag, Line
from generator.core.paths import RESOURCES
from generator.text.masks import CONTEXT, KnownNames, Mask, fold
from generator.text.patterns import HAN

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    replace: str | Callable[[re.Match[str]], str | Fix]
    reason: str
    action: str = "repair"  # repair | flag (kept, reported)
    # The inside of a character class: every match that changes or flags the line holds one of these
    # characters. Most lines hold none of any rule's, found by one search instead of a search per rule.
    trigger: str = ""  # "" when unknown: the rule is always tried


def _gbk_pairs(match: re.Match[str]) -> str:
    """Byte pairs shown as Latin-1 decode back to the GBK characters they were; otherwise left alone."""
    try:
        decoded = match.group(0).encode("latin-1").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return match.group(0)
    return decoded if re.fullmatch(rf"[{HAN}]+", decoded) else match.group(0)


def variant_rule(path: Path = RESOURCES / "variants.yml") -> Rule:
    """Variant characters to their common form, from a data file; a word listed under `keep` stays as is."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    standard = {entry["variant"]: entry["standard"] for entry in entries}
    kept = sorted((word for entry in entries for word in entry["keep"]), key=len, reverse=True)
    keep = "|".join(map(re.escape, kept)) or "(?!)"
    pattern = re.compile(f"(?P<keep>{keep})|[{''.join(standard)}]")
    return Rule("variant-character", pattern, lambda m: m.group(0) if m.group("keep") else standard[m.group(0)],
                "variant character (异体字) replaced by the common form",
                trigger=re.escape("".join(standard)))  # a kept word alone leaves the line as it is


VARIANTS = variant_rule()

# Masked words (generator.masks): runs of asterisks (a censor's ***) or of □ after a character; a `**…**` pair
# not after a Han character is Markdown emphasis shown as text (a mask follows a name: 王**与李**).
MASKED = re.compile(rf"(?P<pair>(?<![{HAN}*])\*\*[^\s*][^*\n]*?(?<![\s*])\*\*(?!\*))|\*{{2,}}|(?<=\S)□+")


def mask_rule(known: KnownNames | None = None, seen: list[Mask] | None = None,
              simplify: Callable[[str], str] | None = None) -> Rule:
    """Masked words restored from the one known name that fits around them, else shown as □ with a note.
    `seen` collects every mask with the text around it, for names that only the whole corpus knows; `simplify`
    turns that text to simplified script, as the names found are."""
    names = known or KnownNames(())

    def around(text: str) -> str:
        common = VARIANTS.pattern.sub(VARIANTS.replace, text)  # type: ignore[arg-type]  # its replace is a function
        return fold(simplify(common) if simplify else common)

    def replace(match: re.Match[str]) -> str | Fix:
        if match.group("pair"):
            return match.group(0)
        line = match.string
        mask = Mask(around(line[max(match.start() - CONTEXT, 0):match.start()])[-CONTEXT:], match.group(0),
                    around(line[match.end():match.end() + CONTEXT])[:CONTEXT])
        if seen is not None:
            seen.append(mask)
        return names.decide(mask, line[:match.start()], line[match.end():])

    return Rule("censored-mask", MASKED, replace, "characters masked by the source (***); shown as □, the text is "
                "not guessed", trigger=r"\*□")


RULES: list[Rule] = [
    Rule(
        "pinyin-annotation",
        # A Han character followed by a parenthesised syllable carrying a tone mark: 服務(wù) -> 服務.
        re.compile(rf"(?<=[{HAN}])[(（]([a-z{TONED}]*[{TONED}][a-z{TONED}]*)[)）]"),
        "",
        "pinyin reading inserted after a character by the source's extraction",
        trigger="(（",
    ),
    Rule(
        "replacement-character",
        re.compile(r"\s*\ufffd\s*"),
        "",
        "U+FFFD left by a page break in the extraction",
        trigger="\ufffd",
    ),
    Rule(
        "gbk-latin1-mojibake",
        # GBK bytes read as Latin-1 (ÕJ): certain when the bytes decode back to Han characters only.
        re.compile(rf"(?<=[{HAN}])(?:[\u0081-\u00fe][\u0040-\u007e\u0080-\u00fe])+(?=[{HAN}])"),
        _gbk_pairs,
        "GBK bytes shown as Latin-1 characters; decoded back to the characters they encode",
        trigger="\u0081-\u00fe",
    ),
    mask_rule(),
    Rule(
        "mojibake-flag",
        # Lost GBK lead bytes: '?' followed by pinyin debris (?wù)J) or '?' runs mixed with ASCII punctuation (?!?).
        re.compile(rf"\?[a-z{TONED}]+\)[A-Za-z]?|\?[!\"#$%&'*+,./:;<=>@^_`|~-]+\?"),
        lambda m: m.group(0),
        "characters lost to GBK mojibake; kept as received and flagged, not guessed",
        action="flag",
        trigger=r"\?",
    ),
    VARIANTS,
]

FLAG_RULES = {rule.name for rule in RULES if rule.action == "flag"}


def rules_knowing(known: KnownNames | None, seen: list[Mask] | None = None,
                  simplify: Callable[[str], str] | None = None) -> list[Rule]:
    """RULES with masked words restored from `known` names, every mask with its text added to `seen`."""
    return [mask_rule(known, seen, simplify) if rule.name == "censored-mask" else rule for rule in RULES]


def apply_rules(lines: list[Line], rules: list[Rule] = RULES,
                flags: list[tuple[int, Flag]] | None = None) -> tuple[list[Line], list[Change]]:
    """Apply every rule to every line, logging each match with its line, before and after text; the spans a rule
    flags for the page go to `flags` with their line."""
    changes: list[Change] = []
    repaired: list[Line] = []
    triggers = _any_trigger(rules)
    for line in lines:
        text = line.text
        broken = line.broken or text.rstrip().endswith("\ufffd")
        for rule in rules if triggers is None or triggers.search(text) else ():
            if rule.pattern.search(text):  # most rules match no line: skip the logging substitution
                text = _apply_rule(rule, text, line.number, changes, flags)
        repaired.append(Line(line.number, text, line.role, line.level, broken))
    return repaired, changes


def _any_trigger(rules: list[Rule]) -> re.Pattern[str] | None:
    """One search for a character that some rule needs; None when a rule has no trigger."""
    if not all(rule.trigger for rule in rules):
        return None
    return re.compile(f"[{''.join(rule.trigger for rule in rules)}]")


def _apply_rule(rule: Rule, text: str, line_number: int, changes: list[Change],
                flags: list[tuple[int, Flag]] | None = None) -> str:
    def substitute(match: re.Match[str]) -> str:
        after = rule.replace(match) if callable(rule.replace) else match.expand(rule.replace)
        if isinstance(after, Fix):
            changes.append(Change(after.rule, line_number, match.group(0), after.text, after.reason))
            if after.flag and flags is not None:
                flags.append((line_number, after.flag))
            return after.text
        if after == match.group(0) and rule.action == "repair":
            return after
        changes.append(Change(rule.name, line_number, match.group(0), after, rule.reason))
        return after

    return rule.pattern.sub(substitute, text)
