"""Every internal link of the built sites resolves: to an existing file and, with a #fragment, to an id in it."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

VARIANTS = ("zh-Hans", "zh-Hant")


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    hrefs: list[str] = field(default_factory=list)


class PageParser(HTMLParser):
    """The ids a page offers (id, and name on anchors) and every href it links to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.page.ids.add(values[key] or "")
        if values.get("href") is not None:
            self.page.hrefs.append(values["href"] or "")


def parse(path: Path) -> Page:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc)


def broken_links(site: Path) -> tuple[int, int, list[str]]:
    """(pages, internal links checked, every broken link as 'page: href: why') for a built site folder."""
    pages = sorted(p for v in VARIANTS for p in (site / v).rglob("*.html")) + sorted(site.glob("*.html"))
    parsed = cache(parse)
    checked, broken = 0, []
    for path in pages:
        here = path.relative_to(site).as_posix()
        for href in parsed(path).hrefs:
            if is_external(href) or not href.strip("#"):
                continue
            checked += 1
            problem = resolve(site, here, href, parsed)
            if problem:
                broken.append(f"{here}: {href}: {problem}")
    return len(pages), checked, broken


def resolve(site: Path, here: str, href: str, parsed: object) -> str:
    """Why `href` on page `here` (relative to the site folder) does not resolve; empty when it does."""
    parts = urlsplit(href)
    target = unquote(parts.path)
    if target:
        base = "" if target.startswith("/") else posixpath.dirname(here)
        target = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
        if target == ".." or target.startswith("../"):
            return "outside the site"
    else:
        target = here
    file = site / target
    if file.is_dir():
        file = file / "index.html"
    if not file.is_file():
        return "no such file"
    fragment = unquote(parts.fragment)
    if fragment and file.suffix == ".html" and fragment not in parsed(file).ids:  # type: ignore[operator]
        return f"no id {fragment!r} in {file.relative_to(site).as_posix()}"
    return ""


def test_every_internal_link_resolves(built_seeds: Path) -> None:
    pages, checked, broken = broken_links(built_seeds / "site")
    assert pages > 100 and checked > 5000, (pages, checked)
    assert not broken, f"{len(broken)} broken of {checked} links on {pages} pages:\n" + "\n".join(broken)
