"""The relationship view (generator/pages/relations.py): its links and their reasons (tests/data/relations/model.yml),
and on the built site every node of the overview and of each entity page's neighbourhood links to a page that
exists, the overview holding every linked entity."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import DATA

from generator.data.datasets import load_yaml
from generator.pages import relations

CASE = yaml.safe_load((DATA / "relations" / "model.yml").read_text(encoding="utf-8"))
NODE = re.compile(r'<a href="([^"]*)" aria-label="[^"]*"><title>[^<]*</title><circle')


def key(text: str) -> tuple[str, str]:
    kind, _, entity = text.partition("/")
    return kind, entity


def test_links_and_their_reasons() -> None:
    graph = relations.build_graph(CASE["model"])
    expected = {tuple(sorted((key(a), key(b)))): reasons for a, b, reasons in CASE["links"]}
    assert {pair: dict(reasons) for pair, reasons in graph.links.items()} == expected
    svg = relations.overview(graph, lambda page: page)
    assert "孤立者" not in svg and svg.count("<circle") == 4 + 3  # four entities, three in the legend
    assert relations.neighbourhood(graph, ("people", "alone"), lambda page: page) == ""


def nodes(page: Path) -> list[Path]:
    """The pages the relationship view's nodes on a built page lead to."""
    figure = page.read_text(encoding="utf-8").split('class="kb-chart kb-relations"', 1)[1].split("</figure>")[0]
    return [(page.parent / href / "index.html").resolve() for href in NODE.findall(figure)]


def test_every_node_links_to_an_existing_page(built_seeds: Path) -> None:
    model = {kind: load_yaml(built_seeds / "site_data" / f"{kind}.yml") for kind in (*relations.KINDS, "events")}
    graph = relations.build_graph(model)
    for variant in ("zh-Hans", "zh-Hant"):
        root = built_seeds / "site" / variant
        overview = nodes(root / "relations" / "index.html")
        assert overview == [(root / kind / entity / "index.html").resolve() for kind, entity in graph.names
                            if (kind, entity) in graph.weights]
        for kind, entity in graph.weights:
            page = root / kind / entity / "index.html"
            linked = nodes(page)
            assert page.resolve() in linked and all(target.exists() for target in linked), (kind, entity)
