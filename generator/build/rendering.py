"""The render step: the datasets as both variants' Markdown pages and downloads, dealt to forked workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from typing import Any

import jinja2

from generator.build.common import Result, converters, remove_unlisted
from generator.build.ingesting import load_model
from generator.core import cache, parallel
from generator.core.model import Problem
from generator.core.paths import VARIANTS, Paths
from generator.data import datasets, export
from generator.knowledge.curated import load_curated
from generator.pages import cite, feed, pages, render
from generator.site import search
from generator.text.convert import Converter

CONVERTED_CACHE_DIR = "converted"  # in the build cache: each converted variant's pages of the last build


def render_docs(paths: Paths) -> Result:
    """Both docs trees; skipped when datasets, code and docs are as the last render left them."""
    return Result(cache.run_stage(paths, "pages", cache.tree_files(paths.data),
                                  lambda: cache.tree_files(paths.docs), lambda: _render_docs(paths)))


def _render_docs(paths: Paths) -> list[Problem]:
    """Render every page in simplified, convert it for each variant and write both docs trees; the pages and
    the dataset downloads are dealt to forked workers (KB_JOBS)."""
    model = load_model(paths)
    curated, problems = load_curated(paths.curated)
    model["glossary"] = [name for name in curated if name.kind not in ("marker", "party")]
    yaml_texts = {name: (paths.data / f"{name}.yml").read_text(encoding="utf-8").removeprefix(datasets.DATASET_HEADER)
                  for name in export.SCHEMAS}
    downloads = {f"data/{name}": text for name, text in export.dataset_files(model, yaml_texts).items()}
    downloads.update(cite.downloads(model))
    downloads[search.NAMES] = search.entity_names(model)
    downloads[feed.FEED] = feed.atom(model)
    convert = {name: converter.loaded() for name, converter in converters(curated).items() if name in VARIANTS}
    code = cache.code_fingerprint(paths.repo, "pages")
    salt = f"{code}|{metadata.version('opencc')}"
    kept = {variant: cache.KeptTexts(cache.Store(paths.build / cache.CACHE_DIR / CONVERTED_CACHE_DIR / variant, ".txt"),
                                     f"{salt}|{convert[variant].config}") for variant in VARIANTS[1:]}
    renderer = PageRenderer(paths, model, downloads, convert, kept, render.compiled_templates(code),
                            parallel.job_limit())
    shares = parallel.map_forked("rendering the pages", renderer, list(range(renderer.shares)), renderer.shares)
    written = {page for pages_written, _ in shares for page in pages_written}
    for variant in VARIANTS:
        remove_unlisted(paths.docs / variant, written, recursive=True)
    for variant, texts in kept.items():
        texts.store.prune(used=[key for _, keys in shares for key in keys[variant]])  # used by the workers
    return problems


@dataclass
class PageRenderer:
    """One share of the pages and downloads (every n-th of each) rendered and written for both variants."""

    paths: Paths
    model: dict[str, Any]
    downloads: dict[str, str]
    convert: dict[str, Converter]
    kept: dict[str, cache.KeptTexts]  # each converted variant's texts of the last build
    compiled: jinja2.BytecodeCache
    shares: int

    def __call__(self, share: int) -> tuple[list[str], dict[str, list[str]]]:
        """The pages and downloads of the share written, and the keys of the kept conversions used."""
        env = render.make_environment(self.paths.templates, self.compiled)
        plan = (page for number, page in enumerate(pages.plan_pages(self.model)) if number % self.shares == share)
        files = render.render_pages(env, plan)
        files.update(item for number, item in enumerate(self.downloads.items()) if number % self.shares == share)
        used: dict[str, list[str]] = {variant: [] for variant in self.kept}
        for variant in VARIANTS:
            for page, text in files.items():
                converted = text
                if variant in self.kept:
                    key, converted = self.kept[variant].apply(self.convert[variant], text)
                    used[variant].append(key)
                datasets.write_text_if_changed(self.paths.docs / variant / page, converted)
        return list(files), used
