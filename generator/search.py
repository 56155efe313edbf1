"""Search: a Pagefind index per built variant, plus the table that converts queries typed in the other script.

Pagefind's extended build (npm package `pagefind`, pinned in package-lock.json) segments Chinese when
indexing; the browser segments the query with Intl.Segmenter. Only `data-pagefind-body` (page bodies, see
overrides/main.html) is indexed.

Pagefind's indexer holds about 3 MB per page of Chinese text until it writes the index, so a large site is
indexed in parts of at most KB_SEARCH_PAGES pages, one indexer run each: the first part is the main bundle
(`pagefind/`), the others are bundles under `pagefind/parts/` that the browser merges into every search
(Pagefind's `mergeIndex`, results ranked together), listed in `pagefind/kb-search-parts.json`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .convert import Converter, query_map
from .paths import Paths

BUNDLE = "pagefind"
QUERY_MAP = "kb-query-map.json"  # read by overrides/assets/kb.js
PARTS = "parts"  # folder of the bundles after the first, inside the main one
PARTS_LIST = "kb-search-parts.json"  # their paths relative to the main bundle, read by overrides/assets/kb.js
INDEX_PARTS = ("index", "fragment")  # with the *.pf_meta files: what a search downloads, apart from the UI
PART_FILES = ("pagefind-entry.json", *INDEX_PARTS)  # what a merged bundle needs; the UI and WebAssembly
# come from the main bundle
IGNORED = ".headerlink"  # permalink signs of headings
BODY_MARK = "data-pagefind-body"
PAGES_SETTING = "KB_SEARCH_PAGES"  # pages per indexer run (default 100: about 300 MB of Pagefind's memory)


@dataclass(frozen=True)
class SearchIndex:
    variant: str
    pages: int
    parts: int  # bundles: the main one and those merged into it
    index_bytes: int  # metadata, index chunks and fragments
    bundle_bytes: int  # everything under pagefind/, UI scripts included

    def __str__(self) -> str:
        return (f"search {self.variant}: {self.pages} pages in {self.parts} part(s), index "
                f"{self.index_bytes / 1024:.0f} KiB, bundle {self.bundle_bytes / 1024:.0f} KiB")


def pagefind_command(paths: Paths) -> Path:
    return paths.repo / "node_modules" / ".bin" / "pagefind"


def index_variant(paths: Paths, site_dir: Path, variant: str, other: str, convert: Converter) -> SearchIndex:
    """Run Pagefind on one built variant, then write its query conversion table next to the index.

    `convert` is the variant's own converter (OpenCC configuration and curated names): it also turns a
    query typed in the `other` variant's script into this one's.
    """
    bundle = site_dir / BUNDLE
    parts = batches(indexed_pages(site_dir), part_size())
    for number, pages in reversed(list(enumerate(parts, start=1))):  # the main bundle last, around the others
        output = bundle if number == 1 else bundle / PARTS / str(number)
        run_indexer(paths, site_dir, pages, output)
        if number > 1:
            keep_only_index(output)
    merged = [f"{PARTS}/{number}/" for number in range(2, len(parts) + 1)]
    (bundle / PARTS_LIST).write_text(json.dumps(merged), encoding="utf-8")
    table = query_map(convert.config, convert.fixed, page_pairs(paths.docs / other, paths.docs / variant))
    (bundle / QUERY_MAP).write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return measure(bundle, variant)


def part_size() -> int:
    return max(1, int(os.environ.get(PAGES_SETTING, "100")))


def indexed_pages(site_dir: Path) -> list[Path]:
    """The site's pages that carry a searchable body, in path order (so a part holds neighbouring pages)."""
    return sorted(page.relative_to(site_dir) for page in site_dir.rglob("*.html")
                  if BODY_MARK in page.read_text(encoding="utf-8"))


def batches(pages: list[Path], size: int) -> list[list[Path]]:
    return [pages[start:start + size] for start in range(0, len(pages), size)] or [[]]


def run_indexer(paths: Paths, site_dir: Path, pages: list[Path], output: Path) -> None:
    """One Pagefind run over some of the site's pages, seen at their own paths (hard links in a scratch
    folder beside the site), so the bundle's URLs are the site's."""
    with tempfile.TemporaryDirectory(dir=site_dir.parent, prefix=".search-") as scratch:
        for page in pages:
            (Path(scratch) / page).parent.mkdir(parents=True, exist_ok=True)
            os.link(site_dir / page, Path(scratch) / page)
        subprocess.run([str(pagefind_command(paths)), "--site", scratch, "--output-path", str(output),
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


def measure(bundle: Path, variant: str) -> SearchIndex:
    entries = [json.loads(entry.read_text(encoding="utf-8")) for entry in bundle.rglob("pagefind-entry.json")]
    pages = sum(language.get("page_count", 0) for entry in entries for language in entry.get("languages", {}).values())
    files = [p for p in bundle.rglob("*") if p.is_file()]
    index = [p for p in files if p.suffix == ".pf_meta" or p.parent.name in INDEX_PARTS]
    return SearchIndex(variant, pages, len(entries), sum(p.stat().st_size for p in index),
                       sum(p.stat().st_size for p in files))
