"""Printable book per variant: every page of the site, in navigation order, typeset by Typst into PDFs: one
volume, or several for a large corpus (the volume plan bounds the memory of one typesetting).

The book is assembled from the pages' HTML as the site build converted it (the hooks module keeps each page's
content in build/book/<variant>/, so no page is converted twice), in the order of the navigation recorded in
the variant's generated configuration. Ids are prefixed per page and links between pages become links to
places in the volume, so they stay clickable in the PDF; generator/book/htmltypst.py turns the pages into Typst
markup, and templates/print/ holds the book's frame (book.typ.j2: cover, table of contents, pages) and layout
(book.typ). Typst (the `typst` package, its compiler inside the wheel) numbers the table of contents itself,
makes the bookmarks from the headings and tags the PDF (PDF/UA-1), and embeds the system's Noto CJK faces as
subset CID fonts; a volume with links is compiled twice, the first compilation finding their targets' places
(`typeset`).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import pypdf
import yaml

from generator.book import htmltypst
from generator.core import parallel, settings
from generator.core.cache import CACHE_DIR, Store, code_fingerprint, key
from generator.core.paths import VARIANTS, Paths
from generator.data.datasets import SAFE_LOADER
from generator.pages.volumes import (
    EXTERNAL,
    PDF_DIR,
    NavEntry,
    flatten_nav,
    pdf_name,
    volume_budget,
    volume_entries,
    volume_ranges,
)
from generator.site.site import config_file

BOOK_CACHE_DIR = "book"  # in the build cache: each variant's last volumes
FAMILIES = {"zh-Hans": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC"}  # Debian's fonts-noto-cjk
REGIONS = {"zh-Hans": "cn", "zh-Hant": "tw"}
PDF_STANDARD = "ua-1"  # tagged, every chart with its alt text; Typst refuses to write a book that is not
TIMESTAMP = 0  # the PDF's creation date: fixed, so a rebuild is byte-identical
STYLE = "book.typ"
MAIN = "main.typ"
PERMALINK = re.compile(r'<a class="headerlink" [^>]*>[^<]*</a>')  # the web's heading anchors (¶)
FIRST_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
ATTRIBUTE = re.compile(r'(\s)(id|href)="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
URLS_FILE = "urls.yml"  # beside the kept pages: each page's site URL
PLACES = "places.json"  # beside a volume's markup: where its links' targets are (read by book.typ)
PLACES_LABEL = "kb-places"  # the metadata that reports them
PLACE_PASSES = 3  # compilations of a volume with links at most: the first finds the places, the next uses them
PAGE_TREE = re.compile(rb"/Type\s*/Pages\s*/Count\s+(\d+)")

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


def font_files(variant: str) -> list[Path]:
    """The system's files of the variant's family, regular and bold (fontconfig), refusing a substitute."""
    family, files = FAMILIES[variant], []
    for weight in ("regular", "bold"):
        found = subprocess.run(["fc-match", "-f", "%{file}\n%{family}", f"{family}:{weight}"], capture_output=True,
                               text=True, check=True).stdout.split("\n")
        if len(found) < 2 or family not in found[1].split(","):
            raise RuntimeError(f"font {family!r} is not installed (fonts-noto-cjk); fontconfig offers {found[-1]!r}")
        files.append(Path(found[0]))
    return files


def typeset(volume: Volume, templates: Path, faces: Any, target: Path) -> int:
    """The volume as a PDF at `target`; its page count. A font Typst cannot find fails the book rather than
    printing boxes.

    A volume with links is compiled twice: the first compilation finds where the links' targets are (every
    link leads to the first page meanwhile), the second lays out the same pages with every link leading to its
    target's place, and is checked to have found them where the first did. Both share the fonts and Typst's
    memoised layout, so the second redoes only the paragraphs that hold links: about half the time of links
    to labels, whose pages Typst looks up on every layout pass (see kb-place in templates/print/book.typ).
    `faces` are the fonts (`typst.Fonts`), found once for all the volumes of a book."""
    import typst

    with tempfile.TemporaryDirectory(prefix="kb-book-") as scratch:
        root = Path(scratch)
        shutil.copy(templates / "print" / STYLE, root / STYLE)
        (root / MAIN).write_text(volume.markup, encoding="utf-8")
        for path, svg in volume.files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(svg, encoding="utf-8")
        found: dict[str, list[float]] = {}
        for _ in range(PLACE_PASSES):
            (root / PLACES).write_text(json.dumps(found, sort_keys=True), encoding="utf-8")
            compiler = typst.Compiler(root / MAIN, root=root, font_paths=faces)  # a new one reads the places
            if volume.linked and not found:
                found = places(compiler)
                continue
            pdf, warnings = compiler.compile_with_warnings(format="pdf", pdf_standards=[PDF_STANDARD],
                                                           timestamp=TIMESTAMP)
            if not volume.linked or places(compiler) == found:
                break
            found = places(compiler)
        else:
            raise RuntimeError(f"typesetting {target.name}: the links' targets moved in every compilation")
    missing = [warning.message for warning in warnings if "unknown font family" in warning.message]
    if missing:
        raise RuntimeError(f"typesetting {target.name}: {'; '.join(missing)}")
    for warning in warnings:
        print(f"book {target.name}: warning: {warning.message}", flush=True)
    _save(pdf, target)
    return page_count(pdf)


def places(compiler: Any) -> dict[str, list[float]]:
    """Label name -> [page, x, y] (points) of each link target of a volume, as its compilation laid it out."""
    found = json.loads(compiler.query(f"<{PLACES_LABEL}>", field="value", one=True))
    return {name: [page, x, y] for name, page, x, y in found}


def page_count(pdf: bytes) -> int:
    """Pages of a PDF that Typst wrote: its one page tree node's count (reading the whole file with pypdf took
    a third of a second a volume)."""
    counts = PAGE_TREE.findall(pdf)
    return int(counts[0]) if len(counts) == 1 else len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


@dataclass(frozen=True)
class BookCache:
    """A variant's last typeset volumes, kept between builds under a key of everything a volume depends on
    (its markup and charts, the layout and `salt`: the code, Typst's version and the fonts), so a rebuild
    typesets only the volumes whose pages changed, and a kept volume is the bytes a fresh one would be."""

    store: Store
    salt: str

    def volume(self, digest: str, templates: Path) -> Path:
        return self.store.path(key(self.salt, (templates / "print" / STYLE).read_bytes(), digest))


def write_pdfs(volumes: Iterable[Volume], templates: Path, targets: list[Path], variant: str,
               kept: BookCache | None = None) -> list[Path]:
    """The volumes of one book (one per target) as PDFs at `targets`, one after another, each typeset in a
    forked process: that gives Typst's memory back when it ends, and keeps Typst's threads out of this
    process (a process forked after them would hang); meanwhile this process makes the next volume's markup.
    With a `kept` cache, only the volumes it does not hold are typeset."""
    with tempfile.TemporaryDirectory(prefix="kb-fonts-") as fonts:
        for font in font_files(variant):  # only these faces: Typst reads every font file in the folders given
            (Path(fonts) / font.name).symlink_to(font)
        return _write_pdfs(volumes, templates, targets, variant, kept, _faces(Path(fonts)))


def _faces(folder: Path) -> Any:
    """The fonts in `folder` as Typst finds them (no system fonts). Finding them starts no thread, so the
    processes forked to typeset share them rather than each reading the font collections' tables again."""
    import typst

    return typst.Fonts(include_system_fonts=False, font_paths=[str(folder)])


def _write_pdfs(volumes: Iterable[Volume], templates: Path, targets: list[Path], variant: str,
                kept: BookCache | None, faces: Any) -> list[Path]:
    count, made = len(targets), []
    upcoming = iter(volumes)
    following: list[Volume] = []
    for number, target in enumerate(targets, start=1):
        volume = following.pop() if following else next(upcoming)
        made.append(kept.volume(volume.digest(), templates) if kept else target)
        name = f"{variant} {number}/{count} ({target.name})"
        if kept and made[-1].exists():
            print(f"book {name}: kept from an earlier build", flush=True)
        else:
            started = time.perf_counter()
            # The next volume's markup is made while Typst typesets this one.
            pages = parallel.call_forked(partial(typeset, volume, templates, faces, made[-1]),
                                         meanwhile=lambda: following.extend(islice(upcoming, 1)))
            print(f"book {name}: {pages} pages, {time.perf_counter() - started:.1f} s", flush=True)
        if kept:
            _place(made[-1], target)
    if kept:
        kept.store.prune()
    return targets


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


def book_names(paths: Paths, variant: str) -> list[str]:
    """The file names of the variant's volumes, as its last site build planned them."""
    config = yaml.load(config_file(paths, variant).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    return [pdf_name(variant, number) for number in range(1, len(config["extra"]["book_volumes"]) + 1)]


def write_book(paths: Paths, variant: str, folder: Path, label: Callable[[str], str]) -> list[Path]:
    """The variant's volumes from its generated configuration (build/mkdocs.<variant>.yml) and the pages its
    last site build kept."""
    source = BookSource.from_config(config_file(paths, variant))
    numbers = range(1, source.volumes + 1)
    template = frame(paths.templates, label)
    volumes = (book_volume(paths.templates, source, variant, label, number, template)
               for number in numbers)  # one at a time
    return write_pdfs(volumes, paths.templates, [folder / pdf_name(variant, number) for number in numbers], variant,
                      BookCache(Store(paths.build / CACHE_DIR / BOOK_CACHE_DIR / variant, ".pdf"), book_salt(paths, variant)))


def book_salt(paths: Paths, variant: str) -> str:
    """What besides a volume's own inputs decides it: the code, Typst's version and the font files."""
    fonts = [f"{font}:{font.stat().st_size}:{font.stat().st_mtime_ns}" for font in font_files(variant)]
    return "|".join([code_fingerprint(paths.repo, "book"), metadata.version("typst"), *fonts])


def write_books(paths: Paths, site_root: Path, labels: dict[str, Callable[[str], str]]) -> list[Path]:
    """Both variants' books, each in a process of its own, into site_root/pdf/ (volumes of an earlier plan
    removed). KB_PDF_JOBS=1 typesets one book at a time, at about half the memory."""
    folder = site_root / PDF_DIR
    targets = [folder / name for v in VARIANTS for name in book_names(paths, v)]
    for old in folder.glob("*.pdf"):
        if old not in targets:
            old.unlink()
    jobs = {v: partial(write_book, paths, v, folder, labels[v]) for v in VARIANTS}
    parallel.run_forked("typesetting the book", jobs, settings.current().pdf_jobs,
                        f"if Typst ran out of memory: KB_PDF_JOBS=1 typesets one variant at a time, and a "
                        f"smaller KB_PDF_VOLUME_BYTES (now {volume_budget()}) makes smaller volumes")
    return targets
