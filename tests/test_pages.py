"""The reference pages, asserted on the built HTML of the seed corpus."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import DATA, SEARCH_PART_MB

from generator.pages import render
from generator.site import search


def dataset(out: Path, name: str) -> list[dict]:
    return yaml.safe_load((out / "site_data" / f"{name}.yml").read_text(encoding="utf-8"))


def page(out: Path, variant: str, path: str) -> str:
    return (out / "site" / variant / path / "index.html").read_text(encoding="utf-8")


def test_every_entity_has_a_page_in_both_variants(built_seeds: Path) -> None:
    for key in ("bodies", "projects", "people"):
        records = dataset(built_seeds, key)
        assert records, key
        for record in records:
            for variant in ("zh-Hans", "zh-Hant"):
                assert (built_seeds / "site" / variant / key / record["id"] / "index.html").exists()


def test_session_row_in_its_body_table(built_seeds: Path) -> None:
    html = page(built_seeds, "zh-Hans", "bodies/zhong-xin-shuang-bian-he-zuo-lian-wei-hui")
    row = re.search(r'<tr>\s*<td><span id="session-16"></span>第16次</td>\s*<td><span class="kb-date">(.*?)</span></td>', html)
    assert row and row.group(1) == "2020年12月8日"
    assert "王瑞杰" in html and "韩正" in html


def test_session_series_links_chain(built_seeds: Path) -> None:
    html = page(built_seeds, "zh-Hans", "bodies/zhong-xin-he-zuo-su-zhou-gong-ye-yuan-qu-ruan-jian-hui-yi")
    assert 'href="#session-2020-2"' in html and 'href="#session-2020-1"' in html


def test_session_series_shows_previous_and_next_with_dates(built_seeds: Path) -> None:
    html = page(built_seeds, "zh-Hans", "bodies/zhong-xin-su-zhou-gong-ye-yuan-qu-lian-he-xie-tiao-li-shi-hui")
    series = html.split('id="series"', 1)[1].split("</table>", 1)[0]
    row = re.search(r'<tr>\s*<td><a href="#session-21">第21次</a>.*?</tr>', series, re.S)
    assert row, series
    assert re.search(r'href="#session-20">← 第20次</a> <span class="kb-date">日期不详</span>', row.group(0))
    assert re.search(r'href="#session-23">第23次 →</a> <span class="kb-date">日期不详</span>', row.group(0))
    assert '<span class="kb-date">2020年12月8日</span>' in row.group(0)


def test_multi_source_event_listed_once_with_every_source(built_seeds: Path) -> None:
    events = [e for e in dataset(built_seeds, "events") if len(e.get("sources", [])) > 1]
    assert events
    body = "bodies/zhong-xin-su-zhou-gong-ye-yuan-qu-lian-he-xie-tiao-li-shi-hui"
    html = page(built_seeds, "zh-Hans", body)
    for event in (e for e in events if body.split("/")[1] in e["bodies"]):
        items = [item for item in re.findall(r"<li>.*?</li>", html, re.S) if event["text"][-12:] in item]
        assert len(items) == 1, event["text"]
        for source in event["sources"]:
            assert f'#{source["anchor"]}"' in items[0]


def test_person_role_with_source_link(built_seeds: Path) -> None:
    html = page(built_seeds, "zh-Hans", "people/wu-qing-wen")
    assert "园区党工委书记" in html or "党工委书记" in html
    assert re.search(r'href="\.\./\.\./sources/000_be3bebb17bddb5a1/#p-[0-9a-f]{6}"', html)


def test_people_index_sorted_by_pinyin_with_letters(built_seeds: Path) -> None:
    people = dataset(built_seeds, "people")
    assert [p["sort_key"] for p in people] == sorted(p["sort_key"] for p in people)
    html = page(built_seeds, "zh-Hans", "people")
    assert 'id="letter-w"' in html and 'href="#letter-w"' in html


def test_chronology_links_to_source_paragraphs(built_seeds: Path) -> None:
    html = page(built_seeds, "zh-Hans", "chronology")
    assert "2020年12月8日" in html
    assert re.search(r'href="\.\./sources/[^"]+/#p-[0-9a-f]{6}"', html)
    singapore = page(built_seeds, "zh-Hans", "chronology/singapore")
    assert "新加坡" in singapore


def test_data_downloads_exist(built_seeds: Path) -> None:
    for variant in ("zh-Hans", "zh-Hant"):
        for name in ("events", "bodies", "projects", "people", "documents"):
            for suffix in ("yml", "json", "csv", "schema.json"):
                assert (built_seeds / "site" / variant / "data" / f"{name}.{suffix}").exists()
    hant = (built_seeds / "site" / "zh-Hant" / "data" / "bodies.yml").read_text(encoding="utf-8")
    assert "中新雙邊合作聯委會" in hant


def test_search_parts_index_every_page_once(built_seeds: Path) -> None:
    for variant in ("zh-Hans", "zh-Hant"):
        site = built_seeds / "site" / variant
        searchable = [p for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
        bundle = site / "pagefind"
        merged = json.loads((bundle / "kb-search-parts.json").read_text(encoding="utf-8"))
        entries = [bundle / "pagefind-entry.json", *(bundle / part / "pagefind-entry.json" for part in merged)]
        counts = [sum(language["page_count"] for language in json.loads(e.read_text())["languages"].values())
                  for e in entries]
        characters = sum(size for _, size in search.indexed_pages(site))
        budget = SEARCH_PART_MB * 1_000_000 / search.BYTES_PER_CHARACTER
        assert len(entries) >= characters / budget > 1  # no part holds more text than the budget
        assert sum(counts) == len(searchable)
        assert not (bundle / merged[0] / "pagefind-ui.js").exists()  # merged parts hold only their index


def test_check_command_passes_on_seeds(built_seeds: Path) -> None:
    from conftest import REPO, run_cli

    result = run_cli("check", "--sources", str(REPO / "site_data" / "sources"), "--out", str(built_seeds))
    assert result.returncode == 0, result.stderr


def test_long_sections_list_only_their_index_in_the_site_navigation(built_seeds: Path) -> None:
    from generator.data.datasets import load_yaml
    from generator.pages import pages

    model = {name: load_yaml(built_seeds / "site_data" / f"{name}.yml")
             for name in ("documents", "events", "bodies", "projects", "people")}
    nav = pages.plan_nav(model, limit=len(model["projects"]))
    sections = {title: entries for item in nav.site for title, entries in item.items()}
    assert sections["人物"] == ["people/index.md"] and sections["合作机制"][0] == "bodies/index.md"
    assert len(sections["合作项目"]) == 1 + len(model["projects"])  # at the limit: still listed
    assert nav.unlisted == ["/people/*.md", "/data/review.md"]  # the editors' review page is linked from the data page
    book = {title: entries for item in nav.book for title, entries in item.items()}
    assert len(book["人物"]) == 1 + len(model["people"])
    # The seed corpus is small enough for every page to be listed in its site.
    sidebar = page(built_seeds, "zh-Hans", "people")
    assert all(f'<a href="{p["id"]}/" class="md-nav__link' in sidebar for p in model["people"])


def test_a_long_chronology_is_split_into_year_pages(monkeypatch) -> None:
    from conftest import REPO

    from generator.build import ingesting
    from generator.core.paths import Paths
    from generator.pages import pages

    model = ingesting.load_model(Paths.create())  # the seed datasets, as committed
    events = model["events"]
    years = sorted({e["date"][:4] for e in events})
    monkeypatch.setattr(pages, "CHRONOLOGY_LIMIT", len(events) - 1)  # the whole view splits, the other not
    singapore = [e for e in events if e["singapore"]]
    assert len(singapore) < len(events)
    planned = [p for p in pages.plan_pages(model) if p[0].startswith("chronology/")]
    rendered = render.render_pages(render.make_environment(REPO / "templates"), planned)
    assert sorted(rendered) == sorted(["chronology/index.md", "chronology/singapore.md",
                                       *[f"chronology/{year}.md" for year in years]])
    overview = rendered["chronology/index.md"]
    assert "### " not in overview and f"| [{years[0]}年](../chronology/{years[0]}.md) |" in overview
    # Every event is on the page of its year, and only there.
    lines = {path: [line for line in text.splitlines() if line.startswith("- **")] for path, text in rendered.items()}
    assert sum(len(lines[f"chronology/{year}.md"]) for year in years) == len(events)
    assert all(line.startswith(f"- **{int(years[-1])}年") for line in lines[f"chronology/{years[-1]}.md"])
    assert len(lines["chronology/singapore.md"]) == len(singapore)  # under the limit: one page
    nav = {title: entries for item in pages.plan_nav(model).book for title, entries in item.items()}
    assert nav["大事记"] == ["chronology/index.md", *[{f"{y}年": f"chronology/{y}.md"} for y in years],
                          {"中新合作大事": "chronology/singapore.md"}]


def test_kept_compiled_templates_follow_the_code_of_the_filters(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Jinja folds a filter of a constant into the compiled template: code that changes the filter must not
    get the template compiled with the old one."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # Jinja's per-user folder goes under tempdir

    def rendered(code: str, md: Callable[[str], str] | None = None) -> str:
        env = render.make_environment(DATA / "templates", render.compiled_templates(code))
        env.filters["md"] = md or env.filters["md"]
        return env.get_template("constant.md.j2").render()

    assert rendered("code-1") == "中新\\_合作\n"
    assert rendered("code-2", str.upper) == "中新_合作\n"  # the new code's filter, not the kept compilation
    assert rendered("code-1") == "中新\\_合作\n"
    assert len(list(tmp_path.glob("_jinja2-cache-*/*code-1*"))) == len(list(tmp_path.glob("_jinja2-cache-*/*code-2*"))) == 1


def test_every_event_source_anchor_is_on_its_source_page(tmp_path: Path) -> None:
    """An event read from a table's row links to the table; an untitled table still carries its anchor on the
    built page (an empty title once printed as a rule and lost it)."""
    from conftest import run_cli

    sources = tmp_path / "sources"
    sources.mkdir()
    name = "unseen_milestones_table.md"
    (sources / name).write_bytes((DATA / "extraction" / name).read_bytes())
    result = run_cli("build", "--sources", str(sources), "--out", str(tmp_path / "out"), env={"KB_PDF": "0"})
    assert result.returncode == 0, result.stdout[-2000:]
    events = dataset(tmp_path / "out", "events")
    assert events
    for event in events:
        source = event["source"]
        assert f'id="{source["anchor"]}"' in page(tmp_path / "out", "zh-Hans", f"sources/{source['doc']}")
