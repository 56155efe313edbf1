"""The pipeline: read -> repair -> segment -> (model) -> datasets -> pages -> sites.

Library functions behind the CLI commands. Each returns the problems it found instead of raising, so
one bad document never stops the rest of the corpus.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import datasets, pages, render, site
from .convert import Converter
from .curated import CuratedName, fixed_forms, load_curated
from .ingest import ingest_document
from .model import Document, Problem
from .paths import VARIANTS, Paths
from .read import read_sources

TEXTS_DIR = "texts"


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def converters(curated: list[CuratedName]) -> dict[str, Converter]:
    """Per variant, the converter from canonical simplified text; plus 'to-hans' for traditional sources."""
    to_hant, to_hans = fixed_forms(curated)
    return {"zh-Hans": Converter("t2s", to_hans), "zh-Hant": Converter("s2tw", to_hant),
            "to-hans": Converter("t2s", to_hans)}


def normalise_script(doc: Document, to_hans: Converter) -> None:
    """The model is kept in simplified script; traditional documents are converted (names protected)."""
    if doc.script == "hans":
        return
    doc.title = to_hans(doc.title)
    for block in doc.blocks:
        block.text, block.section = to_hans(block.text), to_hans(block.section)
    for section in doc.sections:
        section.title = to_hans(section.title)


def ingest(paths: Paths) -> tuple[list[Document], Result]:
    """Read and segment every source; write documents.yml and one text dataset per document."""
    result = Result()
    raws, problems = read_sources(paths.sources, paths.manifest)
    result.problems += problems
    curated, problems = load_curated(paths.curated)
    result.problems += problems
    to_hans = converters(curated)["to-hans"]
    documents: list[Document] = []
    for raw in raws:
        doc = ingest_document(raw)
        normalise_script(doc, to_hans)
        documents.append(doc)
    write_datasets(paths, documents)
    return documents, result


def write_datasets(paths: Paths, documents: list[Document]) -> None:
    records = [datasets.document_record(d) for d in documents]
    datasets.write_text_if_changed(paths.data / "documents.yml", datasets.dump_yaml(records))
    texts = paths.data / TEXTS_DIR
    wanted = {f"{d.id}.yml" for d in documents}
    for doc in documents:
        datasets.write_text_if_changed(texts / f"{doc.id}.yml", datasets.dump_yaml(datasets.text_record(doc)))
    _remove_unlisted(texts, wanted)


def load_model(paths: Paths) -> dict[str, Any]:
    """Everything the pages are rendered from, read back from the datasets."""
    documents = datasets.load_yaml(paths.data / "documents.yml") or []
    texts = {d["id"]: datasets.load_yaml(paths.data / TEXTS_DIR / f"{d['id']}.yml") for d in documents}
    return {"documents": documents, "texts": texts}


def render_docs(paths: Paths) -> Result:
    """Render every page in simplified, convert it for each variant, and write both docs trees."""
    model = load_model(paths)
    curated, problems = load_curated(paths.curated)
    convert = converters(curated)
    env = render.make_environment(paths.templates)
    rendered = render.render_pages(env, pages.plan_pages(model))
    for variant in VARIANTS:
        root = paths.docs / variant
        for page, markdown in rendered.items():
            text = markdown if variant == "zh-Hans" else convert[variant](markdown)
            datasets.write_text_if_changed(root / page, text)
        _remove_unlisted(root, set(rendered), recursive=True)
    return Result(problems)


def build_sites(paths: Paths, strict: bool = True) -> Result:
    """Both MkDocs builds into a staging folder, swapped into place only when all of them succeed."""
    model = load_model(paths)
    curated, _ = load_curated(paths.curated)
    convert = converters(curated)
    final_site = paths.site
    staging = paths.out / "build" / "site.new"
    shutil.rmtree(staging, ignore_errors=True)
    for variant in VARIANTS:
        nav = _convert_nav(pages.plan_nav(model), convert[variant]) if variant != "zh-Hans" else pages.plan_nav(model)
        config = site.write_variant_config(paths, variant, nav, convert[variant]("中新合作知识库"), staging / variant)
        site.mkdocs_build(config, strict=strict)
    site.write_root_index(staging)
    _swap_into_place(staging, final_site)
    return Result()


def _convert_nav(nav: Any, convert: Converter) -> Any:
    if isinstance(nav, list):
        return [_convert_nav(item, convert) for item in nav]
    if isinstance(nav, dict):
        return {convert(k): _convert_nav(v, convert) for k, v in nav.items()}
    return nav


def _swap_into_place(staging: Path, final: Path) -> None:
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _remove_unlisted(root: Path, wanted: set[str], recursive: bool = False) -> None:
    """Delete generated files whose source is gone, so the output mirrors the corpus exactly."""
    if not root.exists():
        return
    pattern = "**/*.md" if recursive else "*.yml"
    for path in root.glob(pattern):
        if path.relative_to(root).as_posix() not in wanted:
            path.unlink()
