"""The Atom feed of each variant (generator/pages/feed.py): valid Atom (RFC 4287's schema, tests/data/feed/),
at least ten entries, newest first, each linking to a page that exists; the same feed from the same datasets;
and every built page's head naming its own variant's feed."""

from __future__ import annotations

import copy
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from conftest import DATA, REPO
from lxml import etree, html

from generator.pages import feed

ATOM = {"a": feed.NAMESPACE}
SCHEMA = etree.RelaxNG(etree.parse(str(DATA / "feed" / "atom.rng")))
VARIANTS = ("zh-Hans", "zh-Hant")


def committed(variant: str) -> etree._ElementTree:
    """The feed as the repository's docs hold it, stamped as a build without SITE_URL stamps it."""
    text = (REPO / "docs" / variant / feed.FEED).read_text(encoding="utf-8")
    return etree.ElementTree(etree.fromstring(feed.stamp(text, "", variant).encode("utf-8")))


def alternate_links(tree: etree._ElementTree) -> list[str]:
    return tree.xpath("/a:feed/a:entry/a:link[@rel='alternate']/@href", namespaces=ATOM)


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_feed_is_valid_atom_with_ten_entries_newest_first(variant: str) -> None:
    tree = committed(variant)
    assert SCHEMA.validate(tree), SCHEMA.error_log
    root = tree.getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == variant
    entries = root.findall("a:entry", ATOM)
    assert len(entries) >= 10
    updated = [entry.findtext("a:updated", namespaces=ATOM) for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext("a:updated", namespaces=ATOM) == updated[0]  # the newest fact's date, not the build's
    ids = [entry.findtext("a:id", namespaces=ATOM) for entry in entries]
    assert len(set(ids)) == len(ids)
    assert {entry.find("a:category", ATOM).get("term") for entry in entries} == {"zh-Hans": {"事件", "文献"}, "zh-Hant": {"事件", "文獻"}}[variant]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_entry_links_to_a_page_of_the_docs(variant: str) -> None:
    for href in alternate_links(committed(variant)):
        path = urlsplit(href).path.removeprefix("./").removesuffix("/")
        page = REPO / "docs" / variant / (f"{path}/index.md" if (REPO / "docs" / variant / path).is_dir() else f"{path}.md")
        assert page.is_file(), href


def test_the_schema_refuses_an_entry_without_its_date() -> None:
    tree = committed("zh-Hans")
    broken = copy.deepcopy(tree)
    entry = broken.getroot().find("a:entry", ATOM)
    entry.remove(entry.find("a:updated", ATOM))
    assert SCHEMA.validate(tree) and not SCHEMA.validate(broken)


def test_the_same_model_gives_the_same_feed_whatever_the_order_of_events() -> None:
    model = {name: yaml.safe_load((REPO / "site_data" / f"{name}.yml").read_text(encoding="utf-8"))
             for name in ("events", "documents")}
    shuffled = {"events": model["events"][::-1], "documents": model["documents"][::-1]}
    assert feed.atom(model) == feed.atom(shuffled) == (REPO / "docs" / "zh-Hans" / feed.FEED).read_text(encoding="utf-8")


@pytest.mark.parametrize("case", yaml.safe_load((DATA / "feed" / "timestamps.yml").read_text(encoding="utf-8")),
                         ids=lambda case: case["date"])
def test_a_fact_date_is_dated_at_its_first_day(case: dict[str, str]) -> None:
    assert feed.timestamp(case["date"]) == case["timestamp"]


def built_file(site: Path, variant: str, url: str) -> Path:
    path = site / variant / urlsplit(url).path.removeprefix(f"/{variant}/").lstrip("/")
    return path / "index.html" if not path.suffix else path


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_built_feed_leads_to_built_pages_and_every_page_names_it(built_seeds: Path, variant: str) -> None:
    site = built_seeds / "site"
    tree = etree.parse(str(site / variant / feed.FEED))
    assert SCHEMA.validate(tree), SCHEMA.error_log
    base = f"/{variant}/{feed.FEED}"
    for href in alternate_links(tree):
        target = urljoin(base, href)
        page = built_file(site, variant, target)
        assert page.is_file(), href
        fragment = urlsplit(target).fragment
        if fragment:
            assert html.parse(str(page)).xpath(f"//*[@id='{fragment}']"), href
    pages = sorted((site / variant).rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        relative = "/" + page.relative_to(site).as_posix()
        heads = html.parse(str(page)).xpath("//head/link[@rel='alternate'][@type='application/atom+xml']/@href")
        assert [urljoin(relative, href) for href in heads] == [base], page
