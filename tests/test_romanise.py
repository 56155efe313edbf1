"""Pinyin as readers write it (tests/data/pages/pinyin.yml), on the seed pages, with the ids left as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import DATA

from generator.data.datasets import load_yaml
from generator.knowledge.registry import sort_key
from generator.knowledge.romanise import person_pinyin, person_sort_key

CASES = yaml.safe_load((DATA / "pages" / "pinyin.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "expected"), CASES.items())
def test_person_pinyin(name: str, expected: str) -> None:
    assert person_pinyin(name) == expected


def test_person_pages_show_tone_marks_and_keep_their_ids(built_seeds: Path) -> None:
    people = {p["id"]: p for p in load_yaml(built_seeds / "site_data" / "people.yml")}
    assert people["wang-rui-jie"]["sort_key"] == "wang2 rui4 jie2"
    text = (built_seeds / "docs" / "zh-Hant" / "people" / "wang-rui-jie.md").read_text(encoding="utf-8")
    assert "拼音：Wáng Ruìjié" in text and "Heng Swee Keat" in text and "wang2" not in text
    index = (built_seeds / "docs" / "zh-Hans" / "people" / "index.md").read_text(encoding="utf-8")
    assert "wang-rui-jie.md)（Wáng Ruìjié · Heng Swee Keat）" in index


def test_a_person_is_filed_under_the_letter_shown() -> None:
    """单霁翔 is shown as Shàn Jìxiáng: the people index files him under S, not under the word reading dān."""
    assert person_pinyin("单霁翔").startswith("Shàn")
    assert person_sort_key("单霁翔") == "shan4 ji4 xiang2"
    assert person_sort_key("尉迟恭").split() == ["yu4", "chi2", "gong1"]
    assert person_sort_key("王瑞杰") == sort_key("王瑞杰")  # a surname read as in words keeps the plain key
