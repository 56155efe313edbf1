"""Editors' corrections (generator/editing/corrections.py) applied to the seed corpus's datasets: each action,
each problem a corrections file can have, and the edited records as the datasets' schemas describe them. Whole
builds with corrections (pages of both variants, the books, rebuilds) are in test_corrections_build.py."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator.core.model import Problem
from generator.data import schemas
from generator.data.datasets import load_yaml
from generator.editing import corrections
from generator.pages.render import EDITED_MARK, edited
from generator.text.convert import Converter

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "site_data"
CASES = Path(__file__).resolve().parent / "data" / "corrections"


@cache
def seed_datasets() -> dict[str, list[dict[str, Any]]]:
    return {name: load_yaml(DATA / f"{name}.yml") for name in ("events", "bodies", "projects", "people")}


def anchor_of(doc: str, line: int) -> str | None:
    text = DATA / "texts" / f"{doc}.yml"
    return corrections.anchor_at(load_yaml(text) if text.exists() else None, line)


def corrected(name: str) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """The seeds' datasets with the corrections of tests/data/corrections/<name> applied, and the problems."""
    knowledge = copy.deepcopy(seed_datasets())
    return knowledge, corrections.correct(knowledge, CASES / name, anchor_of, Converter("t2s"))


def by_id(records: list[dict[str, Any]], record_id: str) -> dict[str, Any] | None:
    return next((record for record in records if record["id"] == record_id), None)


def citing(events: list[dict[str, Any]], doc: str, line: int) -> list[dict[str, Any]]:
    return [e for e in events if any(s["doc"] == doc and s["line"] == line for s in e.get("sources") or [e["source"]])]


def test_every_action_on_the_seeds() -> None:
    knowledge, problems = corrected("seeds.yml")
    events, people = knowledge["events"], knowledge["people"]
    assert citing(events, "003_e93ddf8f2f6eb3ef", 478) == []  # rejected
    fixed, reworded = citing(events, "001_3d349f3940e6cb6b", 14)
    assert fixed["date"] == "1996-05" and fixed["text"].startswith("早在1995年")  # the text keeps what it said
    assert fixed["edited"] == [{"action": "fix", "reason": "据园区档案，首根桩打于1996年5月", "at": "corrections.yml:6",
                                "was": {"date": "1995"}}]
    # narrowed by words in traditional script: the event's text is simplified
    assert reworded["text"] == "2015年，腾飞苏州创新园在独墅湖科教创新区全面落成。"
    assert reworded["edited"][0]["was"]["text"].startswith("2015年,新一代科技载体")
    added = next(e for e in events if e["rule"] == corrections.EDITOR_RULE)
    assert added["date"] == "2020-05-23" and added["kind"] == "day" and added["singapore"] is True
    assert added["source"] == {"doc": "002_4a9fcfce754308f9", "line": 535, "anchor": "p-f8716f"}
    assert added["edited"][0]["action"] == "add" and "<script>" in added["edited"][0]["reason"]  # escaped on pages
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)  # the datasets' order kept
    assert by_id(people, "yang-jing") is None
    assert by_id(people, "wu-peng-yi") is None
    kept = by_id(people, "wu-qing-wen")
    assert kept and kept["edited"][0]["merged"] == [{"id": "wu-peng-yi", "name": "吴鹏毅"}]
    merged = by_id(seed_datasets()["people"], "wu-peng-yi")
    assert merged and all(mention in kept["mentions"] for mention in merged["mentions"])
    assert all(role in kept["roles"] for role in merged["roles"])
    assert not [e for e in events if "wu-peng-yi" in e["people"]]
    either = [e for e in seed_datasets()["events"] if {"wu-qing-wen", "wu-peng-yi"} & set(e["people"])]
    assert len([e for e in events if "wu-qing-wen" in e["people"]]) == len(either)
    body = by_id(knowledge["bodies"], "xin-jia-po-jiang-su-he-zuo-li-shi-hui")
    assert body
    session = next(s for s in body["sessions"] if s["number"] == 16)
    assert (session["date"], session["place"], session["co_chairs"]) == ("2022-11-08", "新加坡",
                                                                         [{"name": "吴政隆", "title": ""}])
    assert session["edited"][0]["was"] == {"date": "", "place": "", "co_chairs": []}
    assert by_id(knowledge["bodies"], "zhong-xin-jin-rong-feng-hui") is None
    project = by_id(knowledge["projects"], "lu-hai-xin-tong-dao")
    assert project and project["place"] == "重庆" and project["edited"][0]["was"] == {"place": ""}
    assert [str(p) for p in problems] == [
        "corrections.yml:39: warning: reject event: no event citing 004_9f0bbe058c927b76 line 9999 "
        "(its source changed?); not applied"]


def test_the_corrected_records_fit_the_schemas() -> None:
    for name in ("seeds.yml", "references.yml"):
        knowledge, _ = corrected(name)
        for dataset, records in knowledge.items():
            errors = list(Draft202012Validator(schemas.SCHEMAS[dataset]).iter_errors(records))
            assert errors == [], (name, dataset, errors[:1])


def test_a_rejected_or_merged_record_is_no_longer_named() -> None:
    knowledge, problems = corrected("references.yml")
    assert problems == []
    events, projects = knowledge["events"], knowledge["projects"]
    for key, gone in (("people", "lan-shao-min"), ("bodies", "zhong-xin-shuang-bian-he-zuo-lian-wei-hui"),
                      ("projects", "zhong-xin-shu-ju-zhuan-xian"), ("bodies", "zhong-xin-su-zhou-shu-zi-jin-rong-bo-lan-hui")):
        assert by_id(knowledge[key], gone) is None
        assert not [record for record in (*events, *projects) if gone in record.get(key, [])]
    council = by_id(knowledge["bodies"], "zhong-xin-su-zhou-gong-ye-yuan-qu-lian-he-xie-tiao-li-shi-hui")
    assert council and "中新（苏州）数字金融博览会" in council["aliases"]
    assert [s["number"] for s in council["sessions"]] == [4, 20, 21, 23]  # the merged body's session joined
    software = by_id(knowledge["bodies"], "zhong-xin-he-zuo-su-zhou-gong-ye-yuan-qu-ruan-jian-hui-yi")
    assert software and [(s["year"], s["number"]) for s in software["sessions"]] == [(2020, 1)]
    assert software["edited"] == [{"action": "reject", "reason": "测试：删去会议", "at": "corrections.yml:15",
                                   "session": "2020年第2次"}]
    assert citing(events, "004_9f0bbe058c927b76", 33) == []
    data = by_id(projects, "zhong-xin-da-shu-ju-tong-dao")
    assert data and data["aliases"] == ["中新跨境数据通道"] and by_id(projects, "zhong-xin-kua-jing-shu-ju-tong-dao") is None
    renamed = by_id(knowledge["people"], "cai-deng-he")
    assert renamed and (renamed["name"], renamed["sort_key"], renamed["english"]) == ("甄登合", "zhen1 deng1 he2",
                                                                                      "Zhen Denghe")
    assert renamed["edited"][0]["was"] == {"name": "蔡簦合", "english": ""}
    keys = [person["sort_key"] for person in knowledge["people"]]
    ids = [person["id"] for person in knowledge["people"]]
    assert keys == sorted(keys) and ids.index("zhang-hai-hua") < ids.index("cai-deng-he") < ids.index("zhou-qiang")
    reported = citing(events, "000_be3bebb17bddb5a1", 17)
    assert len(reported) == 1 and reported[0]["source"]["doc"] == "002_4a9fcfce754308f9"  # cited second
    assert reported[0]["date_end"] == "2020-04-30" and reported[0]["edited"][0]["was"] == {"date_end": ""}


def test_every_problem_is_one_line_and_the_rest_applies() -> None:
    knowledge, problems = corrected("problems.yml")
    expected = (CASES / "problems.txt").read_text(encoding="utf-8").splitlines()
    assert [str(problem) for problem in problems] == expected
    assert {p.kind for p in problems} == {"bad correction", "correction unmatched", "correction ambiguous"}
    # the last entry, narrowed by full-width brackets where the text has half-width ones, applied
    fixed = next(e for e in citing(knowledge["events"], "001_3d349f3940e6cb6b", 14) if "edited" in e)
    assert fixed["date"] == "1996-05" and fixed["text"].startswith("早在1995年")
    untouched = copy.deepcopy(seed_datasets())
    assert knowledge["people"] == untouched["people"] and len(knowledge["events"]) == len(untouched["events"])


@pytest.mark.parametrize(("text", "line"), [("- reject: event\n  source: {doc: x, line: 1\n", 3),
                                            ("reject: event\n", 1)])
def test_a_file_that_is_no_list_of_entries_is_one_error(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "corrections.yml"
    path.write_text(text, encoding="utf-8")
    entries, problems = corrections.load(path)
    assert entries == [] and len(problems) == 1
    assert str(problems[0]).startswith(f"corrections.yml:{line}: error: ")


def test_a_file_not_in_utf8_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "corrections.yml"
    path.write_bytes("- reject: person\n  id: yang-jing\n  reason: 不是人名\n".encode("gb18030"))
    assert [str(p) for p in corrections.load(path)[1]] == [
        "corrections.yml:3: error: not UTF-8: save the file as UTF-8; no correction applied"]


def test_no_file_or_only_comments_corrects_nothing(tmp_path: Path) -> None:
    assert corrections.load(tmp_path / "corrections.yml") == ([], [])
    assert corrections.load(DATA / "corrections.yml") == ([], [])  # the repository's: the format, commented


def test_the_mark_shows_the_reason_and_what_the_text_said_escaped() -> None:
    knowledge, _ = corrected("seeds.yml")
    added = next(e for e in knowledge["events"] if e["rule"] == corrections.EDITOR_RULE)
    fixed = next(e for e in knowledge["events"] if e["date"] == "1996-05")
    assert edited(fixed) == f"{EDITED_MARK}：据园区档案，首根桩打于1996年5月（日期原作“1995”；corrections.yml:6）"
    shown = edited(added)
    assert shown.startswith(EDITED_MARK) and "corrections.yml:14" in shown
    assert "<script>" not in shown and "&lt;script&gt;" in shown and "\\{\\{ 7\\*7 \\}\\}" in shown
    assert "\\[链接\\]\\(http://example.com\\)" in shown  # no link made of it
    body = next(b for b in knowledge["bodies"] if b["id"] == "xin-jia-po-jiang-su-he-zuo-li-shi-hui")
    session = next(s for s in body["sessions"] if "edited" in s)
    assert edited(session).endswith("：据会议公报补全（日期原缺；地点原缺；主持原缺；corrections.yml:25）")
    assert edited({"text": "as extracted"}) == ""
