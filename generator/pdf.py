"""Printable book per variant: every page of the site, in navigation order, as PDFs printed by headless
Chromium: one volume, or several for a large corpus (Chromium's print time grows faster than the book).

The book is assembled from the pages' HTML as the site build converted it (the hooks module keeps each
page's content in build/book/<variant>/, so no page is converted twice), in the order of the navigation
recorded in the variant's generated configuration. Ids are prefixed per page and links between pages
become in-book anchors, so they stay clickable in the PDF. Chromium makes the bookmarks from the headings
(shifted one level per navigation level) and has no target-counter(): the table of contents gets its page
numbers from a draft print's named destinations (untagged, without links and drawing only the TOC's targets:
a third of the tagged final print's time).
(WeasyPrint, used before, laid the ~95-page seed book out in ~25 s a variant in pure Python; Chromium
prints it in about 2 s a pass.) Chromium is driven over the DevTools protocol directly (generator/devtools.py).
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import markupsafe
import yaml

from . import devtools, parallel, printfonts
from .cache import CACHE_DIR, code_fingerprint, forget_unused
from .datasets import SAFE_LOADER
from .paths import VARIANTS, Paths

PDF_DIR = "pdf"
BOOK_CACHE_DIR = "book"  # in the build cache: each variant's last book fonts and volumes
FONTS_DIR = "fonts"
VOLUMES_DIR = "volumes"
PDF_JOBS_SETTING = "KB_PDF_JOBS"  # books printed at once (default 2)
VOLUME_SETTING = "KB_PDF_VOLUME_BYTES"  # Markdown bytes per volume; about 330 A4 pages at the default
# Chromium holds a whole volume while printing it, ~2 MB of memory a page (100 documents' book: two Chromiums
# printing at once peaked at 3.3 GB with 4 MB volumes, 2.2 GB with 2 MB, 1.8 GB with 1 MB, in the same time
# but for the smallest, which took a fifth longer).
VOLUME_BYTES = 2_000_000
CHROMIUM = "/usr/bin/chromium"  # Debian's, as in the browser tests; Playwright downloads none of its own here
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 "--font-render-hinting=none"]  # unhinted metrics: even glyph spacing in the PDF
PRINT_OPTIONS = {"preferCSSPageSize": True, "printBackground": True, "generateTaggedPDF": True,
                 "generateDocumentOutline": True}
# The draft print only places the pages: without the structure tree (and the outline made from it).
DRAFT_OPTIONS = {**PRINT_OPTIONS, "generateTaggedPDF": False, "generateDocumentOutline": False}
MAX_PASSES = 3  # final prints until the TOC's page numbers are those of the print; the first one normally is
LEADER = "." * 240  # more dots than an A4 line holds; CSS clips them
STARTXREF = re.compile(rb"startxref\s+(\d+)")
XREF = re.compile(rb"xref\s+0 (\d+)\s+")
ROOT = re.compile(rb"/Root (\d+) 0 R")
KIDS = re.compile(rb"/Kids \[([^\]]*)\]")
REF = re.compile(rb"(\d+) 0 R")
DEST = re.compile(rb"/([^\s/\[\]<>()]+) \[(\d+) 0 R")
DATES = re.compile(rb"/(?:CreationDate|ModDate) \(D:[^)]*\)")
NODE_ID = re.compile(rb"\(node(\d{8})\)")
ID_LEAF = re.compile(rb"/Limits \[\(node\d{8}\) \(node\d{8}\)\]\n/Names \[([^\]]*)\]")
ID_ENTRY = re.compile(rb"\(node\d{8}\) \d+ 0 R")
HEADING = re.compile(r"<(/?)h([1-6])\b([^>]*)>")
FILL_TOC = ("pages => document.querySelectorAll('.toc-page').forEach("
            "span => { span.textContent = pages[span.dataset.target] ?? ''; })")
# The draft draws only the TOC's targets (see templates/print/book.css) and has no links but the TOC's:
# Chromium's time for a print grows with links times pages, so the draft of a ~2,800-page book with ~50,000
# links takes 46 s without them instead of 109 s.
DRAFT = ("draft => { document.querySelectorAll('.toc-page').forEach("
         "span => document.getElementById(span.dataset.target)?.classList.add('toc-target'));"
         " document.documentElement.classList.toggle('draft', draft);"
         " document.querySelectorAll(draft ? 'body > section a[href]' : 'a[data-href]').forEach(a => {"
         " if (draft) { a.dataset.href = a.getAttribute('href'); a.removeAttribute('href'); }"
         " else { a.setAttribute('href', a.dataset.href); delete a.dataset.href; } }); }")
TOC_TARGETS = "[...document.querySelectorAll('.toc-page')].map(span => span.dataset.target)"
PERMALINK = re.compile(r'<a class="headerlink" [^>]*>[^<]*</a>')  # the web's heading anchors (¶)
FIRST_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
ATTRIBUTE = re.compile(r'(\s)(id|href)="([^"]*)"')
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
TAG = re.compile(r"<[^>]+>")
URLS_FILE = "urls.yml"  # beside the kept pages: each page's site URL

NavEntry = tuple[str | None, str | None, int]


def pdf_name(variant: str, volume: int = 1) -> str:
    """The first volume is the book's name alone, so a corpus that grows into volumes keeps its link."""
    return f"zhongxin-kb-{variant}.pdf" if volume == 1 else f"zhongxin-kb-{variant}-{volume}.pdf"


def pdf_link(variant: str, volume: int = 1) -> str:
    """Where a variant's site finds a volume of its book, relative to the variant's root folder."""
    return f"../{PDF_DIR}/{pdf_name(variant, volume)}"


def volume_budget() -> int:
    return max(1, int(os.environ.get(VOLUME_SETTING, VOLUME_BYTES)))


def plan_volumes(entries: list[NavEntry], sizes: list[int], budget: int) -> list[int]:
    """Index of the first entry of each volume: entries are taken in reading order until the next one would
    pass `budget` bytes. A volume never ends with the sections the next entry opens (its ancestors just before
    it), so a section's heading stays with its first page."""
    starts, filled = [0], 0
    for index, size in enumerate(sizes):
        if filled and filled + size > budget:
            start = index
            while start - 1 > starts[-1] and entries[start - 1][2] < entries[start][2]:
                start -= 1
            starts.append(start)
            filled = sum(sizes[start:index])
        filled += size
    return starts


def volume_ranges(starts: list[int] | tuple[int, ...], count: int) -> list[tuple[int, int]]:
    """(start, end) in a list of `count` entries of each volume planned to begin at `starts`."""
    return list(zip(starts, [*starts[1:], count], strict=True))


def volume_entries(entries: list[NavEntry], starts: list[int], volume: int) -> list[NavEntry]:
    """The entries of one volume (from 1), after the headings of the sections it continues."""
    first, end = volume_ranges(starts, len(entries))[volume - 1]
    opened, depth = [], entries[first][2] if first < len(entries) else 0
    for title, _, level in reversed(entries[:first]):
        if level < depth:
            opened.insert(0, (title, None, level))
            depth = level
    return opened + entries[first:end]


@dataclass
class Chapter:
    """One page of the site inside the book; depth is its level in the navigation."""

    id: str
    title: str
    depth: int
    html: str
    part: str = ""  # named page of the top-level chapter this one belongs to (its running header)


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


def chapter(source: BookSource, entry: NavEntry, in_book: dict[str, str]) -> Chapter:
    title, path, depth = entry
    if path is None:
        heading = shift_headings(f"<h1>{html.escape(title or '')}</h1>", depth)
        return Chapter(page_id(f"section-{title}"), title or "", depth, heading)
    body = PERMALINK.sub("", page_html_file(source.pages, path).read_text(encoding="utf-8"))
    first = FIRST_H1.search(body)
    heading = html.unescape(TAG.sub("", first.group(1))) if first else title or path
    body = localise(body, path, source.urls[path], in_book, source.web)
    return Chapter(page_id(path), heading, depth, shift_headings(body, depth))


def shift_headings(page_html: str, depth: int) -> str:
    """A page's h1 and h2 one level deeper per navigation level, so Chromium's heading-based bookmarks
    follow the navigation; h3 and below become styled blocks, as they had no bookmark before either.
    The original level stays as a class (h1, h2, ...) for the stylesheet."""

    def retag(match: re.Match[str]) -> str:
        closing, level, attributes = match.group(1), int(match.group(2)), match.group(3)
        tag = f"h{level + depth}" if level <= 2 else "div"
        if closing:
            return f"</{tag}>"
        if 'class="' in attributes:
            return f"<{tag}" + attributes.replace('class="', f'class="h{level} ', 1) + ">"
        return f'<{tag} class="h{level}"{attributes}>'

    return HEADING.sub(retag, page_html)


def chapters(source: BookSource, volume: int = 1) -> list[Chapter]:
    # The book has every page; the site's navigation may leave long sections to their index page.
    entries = volume_entries(flatten_nav(source.nav), list(source.volume_starts), volume)
    in_book = {url_key(source.urls[path]): path for _, path, _ in entries if path}
    book = [chapter(source, entry, in_book) for entry in entries]
    part = ""
    for index, item in enumerate(book):
        part = f"part-{index}" if item.depth == 0 else part
        item.part = part
    return book


def css_string(text: str) -> markupsafe.Markup:
    """`text` as a CSS string literal that is also safe inside an HTML <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return markupsafe.Markup(f'"{escaped}"')


def book_html(templates: Path, source: BookSource, variant: str, label: Callable[[str], str], volume: int = 1) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates / "print")), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["label"] = label
    env.filters["css_string"] = css_string
    spans = volume_spans(flatten_nav(source.nav), source.volume_starts) if source.volumes > 1 else []
    return env.get_template("book.html.j2").render(
        site_name=source.site_name, variant=variant, chapters=chapters(source, volume), leader=LEADER,
        volume=volume, volumes=spans)


def volume_spans(entries: list[NavEntry], starts: list[int] | tuple[int, ...]) -> list[tuple[str, str]]:
    """The first and last page of each volume, for the covers, each after its top-level section's title."""
    return [(_located(entries, start), _located(entries, end - 1))
            for start, end in volume_ranges(starts, len(entries))]


def _located(entries: list[NavEntry], index: int) -> str:
    title, _, depth = entries[index]
    section = next((entry[0] for entry in reversed(entries[:index]) if entry[2] == 0), None) if depth else None
    return f"{section} · {title}" if section else title or ""


def chromium() -> AbstractContextManager[devtools.Browser]:
    return devtools.launch(CHROMIUM, CHROMIUM_ARGS)


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Page number (from 1) of every named destination, i.e. of every element that an in-book link targets.

    Read straight from Chromium's plain PDF structure (an xref table, a page tree, a /Dests dictionary):
    a general PDF reader holds every page object in memory, ~150 MB for a 1,000-page book."""
    body, catalog = _objects(pdf)
    pages = _page_order(body, int(_entry(catalog, b"Pages")))
    index = {number: position + 1 for position, number in enumerate(pages)}
    dests = _entry(catalog, b"Dests")
    if dests is None:
        return {}
    return {_pdf_name(name): index[int(page)] for name, page in DEST.findall(body(int(dests))) if int(page) in index}


def page_count(pdf: bytes) -> int:
    body, catalog = _objects(pdf)
    return len(_page_order(body, int(_entry(catalog, b"Pages"))))


def toc_pages(pdf: bytes, targets: list[str]) -> dict[str, int]:
    """The page number of each of the TOC's targets that the print placed."""
    pages = destination_pages(pdf)
    return {target: pages[target] for target in targets if target in pages}


def _objects(pdf: bytes) -> tuple[Callable[[int], bytes], bytes]:
    """A reader of the PDF's objects by number, and its catalog."""
    offsets = _xref_offsets(pdf)

    def body(number: int) -> bytes:
        return pdf[offsets[number]:pdf.index(b"endobj", offsets[number])]

    return body, body(int(ROOT.findall(pdf)[-1]))


def _xref_offsets(pdf: bytes) -> list[int]:
    start = int(STARTXREF.findall(pdf)[-1])
    table = XREF.match(pdf, start)
    if table is None:
        raise ValueError("not a PDF with a classic xref table")
    first, count = table.end(), int(table.group(1))
    return [int(pdf[first + 20 * n:first + 20 * n + 10]) for n in range(count)]


def _entry(dictionary: bytes, key: bytes) -> bytes | None:
    found = re.search(rb"/" + key + rb" (\d+) 0 R", dictionary)
    return found.group(1) if found else None


def _page_order(body: Callable[[int], bytes], number: int) -> list[int]:
    """Object numbers of the pages under page tree node `number`, in reading order."""
    node = body(number)
    kids = KIDS.search(node)
    if kids is None or b"/Type /Pages" not in node:
        return [number]
    return [page for kid in REF.findall(kids.group(1)) for page in _page_order(body, int(kid))]


def _pdf_name(raw: bytes) -> str:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("utf-8")


def print_book(browser: devtools.Browser, book_file: Path) -> bytes:
    """Print a draft, fill the TOC's page numbers in from it, and print until the numbers hold."""
    page = browser.new_page()
    page.goto(book_file.as_uri())
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    targets = page.evaluate(TOC_TARGETS)
    page.evaluate(DRAFT, True)
    numbers = toc_pages(page.pdf(**DRAFT_OPTIONS), targets)
    page.evaluate(DRAFT, False)
    for _ in range(MAX_PASSES):
        page.evaluate(FILL_TOC, numbers)
        pdf = page.pdf(**PRINT_OPTIONS)
        found = toc_pages(pdf, targets)
        if found == numbers:
            break
        numbers = found
    page.close()
    return renumber_node_ids(DATES.sub(lambda m: b" " * len(m.group(0)), pdf))  # no clock time in the book


def renumber_node_ids(pdf: bytes) -> bytes:
    """Number the tagged elements' ids (Chromium's DOM node ids, which depend on what it happened to paint
    first) in order of appearance, so that two prints of one book are identical. The ids keep their width,
    so no byte offset moves; the ID tree's names are sorted again, with their limits."""
    numbers: dict[bytes, bytes] = {}
    renumbered = NODE_ID.sub(lambda m: numbers.setdefault(m.group(0), b"(node%08d)" % (len(numbers) + 1)), pdf)

    def sort_leaf(match: re.Match[bytes]) -> bytes:
        entries = sorted(ID_ENTRY.findall(match.group(1)))
        first, last = entries[0].split(b" ")[0], entries[-1].split(b" ")[0]
        return b"/Limits [%s %s]\n/Names [%s]" % (first, last, b" ".join(entries))

    return ID_LEAF.sub(sort_leaf, renumbered)


@dataclass
class StagedBook:
    """A book's volumes written out for printing, and what their prints depend on."""

    files: list[Path]
    digests: list[str]  # of each volume's HTML
    characters: tuple[str, str]  # (regular, bold) of all volumes: one set of fonts for the whole book


def stage_book(books: Iterable[str], templates: Path, folder: Path) -> StagedBook:
    """The volumes' HTML and the stylesheets in `folder`, where their fonts go too. `books` may render each
    volume as it is asked for: only one volume's HTML is held at a time (tens of MB each for a large corpus)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fonts.css").write_text(printfonts.font_faces_css(), encoding="utf-8")
    shutil.copy(templates / "print" / "book.css", folder / "book.css")
    files, digests, regular, bold = [], [], set(), set()
    for number, book in enumerate(books, start=1):
        files.append(folder / f"book-{number}.html")
        files[-1].write_text(book, encoding="utf-8")
        digests.append(hashlib.sha256(book.encode("utf-8")).hexdigest())
        volume_regular, volume_bold = printfonts.book_characters(book)
        regular.update(volume_regular)
        bold.update(volume_bold)
    return StagedBook(files, digests, ("".join(sorted(regular)), "".join(sorted(bold))))


@dataclass(frozen=True)
class PrintCache:
    """A variant's last book fonts and printed volumes, kept between builds. A volume is kept under a key of
    everything its print depends on (its HTML, the stylesheet, the fonts' key and `salt`: the code and the
    tools' versions), so a rebuild reprints only the volumes whose pages changed, and a kept volume is the
    same bytes a fresh print would give."""

    folder: Path
    salt: str

    @property
    def fonts(self) -> Path:
        return self.folder / FONTS_DIR

    def volume(self, key: str) -> Path:
        return self.folder / VOLUMES_DIR / f"{key}.pdf"

    def volume_key(self, digest: str, fonts: list[tuple[printfonts.Face, str, Path]], templates: Path) -> str:
        """The key of a volume whose HTML has `digest`."""
        hasher = hashlib.sha256(self.salt.encode("utf-8"))
        for face, text, _ in fonts:
            hasher.update(printfonts.font_key(face, text).encode("ascii"))
        hasher.update((templates / "print" / "book.css").read_bytes())
        hasher.update(digest.encode("ascii"))
        return hasher.hexdigest()[:32]


def write_pdfs(books: Iterable[str], templates: Path, targets: list[Path], variant: str,
               kept: PrintCache | None = None) -> list[Path]:
    """The volumes of one book (`books`, one HTML text per target) as PDFs at `targets`, printed one after
    another by a Chromium of their own, with fonts made once for all of them. With a `kept` cache, only the
    volumes it does not hold are printed (and fonts made only when a book with other characters needs them)."""
    count = len(targets)
    with tempfile.TemporaryDirectory(prefix="kb-book-") as scratch:
        staged = stage_book(books, templates, Path(scratch))
        fonts = printfonts.font_jobs(staged.characters, variant, Path(scratch))
        prints = [kept.volume(kept.volume_key(digest, fonts, templates)) if kept else target
                  for digest, target in zip(staged.digests, targets, strict=True)]
        missing = [number for number, path in enumerate(prints, start=1) if not (kept and path.exists())]
        if missing:
            printfonts.make_fonts(fonts, kept.fonts if kept else None)
            with chromium() as browser:
                for number in missing:
                    name = f"{variant} {number}/{count} ({targets[number - 1].name})"
                    _print_volume(browser, staged.files[number - 1], prints[number - 1], name)
    if kept:
        for number, (path, target) in enumerate(zip(prints, targets, strict=True), start=1):
            _place(path, target)
            if number not in missing:
                print(f"book {variant} {number}/{count} ({target.name}): kept from an earlier build", flush=True)
        forget_unused(kept.folder / VOLUMES_DIR, [path.stem for path in prints])
    return targets


def _print_volume(browser: devtools.Browser, file: Path, target: Path, name: str) -> None:
    started = time.perf_counter()
    book = print_book(browser, file)
    _save(compact(book), target)
    print(f"book {name}: {page_count(book)} pages, {time.perf_counter() - started:.1f} s", flush=True)


def compact(pdf: bytes) -> bytes:
    """The print with its objects packed into compressed object streams (qpdf, through pikepdf). Chromium
    writes the tagged structure tree as plain objects: two thirds of a volume's bytes (a 715-page volume,
    23.2 MB, becomes 7.5 MB in 2 s, with the same pages, text, bookmarks, links and tags). The output is a
    function of the input alone, so a kept volume stays the bytes of a fresh print."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        packed = io.BytesIO()
        document.save(packed, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return packed.getvalue()


def _place(kept: Path, target: Path) -> None:
    """A kept volume at `target`: a hard link where the file system allows one (a volume is tens of MB)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(kept, target)
    except OSError:
        shutil.copyfile(kept, target)


def _save(pdf: bytes, target: Path) -> None:
    """Written under another name first: a print cut short must not leave a kept volume that looks whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial_file = target.with_suffix(".part")
    partial_file.write_bytes(pdf)
    os.replace(partial_file, target)


def config_file(paths: Paths, variant: str) -> Path:
    return paths.build / f"mkdocs.{variant}.yml"


def book_names(paths: Paths, variant: str) -> list[str]:
    """The file names of the variant's volumes, as its last site build planned them."""
    config = yaml.load(config_file(paths, variant).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    return [pdf_name(variant, number) for number in range(1, len(config["extra"]["book_volumes"]) + 1)]


def write_book(paths: Paths, variant: str, folder: Path, label: Callable[[str], str]) -> list[Path]:
    """The variant's volumes from its generated configuration (build/mkdocs.<variant>.yml) and the pages its
    last site build kept."""
    source = BookSource.from_config(config_file(paths, variant))
    numbers = range(1, source.volumes + 1)
    books = (book_html(paths.templates, source, variant, label, number) for number in numbers)  # one at a time
    return write_pdfs(books, paths.templates, [folder / pdf_name(variant, number) for number in numbers], variant,
                      PrintCache(paths.build / CACHE_DIR / BOOK_CACHE_DIR / variant, print_salt(paths)))


def print_salt(paths: Paths) -> str:
    """What besides a volume's own inputs decides its print: the code, the versions of Chromium and pikepdf."""
    chromium_version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=True).stdout
    return "|".join([code_fingerprint(paths.repo), chromium_version.strip(), metadata.version("pikepdf")])


def write_books(paths: Paths, site_root: Path, labels: dict[str, Callable[[str], str]]) -> list[Path]:
    """Both variants' books, each in a process of its own, into site_root/pdf/ (volumes of an earlier plan
    removed). KB_PDF_JOBS=1 prints one book at a time, at about half the memory."""
    folder = site_root / PDF_DIR
    targets = [folder / name for v in VARIANTS for name in book_names(paths, v)]
    for old in folder.glob("*.pdf"):
        if old not in targets:
            old.unlink()
    jobs = {v: partial(write_book, paths, v, folder, labels[v]) for v in VARIANTS}
    parallel.run_forked("printing the book", jobs, parallel.job_limit(PDF_JOBS_SETTING),
                        f"if Chromium ran out of memory: {PDF_JOBS_SETTING}=1 prints one variant at a time, and a "
                        f"smaller {VOLUME_SETTING} (now {volume_budget()}) makes smaller volumes")
    return targets
