"""Charts of the datasets (generator/pages/figures.py): their numbers are the datasets' counts, every mark links to a
place that exists, and nothing from a source becomes markup."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml
from conftest import DATA

from generator.data.datasets import load_yaml
from generator.pages import figures

CASE = yaml.safe_load((DATA / "figures" / "events.yml").read_text(encoding="utf-8"))
LINK = re.compile(r'<a href="([^"]*)" aria-label="([^"]*)">')


def test_counts_per_year_and_month() -> None:
    assert figures.events_by_year(CASE["events"]) == CASE["by_year"]
    by_month = figures.events_by_month([e for e in CASE["events"] if e["date"].startswith("2020")])
    assert {month: count for month, count in by_month.items() if count} == CASE["by_month_2020"]


def test_a_name_from_a_source_stays_text() -> None:
    name = CASE["hostile_name"]
    svg = figures.session_timeline(name, [figures.Point("2020-11-18", "第1次", f"{name} 第1次", "#session-1")], 1)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "另有1次日期不详" in svg


def page(built: Path, variant: str, path: str) -> str:
    return (built / "site" / variant / path / "index.html").read_text(encoding="utf-8")


def test_home_and_chronology_charts_count_the_events(built_seeds: Path) -> None:
    events = load_yaml(built_seeds / "site_data" / "events.yml")
    per_year = Counter(int(e["date"][:4]) for e in events if e["date"])
    for variant, path in (("zh-Hans", ""), ("zh-Hant", ""), ("zh-Hans", "chronology")):
        html = page(built_seeds, variant, path)
        bars = {int(year): int(count) for year, count in re.findall(r'aria-label="(\d{4})年：(\d+)[条條]"', html)}
        assert bars == dict(per_year), (variant, path)
        assert re.search(f"，共{sum(per_year.values())}[条條]：", html), (variant, path)
    per_month = Counter(int(e["date"][5:7]) for e in events if e["date"].startswith("2020-"))
    html = page(built_seeds, "zh-Hans", "chronology")
    months = html.split("2020年每月事件数", 1)[1].split("</figure>", 1)[0]
    assert {int(m): int(n) for m, n in re.findall(r'aria-label="(\d+)月：(\d+)条"', months)} == dict(per_month)


def test_chart_links_lead_to_existing_places(built_seeds: Path) -> None:
    for path in ("", "chronology", "bodies/zhong-xin-he-zuo-su-zhou-gong-ye-yuan-qu-ruan-jian-hui-yi", "people/wang-rui-jie"):
        html = page(built_seeds, "zh-Hans", path)
        figures_html = "".join(re.findall(r'<figure class="kb-chart".*?</figure>', html, re.S))
        hrefs = [href for href, _ in LINK.findall(figures_html)]
        assert hrefs, path
        for href in hrefs:
            target, _, anchor = href.partition("#")
            file = (built_seeds / "site" / "zh-Hans" / path / target / "index.html").resolve()
            assert file.exists(), href
            assert not anchor or f'id="{anchor}"' in file.read_text(encoding="utf-8"), href


def test_session_timelines_hold_every_dated_session(built_seeds: Path) -> None:
    for body in load_yaml(built_seeds / "site_data" / "bodies.yml"):
        html = page(built_seeds, "zh-Hans", f"bodies/{body['id']}")
        dated = [s for s in body["sessions"] if s["date"] or s["year"]]
        points = re.findall(r'<a href="#(session-[^"]+)"', html.split("历次会议时间线", 1)[-1].split("</figure>")[0])
        assert len(points) == len(dated), body["id"]
        if dated and len(dated) < len(body["sessions"]):
            assert f"另有{len(body['sessions']) - len(dated)}次日期不详" in html
