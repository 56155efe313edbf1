"""`check`: validate the datasets and pages, reporting every problem at once with file and record."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from generator.core.model import Problem
from generator.core.paths import VARIANTS, Paths
from generator.data.datasets import ParsedCache, parsed_cache
from generator.data.schemas import SCHEMAS
from generator.text.read import decode, normalise_whitespace

ENTITIES = ("bodies", "projects", "people")  # the datasets whose records each have a page under their id


def check(paths: Paths) -> list[Problem]:
    problems: list[Problem] = []
    documents_file = paths.data / "documents.yml"
    if not documents_file.exists():
        return [Problem("documents.yml", "1", "missing; run `python -m generator ingest` first",
                        kind="not ingested")]
    # Read through the parsed cache: the datasets a build has just written are read back as pickles.
    parsed = parsed_cache(paths)
    documents = parsed.load(documents_file) or []
    texts = {doc["id"]: parsed.load(paths.data / "texts" / f"{doc['id']}.yml") or {} for doc in documents
             if (paths.data / "texts" / f"{doc['id']}.yml").exists()}
    for doc in documents:
        problems += _check_document(paths, doc, texts.get(doc["id"]))
    problems += check_datasets(paths, documents, texts, parsed)
    return problems


def check_datasets(paths: Paths, documents: list[dict[str, Any]], texts: dict[str, Any],
                   parsed: ParsedCache) -> list[Problem]:
    """Every dataset against its JSON Schema; every source and cross-reference must resolve."""
    problems: list[Problem] = []
    data = {name: parsed.load(paths.data / f"{name}.yml") or [] for name in SCHEMAS if name != "documents"}
    data["documents"] = documents
    for name, records in data.items():
        validator = Draft202012Validator(SCHEMAS[name])
        for error in validator.iter_errors(records):
            place = "/".join(str(p) for p in error.absolute_path) or "/"
            problems.append(Problem(f"{name}.yml", place, f"schema: {error.message}", kind="schema"))
    anchors = {doc_id: _anchors(text) for doc_id, text in texts.items()}
    ids = {key: {r.get("id") for r in data[key]} for key in ENTITIES}
    problems += shared_ids(data)
    for name, records in data.items():
        for index, record in enumerate(records):
            for source in _sources_in(record):
                if source.get("anchor") not in anchors.get(source.get("doc"), set()):
                    problems.append(Problem(f"{name}.yml", f"[{index}]", f"source {source} does not resolve",
                                            kind="unresolved source"))
            for key in ENTITIES if name in ("events", "projects") else ():
                for missing in set(record.get(key, [])) - ids[key]:
                    problems.append(Problem(f"{name}.yml", f"[{index}]", f"unknown {key} id '{missing}'",
                                            kind="unknown id"))
    return problems


def shared_ids(data: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """Two records of a dataset under one id would write one page over the other: each such pair is named."""
    problems = []
    for name in ENTITIES:
        seen: dict[str, str] = {}
        for index, record in enumerate(data.get(name, [])):
            other = seen.setdefault(record.get("id"), record.get("name"))
            if other != record.get("name"):
                problems.append(Problem(f"{name}.yml", f"[{index}]", f"id collision: '{record.get('id')}' of "
                                        f"{record.get('name')} is also the id of {other}; one page hides the other",
                                        kind="id collision"))
    return problems


def _anchors(text: dict[str, Any]) -> set[str]:
    return {b.get("anchor") for b in text.get("blocks", [])} | {s.get("anchor") for s in text.get("sections", [])}


def _sources_in(value: Any) -> list[dict[str, Any]]:
    """Every {doc, line, anchor} nested anywhere in a record."""
    if isinstance(value, dict):
        if {"doc", "line", "anchor"} <= set(value):
            return [value]
        return [s for v in value.values() for s in _sources_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in _sources_in(v)]
    return []


def _check_document(paths: Paths, doc: dict, text: dict[str, Any] | None) -> list[Problem]:
    problems: list[Problem] = []
    raw_path = paths.sources / doc["file"]
    if not raw_path.exists():
        return [Problem("documents.yml", doc["id"], f"source file {doc['file']} not found", kind="missing source")]
    raw_text = normalise_whitespace(decode(raw_path.read_bytes())[0])
    line_count = raw_text.count("\n") + 1
    accounted = sum((doc.get("accounting") or {}).values())
    if accounted != len(raw_text):
        problems.append(Problem("documents.yml", doc["id"], f"character accounting sums to {accounted}, "
                                                            f"the source has {len(raw_text)} characters",
                                kind="accounting"))
    if text is None:
        return [*problems, Problem("documents.yml", doc["id"], f"texts/{doc['id']}.yml missing; run `ingest`",
                                   kind="not ingested")]
    anchors: set[str] = set()
    for block in text["blocks"]:
        where = f"texts/{doc['id']}.yml"
        if not 1 <= block["line"] <= line_count:
            problems.append(Problem(where, block.get("anchor", "?"), f"line {block['line']} outside the source",
                                    kind="bad line"))
        if block.get("anchor") in anchors:
            problems.append(Problem(where, block["anchor"], "duplicate anchor", kind="duplicate anchor"))
        anchors.add(block.get("anchor"))
    for variant in VARIANTS:
        if not (paths.docs / variant / "sources" / f"{doc['id']}.md").exists():
            problems.append(Problem(f"docs/{variant}", doc["id"], "source page missing; run `render`",
                                    kind="page missing"))
    return problems
