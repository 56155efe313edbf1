"""The site's converted page HTML as Typst markup, for the printable book (generator/book/assemble.py).

The pages are the HTML that MkDocs made of the generator's Markdown, so the book has exactly the site's content
and a fixed, small set of elements: headings, paragraphs, lists, tables, captions, admonitions and details,
links, anchors (ids), inline SVG charts and a few inline styles. libxml2's HTML parser reads them into a tree,
and each element becomes a call of Typst's own functions or of the book's (templates/print/book.typ). All text
goes out as Typst string literals (`#"…"`), so no character of the sources is read as Typst markup.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field

import lxml.etree

BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "table", "details", "div", "figure", "blockquote",
          "hr", "pre", "summary", "figcaption", "svg"}
HEADING = re.compile(r"h([1-6])")
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
SVG_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
SVG_DESC = re.compile(r"<desc>(.*?)</desc>", re.S)
WIDE = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
# A line break between two wide characters joins them (Typst, like the source text, would print a space).
JOIN = re.compile(rf"(?<=[{WIDE}])[ \t\r\n]*\n[ \t\r\n]*(?=[{WIDE}])")
SPACES = re.compile(r"[ \t\r\n]+")
# Long unbroken Latin strings (file names, digests) may break after _ and . and every 16 characters, so they
# wrap inside a table cell instead of running off the page.
LONG_WORD = re.compile(r"[A-Za-z0-9_.]{25,}")
PUNCTUATION_BREAK = re.compile(r"(?<=[_.])(?=.)")
RUN_BREAK = re.compile(r"[A-Za-z0-9]{16}(?=[A-Za-z0-9])")
ZWSP = "\u200b"
# Code points PDF/UA-1 forbids in a document's text (control characters, byte-order marks, noncharacters):
# dropped from the book, whatever reached the page.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufdd0-\ufdef\ufffe\uffff]")
HTML_PARSER = lxml.etree.HTMLParser()
LABEL_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


def parse(html: str) -> Node:
    """The page's elements and text under a root node (libxml2's HTML parser, through lxml's plain elements:
    looking up lxml.html's element classes took a quarter of the reading)."""
    body = lxml.etree.fromstring(f"<html><body>{html}</body></html>", HTML_PARSER).find("body") if html.strip() else None
    return Node("root", {}, _node(body).children if body is not None else [])


def _node(element: lxml.etree._Element) -> Node:
    children: list[Node | str] = [element.text] if element.text else []
    for child in element:
        if isinstance(child.tag, str):  # not a comment
            children.append(_node(child))
        if child.tail:
            children.append(child.tail)
    return Node(element.tag, dict(element.attrib), children)


def label(name: str) -> str:
    """A Typst label for an HTML id: characters outside Typst's label syntax as their code points."""
    return f"<{label_name(name)}>"


def label_name(name: str) -> str:
    """The name of the Typst label of an HTML id."""
    return LABEL_UNSAFE.sub(lambda m: f"_{ord(m.group(0)):x}_", name)


def string(text: str) -> str:
    """`text` as a Typst string literal."""
    text = FORBIDDEN.sub("", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def words(text: str) -> str:
    """Text as HTML lays it out: joined across lines between wide characters, other whitespace one space."""
    text = SPACES.sub(" ", JOIN.sub("", FORBIDDEN.sub("", text)))
    return LONG_WORD.sub(lambda m: RUN_BREAK.sub(lambda run: run.group(0) + ZWSP,
                                                 PUNCTUATION_BREAK.sub(ZWSP, m.group(0))), text)


@dataclass
class Converter:
    """Converts one volume's pages. `targets` are the ids present in the volume (a link to any other is kept
    as text; those linked to are collected in `linked`); the charts met are collected in `files` (path -> SVG)
    for Typst to read beside the markup."""

    targets: set[str]
    files: dict[str, str] = field(default_factory=dict)
    depth: int = 0
    linked: dict[str, None] = field(default_factory=dict)  # label names of the link targets, in order met
    charts: list[str] = field(default_factory=list)
    open_headings: list[tuple[int, int]] = field(default_factory=list)  # (HTML level, book level)

    def page(self, html: str, depth: int) -> str:
        """A page's content at navigation depth `depth`; see `book_level` for its headings."""
        self.charts = SVG.findall(html)
        self.depth, self.open_headings = depth, []
        return self.blocks(parse(SVG.sub(lambda m: '<svg data-chart=""></svg>', html)))

    # --- blocks ---

    def blocks(self, node: Node) -> str:
        """The children of `node` as blocks; runs of inline content between blocks are paragraphs."""
        parts: list[str] = []
        run: list[Node | str] = []
        for child in [*node.children, Node("p", {})]:  # the sentinel ends the last run
            if isinstance(child, Node) and child.tag in BLOCKS:
                parts.append(self.inlines(run))
                run = []
                if child.children or child.tag in {"hr", "svg"}:
                    parts.append(self.block(child))
            else:
                run.append(child)
        return "\n\n".join(part for part in parts if part)

    def block(self, node: Node) -> str:
        level = HEADING.fullmatch(node.tag)
        if level:
            return self.heading(node, int(level.group(1)))
        handler = getattr(self, f"block_{node.tag}", None)
        return handler(node) if handler else self.anchor(node) + self.blocks(node)

    def heading(self, node: Node, level: int) -> str:
        """Page headings keep their look whatever their level in the book (the `kb-h` function); h1 and h2
        are bookmarked, as the navigation's pages and their sections."""
        outlined = "true" if level <= 2 else "false"
        anchor = " " + label(node.attrs["id"]) if "id" in node.attrs else ""
        return (f"#kb-h({level})[#heading(level: {self.book_level(level)}, outlined: {outlined})"
                f"[{self.inlines(node.children)}]{anchor}]")

    def book_level(self, level: int) -> int:
        """The heading's level in the book: a page's first heading is one deeper than its navigation depth,
        and each heading one deeper than the nearest higher one before it, never skipping a level (PDF/UA)."""
        while self.open_headings and self.open_headings[-1][0] >= level:
            self.open_headings.pop()
        book = self.open_headings[-1][1] + 1 if self.open_headings else self.depth + 1
        self.open_headings.append((level, book))
        return book

    def block_p(self, node: Node) -> str:
        content = self.anchor(node) + self.inlines(node.children)
        if "admonition-title" in node.classes:
            return f"#kb-title[{content}]"
        if node.classes & {"kb-caption", "kb-table-title"}:
            return f"#kb-caption[{content}]"
        return content

    def block_ul(self, node: Node) -> str:
        return self.list_of(node, "list")

    def block_ol(self, node: Node) -> str:
        return self.list_of(node, "enum")

    def list_of(self, node: Node, kind: str) -> str:
        items = [f"[{self.anchor(item)}{self.blocks(item)}]" for item in node.children
                 if isinstance(item, Node) and item.tag == "li"]
        return self.anchor(node) + f"#{kind}(" + ", ".join(items) + ")"

    def block_details(self, node: Node) -> str:
        """Details as a browser prints them: closed ones (the sources' change logs, thousands of table rows in
        all) show their summary only, open ones their content too."""
        if "open" in node.attrs:
            return self.boxed(node)
        summary = [child for child in node.children if isinstance(child, Node) and child.tag == "summary"]
        return f"{self.anchor(node)}#kb-aside[{self.blocks(Node('div', {}, summary))}]"

    def block_div(self, node: Node) -> str:
        return self.boxed(node) if "admonition" in node.classes else self.anchor(node) + self.blocks(node)

    def boxed(self, node: Node) -> str:
        return f"{self.anchor(node)}#kb-aside[{self.blocks(node)}]"

    def block_summary(self, node: Node) -> str:
        return f"#kb-title[{self.inlines(node.children)}]"

    def block_figcaption(self, node: Node) -> str:
        return f"#kb-caption[{self.inlines(node.children)}]"

    def block_blockquote(self, node: Node) -> str:
        return f"#quote(block: true)[{self.blocks(node)}]"

    def block_hr(self, node: Node) -> str:
        return "#line(length: 100%, stroke: 0.5pt + luma(80%))"

    def block_pre(self, node: Node) -> str:
        return f"#raw(block: true, {string(text_of(node))})"

    def block_svg(self, node: Node) -> str:
        """A chart: its SVG as an image, described by its title and description for screen readers."""
        svg = self.charts.pop(0)
        title, desc = (found.group(1) if found else "" for found in (SVG_TITLE.search(svg), SVG_DESC.search(svg)))
        alt = "：".join(part for part in (html.unescape(title), html.unescape(desc)) if part)
        path = f"charts/{hashlib.sha256(svg.encode('utf-8')).hexdigest()[:16]}.svg"
        self.files[path] = svg
        return f"#kb-chart({string(path)}, {string(alt)})"

    def block_table(self, node: Node) -> str:
        """A table whose header rows repeat on every page it runs over."""
        head, body = [], []
        for part in children(node):
            rows = [part] if part.tag == "tr" else [row for row in children(part) if row.tag == "tr"]
            (head if part.tag == "thead" else body).extend(rows)
        columns = max((sum(int(cell.attrs.get("colspan", 1)) for cell in cells(row)) for row in head + body),
                      default=1)
        parts = [f"columns: {columns}"]
        if head:
            parts.append("table.header(" + ", ".join(self.cell(c) for row in head for c in cells(row)) + ")")
        parts += [self.cell(c) for row in body for c in cells(row)]
        return self.anchor(node) + "#table(" + ", ".join(parts) + ")"

    def cell(self, node: Node) -> str:
        options = [f"{name}: {int(node.attrs[name])}" for name in ("colspan", "rowspan") if name in node.attrs]
        if "text-align: right" in node.attrs.get("style", ""):
            options.append("align: right")
        if "text-align: center" in node.attrs.get("style", ""):
            options.append("align: center")
        content = f"[{self.blocks(node)}]"
        return f"table.cell({', '.join(options)}){content}" if options else content

    # --- inline ---

    def inlines(self, children: list[Node | str]) -> str:
        """Inline content, without the whitespace at its edges (HTML shows none there)."""
        children = list(children)
        if children and isinstance(children[0], str):
            children[0] = children[0].lstrip()
        if children and isinstance(children[-1], str):
            children[-1] = children[-1].rstrip()
        return "".join(self.inline(child) for child in children)

    def inline(self, child: Node | str) -> str:
        if isinstance(child, str):
            text = words(child)
            return f"#{string(text)}" if text else ""
        handler = getattr(self, f"inline_{child.tag}", None)
        inner = self.inlines(child.children)
        return self.anchor(child) + (handler(child, inner) if handler else inner)

    def inline_a(self, node: Node, inner: str) -> str:
        href = node.attrs.get("href")
        if not href or "headerlink" in node.classes:
            return inner if href is None else ""
        if href.startswith("#"):
            return f"#link({self.place(href[1:])})[{inner}]" if href[1:] in self.targets else inner
        return f"#link({string(href)})[{inner}]"

    def inline_strong(self, node: Node, inner: str) -> str:
        return f"#strong[{inner}]"

    inline_b = inline_strong

    def inline_em(self, node: Node, inner: str) -> str:
        return f"#emph[{inner}]"

    inline_i = inline_em

    def inline_code(self, node: Node, inner: str) -> str:
        return f"#kb-code[{inner}]"

    def inline_small(self, node: Node, inner: str) -> str:
        return f"#text(size: 0.85em)[{inner}]"

    def inline_mark(self, node: Node, inner: str) -> str:
        return f"#highlight[{inner}]"

    def inline_sup(self, node: Node, inner: str) -> str:
        return f"#super[{inner}]"

    def inline_sub(self, node: Node, inner: str) -> str:
        return f"#sub[{inner}]"

    def inline_br(self, node: Node, inner: str) -> str:
        return "#linebreak()"

    def place(self, target: str) -> str:
        """Where a link to the element with id `target` leads: its place in the volume, which the book's first
        compilation finds (`kb-place`, templates/print/book.typ)."""
        name = label_name(target)
        self.linked[name] = None
        return f"kb-place({string(name)})"

    def anchor(self, node: Node) -> str:
        """An element's id as a place a link can lead to."""
        return f"#metadata(none){label(node.attrs['id'])}" if "id" in node.attrs and not HEADING.fullmatch(
            node.tag) else ""


def children(node: Node) -> list[Node]:
    return [child for child in node.children if isinstance(child, Node)]


def cells(row: Node) -> list[Node]:
    return [cell for cell in children(row) if cell.tag in {"td", "th"}]


def text_of(node: Node) -> str:
    return "".join(child if isinstance(child, str) else text_of(child) for child in node.children)
