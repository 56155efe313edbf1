"""Helpers for the text-stage tests: load case files and ingest a data document as the pipeline would."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from generator.core.model import Document, RawDocument
from generator.text.ingest import ingest_document
from generator.text.read import decode, normalise_whitespace, read_sources

TEXT = Path(__file__).resolve().parent / "data" / "text"
SEEDS = Path(__file__).resolve().parent.parent / "site_data" / "sources"


def cases(name: str) -> Any:
    return yaml.safe_load((TEXT / name).read_text(encoding="utf-8"))


def raw_document(name: str, **meta: str) -> RawDocument:
    data = (TEXT / name).read_bytes()
    text, encoding = decode(data)
    return RawDocument(Path(name).stem, name, hashlib.sha256(data).hexdigest(), encoding,
                       normalise_whitespace(text), dict(meta))


def ingest_data(name: str, **meta: str) -> Document:
    return ingest_document(raw_document(name, **meta))


def seed_documents() -> dict[str, tuple[RawDocument, Document]]:
    raws, _ = read_sources(SEEDS, SEEDS.parent / "sources.yml")
    return {raw.id: (raw, ingest_document(raw)) for raw in raws}
