"""Search: a Pagefind index per built variant, plus the table that converts queries typed in the other script.

Pagefind's extended build (npm package `pagefind`, pinned in package-lock.json) segments Chinese when
indexing (with ICU4X since 1.6, close to the browser's segmenter; PyPI's wheels are 1.5); its platform binary
is run directly, so that building needs no Node; the browser segments the query with Intl.Segmenter. Only `data-pagefind-body` (page bodies, see
overrides/main.html) is indexed.

Pagefind's indexer holds everything it has read until it writes the index, so a large site is indexed in
parts, one indexer run each, of neighbouring pages whose indexed text fits KB_SEARCH_PART_MB of the indexer's
memory: the first part is the main bundle (`pagefind/`), the others are bundles under `pagefind/parts/` that
the browser merges into every search (Pagefind's `mergeIndex`, results ranked together), listed in
`pagefind/kb-search-parts.json`.

Each part is kept between builds (in the build cache) under a key of its pages' paths and bytes, the code and
Pagefind's version; a rebuild indexes again only the parts whose pages changed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core import settings
from generator.core.cache import CACHE_DIR, code_fingerprint, forget_unused, key
from generator.core.paths import Paths
from generator.text.convert import Converter, query_map

BUNDLE = "pagefind"
QUERY_MAP = "kb-query-map.json"  # read by overrides/assets/kb.js
PARTS = "parts"  # folder of the bundles after the first, inside the main one
PARTS_LIST = "kb-search-parts.json"  # their paths relative to the main bundle, read by overrides/assets/kb.js
INDEX_PARTS = ("index", "fragment")  # with the *.pf_meta files: what a search downloads, apart from the UI
PART_FILES = ("pagefind-entry.json", *INDEX_PARTS)  # what a merged bundle needs; the UI and WebAssembly
# come from the main bundle
IGNORED = ".headerlink"  # permalink signs of headings
BODY_MARK = "data-pagefind-body"
# Pagefind's peak memory per character of a page's indexed text, measured on 100-page runs of a 1,000-document
# corpus: about 250 bytes for prose (sources, projects), 85 for tables and lists (chronology, people); the
# estimate takes the larger, so a run of tables stays well under its budget.
BYTES_PER_CHARACTER = 250
TAG = re.compile(r"<[^>]*>")
SEARCH_CACHE_DIR = "search"  # in the build cache: each variant's kept index parts


NAMES = "kb-names.json"  # every entity's names and its page, at each variant's root, read by overrides/assets/kb.js


def entity_names(model: dict[str, Any]) -> str:
    """[[name, page URL from the variant's root, section], …] for every name, traditional form, alias and English
    name of every body, project and person: a query that is exactly one of them leads first to its page, above
    the pages that only mention it. A list of pairs, as the traditional variant's copy has the same names twice."""
    pairs = [[name, f"{kind}/{record['id']}/", kind] for kind in ("bodies", "projects", "people")
             for record in model[kind]
             for name in dict.fromkeys([record["name"], record.get("name_hant", ""), *record.get("aliases", []),
                                         record.get("english", "")]) if name]
    return json.dumps(pairs, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass(frozen=True)
class SearchIndex:
    variant: str
    pages: int
    parts: int  # bundles: the main one and those merged into it
    index_bytes: int  # metadata, index chunks and fragments
    bundle_bytes: int  # everything under pagefind/, UI scripts included
    kept: int = 0  # parts taken from an earlier build

    def __str__(self) -> str:
        return (f"search {self.variant}: {self.pages} pages in {self.parts} part(s) ({self.kept} kept from an "
                f"earlier build), index {self.index_bytes / 1024:.0f} KiB, bundle {self.bundle_bytes / 1024:.0f} KiB")


def pagefind_command(repo: Path) -> Path:
    """The extended indexer's binary, in the one platform package npm installed beside `pagefind` (what its
    Node runner would start)."""
    found = sorted((repo / "node_modules" / "@pagefind").glob("*/bin/pagefind_extended*"))
    binaries = [path for path in found if path.name in ("pagefind_extended", "pagefind_extended.exe")]
    if not binaries:
        raise RuntimeError("Pagefind is not installed (node_modules/@pagefind): run `make site`, which installs it")
    return binaries[0]


def index_variant(paths: Paths, site_dir: Path, variant: str, other: str, convert: Converter) -> SearchIndex:
    """Run Pagefind on one built variant, then write its query conversion table next to the index.

    `convert` is the variant's own converter (OpenCC configuration and curated names): it also turns a
    query typed in the `other` variant's script into this one's.
    """
    bundle = site_dir / BUNDLE
    reused = write_parts(paths, site_dir, variant)
    table = query_map(convert.config, convert.fixed, page_pairs(paths.docs / other, paths.docs / variant))
    (bundle / QUERY_MAP).write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return measure(bundle, variant, reused)


def write_parts(paths: Paths, site_dir: Path, variant: str) -> int:
    """The index of the site at `site_dir` in parts, and their list; returns how many parts were kept ones."""
    bundle = site_dir / BUNDLE
    parts = batches(indexed_pages(site_dir), part_budget())
    kept = PartCache(paths.build / CACHE_DIR / SEARCH_CACHE_DIR / variant, search_salt(paths))
    keys = [kept.key(site_dir, pages, main=number == 1) for number, pages in enumerate(parts, start=1)]
    reused = 0
    for number, pages in reversed(list(enumerate(parts, start=1))):  # the main bundle last, around the others
        output = bundle if number == 1 else bundle / PARTS / str(number)
        if kept.place(keys[number - 1], output):
            reused += 1
            continue
        run_indexer(paths, site_dir, pages, output)
        if number > 1:
            keep_only_index(output)
        kept.store(keys[number - 1], output)
    forget_unused(kept.folder, keys)
    merged = [f"{PARTS}/{number}/" for number in range(2, len(parts) + 1)]
    (bundle / PARTS_LIST).write_text(json.dumps(merged), encoding="utf-8")
    return reused


def search_salt(paths: Paths) -> str:
    """What besides its pages decides a part: the code and Pagefind's version."""
    package = json.loads((paths.repo / "node_modules" / "pagefind" / "package.json").read_text(encoding="utf-8"))
    return f"{code_fingerprint(paths.repo, 'site')}|{package['version']}"


@dataclass(frozen=True)
class PartCache:
    """A variant's index parts of the last build, each a folder named by the key of what it was made from."""

    folder: Path
    salt: str

    def key(self, site_dir: Path, pages: list[Path], main: bool) -> str:
        return key(self.salt, "main" if main else "merged",
                   *(part for page in pages for part in (page.as_posix(), (site_dir / page).read_bytes())))

    def place(self, key: str, output: Path) -> bool:
        """The kept part at `output`, if there is one."""
        if not (self.folder / key).is_dir():
            return False
        shutil.copytree(self.folder / key, output, dirs_exist_ok=True)
        return True

    def store(self, key: str, output: Path) -> None:
        """Keep the part just written at `output` (without the parts inside a main bundle). Copied under
        another name first: an interrupted copy must not look like a whole part."""
        partial = self.folder / f"{key}.part"
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(output, partial, ignore=lambda folder, names: [PARTS] if Path(folder) == output else [])
        os.replace(partial, self.folder / key)


def part_budget() -> int:
    """Characters of indexed text per indexer run."""
    return max(1, int(settings.current().search_part_mb * 1_000_000 / BYTES_PER_CHARACTER))  # KB_SEARCH_PART_MB


def indexed_pages(site_dir: Path) -> list[tuple[Path, int]]:
    """The site's pages that carry a searchable body, each with the characters of its indexed text, in path
    order (so a part holds neighbouring pages)."""
    pages = []
    for page in sorted(site_dir.rglob("*.html")):
        size = indexed_characters(page.read_text(encoding="utf-8"))
        if size is not None:
            pages.append((page.relative_to(site_dir), size))
    return pages


def indexed_characters(html: str) -> int | None:
    """The characters Pagefind indexes in a page, near enough: the text from the searchable body on (what
    follows it is the short footer); None for a page without one."""
    mark = html.find(BODY_MARK)
    return None if mark < 0 else len(TAG.sub("", html[html.find(">", mark) + 1:]))


def batches(pages: list[tuple[Path, int]], budget: int) -> list[list[Path]]:
    """Consecutive pages in runs of at most `budget` characters; a page larger than that is a run of its own."""
    runs: list[list[Path]] = [[]]
    filled = 0
    for page, size in pages:
        if runs[-1] and filled + size > budget:
            runs.append([])
            filled = 0
        runs[-1].append(page)
        filled += size
    return runs


def run_indexer(paths: Paths, site_dir: Path, pages: list[Path], output: Path) -> None:
    """One Pagefind run over some of the site's pages, seen at their own paths (hard links in a scratch
    folder beside the site), so the bundle's URLs are the site's."""
    with tempfile.TemporaryDirectory(dir=site_dir.parent, prefix=".search-") as scratch:
        for page in pages:
            (Path(scratch) / page).parent.mkdir(parents=True, exist_ok=True)
            os.link(site_dir / page, Path(scratch) / page)
        subprocess.run([str(pagefind_command(paths.repo)), "--site", scratch, "--output-path", str(output),
                        "--exclude-selectors", IGNORED, "--quiet"], check=True, capture_output=True, text=True)


def keep_only_index(bundle: Path) -> None:
    for entry in bundle.iterdir():
        if not (entry.name in PART_FILES or entry.suffix == ".pf_meta"):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def page_pairs(source: Path, shown: Path) -> Iterator[tuple[str, str]]:
    """The Markdown of each page in the query's script and as the variant shows it (same page paths),
    one page at a time: the whole site's text need not be in memory at once."""
    for path in sorted(source.rglob("*.md")):
        if (shown / path.relative_to(source)).exists():
            yield path.read_text(encoding="utf-8"), (shown / path.relative_to(source)).read_text(encoding="utf-8")


def measure(bundle: Path, variant: str, kept: int = 0) -> SearchIndex:
    entries = [json.loads(entry.read_text(encoding="utf-8")) for entry in bundle.rglob("pagefind-entry.json")]
    pages = sum(language.get("page_count", 0) for entry in entries for language in entry.get("languages", {}).values())
    files = [p for p in bundle.rglob("*") if p.is_file()]
    index = [p for p in files if p.suffix == ".pf_meta" or p.parent.name in INDEX_PARTS]
    return SearchIndex(variant, pages, len(entries), sum(p.stat().st_size for p in index),
                       sum(p.stat().st_size for p in files), kept)
