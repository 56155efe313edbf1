"""Text blocks that a page extraction put out of order are moved back where their sentences continue.

In a hard-wrapped yearbook a page or column can come out before the one it follows: a section then opens
mid-word (…完成街 | 道“三整合”改革) and ends mid-sentence (城镇居民人均 | “十三五”时期，是…). The repair
looks for the one arrangement B A C → A B C in which both joins become words again:
- the section's first line continues the dangling end of a later line i (tail + head form a dictionary word,
  and the line now after i does not);
- the block B it opens ends at a line whose dangling end is continued by the line after i, with evidence from
  the document itself (the joined four characters occur elsewhere in it) that the current join lacks.
Only a section whose first line needs it is examined, so ordinary text is never reordered; every move is
logged (with the same text before and after: a move removes nothing).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from generator.core.model import Change, Line

DICTIONARY_WORD = re.compile(r"^(\S{2,3}) 0*[1-9]", re.MULTILINE)  # a word of 2-3 characters, frequency > 0
CLAUSE_END = "。！？；…”」』）)!?：:"
Joins = Callable[[str, str], int]


@cache
def _dictionary() -> frozenset[str]:
    """Two- and three-character words of jieba's dictionary (loaded only when a section is examined), read
    from its word list without importing jieba, whose start-up costs more than reading the list."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the jieba package is not installed: run `make test` or `make site` to install it")
    word_list = Path(spec.submodule_search_locations[0]) / "dict.txt"  # lines of "word frequency tag"
    return frozenset(DICTIONARY_WORD.findall(word_list.read_text(encoding="utf-8")))


def word_across(tail: str, head: str) -> bool:
    """Whether a dictionary word spans the join of two lines."""
    words = _dictionary()
    return any(tail[-j:] + head[:k - j] in words for k in (2, 3) for j in range(1, k) if len(tail) >= j
               and len(head) >= k - j)


def evidence(text: str, size: int) -> Joins:
    """How many of the `size`-character strings across a join occur elsewhere in the document. Its strings
    of that size are collected on first use, so each test is a lookup, not a search of the whole text."""
    grams: set[str] = set()

    def joins(tail: str, head: str) -> int:
        if not grams:
            grams.update(text[i:i + size] for i in range(len(text) - size + 1))
        return sum(1 for j in range(1, size) if len(tail) >= j and len(head) >= size - j
                   and tail[-j:] + head[:size - j] in grams)
    return joins


def restore_order(lines: list[Line], sections: list[tuple[int, int]], text: str) -> tuple[list[Line], list[Change]]:
    """Each section (start, end) of `lines` with a displaced opening block is put back in order."""
    changes: list[Change] = []
    result = list(lines)
    pairs, fours = evidence(text, 2), evidence(text, 4)
    for start, end in sections:
        move = _displaced(result, start, end, pairs, fours)
        if move is None:
            continue
        split, dangling = move
        block, rest = result[start:split], result[split:dangling + 1]
        result[start:dangling + 1] = rest + block
        changes.append(Change("block-order", block[0].number, block[0].text, block[0].text,
                              f"text block of lines {block[0].number}–{block[-1].number} moved after line "
                              f"{rest[-1].number}, where its sentence begins"))
    return result, changes


def _dangling(line: Line) -> bool:
    return bool(line.text) and line.text[-1] not in CLAUSE_END


def _displaced(lines: list[Line], start: int, end: int, pairs: Joins, joins: Joins) -> tuple[int, int] | None:
    """(split, dangling): lines[start:split] belong after lines[dangling]; None when the section is in order.
    `pairs` is the cheap test (the two characters across the join occur in the document) that spares loading
    the dictionary; `joins` the four-character evidence that picks where the displaced block ends."""
    if end - start < 3 or not lines[start].text:
        return None
    head = lines[start].text
    candidates = [i for i in range(start + 1, end - 1) if _dangling(lines[i]) and pairs(lines[i].text, head)]
    found = [i for i in candidates if word_across(lines[i].text, head) and not word_across(lines[i].text,
                                                                                           lines[i + 1].text)]
    if len(found) != 1:
        return None
    dangling = found[0]
    following = lines[dangling + 1].text
    scores = {split: joins(lines[split - 1].text, following) - joins(lines[split - 1].text, lines[split].text)
              for split in range(start + 1, dangling + 1) if _dangling(lines[split - 1])}
    best = max(scores.values(), default=0)
    splits = [split for split, score in scores.items() if score == best]
    return (splits[0], dangling) if best > 0 and len(splits) == 1 else None
