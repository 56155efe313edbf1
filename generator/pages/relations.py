"""Who meets whom: bodies, projects and people linked by the sessions people chair, the bodies and people a
project names, and the events that name them together, drawn at build time as an arc diagram in inline SVG.

An arc diagram puts the entities in one column, a row each with its name, and draws every link as an arc on
one side: names never overlap, the layout is fixed by the order of the rows (bodies, projects, people, each in
the order of their dataset), and it reads at any width. Every entity is a link to its page; the description
states every link and what makes it, so the drawing can be had without seeing it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from generator.pages.chart import FONT, _escape, _fit, _text_width, svg_start

KINDS = ("bodies", "projects", "people")
KIND_LABELS = {"bodies": "合作机制", "projects": "合作项目", "people": "人物"}
COLORS = {"bodies": "#c62828", "projects": "#1565c0", "people": "#2e7d32"}
WIDTH = 360
ROW = 20
TOP = 30  # room for the legend
LABEL_WIDTH = 180  # names are cut to this (the whole name is in the link's title and the description)
NEIGHBOURS = 12  # an entity page's diagram shows its most linked neighbours

Key = tuple[str, str]  # (kind, id)


@dataclass
class Graph:
    names: dict[Key, str]  # in the rows' order
    links: dict[tuple[Key, Key], Counter[str]] = field(default_factory=dict)  # reasons, counted, per pair
    weights: dict[Key, Counter[Key]] = field(default_factory=dict)  # each entity's links, counted, per neighbour

    def __post_init__(self) -> None:
        self.rank = {key: index for index, key in enumerate(self.names)}

    def link(self, a: Key, b: Key, reason: str) -> None:
        if a != b and a in self.names and b in self.names:
            self.links.setdefault((min(a, b), max(a, b)), Counter())[reason] += 1
            self.weights.setdefault(a, Counter())[b] += 1
            self.weights.setdefault(b, Counter())[a] += 1

    def neighbours(self, key: Key) -> list[Key]:
        """The entity's neighbours, the most linked first (ties in the rows' order)."""
        weight = self.weights.get(key, Counter())
        return sorted(weight, key=lambda other: (-weight[other], self.order(other)))

    def order(self, key: Key) -> int:
        return self.rank[key]


def build_graph(model: dict[str, Any]) -> Graph:
    graph = Graph({(kind, record["id"]): record["name"] for kind in KINDS for record in model[kind]})
    person_by_name = {person["name"]: person["id"] for person in model["people"]}
    for body in model["bodies"]:
        for session in body["sessions"]:
            for chair in session["co_chairs"]:
                if chair["name"] in person_by_name:
                    graph.link(("bodies", body["id"]), ("people", person_by_name[chair["name"]]), "主持会议")
    for project in model["projects"]:
        for kind, reason in (("bodies", "项目所属机制"), ("people", "项目人物")):
            for other in project[kind]:
                graph.link(("projects", project["id"]), (kind, other), reason)
    for event in model["events"]:
        named = sorted({(kind, entity) for kind in KINDS for entity in event[kind]})
        for a, b in combinations(named, 2):
            graph.link(a, b, "共同事件")
    return graph


def page_of(key: Key) -> str:
    return f"{key[0]}/{key[1]}.md"


def describe(graph: Graph, a: Key, b: Key) -> str:
    reasons = "，".join(f"{reason}{count}次" for reason, count in sorted(graph.links[(a, b)].items()))
    return f"{graph.names[a]}—{graph.names[b]}：{reasons}"


def arc_diagram(graph: Graph, keys: list[Key], heading: str, url: Callable[[str], str], centre: Key | None = None) -> str:
    """The entities `keys` (in the rows' order) and every link among them; `centre` drawn bold."""
    rows = sorted(keys, key=graph.order)
    y = {key: TOP + ROW * index + ROW / 2 for index, key in enumerate(rows)}
    x = 8 + min(LABEL_WIDTH, max(_text_width(_fit(graph.names[key], LABEL_WIDTH)) for key in rows)) + 10
    links = [(a, b) for (a, b) in graph.links if a in y and b in y]
    description = (f"关系图（弧线图），共{len(rows)}个实体、{len(links)}条关系：" +
                   "；".join(describe(graph, a, b) for a, b in links) + "。")
    parts = svg_start(heading, description, TOP + ROW * len(rows) + 8, role="group")
    parts += _legend()
    for a, b in links:
        parts.append(_arc(x, y[a], y[b], sum(graph.links[(a, b)].values()), describe(graph, a, b)))
    for key in rows:
        parts.append(_node(graph.names[key], key, x, y[key], url(page_of(key)), key == centre))
    return ('<figure class="kb-chart kb-relations" data-pagefind-ignore>'
            f"<figcaption>{_escape(heading)}</figcaption>" + "".join(parts) + "</svg></figure>")


def _legend() -> list[str]:
    parts, at = [], 0.0
    for kind in KINDS:
        parts.append(f'<circle cx="{at + 5:.1f}" cy="10" r="5" fill="{COLORS[kind]}"/>'
                     f'<text x="{at + 14:.1f}" y="14">{KIND_LABELS[kind]}</text>')
        at += 24 + _text_width(KIND_LABELS[kind])
    return parts


def _arc(x: float, y1: float, y2: float, weight: int, tip: str) -> str:
    """A half-ellipse to the right of the column, as wide as the rows are apart (up to the edge)."""
    bulge = min(WIDTH - x - 4, abs(y2 - y1) * 0.6 + 6) * 4 / 3  # a cubic's control points reach 3/4 out
    return (f'<path d="M{x:.1f} {y1:.1f} C{x + bulge:.1f} {y1:.1f} {x + bulge:.1f} {y2:.1f} {x:.1f} {y2:.1f}" '
            f'fill="none" stroke="#757575" stroke-opacity="0.6" stroke-width="{min(1 + weight * 0.5, 4):.1f}">'
            f"<title>{_escape(tip)}</title></path>")


def _node(name: str, key: Key, x: float, y: float, href: str, centre: bool) -> str:
    weight = ' font-weight="700"' if centre else ""
    return (f'<a href="{_escape(href)}" aria-label="{_escape(name)}"><title>{_escape(name)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{6 if centre else 4.5}" fill="{COLORS[key[0]]}"/>'
            f'<text x="{x - 10:.1f}" y="{y + FONT / 2 - 2:.1f}" text-anchor="end"{weight}>'
            f"{_escape(_fit(name, LABEL_WIDTH))}</text></a>")


def overview(graph: Graph, url: Callable[[str], str]) -> str:
    """Every entity with at least one link."""
    linked = sorted({key for pair in graph.links for key in pair}, key=graph.order)
    return arc_diagram(graph, linked, "合作机制、项目与人物关系图", url) if linked else ""


def neighbourhood(graph: Graph, key: Key, url: Callable[[str], str]) -> str:
    """The entity and its most linked neighbours, with the links among them."""
    near = graph.neighbours(key)[:NEIGHBOURS]
    return arc_diagram(graph, [key, *near], f"{graph.names[key]}：关系图", url, centre=key) if near else ""
