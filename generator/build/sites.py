"""The site step: both variants built by MkDocs, indexed by Pagefind, and their books typeset.
"""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

from generator.book import pdf
from generator.build.common import Result, converters
from generator.build.ingesting import load_model
from generator.build.staging import swap_into_place
from generator.core import cache, parallel, settings
from generator.core.model import Problem
from generator.core.paths import SITE_NAME, VARIANTS, Paths
from generator.data import database
from generator.knowledge.curated import load_curated
from generator.pages import pages, volumes
from generator.site import search, site
from generator.text.convert import Converter

MEMORY_HINT = "if memory ran out: KB_JOBS=1 runs one variant at a time"


def build_sites(paths: Paths, strict: bool = True) -> Result:
    """The sites; skipped when the docs, code and site are as the last successful build left them."""
    return Result(cache.run_stage(paths, "site", cache.tree_files(paths.docs),
                                  lambda: cache.tree_files(paths.site), lambda: _build_sites(paths, strict)))


def _build_sites(paths: Paths, strict: bool) -> list[Problem]:
    """Both MkDocs builds into a staging folder, swapped into place only when all of them succeed."""
    curated, _ = load_curated(paths.curated)
    convert = converters(curated)
    final_site = paths.site
    staging = paths.out / "build" / "site.new"
    shutil.rmtree(staging, ignore_errors=True)
    configs = _variant_configs(paths, convert)
    for index in build_variants(paths, configs, convert, strict, staging).values():
        print(index)
    site.write_root_index(staging)
    site.write_root_404(staging)
    if settings.current().pdf:  # KB_PDF=0 skips the books, e.g. for a quick preview build
        _copy_books(paths, staging, convert)
    swap_into_place(staging, final_site)
    return []


def _variant_configs(paths: Paths, convert: dict[str, Converter]) -> dict[str, Path]:
    """Each variant's MkDocs configuration, navigation included, naming the folders the build leaves (docs/,
    site/). The model is needed only here: it is freed before the tools run."""
    navigation = pages.plan_nav(load_model(paths))
    configs = {}
    for variant in VARIANTS:
        nav = navigation if variant == "zh-Hans" else navigation.converted(convert[variant])
        configs[variant] = site.write_variant_config(paths, variant, nav, SITE_NAME[variant],
                                                     paths.site / variant)
    return configs


def build_variants(paths: Paths, configs: dict[str, Path], convert: dict[str, Converter],
                   strict: bool, site_root: Path) -> dict[str, search.SearchIndex]:
    """Each variant's site from the pages in `paths.docs` into `site_root`, then each one's search index, the
    variants side by side (KB_JOBS). The indexes are made once the MkDocs processes have ended, so Pagefind's
    memory never comes on top of MkDocs'."""
    limit = parallel.job_limit()
    sites = parallel.run_forked("building the site", {v: partial(_build_variant, paths, v, configs[v], strict,
                                                                 site_root / v)
                                                      for v in VARIANTS}, limit, MEMORY_HINT)
    other = dict(zip(VARIANTS, reversed(VARIANTS), strict=True))
    indexes = {v: partial(search.index_variant, paths, sites[v], v, other[v], convert[v]) for v in VARIANTS}
    return parallel.run_forked("indexing the site", indexes, limit,
                               f"{MEMORY_HINT}; a smaller KB_SEARCH_PART_MB makes smaller index parts")


def _build_variant(paths: Paths, variant: str, config: Path, strict: bool, site_dir: Path) -> Path:
    """The variant's site by MkDocs, with its database of the datasets beside their downloads."""
    shutil.rmtree(site.book_pages(paths, variant), ignore_errors=True)  # pages of removed documents go too
    site.mkdocs_build(config, strict=strict, docs_dir=paths.docs / variant, site_dir=site_dir)
    # A static host serves only the root 404.html (for missing paths at any depth); MkDocs' own one per
    # variant is never served and its root-absolute links lead nowhere without SITE_URL.
    (site_dir / "404.html").unlink(missing_ok=True)
    database.write_database(paths.docs / variant / "data", site_dir / "data" / database.FILE)
    return site_dir


def _copy_books(paths: Paths, staging: Path, convert: dict[str, Converter]) -> None:
    """The books into the staged site, printed again only when their pages or configuration changed
    (the slowest stage; a site rebuilt for another reason reuses the books kept in build/cache/pdf/)."""
    kept = paths.build / cache.CACHE_DIR
    books = [kept / volumes.PDF_DIR / name for v in VARIANTS for name in pdf.book_names(paths, v)]
    inputs = [f for v in VARIANTS for f in (*cache.tree_files(site.book_pages(paths, v)), site.config_file(paths, v))]

    def print_books() -> list[Problem]:
        pdf.write_books(paths, kept, convert)
        return []

    cache.run_stage(paths, "book", inputs, lambda: [book for book in books if book.exists()], print_books)
    (staging / volumes.PDF_DIR).mkdir(parents=True, exist_ok=True)
    for book in books:
        shutil.copyfile(book, staging / volumes.PDF_DIR / book.name)


def build_pdfs(paths: Paths) -> Result:
    """Only the printable books, into the built site, from the configurations of the last site build."""
    missing = [v for v in VARIANTS
               if not site.config_file(paths, v).exists() or not site.book_pages(paths, v).is_dir()]
    if missing:
        return Result([Problem(str(paths.build), "-", f"no site configuration for {', '.join(missing)}; run build",
                               kind="not built")])
    curated, problems = load_curated(paths.curated)
    pdf.write_books(paths, paths.site, converters(curated))
    return Result(problems)
