"""Printable book per variant: every page of the site, in navigation order, as one PDF through WeasyPrint.

The book is assembled from the rendered Markdown in docs/<variant>/ with the variant's own MkDocs
configuration (navigation, Markdown extensions), so it grows with the site without extra work. Ids are
prefixed per page and links between pages become in-book anchors, so they stay clickable in the PDF.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markdown

from .paths import VARIANTS, Paths

PDF_DIR = "pdf"
FONTS = {"zh-Hans": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC"}
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
ATTRIBUTE = re.compile(r'(\s)(id|href)="([^"]*)"')
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
TAG = re.compile(r"<[^>]+>")

NavEntry = tuple[str | None, str | None, int]


def pdf_name(variant: str) -> str:
    return f"zhongxin-kb-{variant}.pdf"


def pdf_link(variant: str) -> str:
    """Where a variant's site finds its PDF, relative to the variant's root folder."""
    return f"../{PDF_DIR}/{pdf_name(variant)}"


@dataclass
class Chapter:
    """One page of the site inside the book; depth is its level in the navigation."""

    id: str
    title: str
    depth: int
    html: str


def page_id(path: str) -> str:
    return "pg-" + re.sub(r"[^0-9A-Za-z_]+", "-", path.removesuffix(".md"))


def flatten_nav(nav: list[Any], depth: int = 0) -> list[NavEntry]:
    """(title, page path, depth) in reading order. A section's leading untitled page is the section's own
    page; a section without one is a heading alone (path None). External links are not part of the book."""
    entries: list[NavEntry] = []
    for item in nav:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if not isinstance(value, list):
            if not EXTERNAL.match(value):
                entries.append((title, value, depth))
            continue
        children = list(value)
        index = children.pop(0) if children and isinstance(children[0], str) else None
        entries.append((title, index, depth))
        entries += flatten_nav(children, depth + 1)
    return entries


def localise(page_html: str, path: str, in_book: set[str]) -> str:
    """Prefix ids with the page's id and point links at in-book anchors; links that lead outside the
    book and outside the web (other files) lose their target rather than break."""
    own = page_id(path)

    def rewrite(match: re.Match[str]) -> str:
        space, name, value = match.groups()
        if name == "id":
            return f'{space}id="{own}--{value}"'
        if EXTERNAL.match(value):
            return match.group(0)
        target, _, anchor = html.unescape(value).partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) if target else path
        if target not in in_book:
            return ""
        return f'{space}href="#{page_id(target)}{"--" + anchor if anchor else ""}"'

    return ATTRIBUTE.sub(rewrite, page_html)


def markdown_renderer(config: Any) -> markdown.Markdown:
    """Python-Markdown with the site's own extensions; permalink marks are for the web only."""
    configs = {name: dict(options) for name, options in config.mdx_configs.items()}
    configs.setdefault("toc", {})["permalink"] = False
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=configs)


def chapter(docs: Path, entry: NavEntry, md: markdown.Markdown, in_book: set[str]) -> Chapter:
    title, path, depth = entry
    if path is None:
        return Chapter(page_id(f"section-{title}"), title or "", depth, f"<h1>{html.escape(title or '')}</h1>")
    source = FRONT_MATTER.sub("", (docs / path).read_text(encoding="utf-8"))
    body = md.reset().convert(source)
    headings = [t for t in getattr(md, "toc_tokens", []) if t["level"] == 1]
    heading = html.unescape(TAG.sub("", headings[0]["name"])) if headings else title or path
    return Chapter(page_id(path), heading, depth, localise(body, path, in_book))


def chapters(config: Any) -> list[Chapter]:
    entries = flatten_nav(config.nav or [])
    in_book = {path for _, path, _ in entries if path}
    md = markdown_renderer(config)
    return [chapter(Path(config.docs_dir), entry, md, in_book) for entry in entries]


def book_html(templates: Path, config: Any, variant: str, label: Callable[[str], str]) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates / "print")), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["label"] = label
    return env.get_template("book.html.j2").render(
        site_name=config.site_name, variant=variant, font=FONTS[variant], chapters=chapters(config))


def write_pdf(book: str, templates: Path, target: Path) -> Path:
    from weasyprint import CSS, HTML

    target.parent.mkdir(parents=True, exist_ok=True)
    stylesheet = CSS(filename=str(templates / "print" / "book.css"))
    HTML(string=book, base_url=str(templates)).write_pdf(target, stylesheets=[stylesheet])
    return target


def write_book(paths: Paths, variant: str, target: Path, label: Callable[[str], str]) -> Path:
    """The variant's book from its generated MkDocs configuration (build/mkdocs.<variant>.yml)."""
    from mkdocs.config import load_config

    config = load_config(str(paths.build / f"mkdocs.{variant}.yml"))
    return write_pdf(book_html(paths.templates, config, variant, label), paths.templates, target)


def write_books(paths: Paths, site_root: Path, labels: dict[str, Callable[[str], str]]) -> list[Path]:
    return [write_book(paths, v, site_root / PDF_DIR / pdf_name(v), labels[v]) for v in VARIANTS]
