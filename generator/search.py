"""Search: a Pagefind index per built variant, plus the table that converts queries typed in the other script.

Pagefind's extended build (npm package `pagefind`, pinned in package-lock.json) segments Chinese when
indexing; the browser segments the query with Intl.Segmenter. Only `data-pagefind-body` (page bodies, see
overrides/main.html) is indexed.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .convert import Converter, query_map
from .paths import Paths

BUNDLE = "pagefind"
QUERY_MAP = "kb-query-map.json"  # read by overrides/assets/kb.js
INDEX_PARTS = ("index", "fragment")  # with the *.pf_meta files: what a search downloads, apart from the UI
IGNORED = ".headerlink"  # permalink signs of headings


@dataclass(frozen=True)
class SearchIndex:
    variant: str
    pages: int
    index_bytes: int  # metadata, index chunks and fragments
    bundle_bytes: int  # everything under pagefind/, UI scripts included

    def __str__(self) -> str:
        return (f"search {self.variant}: {self.pages} pages, index {self.index_bytes / 1024:.0f} KiB, "
                f"bundle {self.bundle_bytes / 1024:.0f} KiB")


def pagefind_command(paths: Paths) -> Path:
    return paths.repo / "node_modules" / ".bin" / "pagefind"


def index_variant(paths: Paths, site_dir: Path, variant: str, other: str, convert: Converter) -> SearchIndex:
    """Run Pagefind on one built variant, then write its query conversion table next to the index.

    `convert` is the variant's own converter (OpenCC configuration and curated names): it also turns a
    query typed in the `other` variant's script into this one's.
    """
    subprocess.run([str(pagefind_command(paths)), "--site", str(site_dir), "--exclude-selectors", IGNORED,
                    "--quiet"], check=True, capture_output=True, text=True)
    table = query_map(convert.config, convert.fixed, page_pairs(paths.docs / other, paths.docs / variant))
    bundle = site_dir / BUNDLE
    (bundle / QUERY_MAP).write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return measure(bundle, variant)


def page_pairs(source: Path, shown: Path) -> Iterator[tuple[str, str]]:
    """The Markdown of each page in the query's script and as the variant shows it (same page paths),
    one page at a time: the whole site's text need not be in memory at once."""
    for path in sorted(source.rglob("*.md")):
        if (shown / path.relative_to(source)).exists():
            yield path.read_text(encoding="utf-8"), (shown / path.relative_to(source)).read_text(encoding="utf-8")


def measure(bundle: Path, variant: str) -> SearchIndex:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(language.get("page_count", 0) for language in entry.get("languages", {}).values())
    files = [p for p in bundle.rglob("*") if p.is_file()]
    index = [p for p in files if p.suffix == ".pf_meta" or p.relative_to(bundle).parts[0] in INDEX_PARTS]
    return SearchIndex(variant, pages, sum(p.stat().st_size for p in index), sum(p.stat().st_size for p in files))
