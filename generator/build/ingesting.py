"""The ingest step: every source document through the text and knowledge stages (side by side, cached per
document), merged into one model and written as datasets.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build.common import Result, converters, remove_unlisted
from generator.core import cache, parallel
from generator.core.model import Document, Problem, RawDocument, place_of_lines
from generator.core.paths import Paths
from generator.data import datasets
from generator.data.check import shared_ids
from generator.editing import corrections as editing
from generator.knowledge import ner
from generator.knowledge.curated import CuratedName, load_curated
from generator.knowledge.findings import document_findings
from generator.knowledge.merge import build_model
from generator.knowledge.provenance import Model
from generator.knowledge.registry import Registry, load_surnames, pinyin
from generator.text import boilerplate, chronology
from generator.text.convert import Converter, load_script_detection
from generator.text.ingest import ingest_document
from generator.text.markup import link_texts
from generator.text.masks import KnownNames, Mask, fold
from generator.text.read import list_sources, read_sources

TEXTS_DIR = "texts"
KNOWLEDGE_DATASETS = ("events", "bodies", "projects", "people")


def normalise_script(doc: Document, to_hans: Converter) -> None:
    """The model is kept in simplified script; traditional documents are converted (names protected)."""
    if doc.script == "hans":
        return
    doc.title = to_hans(doc.title)
    for block in doc.blocks:
        block.text, block.section, block.title = to_hans(block.text), to_hans(block.section), to_hans(block.title)
        block.rows = [[to_hans(cell) for cell in row] for row in block.rows]  # a table's names are read too
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
            linked = frozenset(self.to_hans(text) for text in link_texts(doc.changes))
            findings = document_findings(doc, raw.text.split("\n"), self.registry, self.surnames, linked)
        except Exception as error:  # an unforeseen input must not stop the rest of the corpus
            return Problem(raw.path, "1", f"not processed: {type(error).__name__}: {error}".splitlines()[0],
                           kind="not processed")
        text_key = datasets.parsed_cache(self.paths).write(text_path(self.paths, doc.id), datasets.text_record(doc))
        problems = _script_warnings(doc) + _undated(doc) + _dropped(doc)
        return Ingested(datasets.document_record(doc), findings, text_key, problems, doc.masks)


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
    inputs = [p for p in (*list_sources(paths.sources), paths.manifest, paths.corrections) if p.exists()]
    result.problems += cache.run_stage(paths, "data", inputs, lambda: cache.tree_files(paths.data),
                                       lambda: write_datasets(paths, documents, curated, convert["zh-Hant"]))
    return documents, result


def _read(stages: DocumentStages, raws: list[RawDocument], cached: cache.DocumentCache,
          found: dict[str, Ingested | None], result: Result) -> None:
    """The per-document stages of `raws`, side by side (KB_JOBS), each kept in the cache and in `found`."""
    if not raws:
        return
    load_script_detection()
    jobs = min(parallel.job_limit(), len(raws))
    ner.load(threads=max(1, len(os.sched_getaffinity(0)) // jobs))  # before the workers are forked: they share it
    # While the workers read, this process loads the romanisation tables that merging the findings needs.
    outcomes = parallel.map_forked("reading the documents", stages, raws, jobs, meanwhile=pinyin)
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


UNDATED_KINDS = {chronology.IMPOSSIBLE: "impossible date", chronology.UNDATED: "undated entry"}


def _undated(doc: Document) -> list[Problem]:
    """Chronology entries left undated (a date the calendar does not have, a chronology without a year) are
    shown as paragraphs; the editor hears of each cause once, with its line and the entries it left undated."""
    return [Problem(doc.path, str(change.line), f"not dated: {change.reason}", "warning",
                    kind=UNDATED_KINDS[change.rule]) for change in doc.changes if change.rule in UNDATED_KINDS]


def _dropped(doc: Document) -> list[Problem]:
    """Lines dropped as page furniture (running headers, advertisements, a web page's menus): a note a document
    and kind of furniture, its lines listed; each line is logged with its text on the source page."""
    dropped: dict[str, list[int]] = {}
    for change in doc.changes:
        if change.rule in boilerplate.DROPPED_AS:
            dropped.setdefault(change.rule, []).append(change.line)
    return [Problem(doc.path, place_of_lines(lines), f"1 line dropped as {boilerplate.DROPPED_AS[rule][0]}"
                    if len(lines) == 1 else f"{len(lines)} lines dropped as {boilerplate.DROPPED_AS[rule][1]}",
                    "note", kind="dropped line")
            for rule, lines in dropped.items()]


def _script_warnings(doc: Document) -> list[Problem]:
    """A document in both scripts at once is read in simplified like any other, but the editor should know."""
    if doc.script != "mixed":
        return []
    return [Problem(doc.path, "1", "mixed script: simplified and traditional characters in one document; "
                    "its text is shown converted to each site's script", "warning", kind="mixed script")]


def write_datasets(paths: Paths, documents: list[Ingested], curated: list[CuratedName],
                   to_hant: Converter) -> list[Problem]:
    """The cross-document model (merge, resolve), the editors' corrections applied to it, and every dataset
    besides the texts, written by then."""
    knowledge = build_model([ingested.findings for ingested in documents], curated)
    parsed = datasets.parsed_cache(paths)

    def anchor_of(doc: str, line: int) -> str | None:
        text = text_path(paths, doc)
        return editing.anchor_at(parsed.load(text) if text.exists() else None, line)

    problems = editing.correct(knowledge, paths.corrections, anchor_of, converters(curated)["to-hans"])
    parsed.write(paths.data / "documents.yml", [ingested.record for ingested in documents])
    for name, records in knowledge.items():
        parsed.write(paths.data / f"{name}.yml", [_with_hant_name(record, to_hant) for record in records])
    remove_unlisted(paths.data / TEXTS_DIR, {f"{ingested.record['id']}.yml" for ingested in documents})
    parsed.prune(used={ingested.text_key for ingested in documents})  # written by the workers
    return problems + shared_ids(knowledge)  # reported by `ingest` alone too, not only by `check`


def _with_hant_name(record: dict[str, Any], to_hant: Converter) -> dict[str, Any]:
    if "name" not in record:
        return record
    items = list(record.items())
    index = [k for k, _ in items].index("name") + 1
    return dict([*items[:index], ("name_hant", to_hant(record["name"])), *items[index:]])


def load_model(paths: Paths) -> dict[str, Any]:
    """Everything the pages are rendered from, read back from the datasets (each text when it is needed)."""
    parsed = datasets.parsed_cache(paths)
    documents = parsed.load(paths.data / "documents.yml") or []
    texts = datasets.LazyTexts([d["id"] for d in documents], paths.data / TEXTS_DIR, parsed)
    model: dict[str, Any] = {"documents": documents, "texts": texts}
    for name in KNOWLEDGE_DATASETS:
        model[name] = parsed.load(paths.data / f"{name}.yml") or []
    return model
