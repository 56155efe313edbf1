"""Block-style YAML for the datasets, written directly: the same bytes as PyYAML's safe_dump(allow_unicode=True,
sort_keys=False, width=100000) for the data the generator writes, several times faster than even libyaml's
dumper (yaml.CSafeDumper), which the datasets would otherwise wait on at a thousand documents.

PyYAML builds a node graph and asks a resolver about every scalar in Python, even with libyaml's emitter;
a dataset of a thousand documents is millions of scalars. Here, strings that are certainly plain are
written as they are; every other scalar is written by PyYAML itself. Strings with line breaks, and very long
ones, are written double-quoted with escapes (PyYAML would fold them to the current indentation).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import yaml

LONGEST_PLAIN = 4000  # far below the width, so PyYAML never folds what is handed to it
# Characters YAML allows raw; PyYAML quotes tabs, controls, U+FEFF, line and paragraph separators.
ESCAPED = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]")
# A plain scalar starts with none of YAML's indicators, holds no ": " or " #", neither starts nor ends with a
# space, and has only printable characters; unless quoted, it must also not read as a number, date, boolean
# or null. Tested with substring checks and one character-class search: one regex stepping through a long
# paragraph character by character was a quarter of the time to write the datasets.
INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
COLLECTION = (dict, list)  # a tuple: isinstance is slower with a union type, and this runs per scalar
LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")


def _implicit_patterns() -> dict[str, re.Pattern[str]]:
    """PyYAML's implicit resolvers by first character, each character's patterns (number, date...) joined in
    one alternation, so a scalar such as '2020年' runs one regex instead of three."""
    joined: dict[str, re.Pattern[str]] = {}
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
        # Scoped flags keep each pattern's own (most are verbose); the newline ends a trailing comment.
        parts = [f"(?x:{p.pattern}\n)" if p.flags & re.VERBOSE else f"(?:{p.pattern})" for _, p in resolvers]
        joined[first] = re.compile("|".join(parts))
    return joined


IMPLICIT = _implicit_patterns()
KEYS: dict[str, str] = {}  # how each mapping key is written: a few dozen keys, written millions of times


def to_yaml(data: Any) -> str:
    if isinstance(data, dict | list) and data:
        lines: list[str] = []
        _block(data, 0, lines)
        return "\n".join(lines) + "\n"
    if isinstance(data, str) and LINE_BREAK.search(data):  # PyYAML writes a lone U+0085 raw: read back, a space
        return double_quoted(data) + "\n"
    return pyyaml(data)


def pyyaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100000)


def _block(value: dict[str, Any] | list[Any], indent: int, lines: list[str]) -> None:
    """Append the lines of a non-empty mapping or sequence at `indent` (sequences in mappings are not indented)
    to `lines`: one list for the whole dataset, rather than a list per mapping copied into its parent's."""
    space = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            name = KEYS.get(key) if type(key) is str else None  # strings only: 1, 1.0 and True are one key
            if name is None:
                name = _key(key)
            if isinstance(item, COLLECTION) and item:
                lines.append(f"{space}{name}:")
                _block(item, indent + 2 if isinstance(item, dict) else indent, lines)
            else:
                lines.append(f"{space}{name}: {scalar(item)}")
        return
    for item in value:
        if isinstance(item, COLLECTION) and item:
            first = len(lines)
            _block(item, indent + 2, lines)
            lines[first] = f"{space}- {lines[first][indent + 2:]}"  # the item's first line follows its dash
        else:
            lines.append(f"{space}- {scalar(item)}")


def scalar(value: Any) -> str:
    if isinstance(value, str):
        return string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, dict | list):  # only empty ones reach here
        return "{}" if isinstance(value, dict) else "[]"
    return _by_pyyaml(value)


@lru_cache(maxsize=1 << 14)
def string(value: str) -> str:
    """A string as written; remembered, as the datasets repeat many (kinds, rule names and reasons, section
    titles) and the few left to PyYAML ('  ', '-24.3%') are slow. (Strings only: 0.0 == -0.0 would share.)"""
    if not value:
        return "''"
    if len(value) <= LONGEST_PLAIN and is_plain(value):
        implicit = IMPLICIT.get(value[0])  # none for most: a Chinese character starts no number or date
        if implicit and implicit.match(value):
            return "'" + value.replace("'", "''") + "'"
        return value
    if len(value) > LONGEST_PLAIN or LINE_BREAK.search(value):
        return double_quoted(value)
    return _by_pyyaml(value)


def _key(key: Any) -> str:
    """A key as written, remembered when it is a string."""
    text = scalar(key)
    if type(key) is str:
        KEYS[key] = text
    return text


def is_plain(value: str) -> bool:
    """Whether a non-empty string may be written plain, as far as its characters go."""
    return (value[0] not in INDICATORS and value[-1] not in " :" and ": " not in value and " #" not in value
            and not ESCAPED.search(value))


def _by_pyyaml(value: Any) -> str:
    return pyyaml(value).removesuffix("\n...\n").removesuffix("\n")


def double_quoted(text: str) -> str:
    """A double-quoted scalar on one line: JSON's escapes, which YAML shares, plus \\u escapes for every
    character YAML does not allow raw."""
    quoted = json.dumps(text, ensure_ascii=False)
    return ESCAPED.sub(lambda m: f"\\u{ord(m.group(0)):04x}" if ord(m.group(0)) < 0x10000
                       else f"\\U{ord(m.group(0)):08x}", quoted)
