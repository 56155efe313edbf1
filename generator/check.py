"""`check`: validate the datasets and pages, reporting every problem at once with file and record."""

from __future__ import annotations

from .datasets import load_yaml
from .model import Problem
from .paths import VARIANTS, Paths
from .read import decode


def check(paths: Paths) -> list[Problem]:
    problems: list[Problem] = []
    documents_file = paths.data / "documents.yml"
    if not documents_file.exists():
        return [Problem("documents.yml", "1", "missing; run `python -m generator ingest` first")]
    for doc in load_yaml(documents_file) or []:
        problems += _check_document(paths, doc)
    return problems


def _check_document(paths: Paths, doc: dict) -> list[Problem]:
    problems: list[Problem] = []
    raw_path = paths.sources / doc["file"]
    if not raw_path.exists():
        return [Problem("documents.yml", doc["id"], f"source file {doc['file']} not found")]
    line_count = decode(raw_path.read_bytes())[0].count("\n") + 1
    text = load_yaml(paths.data / "texts" / f"{doc['id']}.yml")
    anchors: set[str] = set()
    for block in text["blocks"]:
        where = f"texts/{doc['id']}.yml"
        if not 1 <= block["line"] <= line_count:
            problems.append(Problem(where, block.get("anchor", "?"), f"line {block['line']} outside the source"))
        if block.get("anchor") in anchors:
            problems.append(Problem(where, block["anchor"], "duplicate anchor"))
        anchors.add(block.get("anchor"))
    for variant in VARIANTS:
        if not (paths.docs / variant / "sources" / f"{doc['id']}.md").exists():
            problems.append(Problem(f"docs/{variant}", doc["id"], "source page missing; run `render`"))
    return problems
