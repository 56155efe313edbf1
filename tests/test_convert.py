"""Script conversion: protected names keep their fixed forms, terms are not rewritten, the target is
configurable, and the search box's query table converts the way the sites do."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.knowledge.curated import fixed_forms, load_curated
from generator.text.convert import Converter, hant_config, query_map

DATA = Path(__file__).parent / "data"
CURATED = Path(__file__).parent.parent / "site_data" / "curated"
CASES = yaml.safe_load((DATA / "protected_names.yml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["hans"] for c in CASES])
def test_opencc_alone_converts_the_name_wrongly(case: dict[str, str]) -> None:
    assert Converter("s2tw")(case["hans"]) == case["opencc"] != case["hant"]


@pytest.mark.parametrize("case", CASES, ids=[c["hans"] for c in CASES])
def test_protected_name_keeps_fixed_form_in_both_directions(case: dict[str, str]) -> None:
    to_hant = Converter("s2tw", {c["hans"]: c["hant"] for c in CASES})
    to_hans = Converter("t2s", {c["hant"]: c["hans"] for c in CASES})
    converted = to_hant(case["sentence"])
    assert case["hant"] in converted and case["opencc"] not in converted
    assert converted.replace(case["hant"], "") == Converter("s2tw")(case["sentence"].replace(case["hans"], ""))
    assert to_hans(converted) == case["sentence"]


@pytest.mark.parametrize("case", [c for c in CASES if c.get("curated")], ids=lambda c: c["hans"])
def test_curated_list_protects_the_name(case: dict[str, str]) -> None:
    curated, problems = load_curated(CURATED)
    assert not problems
    to_hant, to_hans = fixed_forms(curated)
    converted = Converter(hant_config(), to_hant)(case["sentence"])
    assert case["hant"] in converted
    assert Converter("t2s", to_hans)(converted) == case["sentence"]


def test_curated_names_have_one_form_per_script() -> None:
    curated, _ = load_curated(CURATED)
    forms: dict[str, set[str]] = {}
    for name in curated:
        if name.hant:
            forms.setdefault(name.hans, set()).add(name.hant)
    assert {hans: hant for hans, hant in forms.items() if len(hant) > 1} == {}
    to_hant, to_hans = fixed_forms(curated)
    assert all(to_hans[hant] == hans for hans, hant in to_hant.items())


@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
def test_terms_are_converted_by_character_not_rewritten(config: str) -> None:
    assert Converter(config)("项目软件信息") == "項目軟件信息"  # phrase conversion would give 專案軟體資訊


def test_traditional_target_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KB_HANT_CONFIG", raising=False)
    assert hant_config() == "s2tw"
    monkeypatch.setenv("KB_HANT_CONFIG", "s2hk")
    assert hant_config() == "s2hk"
    assert Converter(hant_config())("台湾") == "台灣"  # Hong Kong form; s2tw gives 臺灣
    monkeypatch.setenv("KB_HANT_CONFIG", "s2twp")
    with pytest.raises(ValueError, match="KB_HANT_CONFIG"):
        hant_config()


def test_query_map_follows_the_site_where_characters_alone_differ() -> None:
    simplified = "情况复杂，园区恢复生产。\n钟山出席。"
    shown = Converter("s2tw", {"钟山": "鍾山"})
    table = query_map("s2tw", {"钟山": "鍾山"}, [(simplified, shown(simplified))])
    assert table["chars"]["复"] == "復" and table["chars"]["苏"] == "蘇"
    assert table["phrases"]["复杂"] == "複雜"
    assert table["phrases"]["钟山"] == "鍾山"
    assert query_map("s2tw", {"于再清": "于再清"}, [])["phrases"]["于再清"] == "于再清"  # not 於再清
    assert "恢复" not in table["phrases"]  # the character's default form is already right
    # A page whose lines do not all align is read line by line: the aligned ones still count.
    uneven = query_map("s2tw", {}, [("情况复杂\n甲乙", "情況複雜\n甲乙丙")])
    assert uneven["phrases"]["复杂"] == "複雜"
