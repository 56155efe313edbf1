"""Which dates of a sentence tell a happening of the cooperation: not a plan, a statistic, a state's own
milestone, a date in brackets, a report's own date or what others agreed; and what an event quotes."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from itertools import islice, takewhile
from typing import Any

from generator.core.model import Block, Source
from generator.knowledge import ner
from generator.knowledge.extract import DateMention
from generator.knowledge.provenance import source_dict
from generator.knowledge.registry import Registry

EVENT_TEXT_MAX = 600  # characters of a sentence an event quotes whole
CLAUSE_MARKS = "，,；;：:"
CLAUSE_MARK = re.compile(f"[{CLAUSE_MARKS}]")
AGREED = re.compile(r"签订|签署|缔结|达成|建交|复交|建立")
PRESS_COMMENT = re.compile(r"《[^》]{1,20}》[^，。；《]{0,4}(?:评论|社论|报道|撰文|文章|刊文)")


# Statistics, plans and forecasts state dates, but nothing happened on them: a date governed by a word of
# planning or counting, or any date of a sentence that reports figures.
PLAN_BEFORE = re.compile(r"(?:计划|预计|预期|拟|力争|有望|目标|规划|截至|截止|到|争取)(?:于|在|到|将)?$")

FIGURES = re.compile(r"(?:同比|环比|总额|贸易额|出口|进口|累计|增长|下降|生产总值|GDP).*?\d[\d.]*\s*(?:亿|万|%|％|美元|元|吨|人次)"
                     r"|\d[\d.]*\s*(?:亿|万)?(?:美元|元|%|％).*?(?:同比|环比|总额|贸易额|出口|进口|累计|增长|下降)"
                     # a count reached (项目达到161个) or a rank held (第一大贸易伙伴, 第二大外资来源国)
                     r"|(?:达到|达|超过|突破|累计|新增)\d[\d.,]*\s*(?:个|家|项|亿|万)"
                     r"|第[一二三四五六七八九十\d]{1,2}大[\u4e00-\u9fff]{0,6}(?:伙伴|来源国|来源地|投资国|市场)")

# A state's own milestone (新加坡开埠, 中华人民共和国立国, 新加坡宣告独立) is background to the cooperation, not a
# happening of it, whenever it is dated; visits and agreements between the two are, however early.
MILESTONE_OF_A_STATE = re.compile(r"开埠|立国|建国|独立|建政|主权")

PLAN_SENTENCE = re.compile(r"(?:按|根据|依照)?(?:计划|规划|预计)")


def planned(sentence: str, start: int) -> bool:
    return bool(PLAN_BEFORE.search(sentence[max(0, start - 4):start]))


NOT_A_POINT = re.compile(r"以来|至今|起|以前|之前|以后|之后|同期|水平|基础|基准|相比|左右|前后|的")

BRACKETS = (("（", "）"), ("(", ")"), ("《", "》"), ("“", "”"), ("「", "」"))


def happenings(sentence: str, dated: list[DateMention]) -> list[DateMention]:
    """The dates a sentence tells something happened on: one event per distinct date, none for a sentence of
    statistics or plans, none for a date inside brackets or a title (a lifespan, a term of office, a report),
    none for a year that is a span's start or a point of comparison (2013年以来, 2004年基础上, 同年水平) or
    the report's own year alone (今年, 去年)."""
    if FIGURES.search(sentence) or PLAN_SENTENCE.match(sentence.strip()):
        return []
    kept: list[DateMention] = []
    seen: set[str] = set()
    enclosed = _enclosed(sentence, [mention.start for mention in dated])
    for mention in dated:
        if mention.date in seen or mention.start in enclosed:
            continue
        if planned(sentence, mention.start):
            continue
        if len(mention.date) == 4 and (mention.from_now or NOT_A_POINT.match(sentence, mention.end)):
            continue  # 今年是…周年, 去年贸易额…: 'this year' tells a state, an anniversary or a total, not a day
        start, end = date_clauses(sentence, mention.start)
        if MILESTONE_OF_A_STATE.search(sentence, start, end):
            continue
        kept.append(mention)
        seen.add(mention.date)
    return kept


def event_text(sentence: str, position: int) -> str:
    """What an event quotes: the sentence it is told in; a very long one (dated items run on without a full
    stop) only around the date, its clause and the next, as each of its events quoting all of it would make
    the datasets grow with the square of the sentence."""
    text = sentence.strip()
    if len(text) <= EVENT_TEXT_MAX:
        return text
    start, end = date_clauses(sentence, position)
    return sentence[start:min(end + 1, start + EVENT_TEXT_MAX)].strip()


# A clause that goes on with the subject of the one before it (美国承认其主权，并于翌年设立领事馆)
GOES_ON = re.compile(r"\s*(?:并|又|还|随后|其后|继而|且)")


def date_clauses(sentence: str, position: int) -> tuple[int, int]:
    """Where the clause of the date at `position` starts, and where the clause after it ends (于2003年，美国与
    新加坡签订…: the date and what happened on it are often a clause apart); a clause that goes on with the
    subject of the one before it (…，并于翌年…) starts with that one."""
    marks = _clause_marks(sentence)
    after = bisect_left(marks, position)
    start = marks[after - 1] + 1 if after else 0
    if after and GOES_ON.match(sentence, start):
        start = marks[after - 2] + 1 if after > 1 else 0
    return start, marks[after + 1] if after + 1 < len(marks) else len(sentence)


@functools.lru_cache(maxsize=256)
def _clause_marks(sentence: str) -> list[int]:
    """Where the sentence's clauses end, found once however many dates it holds."""
    return [match.start() for match in CLAUSE_MARK.finditer(sentence)]


def _enclosed(text: str, positions: list[int]) -> set[int]:
    """Those of `positions` that stand inside brackets or quotes left open before them, in one pass."""
    depth = dict.fromkeys(BRACKETS, 0)
    closers = {closing: (opening, closing) for opening, closing in BRACKETS}
    openers = {opening: (opening, closing) for opening, closing in BRACKETS}
    inside: set[int] = set()
    wanted = sorted(set(positions))
    index = 0
    for at, char in enumerate(text):
        while index < len(wanted) and wanted[index] == at:
            if any(value > 0 for value in depth.values()):
                inside.add(at)
            index += 1
        if index == len(wanted):
            break
        if char in openers:
            depth[openers[char]] += 1
        elif char in closers:
            depth[closers[char]] -= 1
    return inside


def block_date(block: Block) -> DateMention | None:
    date = getattr(block, "date", "")
    return DateMention(date, getattr(block, "date_end", ""), 0) if date else None


def after_report(date: str, dateline: str) -> bool:
    """A day later than the report's own date (2020年1月1日起实施 in a report of 2019-10-15): what it tells of
    then is a plan, not a happening."""
    return bool(dateline) and date[:len(dateline)] > dateline[:len(date)]


def told_of_others(sentence: str, position: int, registry: Registry) -> bool:
    """The date at `position` is that of an agreement between two countries (the model's places, joined by
    与/和/同) of which one is not a party of the cooperation (美国与新加坡签订…, 中国与泰国于2015年签订…), or of
    a newspaper's comment (《金融时报》便曾有评论…): the text dates what others did or said, not the cooperation."""
    start, end = date_clauses(sentence, position)
    if PRESS_COMMENT.search(sentence, start, end):
        return True
    tokens = ner.tokens(sentence)
    first_word = bisect_left(tokens, start, key=lambda t: t.start)  # a sentence may hold thousands of dates
    words = [t for t in takewhile(lambda t: t.end <= end, islice(tokens, first_word, None))]
    for first, link, second in zip(words, words[1:], words[2:], strict=False):
        if first.tag == second.tag == "LOC" and link.text in ("与", "和", "同") \
                and AGREED.search(sentence, second.end, end):
            return not (registry.is_party(first.text) and registry.is_party(second.text))
    return False


def told_again(event: dict[str, Any], source: Source, named: tuple[list[str], list[str], list[str]]) -> None:
    """A numbered session a document already told of on that day (a yearbook's overview, then its account of
    the meeting): one happening, the later telling a further source of it, not a second event."""
    event.setdefault("sources", [event["source"]]).append(source_dict(source))
    for key, names in zip(("bodies", "projects", "people"), named, strict=True):
        event[key] = sorted(set(event[key]) | set(names))

