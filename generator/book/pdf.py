"""Printable book per variant: every page of the site, in navigation order, typeset by Typst into PDFs: one
volume, or several for a large corpus (the volume plan, generator/pages/volumes.py, bounds the memory of one
typesetting). generator/book/assemble.py makes each volume's Typst markup from the pages the site build
converted; generator/book/typeset.py typesets it and keeps the volumes between builds; this module runs both
for each variant from its generated MkDocs configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from importlib import metadata
from pathlib import Path

import yaml

from generator.book.assemble import BookSource, book_volume, frame
from generator.book.typeset import BookCache, font_files, write_pdfs
from generator.core import parallel, settings
from generator.core.cache import CACHE_DIR, Store, code_fingerprint
from generator.core.paths import VARIANTS, Paths
from generator.data.datasets import SAFE_LOADER
from generator.pages.volumes import (
    PDF_DIR,
    pdf_name,
    volume_budget,
)
from generator.site.site import config_file

BOOK_CACHE_DIR = "book"  # in the build cache: each variant's last volumes


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
