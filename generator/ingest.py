"""Turn one RawDocument into a Document: split lines, repair, segment, detect metadata."""

from __future__ import annotations

import re
from collections import Counter

from .convert import script_of
from .model import Document, Line, RawDocument
from .repair import apply_rules
from .segment import MONTH_HEADER, SECTION_HEAD, segment

YEAR = re.compile(r"((?:19|20)\d\d)年")
BREADCRUMB = re.compile(r"当前位置|首页\s*[>＞›]|當前位置")


def detect_kind(lines: list[Line]) -> str:
    texts = [line.text.strip() for line in lines if line.text.strip()]
    if sum(1 for t in texts if MONTH_HEADER.match(t)) >= 3:
        return "chronology"
    if any(BREADCRUMB.search(t) for t in texts[:10]):
        return "web"
    if any(t.startswith(("#", "==", "---")) for t in texts[:5]):
        return "encyclopedia"
    if sum(1 for t in texts if SECTION_HEAD.match(t)) >= 2:
        return "yearbook"
    return "news"


def detect_year(text: str) -> int | None:
    years = Counter(int(y) for y in YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None


def detect_title(lines: list[Line], doc_id: str) -> str:
    for line in lines:
        text = line.text.strip()
        if not text or BREADCRUMB.search(text):
            continue
        if len(text) <= 40:
            return re.sub(r"\s+", "", text) if re.fullmatch(r"[\u4e00-\u9fff\s]+", text) else text
        break
    return doc_id


def ingest_document(raw: RawDocument) -> Document:
    lines = [Line(number, text) for number, text in enumerate(raw.text.split("\n"), 1)]
    repaired, changes = apply_rules(lines)
    segmented = segment(raw.id, repaired)
    meta = raw.meta
    year = meta.get("year")
    return Document(
        id=raw.id,
        title=meta.get("title") or detect_title(repaired, raw.id),
        kind=meta.get("kind") or detect_kind(repaired),
        year=int(year) if year and str(year).isdigit() else detect_year(raw.text),
        script=meta.get("script") or script_of(raw.text),
        origin=meta.get("origin", ""),
        path=raw.path,
        sha256=raw.sha256,
        encoding=raw.encoding,
        blocks=segmented.blocks,
        sections=segmented.sections,
        changes=changes + segmented.changes,
    )
