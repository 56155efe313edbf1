"""Property-based tests (hypothesis) of text repair and date parsing: no input crashes them, repairs change
only the spans they log, and every date found is a real calendar date."""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import json
import re

import yaml
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.model import Line
from generator.data.export import json_lines
from generator.data.yamlout import to_yaml
from generator.text.dates import Context, find
from generator.text.repair import RULES, Rule, apply_rules

# Characters the rules react to (Han, toned pinyin, brackets, '?', '*', U+FFFD, Latin-1 debris) plus anything.
DEBRIS = list("中新合作園区服務價值鏈金獎(wù)（qū）?!*\ufffd ÕJÁ¡abc1２")
TEXT = st.text(alphabet=st.sampled_from(DEBRIS) | st.characters(), max_size=80)
LINE_BREAKS = re.compile(r"\\[nr]|\\x85|\\u2028|\\u2029|\n|\r|\x85|\u2028|\u2029")
YEARS = st.integers(min_value=1900, max_value=2099)


def rebuild(rule: Rule, before: str, logged: list[str | tuple[str, str]]) -> str:
    """The line as it must read after `rule`: unchanged outside the matches, each logged match replaced."""
    pending = list(logged)
    pieces, cursor = [], 0
    for match in rule.pattern.finditer(before):
        pieces.append(before[cursor:match.start()])
        if pending and pending[0][0] == match.group(0):
            pieces.append(pending.pop(0)[1])
        else:  # an unlogged match may only be a no-op
            pieces.append(match.group(0))
        cursor = match.end()
    assert not pending, f"logged changes that match nothing: {pending}"
    return "".join(pieces) + before[cursor:]


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_repairs_change_only_logged_spans(texts: list[str]) -> None:
    lines = [Line(number, text) for number, text in enumerate(texts, 1)]
    for rule in RULES:
        repaired, changes = apply_rules(lines, [rule])
        for before, after in zip(lines, repaired, strict=True):
            assert after.number == before.number
            logged = [(c.before, c.after) for c in changes if c.line == before.number]
            assert all(c.rule == rule.name for c in changes)
            assert after.text == rebuild(rule, before.text, logged)
        lines = repaired


# Whole pieces of debris, so that every rule finds matches: hypothesis seldom spells them out by chance.
PIECES = st.lists(st.sampled_from(["服務", "(wù)", "（qū）", "***", "**园区**", "?wù)J", "?!?", " \ufffd", "ÕJ",
                                   "蕞", "蕞尔", "a", " "]), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT | PIECES)
def test_a_rule_leaves_a_line_without_its_trigger_alone(text: str) -> None:
    """apply_rules skips the lines holding no rule's trigger character; tried here without the skip."""
    for rule in RULES:
        if not re.search(f"[{rule.trigger}]", text):
            repaired, changes = apply_rules([Line(1, text)], [dataclasses.replace(rule, trigger="")])
            assert (repaired[0].text, changes) == (text, [])


@settings(max_examples=300, deadline=None)
@given(TEXT, st.none() | YEARS)
def test_date_parsing_never_crashes_and_finds_real_dates(text: str, year: int | None) -> None:
    for mention in find(text, Context(year=year))[0]:
        datetime.date.fromisoformat(mention.date + {4: "-01-01", 7: "-01", 10: ""}[len(mention.date)])
        if mention.date_end:
            datetime.date.fromisoformat(mention.date_end)


@given(YEARS, st.integers(min_value=0, max_value=15), st.integers(min_value=0, max_value=35))
def test_a_stated_date_is_found_exactly_when_it_exists(year: int, month: int, day: int) -> None:
    found = find(f"会议于{year}年{month}月{day}日举行。", Context())[0]
    real = 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
    assert [m.date for m in found] == ([f"{year:04d}-{month:02d}-{day:02d}"] if real else [])


@given(YEARS, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=31),
       st.integers(min_value=1, max_value=31))
def test_a_day_range_ends_on_a_real_date(year: int, month: int, first: int, last: int) -> None:
    for mention in find(f"{month}月{first}—{last}日，中新双方举行会谈。", Context(year=year))[0]:
        assert mention.date_end == "" or datetime.date.fromisoformat(mention.date_end) >= \
            datetime.date.fromisoformat(mention.date)


# Data as the datasets hold it: mappings with string keys, lists, strings of any characters, ints, booleans.
SCALARS = st.none() | st.booleans() | st.integers() | st.text(alphabet=st.sampled_from(DEBRIS) | st.characters(),
                                                                max_size=40)


def nested(keys: st.SearchStrategy[str]) -> st.SearchStrategy[object]:
    return st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
                        max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(nested(st.text(max_size=12)))
def test_dataset_yaml_reads_back_as_written(data: object) -> None:
    assert yaml.safe_load(to_yaml(data)) == data


@settings(max_examples=400, deadline=None)
@given(nested(st.text(min_size=1, max_size=12)).filter(lambda data: not LINE_BREAKS.search(repr(data))))
def test_dataset_yaml_is_pyyaml_s_own_text(data: object) -> None:
    """The same bytes as PyYAML's emitter. Written differently, and read back the same: strings with line
    breaks (double-quoted on one line) and keys PyYAML writes as complex keys (empty ones: `? ''`)."""
    assert to_yaml(data) == yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100000)


def test_seed_datasets_are_written_as_pyyaml_writes_them() -> None:
    for path in sorted((REPO / "site_data").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert to_yaml(data) == yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100000), path


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=12), nested(st.text(max_size=12)), max_size=4), max_size=5))
def test_json_download_reads_back_one_record_per_line(records: list[dict[str, object]]) -> None:
    text = json_lines(records)
    assert json.loads(text) == records
    lines = text.split("\n")  # only "\n" ends a line: json escapes it, not U+2028 and the like
    assert lines[0] == "[" and lines[-2:] == ["]", ""]
    assert [json.loads(line.removesuffix(",")) for line in lines[1:-2] if line] == records
