"""Build the seeds into a temporary folder and look at the built HTML of both variants."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import REPO


def seed_ids() -> list[str]:
    return sorted(p.stem for p in (REPO / "site_data" / "sources").glob("*.txt"))


def test_both_variants_and_root_page(built_seeds: Path) -> None:
    site = built_seeds / "site"
    root = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="zh-Hans/"' in root and 'href="zh-Hant/"' in root
    for variant in ("zh-Hans", "zh-Hant"):
        assert (site / variant / "index.html").exists()
        assert (site / variant / "sources" / "index.html").exists()


def test_every_document_has_a_page_in_both_variants(built_seeds: Path) -> None:
    documents = yaml.safe_load((built_seeds / "site_data" / "documents.yml").read_text(encoding="utf-8"))
    assert sorted(d["id"] for d in documents) == seed_ids()
    for doc in documents:
        for variant in ("zh-Hans", "zh-Hant"):
            assert (built_seeds / "site" / variant / "sources" / doc["id"] / "index.html").exists()


def test_known_paragraph_in_each_script(built_seeds: Path) -> None:
    page = "sources/000_be3bebb17bddb5a1/index.html"
    hans = (built_seeds / "site" / "zh-Hans" / page).read_text(encoding="utf-8")
    hant = (built_seeds / "site" / "zh-Hant" / page).read_text(encoding="utf-8")
    assert "新加坡驻华大使吕德耀一行访问园区" in hans
    assert "新加坡駐華大使呂德耀一行訪問園區" in hant
    assert "新加坡驻华大使吕德耀" not in hant


def test_traditional_source_is_simplified_on_hans_site(built_seeds: Path) -> None:
    page = "sources/001_3d349f3940e6cb6b/index.html"
    hans = (built_seeds / "site" / "zh-Hans" / page).read_text(encoding="utf-8")
    hant = (built_seeds / "site" / "zh-Hant" / page).read_text(encoding="utf-8")
    assert "第五届中新合作服务贸易创新论坛在苏州工业园区举行" in hans
    assert "第五屆中新合作服務貿易創新論壇在蘇州工業園區舉行" in hant


def test_paragraphs_have_stable_anchors(built_seeds: Path) -> None:
    text = yaml.safe_load((built_seeds / "site_data" / "texts" / "000_be3bebb17bddb5a1.yml").read_text("utf-8"))
    html = (built_seeds / "site" / "zh-Hans" / "sources" / "000_be3bebb17bddb5a1" / "index.html").read_text("utf-8")
    anchors = [b["anchor"] for b in text["blocks"]]
    assert len(anchors) == len(set(anchors)) > 20
    for anchor in anchors:
        assert f'id="{anchor}"' in html
