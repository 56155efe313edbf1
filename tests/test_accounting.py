"""Every input character is kept, captioned, tabulated, attributed, metadata, or removed with a reason."""

from __future__ import annotations

import pytest
from textdata import ingest_data, seed_documents

from generator.core.model import Document

KEPT_KINDS = ("heading", "paragraph", "chronology")


def kept_chars(doc: Document) -> int:
    return sum(len(b.text) for b in doc.blocks if b.kind in KEPT_KINDS)


@pytest.mark.parametrize("doc_id", sorted(seed_documents()))
def test_seed_accounting_sums_to_input(doc_id: str) -> None:
    raw, doc = seed_documents()[doc_id]
    assert sum(doc.accounting.values()) == len(raw.text)
    assert all(count > 0 for count in doc.accounting.values())
    if doc.script == "hans":
        assert doc.accounting["kept"] == kept_chars(doc)


@pytest.mark.parametrize("name,meta", [("chronology.txt", {"title": "园区2020年大事记", "year": "2020"}),
                                       ("table.txt", {"kind": "yearbook"}), ("web.txt", {"kind": "web"})])
def test_data_accounting(name: str, meta: dict) -> None:
    doc = ingest_data(name, **meta)
    text = (doc.path and ingest_data.__globals__["raw_document"](name, **meta).text)
    assert sum(doc.accounting.values()) == len(text)
    assert doc.accounting["kept"] == kept_chars(doc)
    removed = {k for k in doc.accounting if k.startswith("removed:")}
    assert removed, "layout is always removed"
