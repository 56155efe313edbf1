"""Charts of a table's numbers over time: a table (header row + rows of cells) to an inline SVG, or nothing.

A table is charted by its shape only: a time axis (a column whose every value is a distinct year or year-month,
or at least three header cells that are) and at least one numeric series with
MIN_POINTS values on it. Series sharing a unit share one chart. The SVG is plain markup written into the
page's Markdown, so it is converted to traditional script with the rest of the page, needs no script to
view, and is byte-identical for the same table. Every label taken from the table is escaped.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

MIN_POINTS = 3
YEAR = re.compile(r"^((?:19|20)\d{2})\s*年?度?$")
YEAR_MONTH = re.compile(r"^((?:19|20)\d{2})\s*(?:年|[-./])\s*(\d{1,2})\s*月?$")
NUMBER = re.compile(r"^([-−+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)$")
MISSING = {"", "—", "–", "-", "－", "/", "…", "——"}
SEQUENCE_HEADER = re.compile(r"^(?:序号|编号|No\.?)$", re.I)
UNIT = re.compile(r"[（(]([^（）()]+)[）)]$")
COLORS = ("#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#ad1457")

# Layout in viewBox units; the SVG scales to the content width: a phone shows it at about 1x, the desktop
# column (overrides/assets/kb.css) at most at 4/3, so text stays near body size.
WIDTH = 360
PLOT_HEIGHT = 170
FONT = 12
LEGEND_ROW = 18
RIGHT = 14
TICKS = 5
MAX_X_LABELS = 7
MAX_VALUE_LABELS = 12


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per time point, None where the table has no number


Scale = Callable[[float], float]
Found = tuple[list[str], list[tuple[str, list[str]]]]  # time labels, and (name, cells) of each candidate series


@dataclass(frozen=True)
class Frame:
    """Where things go: the x of each time point, the y of a value, the y of the plot's floor."""

    x: list[float]
    y: Scale
    bottom: float


@dataclass(frozen=True)
class Chart:
    times: tuple[str, ...]  # time labels as the table writes them, oldest first
    unit: str
    series: tuple[Series, ...]


def time_key(cell: str) -> tuple[int, int] | None:
    """(year, month) of a cell that is only a year or a year-month; month 0 for a year."""
    cell = cell.strip()
    if match := YEAR.match(cell):
        return int(match.group(1)), 0
    if (match := YEAR_MONTH.match(cell)) and 1 <= int(match.group(2)) <= 12:
        return int(match.group(1)), int(match.group(2))
    return None


def number(cell: str) -> tuple[float, bool] | None:
    """(value, is a percentage) of a plain number cell such as 2,150.3 or -24.3%; None for anything else."""
    match = NUMBER.match(cell.strip())
    if not match:
        return None
    sign, digits, fraction, percent = match.groups()
    value = float(digits.replace(",", "") + (fraction or ""))
    return (-value if sign in ("-", "−") else value), bool(percent)


def table_charts(rows: list[list[str]]) -> list[Chart]:
    """The charts a table calls for: none unless it has numbers over time."""
    if len(rows) < 2 or any(len(row) != len(rows[0]) for row in rows):
        return []
    header, body = rows[0], rows[1:]
    found = _by_time_column(header, body) or _by_time_header(header, body)
    return _group_by_unit(*found) if found else []


def _by_time_column(header: list[str], body: list[list[str]]) -> Found | None:
    """Rows are time points: the first column of times; every other numeric column is a series."""
    for column in range(len(header)):
        cells = [row[column] for row in body]
        if _is_time_axis(cells):
            series = [(header[c], [row[c] for row in body]) for c in range(len(header))
                      if c != column and not _is_sequence(c, header[c], [row[c] for row in body])]
            return cells, series
    return None


def _by_time_header(header: list[str], body: list[list[str]]) -> Found | None:
    """Columns are time points: header cells that are times; each row is a series named by its last label."""
    columns = [c for c, title in enumerate(header) if time_key(title)]
    if len(columns) < MIN_POINTS or not _is_time_axis([header[c] for c in columns]):
        return None
    labels = [c for c in range(columns[0]) if not _is_sequence(c, header[c], [row[c] for row in body])]
    if not labels:
        return None
    series = [(row[labels[-1]], [row[c] for c in columns]) for row in body]
    return [header[c] for c in columns], series


def _is_time_axis(cells: list[str]) -> bool:
    keys = [time_key(cell) for cell in cells]
    return all(keys) and len(set(keys)) == len(keys)


def _is_sequence(column: int, title: str, cells: list[str]) -> bool:
    """A row-number column (序号, or a first column 1, 2, 3 …): not a quantity."""
    numbered = cells == [str(n) for n in range(1, len(cells) + 1)]
    return bool(SEQUENCE_HEADER.match(title)) or (column == 0 and numbered)


def _group_by_unit(times: list[str], candidates: list[tuple[str, list[str]]]) -> list[Chart]:
    """Numeric series in time order, one chart per unit (a header's bracketed unit, or %)."""
    order = sorted(range(len(times)), key=lambda i: time_key(times[i]) or (0, 0))
    charts: dict[str, list[Series]] = {}
    for name, cells in candidates:
        parsed = _numbers(cells)
        if parsed is None:
            continue
        values, percent = parsed
        unit = "%" if percent else (match.group(1) if (match := UNIT.search(name)) else "")
        charts.setdefault(unit, []).append(Series(name, tuple(values[i] for i in order)))
    ordered_times = tuple(times[i] for i in order)
    return [Chart(ordered_times, unit, tuple(series)) for unit, series in charts.items()]


def _numbers(cells: list[str]) -> tuple[list[float | None], bool] | None:
    """The values of a numeric series (missing cells None), and whether they are percentages."""
    values: list[float | None] = []
    kinds: set[bool] = set()
    for cell in cells:
        if cell.strip() in MISSING:
            values.append(None)
        elif parsed := number(cell):
            values.append(parsed[0])
            kinds.add(parsed[1])
        else:
            return None
    if len(kinds) != 1 or sum(v is not None for v in values) < MIN_POINTS:
        return None
    return values, kinds.pop()


# --- SVG ---------------------------------------------------------------------------------------------------

def chart_svg(title: str, rows: list[list[str]]) -> str:
    """Inline SVG figures for a table (empty when it has no numbers over time), one line of markup each so
    that Markdown passes them through as a raw HTML block."""
    return "\n".join(_figure(title, chart) for chart in table_charts(rows))


def _figure(title: str, chart: Chart) -> str:
    heading = f"{title}（{chart.unit}）" if chart.unit and chart.unit not in title else title
    svg = _svg(heading, chart)
    return f'<figure class="kb-chart" data-pagefind-ignore>{svg}</figure>'


def _svg(heading: str, chart: Chart) -> str:
    ticks = nice_ticks([v for s in chart.series for v in s.values if v is not None])
    tick_labels = [_format(t) for t in ticks]
    left = 8 + max(_text_width(label) for label in tick_labels)
    top = 8 + LEGEND_ROW * len(chart.series) + 16  # room for the value label of the highest point
    bottom = top + PLOT_HEIGHT
    height = bottom + FONT + 12
    x = _x_positions(len(chart.times), left, WIDTH - RIGHT)

    def y(value: float) -> float:
        return bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * PLOT_HEIGHT

    parts = svg_start(heading, _description(chart), height)
    parts += _legend(chart.series, chart.unit)
    parts += _y_axis(ticks, tick_labels, left, y)
    parts += _x_axis(chart.times, x, bottom)
    frame = Frame(x, y, bottom)
    for index, series in enumerate(chart.series):
        parts += _line(series, chart, index, frame, labelled=len(chart.series) == 1)
    parts.append("</svg>")
    return "".join(parts)


def svg_start(heading: str, description: str, height: float, role: str = "img") -> list[str]:
    """The opening of a chart's SVG: named and described by its title and description, by reference too, since
    not every browser and screen reader reads an SVG's <desc>. A chart whose marks are links is a `group`: an
    `img` may not hold anything interactive."""
    ident = "kb-chart-" + hashlib.sha1(f"{heading}\n{description}".encode()).hexdigest()[:10]
    return [f'<svg class="kb-chart-svg" role="{role}" viewBox="0 0 {WIDTH} {height:g}" width="100%" '
            f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
            f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT}" fill="currentColor">',
            f'<title id="{ident}-title">{_escape(heading)}</title>',
            f'<desc id="{ident}-desc">{_escape(description)}</desc>']


def nice_ticks(values: list[float]) -> list[float]:
    """About TICKS round values spanning the data (and zero when the data are all on one side near it)."""
    low, high = min(values), max(values)
    if low > 0 and low < high / 2:
        low = 0.0
    if high < 0 and high > low / 2:
        high = 0.0
    if low == high:
        low, high = (low - 1, high + 1) if low == 0 else (min(0.0, low), max(0.0, high))
    raw = (high - low) / (TICKS - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    count = math.ceil(round((high - first) / step, 9))
    return [round(first + i * step, 10) for i in range(count + 1)]


def _x_positions(count: int, left: float, right: float) -> list[float]:
    """Evenly spaced time points with half a step of room at each end."""
    step = (right - left) / count
    return [left + step * (i + 0.5) for i in range(count)]


def _legend(series: tuple[Series, ...], unit: str) -> list[str]:
    parts = []
    for index, item in enumerate(series):
        y = 8 + LEGEND_ROW * index + FONT / 2
        color = COLORS[index % len(COLORS)]
        name = _fit(item.name + (f"（{unit}）" if unit == "%" else ""), WIDTH - 30)
        parts.append(f'<line x1="0" y1="{y:.1f}" x2="18" y2="{y:.1f}" stroke="{color}" stroke-width="3"/>'
                     f'<text x="24" y="{y + FONT / 2 - 2:.1f}">{_escape(name)}</text>')
    return parts


def _y_axis(ticks: list[float], labels: list[str], left: float, y: Scale) -> list[str]:
    parts = []
    for tick, label in zip(ticks, labels, strict=True):
        at = y(tick)
        grid = "#9e9e9e" if tick == 0 else "#e0e0e0"
        parts.append(f'<line x1="{left:.1f}" y1="{at:.1f}" x2="{WIDTH - RIGHT}" y2="{at:.1f}" stroke="{grid}"/>'
                     f'<text x="{left - 4:.1f}" y="{at + 4:.1f}" text-anchor="end">{label}</text>')
    return parts


def _x_axis(times: tuple[str, ...], x: list[float], bottom: float) -> list[str]:
    every = math.ceil(len(times) / MAX_X_LABELS)
    return [f'<text x="{x[i]:.1f}" y="{bottom + FONT + 6:.1f}" text-anchor="middle">{_escape(_short(t))}</text>'
            for i, t in enumerate(times) if i % every == 0]


def _line(series: Series, chart: Chart, index: int, frame: Frame, labelled: bool) -> list[str]:
    """The series as a path (broken where a value is missing) with a titled point per value."""
    color = COLORS[index % len(COLORS)]
    path, pen_down, points = [], False, []
    for i, value in enumerate(series.values):
        if value is None:
            pen_down = False
            continue
        x, at = frame.x[i], frame.y(value)
        path.append(f"{'L' if pen_down else 'M'}{x:.1f} {at:.1f}")
        pen_down = True
        tip = f"{series.name} {chart.times[i]}：{_value_text(value, chart.unit)}"
        points.append(f'<circle class="kb-chart-point" cx="{x:.1f}" cy="{at:.1f}" r="3.5" fill="{color}">'
                      f"<title>{_escape(tip)}</title></circle>")
        if labelled and len(series.values) <= MAX_VALUE_LABELS:
            below = _is_valley(series.values, i) and at + FONT + 4 <= frame.bottom
            points.append(f'<text x="{x:.1f}" y="{at + (FONT + 4 if below else -7):.1f}" text-anchor="middle" '
                          f'font-size="{FONT - 1}">{_format(value)}</text>')
    return [f'<path d="{" ".join(path)}" fill="none" stroke="{color}" stroke-width="2"/>', *points]


def _is_valley(values: tuple[float | None, ...], index: int) -> bool:
    """A point below its neighbours' mean: its value label goes under it, away from the lines."""
    neighbours = [v for v in values[max(0, index - 1):index] + values[index + 1:index + 2] if v is not None]
    value = values[index]
    return bool(neighbours) and value is not None and value < sum(neighbours) / len(neighbours)


def _description(chart: Chart) -> str:
    """What a screen reader says instead of the drawing: the axes, then every value of each series with its
    time, so that the chart's data can be had without seeing it (points the table leaves empty are left out)."""
    unit = f"，单位：{chart.unit}" if chart.unit else ""
    data = "；".join(f"{s.name}：" + "，".join(f"{time} {_value_text(value, chart.unit)}"
                                              for time, value in zip(chart.times, s.values, strict=True)
                                              if value is not None)
                     for s in chart.series)
    return f"折线图，横轴为时间（{chart.times[0]}至{chart.times[-1]}）{unit}。{data}。"


def _value_text(value: float, unit: str) -> str:
    """A value as a reader is told it: percentages keep their sign, other units are in the legend."""
    return _format(value) + ("%" if unit == "%" else "")


def _format(value: float) -> str:
    """Up to two decimals, no trailing zeros: 2150, 6.5, -24.3."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _short(time: str) -> str:
    """2016年 -> 2016 on the axis (the unit of time is obvious there); year-months as 2016.3."""
    key = time_key(time)
    if key is None:
        return time
    return f"{key[0]}" if key[1] == 0 else f"{key[0]}.{key[1]}"


def _text_width(text: str) -> float:
    """Approximate width of a label in viewBox units: wide characters (Han, full-width) one em, others half."""
    return sum(FONT if ord(c) > 0x2E7F else FONT * 0.6 for c in text)


def _fit(text: str, width: float) -> str:
    """The label cut with an ellipsis to fit the width; the full name stays in the point titles."""
    if _text_width(text) <= width:
        return text
    while text and _text_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
