"""Repair rules, case by case from data: what each rule changes, and what it must leave alone."""

from __future__ import annotations

import re

import pytest
from textdata import cases, seed_documents

from generator.core.model import Line
from generator.text.repair import apply_rules

PINYIN_AFTER_HAN = re.compile(r"[\u4e00-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")


@pytest.mark.parametrize("case", cases("repair.yml")["cases"], ids=lambda c: c["in"])
def test_rule(case: dict) -> None:
    lines, changes = apply_rules([Line(7, case["in"])])
    assert lines[0].text == case["out"]
    assert [c.rule for c in changes] == case["rules"]
    assert all(c.line == 7 for c in changes)


def test_broken_line_is_remembered() -> None:
    lines, _ = apply_rules([Line(1, "新加坡—\ufffd"), Line(2, "江苏合作理事会")])
    assert [line.broken for line in lines] == [True, False]
    assert lines[0].text == "新加坡—"


def test_seed_text_is_clean() -> None:
    for doc_id, (_, doc) in seed_documents().items():
        for block in doc.blocks:
            shown = " ".join([block.text, *(" ".join(row) for row in block.rows)])
            assert "\ufffd" not in shown, (doc_id, block.line)
            assert not PINYIN_AFTER_HAN.search(shown), (doc_id, block.line)


def test_seed_pinyin_repairs_are_logged_with_their_lines() -> None:
    """Each reading annotation of the raw text (占(zhàn)) is removed by one logged repair on its own line."""
    seeds = seed_documents()
    for raw, doc in seeds.values():
        lines = raw.text.splitlines()
        pinyin = [c for c in doc.changes if c.rule == "pinyin-annotation"]
        assert len(pinyin) == sum(len(PINYIN_AFTER_HAN.findall(line)) for line in lines), raw.id
        assert all(change.before in lines[change.line - 1] for change in pinyin), raw.id
    assert any(c.rule == "pinyin-annotation" for _, doc in seeds.values() for c in doc.changes)
