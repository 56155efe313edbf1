"""A volume's Typst markup, assembled from the pages' HTML as the site build converted it (the hooks module
keeps each page's content in build/book/<variant>/), in the order of the navigation recorded in the variant's
generated configuration. Ids are prefixed per page and links between pages become links to places in the
volume, so they stay clickable in the PDF; generator/book/htmltypst.py converts each page, and
templates/print/book.typ.j2 is the frame (cover, table of contents, pages).
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import yaml

from generator.book import htmltypst
from generator.data.datasets import SAFE_LOADER
from generator.pages.volumes import (
    EXTERNAL,
    NavEntry,
    flatten_nav,
    volume_entries,
    volume_ranges,
)

FAMILIES = {"zh-Hans": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC"}  # Debian's fonts-noto-cjk

REGIONS = {"zh-Hans": "cn", "zh-Hant": "tw"}

PERMALINK = re.compile(r'<a class="headerlink" [^>]*>[^<]*</a>')  # the web's heading anchors (¶)

ATTRIBUTE = re.compile(r'(\s)(id|href)="([^"]*)"')

ID = re.compile(r'\sid="([^"]*)"')

TAG = re.compile(r"<[^>]+>")
FIRST_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)

URLS_FILE = "urls.yml"  # beside the kept pages: each page's site URL


@dataclass
class Chapter:
    """One page of the site inside the book; depth is its level in the navigation."""

    id: str
    title: str
    depth: int
    html: str


def page_id(path: str) -> str:
    return "pg-" + re.sub(r"[^0-9A-Za-z_]+", "-", path.removesuffix(".md"))


def url_key(url: str) -> str:
    """A site URL in one form: "section/wide/" and "section/wide" alike, "." for the root."""
    return posixpath.normpath(url or ".")


def localise(page_html: str, path: str, url: str, in_book: dict[str, str], web: str | None = None) -> str:
    """Prefix ids with the page's id and point links at in-book anchors. `url` is the page's site URL, which
    its links are relative to; `in_book` maps the url_key of every page in the book to its path. Links that
    lead out of the book (another volume, a download) go to the published site when its address `web` is
    known, and otherwise lose their target rather than break."""
    own = page_id(path)

    def rewrite(match: re.Match[str]) -> str:
        space, name, value = match.groups()
        if name == "id":
            return f'{space}id="{own}--{value}"'
        if EXTERNAL.match(value):
            return match.group(0)
        target, _, anchor = html.unescape(value).partition("#")
        target_path = in_book.get(url_key(posixpath.join(posixpath.dirname(url), target))) if target else path
        if target_path is None:
            return f'{space}href="{html.escape(urljoin(web + url, html.unescape(value)))}"' if web else ""
        return f'{space}href="#{page_id(target_path)}{"--" + anchor if anchor else ""}"'

    return ATTRIBUTE.sub(rewrite, page_html)


@dataclass(frozen=True)
class BookSource:
    """What a book is made of: the site's name, its full navigation, the folder of converted pages, where
    each volume starts in the navigation and the published site's address, if any."""

    site_name: str
    nav: list[Any]
    pages: Path
    urls: dict[str, str]  # page path -> its site URL, as the site build's hooks recorded them
    volume_starts: tuple[int, ...] = (0,)
    web: str | None = None

    @classmethod
    def from_config(cls, path: Path) -> BookSource:
        """From a variant's generated configuration (plain YAML: only its own keys are needed)."""
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        extra = config["extra"]
        pages = Path(extra["book_pages"])
        urls = yaml.load((pages / URLS_FILE).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        return cls(config["site_name"], extra["book_nav"], pages, urls, tuple(extra["book_volumes"]),
                   config.get("site_url"))

    @property
    def volumes(self) -> int:
        return len(self.volume_starts)


def page_html_file(pages: Path, path: str) -> Path:
    """Where the site build keeps the converted content of the page whose source is `path`."""
    return pages / f"{path}.html"


def chapter(source: BookSource, entry: NavEntry, in_book: dict[str, str], index: int) -> Chapter:
    """The `index`-th entry of a volume; a section without a page of its own is its heading alone, named after
    its place in the volume (titles repeat, and page ids drop Chinese characters)."""
    title, path, depth = entry
    if path is None:
        return Chapter(page_id(f"section-{index}"), title or "", depth, f"<h1>{html.escape(title or '')}</h1>")
    body = PERMALINK.sub("", page_html_file(source.pages, path).read_text(encoding="utf-8"))
    first = FIRST_H1.search(body)
    heading = html.unescape(TAG.sub("", first.group(1))) if first else title or path
    return Chapter(page_id(path), heading, depth, localise(body, path, source.urls[path], in_book, source.web))


def chapters(source: BookSource, volume: int = 1) -> list[Chapter]:
    # The book has every page; the site's navigation may leave long sections to their index page.
    entries = volume_entries(flatten_nav(source.nav), list(source.volume_starts), volume)
    in_book = {url_key(source.urls[path]): path for _, path, _ in entries if path}
    return [chapter(source, entry, in_book, index) for index, entry in enumerate(entries)]


@dataclass
class Volume:
    """One volume as Typst reads it: the main markup, the charts it shows (path -> SVG) and whether its links
    need their targets' places found first (`typeset`)."""

    markup: str
    files: dict[str, str]
    linked: bool = False

    def digest(self) -> str:
        hasher = hashlib.sha256(self.markup.encode("utf-8"))
        for path in sorted(self.files):
            hasher.update(f"\0{path}\0{self.files[path]}".encode())
        return hasher.hexdigest()


def book_volume(templates: Path, source: BookSource, variant: str, label: Callable[[str], str],
                volume: int = 1, template: jinja2.Template | None = None) -> Volume:
    """A volume's Typst markup: cover, table of contents and pages, each page converted from its HTML;
    `template` is the frame when it is already compiled."""
    book = chapters(source, volume)
    converter = htmltypst.Converter({target for item in book for target in [item.id, *ID.findall(item.html)]})
    for item in book:  # the table of contents links to every page
        converter.place(item.id)
    pages = [(item, converter.page(item.html, item.depth)) for item in book]
    spans = volume_spans(flatten_nav(source.nav), source.volume_starts) if source.volumes > 1 else []
    markup = (template or frame(templates, label)).render(
        site_name=source.site_name, font=FAMILIES[variant], lang="zh", region=REGIONS[variant], pages=pages,
        volume=volume, volumes=spans, places=list(converter.linked))
    return Volume(markup, converter.files, bool(converter.linked))


def frame(templates: Path, label: Callable[[str], str]) -> jinja2.Template:
    """A volume's frame (book.typ.j2): cover, table of contents, pages."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates / "print")), autoescape=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["label"] = label
    env.filters["string"] = htmltypst.string
    env.filters["target"] = htmltypst.label
    return env.get_template("book.typ.j2")


def volume_spans(entries: list[NavEntry], starts: list[int] | tuple[int, ...]) -> list[tuple[str, str]]:
    """The first and last page of each volume, for the covers, each after its top-level section's title."""
    return [(_located(entries, start), _located(entries, end - 1))
            for start, end in volume_ranges(starts, len(entries))]


def _located(entries: list[NavEntry], index: int) -> str:
    title, _, depth = entries[index]
    section = next((entry[0] for entry in reversed(entries[:index]) if entry[2] == 0), None) if depth else None
    return f"{section} · {title}" if section else title or ""
