"""Charts of table numbers over time: the rule on table cases, the SVG, and the built pages and books."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA

from generator.pages.chart import chart_svg, nice_ticks, number, table_charts, time_key

CASES = yaml.safe_load((DATA / "chart" / "cases.yml").read_text(encoding="utf-8"))
POINT = re.compile(r'<circle class="kb-chart-point"')


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_charts_of_table_cases(case: dict[str, Any]) -> None:
    charts = table_charts(case["rows"])
    assert [c.unit for c in charts] == [c["unit"] for c in case["charts"]]
    for chart, expected in zip(charts, case["charts"], strict=True):
        assert list(chart.times) == expected["times"]
        counts = {s.name: sum(v is not None for v in s.values) for s in chart.series}
        assert counts == expected["series"]
    svg = chart_svg("表", case["rows"])
    assert len(POINT.findall(svg)) == sum(sum(c["series"].values()) for c in case["charts"])


@pytest.mark.parametrize("case", [c for c in CASES if c["charts"]], ids=lambda c: c["name"])
def test_description_states_every_value_of_every_series(case: dict[str, Any]) -> None:
    """The text alternative holds the chart's data: each series' values with their times, in order."""
    descriptions = re.findall(r"<desc[^>]*>([^<]+)</desc>", chart_svg("表", case["rows"]))
    for chart, desc in zip(table_charts(case["rows"]), descriptions, strict=True):
        for series in chart.series:
            stated = desc.split(f"{series.name}：", 1)[1].split("；", 1)[0].rstrip("。")
            percent = "%" if chart.unit == "%" else ""
            expected = [f"{time} {str(value).removesuffix('.0')}{percent}"
                        for time, value in zip(chart.times, series.values, strict=True) if value is not None]
            assert stated.split("，") == expected


def test_cells() -> None:
    assert time_key("2016年") == (2016, 0) and time_key("2021年3月") == (2021, 3) and time_key("2021-13") is None
    assert time_key("2020年目标值") is None and time_key("16") is None
    assert number("2,150.3") == (2150.3, False) and number("-24.3%") == (-24.3, True)
    assert number("7%左右") is None and number("30—32") is None


def test_ticks_are_round_and_cover_the_data() -> None:
    assert nice_ticks([2388.03, 2907.09]) == [2200, 2400, 2600, 2800, 3000]
    assert nice_ticks([80, 162]) == [0, 50, 100, 150, 200]
    ticks = nice_ticks([-3.7, 12])
    assert ticks[0] <= -3.7 and ticks[-1] >= 12 and 0 in ticks


def test_svg_is_accessible_escaped_and_phone_sized() -> None:
    rows = [["年份", "<b>产值</b>（亿元）"], ["2018", "1"], ["2019", "2"], ["2020", "3"]]
    svg = chart_svg('表1 <script>alert("x")</script>', rows)
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in svg and "&lt;b&gt;产值" in svg
    assert re.search(r'<svg [^>]*role="img" viewBox="0 0 \d+ \d+" width="100%"', svg)
    title, desc = re.search(r'<svg[^>]*aria-labelledby="([^"]+)" aria-describedby="([^"]+)"', svg).groups()
    assert re.search(rf'<svg[^>]*><title id="{title}">[^<]+</title><desc id="{desc}">[^<]+</desc>', svg)
    for label in ("2018", "2020", ">1<", ">3<"):  # time axis, value labels
        assert label in svg
    assert "\n" not in svg  # one line: Markdown keeps it as one raw HTML block
    assert chart_svg("表1", rows) == chart_svg("表1", [list(r) for r in rows])


def figures(html: str) -> list[str]:
    return re.findall(r'<figure class="kb-chart" data-pagefind-ignore>.*?</figure>', html)


@pytest.mark.parametrize("variant", ["zh-Hans", "zh-Hant"])
def test_built_page_has_the_charts_under_their_tables(built_chart: Path, variant: str) -> None:
    html = (built_chart / "site" / variant / "sources" / "yearly" / "index.html").read_text(encoding="utf-8")
    found = figures(html)
    # 表2: three units (亿元, 亿美元, %), 4 points each; 表3: one chart, 4 + 5 points; 表4: no chart.
    assert [len(POINT.findall(f)) for f in found] == [4, 4, 4, 9]
    assert html.index("表4") > html.rindex("kb-chart")
    assert "&lt;中新&gt;" in found[3] and "<中新>" not in html
    title = "園區主要經濟指標" if variant == "zh-Hant" else "园区主要经济指标"
    assert all(title in f for f in found[:3])


def test_book_has_the_chart_in_each_script(built_chart: Path) -> None:
    for variant, label in (("zh-Hans", "进出口总额（亿美元）"), ("zh-Hant", "進出口總額（億美元）")):
        book = built_chart / "site" / "pdf" / f"zhongxin-kb-{variant}.pdf"
        text = subprocess.run(["pdftotext", str(book), "-"], capture_output=True, text=True, check=True).stdout
        assert text.count(label) >= 2  # table header and chart legend
        assert "1055.3" in text
