"""The pipeline: read -> repair -> segment -> (model) -> datasets -> pages -> sites.

Library functions behind the CLI commands. Each returns the problems it found instead of raising, so
one bad document never stops the rest of the corpus.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2

from generator.book import pdf
from generator.core import cache, parallel, settings
from generator.core.model import Document, Problem, RawDocument
from generator.core.paths import VARIANTS, Paths
from generator.data import database, datasets, export
from generator.data.check import check
from generator.knowledge import ner
from generator.knowledge.curated import CuratedName, fixed_forms, load_curated
from generator.knowledge.resolve import Model, Registry, build_model, document_findings, load_surnames, pinyin
from generator.pages import cite, pages, render, volumes
from generator.site import search, site
from generator.text.convert import Converter, hant_config, load_script_detection
from generator.text.ingest import ingest_document
from generator.text.masks import KnownNames, Mask, fold
from generator.text.read import list_sources, read_sources

TEXTS_DIR = "texts"
CONVERTED_CACHE_DIR = "converted"  # in the build cache: each converted variant's pages of the last build
MEMORY_HINT = "if memory ran out: KB_JOBS=1 runs one variant at a time"
KNOWLEDGE_DATASETS = ("events", "bodies", "projects", "people")
UNDATED_SHOWN = 10  # chronology entries of one document reported one a line, the rest counted


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def converters(curated: list[CuratedName]) -> dict[str, Converter]:
    """Per variant, the converter from canonical simplified text; plus 'to-hans' for traditional sources."""
    to_hant, to_hans = fixed_forms(curated)
    return {"zh-Hans": Converter("t2s", to_hans), "zh-Hant": Converter(hant_config(), to_hant),
            "to-hans": Converter("t2s", to_hans)}


def load_converters() -> None:
    """OpenCC's dictionaries for the variants' converters read into this process (one copy per configuration
    and process), so that the processes it forks from now on share them instead of reading them again."""
    for converter in converters([]).values():
        converter.loaded()


def normalise_script(doc: Document, to_hans: Converter) -> None:
    """The model is kept in simplified script; traditional documents are converted (names protected)."""
    if doc.script == "hans":
        return
    doc.title = to_hans(doc.title)
    for block in doc.blocks:
        block.text, block.section = to_hans(block.text), to_hans(block.section)
    for section in doc.sections:
        section.title = to_hans(section.title)


@dataclass
class Ingested:
    """What the rest of the build keeps of one document after the per-document stages (repair, segment,
    extract): its documents.yml record, its partial model, and the hash of its text dataset."""

    record: dict[str, Any]
    findings: Model
    text_key: str
    problems: list[Problem]
    masks: list[Mask] = field(default_factory=list)  # every masked word, with the text around it


@dataclass
class DocumentStages:
    """The per-document stages with what they need; run in forked workers, so nothing here is pickled."""

    paths: Paths
    to_hans: Converter
    registry: Registry
    surnames: frozenset[str]
    # Per document, the names extracted from the corpus that fit its masks (the second pass, see `ingest`).
    found_names: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __call__(self, raw: RawDocument) -> Ingested | Problem:
        """One document through repair, segmentation and extraction, its text dataset written; any failure
        is that document's problem only."""
        extra = self.found_names.get(raw.id, ())
        try:
            doc = ingest_document(raw, KnownNames([*curated_names(self.registry.names), *extra]), self.to_hans)
            normalise_script(doc, self.to_hans)
            findings = document_findings(doc, raw.text.split("\n"), self.registry, self.surnames)
        except Exception as error:  # an unforeseen input must not stop the rest of the corpus
            return Problem(raw.path, "1", f"not processed: {type(error).__name__}: {error}".splitlines()[0])
        text_key = parsed_cache(self.paths).write(text_path(self.paths, doc.id), datasets.text_record(doc))
        return Ingested(datasets.document_record(doc), findings, text_key, _script_warnings(doc) + _undated(doc),
                        doc.masks)


def curated_names(curated: list[CuratedName]) -> list[str]:
    """Every curated spelling of a name (not the markers of the cooperation), that masked words may be restored
    from."""
    return [form for entry in curated if entry.kind != "marker" for form in (entry.hans, entry.hant, *entry.aliases)]


def extracted_names(documents: list[Ingested], curated: list[CuratedName]) -> list[str]:
    """The names of the bodies, projects and people found in the documents that the curated lists do not spell."""
    spelt = {fold(name) for name in curated_names(curated)}
    return sorted({name for doc in documents for found in (doc.findings.bodies, doc.findings.projects,
                                                           doc.findings.people) for name in found
                   if fold(name) not in spelt})


def ingest(paths: Paths) -> tuple[list[Ingested], Result]:
    """Read every source, run the per-document stages on those new or changed since the last build (side by
    side, KB_JOBS), then merge the findings and write the datasets."""
    result = Result()
    raws, problems = read_sources(paths.sources, paths.manifest)
    result.problems += problems
    curated, problems = load_curated(paths.curated)
    result.problems += problems
    convert = converters(curated)
    cached = cache.DocumentCache.open(paths)
    stages = DocumentStages(paths, convert["to-hans"], Registry(curated), load_surnames())
    # First pass: each document with the curated names. Its masks and the names it found are what the second
    # pass needs, whether its text dataset is still current or not.
    first = {raw.id: cached.lookup(raw) for raw in raws}
    _read(stages, [raw for raw in raws if first[raw.id] is None], cached, first, result)
    # Second pass: a document with a mask that a name found anywhere in the corpus fits is read again knowing
    # those names, so that the mask is restored (or found in doubt) as if they had been curated.
    corpus = KnownNames(extracted_names([doc for doc in first.values() if doc is not None], curated))
    stages.found_names = {raw.id: corpus.fitting(doc.masks) for raw in raws if (doc := first[raw.id]) and doc.masks}
    found = {raw.id: _current(paths, first[raw.id] if not stages.found_names.get(raw.id)
                              else cached.lookup(raw, stages.found_names[raw.id])) for raw in raws}
    _read(stages, [raw for raw in raws if found[raw.id] is None and first[raw.id] is not None], cached, found, result)
    cached.prune()
    documents = [found[raw.id] for raw in raws if found[raw.id] is not None]
    for ingested in documents:
        result.problems += ingested.problems
    inputs = [p for p in (*list_sources(paths.sources), paths.manifest) if p.exists()]
    cache.run_stage(paths, "data", inputs, lambda: cache.tree_files(paths.data),
                    lambda: write_datasets(paths, documents, curated, convert["zh-Hant"]))
    return documents, result


def _read(stages: DocumentStages, raws: list[RawDocument], cached: cache.DocumentCache,
          found: dict[str, Ingested | None], result: Result) -> None:
    """The per-document stages of `raws`, side by side (KB_JOBS), each kept in the cache and in `found`."""
    if not raws:
        return
    load_script_detection()
    ner.load()  # before the workers are forked, so that they share the model
    # While the workers read, this process loads the romanisation tables that merging the findings needs.
    outcomes = parallel.map_forked("reading the documents", stages, raws, parallel.job_limit(), meanwhile=pinyin)
    for raw, outcome in zip(raws, outcomes, strict=True):
        if isinstance(outcome, Problem):
            result.problems.append(outcome)
        else:
            found[raw.id] = cached.store_result(raw, outcome, stages.found_names.get(raw.id, ()))


def text_path(paths: Paths, doc_id: str) -> Path:
    return paths.data / TEXTS_DIR / f"{doc_id}.yml"


def _current(paths: Paths, ingested: Ingested | None) -> Ingested | None:
    """A cached document counts only while its text dataset is still the one it wrote."""
    if ingested is None:
        return None
    text = text_path(paths, ingested.record["id"])
    if not text.exists() or cache.key(text.read_text(encoding="utf-8")) != ingested.text_key:
        return None
    return ingested


def _undated(doc: Document) -> list[Problem]:
    """Chronology entries whose date the calendar does not have (2月30日, 13月) are shown as paragraphs, undated;
    the editor hears of each, with its line."""
    undated = [change for change in doc.changes if change.rule == "chronology-date"]
    problems = [Problem(doc.path, str(change.line), f"not dated: {change.reason}", "warning")
                for change in undated[:UNDATED_SHOWN]]
    if len(undated) > UNDATED_SHOWN:  # a chronology without a year: its every entry, named once
        problems.append(Problem(doc.path, str(undated[UNDATED_SHOWN].line),
                                f"{len(undated) - UNDATED_SHOWN} more entries not dated (listed on its source page)",
                                "warning"))
    return problems


def _script_warnings(doc: Document) -> list[Problem]:
    """A document in both scripts at once is read in simplified like any other, but the editor should know."""
    if doc.script != "mixed":
        return []
    return [Problem(doc.path, "1", "mixed script: simplified and traditional characters in one document; "
                    "its text is shown converted to each site's script", "warning")]


def write_datasets(paths: Paths, documents: list[Ingested], curated: list[CuratedName],
                   to_hant: Converter) -> list[Problem]:
    """The cross-document model (merge, resolve) and every dataset besides the texts, written by then."""
    knowledge = build_model([ingested.findings for ingested in documents], curated)
    parsed = parsed_cache(paths)
    parsed.write(paths.data / "documents.yml", [ingested.record for ingested in documents])
    for name, records in knowledge.items():
        parsed.write(paths.data / f"{name}.yml", [_with_hant_name(record, to_hant) for record in records])
    _remove_unlisted(paths.data / TEXTS_DIR, {f"{ingested.record['id']}.yml" for ingested in documents})
    parsed.prune(used={ingested.text_key for ingested in documents})  # written by the workers
    return []


def parsed_cache(paths: Paths) -> datasets.ParsedCache:
    return datasets.ParsedCache(cache.Store(paths.build / cache.CACHE_DIR / "parsed"))


def _with_hant_name(record: dict[str, Any], to_hant: Converter) -> dict[str, Any]:
    if "name" not in record:
        return record
    items = list(record.items())
    index = [k for k, _ in items].index("name") + 1
    return dict([*items[:index], ("name_hant", to_hant(record["name"])), *items[index:]])


def load_model(paths: Paths) -> dict[str, Any]:
    """Everything the pages are rendered from, read back from the datasets (each text when it is needed)."""
    parsed = parsed_cache(paths)
    documents = parsed.load(paths.data / "documents.yml") or []
    texts = datasets.LazyTexts([d["id"] for d in documents], paths.data / TEXTS_DIR, parsed)
    model: dict[str, Any] = {"documents": documents, "texts": texts}
    for name in KNOWLEDGE_DATASETS:
        model[name] = parsed.load(paths.data / f"{name}.yml") or []
    return model


def render_docs(paths: Paths) -> Result:
    """Both docs trees; skipped when datasets, code and docs are as the last render left them."""
    return Result(cache.run_stage(paths, "pages", cache.tree_files(paths.data),
                                  lambda: cache.tree_files(paths.docs), lambda: _render_docs(paths)))


def _render_docs(paths: Paths) -> list[Problem]:
    """Render every page in simplified, convert it for each variant and write both docs trees; the pages and
    the dataset downloads are dealt to forked workers (KB_JOBS)."""
    model = load_model(paths)
    curated, problems = load_curated(paths.curated)
    model["glossary"] = [name for name in curated if name.kind != "marker"]
    yaml_texts = {name: (paths.data / f"{name}.yml").read_text(encoding="utf-8").removeprefix(datasets.DATASET_HEADER)
                  for name in export.SCHEMAS}
    downloads = {f"data/{name}": text for name, text in export.dataset_files(model, yaml_texts).items()}
    downloads.update(cite.downloads(model))
    downloads[search.NAMES] = search.entity_names(model)
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
        _remove_unlisted(paths.docs / variant, written, recursive=True)
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


def build(paths: Paths) -> list[Problem]:
    """Everything: ingest, render, then the sites, their search and the books. Ingesting and rendering each run
    in a process of their own, so the memory they took (documents, model, pages) is given back before the tools
    run, rather than copied into each of their forked processes (bench/report.md has the peaks). While the documents are read, this process reads OpenCC's
    dictionaries, which every later process then shares."""
    problems = parallel.call_forked(lambda: ingest(paths)[1].problems, meanwhile=load_converters)
    problems += parallel.call_forked(lambda: render_docs(paths).problems)
    problems += check(paths)  # what `check` reports, a build reports too
    return problems + build_sites(paths, strict=True).problems


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
    configs = _variant_configs(paths, convert, staging)
    for index in build_variants(paths, configs, convert, strict).values():
        print(index)
    for variant in VARIANTS:
        database.write_database(paths.docs / variant / "data", staging / variant / "data" / database.FILE)
    site.write_root_index(staging)
    site.write_root_404(staging)
    if settings.current().pdf:  # KB_PDF=0 skips the books, e.g. for a quick preview build
        _copy_books(paths, staging, convert)
    _swap_into_place(staging, final_site)
    return []


def _variant_configs(paths: Paths, convert: dict[str, Converter], staging: Path) -> dict[str, Path]:
    """Each variant's MkDocs configuration, navigation included. The model is needed only here: it is freed
    before the tools run."""
    navigation = pages.plan_nav(load_model(paths))
    configs = {}
    for variant in VARIANTS:
        nav = navigation if variant == "zh-Hans" else navigation.converted(convert[variant])
        configs[variant] = site.write_variant_config(paths, variant, nav, convert[variant]("中新合作知识库"),
                                                     staging / variant)
    return configs


def build_variants(paths: Paths, configs: dict[str, Path], convert: dict[str, Converter],
                   strict: bool) -> dict[str, search.SearchIndex]:
    """Each variant's site, then each one's search index, the variants side by side (KB_JOBS). The indexes
    are made once the MkDocs processes have ended, so Pagefind's memory never comes on top of MkDocs'."""
    limit = parallel.job_limit()
    sites = parallel.run_forked("building the site", {v: partial(_build_variant, paths, v, configs[v], strict)
                                                      for v in VARIANTS}, limit, MEMORY_HINT)
    other = dict(zip(VARIANTS, reversed(VARIANTS), strict=True))
    indexes = {v: partial(search.index_variant, paths, sites[v], v, other[v], convert[v]) for v in VARIANTS}
    return parallel.run_forked("indexing the site", indexes, limit,
                               f"{MEMORY_HINT}; a smaller KB_SEARCH_PART_MB makes smaller index parts")


def _build_variant(paths: Paths, variant: str, config: Path, strict: bool) -> Path:
    shutil.rmtree(site.book_pages(paths, variant), ignore_errors=True)  # pages of removed documents go too
    site_dir = site.mkdocs_build(config, strict=strict)
    # A static host serves only the root 404.html (for missing paths at any depth); MkDocs' own one per
    # variant is never served and its root-absolute links lead nowhere without SITE_URL.
    (site_dir / "404.html").unlink(missing_ok=True)
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
        return Result([Problem(str(paths.build), "-", f"no site configuration for {', '.join(missing)}; run build")])
    curated, problems = load_curated(paths.curated)
    pdf.write_books(paths, paths.site, converters(curated))
    return Result(problems)


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
    pattern = "**/*" if recursive else "*.yml"
    for path in root.glob(pattern):
        if path.is_dir():
            continue
        if path.relative_to(root).as_posix() not in wanted:
            path.unlink()
