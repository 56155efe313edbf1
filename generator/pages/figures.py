"""Charts of the datasets themselves, drawn at build time as inline SVG like the charts under tables
(`generator/pages/chart.py`, whose frame, scale and escaping they share): events per year and per month, a body's
sessions on a time line, a person's roles over time. Each mark is a link to where its records are listed, and
the description states every number, so the chart's data can be had without seeing it."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.pages.chart import (
    FONT,
    RIGHT,
    WIDTH,
    _escape,
    _fit,
    _format,
    _text_width,
    nice_ticks,
    svg_start,
)

PLOT_HEIGHT = 120
ROW_HEIGHT = 34
BAR_COLOR = "#c62828"
MAX_X_LABELS = 8
LABEL_WIDTH = 130  # a role's label beside its row; the whole of it is in the description
MONTH_CHART_MIN = 12  # events of a year, dated to their month, from which its months get a chart


@dataclass(frozen=True)
class Bar:
    label: str  # on the axis, e.g. 2020 or 11
    value: int
    href: str  # "" for a bar with nothing to link to (a year without events)
    tip: str  # what the bar says in words, e.g. 2020年：209条


@dataclass(frozen=True)
class Point:
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    label: str  # drawn beside the point, e.g. 第21次
    tip: str
    href: str


@dataclass(frozen=True)
class Row:
    label: str
    points: tuple[Point, ...]


Link = Callable[[str], str]  # a page path (with #anchor) to the href that leads there from the current page


def _figure(heading: str, svg: list[str]) -> str:
    """One line of markup, so that Markdown passes it through as a raw HTML block; kept out of the search index.
    The heading is shown as the caption too: the SVG's title is not."""
    return (f'<figure class="kb-chart" data-pagefind-ignore><figcaption>{_escape(heading)}</figcaption>'
            + "".join(svg) + "</svg></figure>")


def _link(href: str, tip: str, inner: str) -> str:
    return f'<a href="{_escape(href)}" aria-label="{_escape(tip)}"><title>{_escape(tip)}</title>{inner}</a>'


# --- bars -----------------------------------------------------------------------------------------------------

def bar_chart(heading: str, axis: str, bars: list[Bar], summary: str) -> str:
    """Vertical bars with a count axis (事件数) and a labelled time axis; `summary` opens the description."""
    ticks = nice_ticks([0.0, float(max(bar.value for bar in bars))])
    labels = [_format(t) for t in ticks]
    left = 8 + max(_text_width(label) for label in labels + ["事件"])
    top, bottom = 30, 30 + PLOT_HEIGHT
    step = (WIDTH - RIGHT - left) / len(bars)

    def y(value: float) -> float:
        return bottom - value / ticks[-1] * PLOT_HEIGHT

    description = summary + "：" + "，".join(bar.tip for bar in bars) + "。"
    parts = svg_start(heading, description, bottom + 2 * FONT + 16, role="group")
    parts.append(f'<text x="0" y="{top - 10}">事件数</text>')
    for tick, label in zip(ticks, labels, strict=True):
        parts.append(f'<line x1="{left:.1f}" y1="{y(tick):.1f}" x2="{WIDTH - RIGHT}" y2="{y(tick):.1f}" '
                     f'stroke="{"#9e9e9e" if tick == 0 else "#e0e0e0"}"/>'
                     f'<text x="{left - 4:.1f}" y="{y(tick) + 4:.1f}" text-anchor="end">{label}</text>')
    every = math.ceil(len(bars) / MAX_X_LABELS)
    for index, bar in enumerate(bars):
        x = left + step * index
        shape = (f'<rect x="{x + step * 0.15:.1f}" y="{y(bar.value):.1f}" width="{step * 0.7:.1f}" '
                 f'height="{bottom - y(bar.value):.1f}" fill="{BAR_COLOR}"/>')
        if bar.value:  # its number above it: a bar of 1 beside one of 200 is hardly seen
            shape += (f'<text x="{x + step / 2:.1f}" y="{y(bar.value) - 3:.1f}" text-anchor="middle" '
                      f'font-size="{FONT - 2}">{bar.value}</text>')
        parts.append(_link(bar.href, bar.tip, shape) if bar.href and bar.value else shape)
        if index % every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{bottom + FONT + 4:.1f}" text-anchor="middle">'
                         f"{_escape(bar.label)}</text>")
    parts.append(f'<text x="{(left + WIDTH - RIGHT) / 2:.1f}" y="{bottom + 2 * FONT + 12:.1f}" '
                 f'text-anchor="middle">{_escape(axis)}</text>')
    return _figure(heading, parts)


def events_by_year(events: Iterable[dict[str, Any]]) -> dict[int, int]:
    """Dated events per year, every year from the first to the last (a quiet year is a bar of nothing)."""
    counts = Counter(int(event["date"][:4]) for event in events if event["date"])
    return {year: counts[year] for year in range(min(counts), max(counts) + 1)} if counts else {}


def year_chart(events: list[dict[str, Any]], year_href: Callable[[int], str], title: str) -> str:
    """Events per year, each bar a link to its year (an anchor or a year page); empty without dated events."""
    counts = events_by_year(events)
    if not counts:
        return ""
    bars = [Bar(str(year), count, year_href(year), f"{year}年：{count}条") for year, count in counts.items()]
    summary = f"柱形图，横轴为年份（{min(counts)}年至{max(counts)}年），纵轴为事件数，共{sum(counts.values())}条"
    return bar_chart(f"{title}：每年事件数", "年份", bars, summary)


def events_by_month(events: Iterable[dict[str, Any]]) -> dict[int, int]:
    counts = Counter(int(event["date"][5:7]) for event in events if len(event["date"]) >= 7)
    return {month: counts[month] for month in range(1, 13)}


def month_chart(year: str, events: list[dict[str, Any]], month_href: Callable[[int], str]) -> str:
    """A year's events per month, each bar a link to its month; only for a year with MONTH_CHART_MIN events
    dated to their month (a chart of two bars says less than the list under it)."""
    counts = events_by_month(events)
    total = sum(counts.values())
    if total < MONTH_CHART_MIN:
        return ""
    bars = [Bar(str(month), count, month_href(month), f"{month}月：{count}条") for month, count in counts.items()]
    summary = f"柱形图，横轴为{year}年的月份，纵轴为事件数，共{total}条（只记到年的事件不计）"
    return bar_chart(f"{year}年每月事件数", "月份", bars, summary)


# --- time lines -----------------------------------------------------------------------------------------------

def when(date: str) -> float:
    """A date as a fraction of years: 2020 is mid-2020, 2020-12 the start of December, 2020-12-08 that day."""
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    return parts[0] + (parts[1] - 1) / 12 + ((parts[2] - 1) / 365 if len(parts) > 2 else 0)


def timeline(heading: str, rows: list[Row], summary: str, labelled: bool = True) -> str:
    """Rows of dated points over a shared axis of years, each row named at its left when `labelled`; each
    point a link."""
    dated = [point for row in rows for point in row.points]
    if not dated:
        return ""
    first = math.floor(min(when(p.date) for p in dated))
    last = math.floor(max(when(p.date) for p in dated)) + 1
    labels = [_fit(row.label, LABEL_WIDTH) for row in rows]
    left = 8 + max(_text_width(label) for label in labels) if labelled else 2 * FONT  # room for 2020
    axis_y = 16 + ROW_HEIGHT * len(rows)

    def x(date: str) -> float:
        return left + (when(date) - first) / (last - first) * (WIDTH - RIGHT - left)

    description = summary + "：" + "；".join(
        (f"{row.label}：" if labelled else "") + "，".join(p.tip for p in row.points) for row in rows) + "。"
    parts = svg_start(heading, description, axis_y + 2 * FONT + 16, role="group")
    for index, row in enumerate(rows):
        middle = 16 + ROW_HEIGHT * index + ROW_HEIGHT / 2
        if labelled:
            parts.append(f'<text x="0" y="{middle + 4:.1f}">{_escape(labels[index])}</text>')
        parts.append(f'<line x1="{left:.1f}" y1="{middle:.1f}" x2="{WIDTH - RIGHT}" y2="{middle:.1f}" stroke="#e0e0e0"/>')
        for order, point in enumerate(sorted(row.points, key=lambda p: when(p.date))):
            above = order % 2 == 0  # labels of neighbouring points alternate above and below the line
            mark = (f'<circle cx="{x(point.date):.1f}" cy="{middle:.1f}" r="5" fill="{BAR_COLOR}"/>'
                    f'<text x="{x(point.date):.1f}" y="{middle + (-9 if above else FONT + 7):.1f}" '
                    f'text-anchor="middle" font-size="{FONT - 1}">{_escape(point.label)}</text>')
            parts.append(_link(point.href, point.tip, mark))
    parts += _year_axis(first, last, left, axis_y)
    return _figure(heading, parts)


def _year_axis(first: int, last: int, left: float, y: float) -> list[str]:
    span = WIDTH - RIGHT - left
    every = math.ceil((last - first + 1) / MAX_X_LABELS)
    parts = [f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#9e9e9e"/>']
    for year in range(first, last + 1, every):
        at = left + (year - first) / (last - first) * span
        parts.append(f'<line x1="{at:.1f}" y1="{y:.1f}" x2="{at:.1f}" y2="{y + 4:.1f}" stroke="#9e9e9e"/>'
                     f'<text x="{at:.1f}" y="{y + FONT + 4:.1f}" text-anchor="middle">{year}</text>')
    parts.append(f'<text x="{(left + WIDTH - RIGHT) / 2:.1f}" y="{y + 2 * FONT + 12:.1f}" text-anchor="middle">年份</text>')
    return parts


def session_timeline(name: str, points: list[Point], undated: int) -> str:
    """A body's dated sessions on one line of years; the undated ones are counted in the description."""
    rest = f"，另有{undated}次日期不详" if undated else ""
    return timeline(f"{name}：历次会议时间线", [Row(name, tuple(points))],
                    f"时间线，横轴为年份，每个点是一次会议，共{len(points)}次有日期{rest}", labelled=False)


def role_timeline(name: str, rows: list[Row]) -> str:
    """A person's roles over time, a row per role, a point per date it is stated on."""
    seen = sum(len(row.points) for row in rows)
    return timeline(f"{name}：职务时间线", rows, f"时间线，横轴为年份，每行一项职务，每个点是文献记载该职务的日期，共{seen}处")


# --- the pages' charts ----------------------------------------------------------------------------------------

def body_sessions(body: dict[str, Any], label: Callable[[dict[str, Any]], str], anchor: Callable[[dict[str, Any]], str],
                  display_date: Callable[[str, str], str]) -> str:
    """A body's session time line, each point a link to its row in the table of sessions."""
    points, undated = [], 0
    for session in body["sessions"]:
        date = session["date"] or (str(session["year"]) if session["year"] else "")
        if not date:
            undated += 1
            continue
        text = label(session)
        place = f"，{session['place']}" if session["place"] else ""
        short = text.rpartition("年")[2]  # 2020年第1次 -> 第1次: the axis tells the year
        points.append(Point(date, short, f"{text} {display_date(date, session['date_end'])}{place}",
                            "#" + anchor(session)))
    return session_timeline(body["name"], points, undated)


def person_roles(person: dict[str, Any], url: Link, display_date: Callable[[str], str]) -> str:
    """A person's roles over time: a row per organisation and title, a point per date a source states it on,
    linked to the first line that does."""
    rows: dict[str, dict[str, Point]] = {}
    for role in person["roles"]:
        name = role["organisation"] + role["title"]
        if role["date"] and role["date"] not in rows.setdefault(name, {}):
            source = role["source"]
            rows[name][role["date"]] = Point(role["date"], "", f"{display_date(role['date'])} {name}",
                                             url(f"sources/{source['doc']}.md#{source['anchor']}"))
    dated = [Row(name, tuple(points.values())) for name, points in rows.items() if points]
    return role_timeline(person["name"], dated) if dated else ""
