"""A document that is a data export (a list API's JSON) read as its records: a heading and a text each.

Scraped news often comes as the JSON a site's list API returns: records (a day's reports) holding a title, a
body (often HTML), a posting time and fields of the site's own (ids, links, image addresses, tags, flags).
Read as text, those fields become sentences (`","pub_date":"2015-10-14 19:26:18",`) and the posting time an
event. Here each record gives its title as a heading and its longest body as text, at the raw line its value
starts on; the records' most common posting day becomes the document's date, which dates the report and no
happening. Every other field is dropped, logged per record with its values; JSON's own punctuation, keys and
escapes are counted as removed syntax, so the accounting still sums.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.core.accounting import Ledger
from generator.core.model import Change, Line

TITLE_KEYS = ("title", "headline", "video_title", "subject", "name", "标题")
TEXT_KEYS = ("content", "body", "text", "article", "html", "description", "desc", "brief", "summary", "正文", "内容")
DATE_KEYS = re.compile(r"date|time|published|updated|日期|时间", re.IGNORECASE)
DAY = re.compile(r"((?:19|20)\d\d)[-/.年]([01]?\d)[-/.月]([0-3]?\d)")
HAN = re.compile(r"[\u4e00-\u9fff]")
MIN_TEXT = 20  # characters of Han text a body holds at least: shorter values are labels, tags, names


@dataclass(frozen=True)
class Record:
    title: str
    text: str
    day: str  # YYYY-MM-DD the record was posted, or ''
    dropped: tuple[str, ...]  # `key: value` of every other field


def parse_export(text: str) -> Any | None:
    """The JSON value a whole document holds, or None when it is not one (most documents)."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[":
        return None
    try:
        return json.loads(stripped)
    except ValueError:
        return None


@dataclass(frozen=True)
class Export:
    lines: list[Line]
    day: str  # the records' most common posting day, or ''
    title: str  # the export's own title; a single record's; else '' (a day's reports have none in common)


def json_lines(lines: list[Line], changes: list[Change], ledger: Ledger) -> Export | None:
    """The export's records as lines (a heading, then the body's lines); None when the document is not a JSON
    export with records of text."""
    raw = "\n".join(line.text for line in lines)
    data = parse_export(raw)
    found = list(records(data)) if data is not None else []
    if not found:
        return None
    starts = _line_starts(raw)
    out: list[Line] = []
    position = 0
    for record in found:
        number, position = _line_of(raw, starts, record.text, position)
        if record.title:
            out.append(Line(number, record.title, "heading", 2))
        out.extend(Line(number, piece) for piece in record.text.splitlines())
        if record.dropped:
            changes.append(Change("json-field", number, "  ".join(record.dropped), "",
                                  "a field of a data export (id, link, tag, time, a repeated title): not text"))
    logged = sum(len(change.before) for change in changes if change.rule == "json-field")
    # What is neither kept nor logged: JSON's punctuation, keys and escapes (segmentation counts the breaks
    # between the lines made here)
    ledger.count("removed:json-syntax", len(raw) - logged - sum(len(line.text) for line in out) - len(out) + 1)
    days = Counter(record.day for record in found if record.day)
    own = data.get(next((key for key in data if key.lower() in TITLE_KEYS), ""), "") if isinstance(data, dict) else ""
    title = own if isinstance(own, str) and own.strip() else found[0].title if len(found) == 1 else ""
    return Export(out, days.most_common(1)[0][0] if days else "", title.strip())


def records(value: Any) -> Iterator[Record]:
    """The records of text in a JSON value: each list item (or the value itself) whose fields hold a body."""
    if isinstance(value, list):
        for item in value:
            yield from records(item)
        return
    if not isinstance(value, dict):
        return
    nested = [item for item in value.values() if isinstance(item, list)]
    inner = [record for items in nested for record in records(items)]
    if inner:
        yield from inner
        return
    fields = dict(_fields(value))
    bodies = [(key, text) for key, text in fields.items() if _named(key, TEXT_KEYS) and _is_text(text)]
    if not bodies:  # a wrapper ({"data": {"list": […]}}) or a record of no text
        for item in value.values():
            if isinstance(item, dict):
                yield from records(item)
        return
    body_key, body = max(bodies, key=lambda item: len(item[1]))
    title_key = next((key for key in fields if _named(key, TITLE_KEYS) and fields[key].strip()), "")
    date_key = next((key for key in fields if DATE_KEYS.search(_leaf(key)) and DAY.search(fields[key])), "")
    yield Record(fields[title_key].strip() if title_key else "", body, _day(fields[date_key]) if date_key else "",
                 tuple(f"{key}: {text}" for key, text in fields.items() if key not in (body_key, title_key) and text))


def _fields(value: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every scalar of a record, nested objects flattened (video_detail.content), in the order written."""
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            yield from _fields(item, f"{name}.")
        elif isinstance(item, str | int | float) and not isinstance(item, bool):
            yield name, str(item)


def _leaf(key: str) -> str:
    return key.rsplit(".", 1)[-1].lower()


def _named(key: str, names: tuple[str, ...]) -> bool:
    """content, video_content, article_title: a field named as one of `names`, alone or after a prefix."""
    leaf = _leaf(key)
    return leaf in names or leaf.rsplit("_", 1)[-1] in names


def _is_text(value: str) -> bool:
    return len(HAN.findall(value)) >= MIN_TEXT


def _day(value: str) -> str:
    found = DAY.search(value)
    return f"{found.group(1)}-{int(found.group(2)):02d}-{int(found.group(3)):02d}" if found else ""


def _line_starts(raw: str) -> list[int]:
    return [0, *(index + 1 for index, char in enumerate(raw) if char == "\n")]


def _line_of(raw: str, starts: list[int], text: str, position: int) -> tuple[int, int]:
    """The raw line a body's value starts on (a pretty-printed export has one a line), searching on from the
    last one found; its first characters as JSON writes them."""
    probe = json.dumps(text[:12], ensure_ascii=False)[1:-1]
    found = raw.find(probe, position)
    at = found if found >= 0 else position
    return sum(1 for start in starts if start <= at), at
