"""The whole knowledge base as one SQLite database per variant (`data/kb.sqlite`), for readers who query data in
Datasette or any SQL client.

It is made from the variant's JSON downloads (already in its script) when the site is built: a table per dataset
with a row per record, in the dataset's order (lists and nested records as JSON text, true/false as 1/0), tables
that unfold what the records nest (sessions, roles, the entities an event names, mentions), full-text tables
(FTS5 with the trigram tokenizer, which finds any run of three or more characters, as Chinese has no spaces
between words), and `kb_columns`, which says how each column of a dataset's table is stored. The same datasets
give the same bytes: rows are written in one order and the file is vacuumed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.data.schemas import SCHEMAS

FILE = "kb.sqlite"
FTS_COLUMNS = {"documents": ("title", "origin"), "events": ("text",),
               "bodies": ("name", "name_hant", "english", "aliases"),
               "projects": ("name", "name_hant", "english", "aliases", "place"),
               "people": ("name", "name_hant", "english")}
Row = tuple[Any, ...]
SOURCE = ("doc", "line", "anchor")


def write_database(data: Path, target: Path) -> None:
    """data: the variant's folder of dataset downloads (<name>.json); target: the database file, replaced."""
    target.unlink(missing_ok=True)
    records = {name: json.loads((data / f"{name}.json").read_text(encoding="utf-8")) for name in SCHEMAS}
    with sqlite3.connect(target) as db:
        for name, rows in records.items():
            _dataset_table(db, name, rows)
            _fts_table(db, name, rows)
        _unfolded_tables(db, records)
    db.close()
    with sqlite3.connect(target) as db:
        db.execute("VACUUM")
    db.close()


def columns_of(records: list[dict[str, Any]]) -> dict[str, str]:
    """Each key of the records, in the order first seen, with how it is stored: text, integer, real or json."""
    kinds: dict[str, str] = {}
    for record in records:
        for key, value in record.items():
            if value is None:
                kinds.setdefault(key, "text")
            elif kinds.get(key, _kind(value)) == _kind(value):
                kinds[key] = _kind(value)
            else:  # a key whose values differ in kind: each stored as JSON, which tells them apart
                kinds[key] = "json"
    return kinds


def _kind(value: Any) -> str:
    if isinstance(value, int):  # true/false too
        return "integer"
    if isinstance(value, float):
        return "real"
    return "text" if isinstance(value, str) else "json"


def _stored(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return int(value) if isinstance(value, bool) else value


def _dataset_table(db: sqlite3.Connection, name: str, records: list[dict[str, Any]]) -> None:
    """A row per record; a dataset without records still gets its table, with its schema's fields."""
    kinds = columns_of(records) or dict.fromkeys(SCHEMAS[name]["items"]["properties"], "text")
    types = {"text": "TEXT", "integer": "INTEGER", "real": "REAL", "json": "TEXT"}
    db.execute(f'CREATE TABLE "{name}" (' + ", ".join(f'"{k}" {types[v]}' for k, v in kinds.items()) + ")")
    marks = ", ".join("?" for _ in kinds)
    db.executemany(f'INSERT INTO "{name}" VALUES ({marks})',
                   [tuple(_stored(record.get(key), kind) for key, kind in kinds.items()) for record in records])
    db.execute("CREATE TABLE IF NOT EXISTS kb_columns (dataset TEXT, column TEXT, stored_as TEXT)")
    db.executemany("INSERT INTO kb_columns VALUES (?, ?, ?)", [(name, k, v) for k, v in kinds.items()])
    if "id" in kinds:
        db.execute(f'CREATE UNIQUE INDEX "{name}_id" ON "{name}" (id)')


def _fts_table(db: sqlite3.Connection, name: str, records: list[dict[str, Any]]) -> None:
    """<name>_fts: the record's rowid in its table and its text columns (lists joined), searchable by MATCH."""
    columns = FTS_COLUMNS[name]
    db.execute(f'CREATE VIRTUAL TABLE "{name}_fts" USING fts5(record UNINDEXED, '
               + ", ".join(columns) + ", tokenize='trigram')")
    db.executemany(f'INSERT INTO "{name}_fts" VALUES (?{", ?" * len(columns)})',
                   [(rowid, *(_text(record.get(column)) for column in columns))
                    for rowid, record in enumerate(records, start=1)])


def _text(value: Any) -> str:
    return "、".join(value) if isinstance(value, list) else str(value or "")


UNFOLDED: dict[str, tuple[str, ...]] = {
    "sessions": ("body_id", "number", "unit", "year", "date", "date_end", "place", "format", "co_chairs"),
    "roles": ("person_id", "title", "organisation", "as_stated", "date", *SOURCE),
    "event_entities": ("event", "kind", "entity_id"),
    "mentions": ("kind", "entity_id", *SOURCE),
}


def _unfolded_tables(db: sqlite3.Connection, records: dict[str, list[dict[str, Any]]]) -> None:
    """What the records nest, a row each, so that it can be joined: `event` is the rowid in `events`."""
    rows = {"sessions": _sessions(records["bodies"]), "roles": _roles(records["people"]),
            "event_entities": _event_entities(records["events"]), "mentions": _mentions(records)}
    for table, columns in UNFOLDED.items():
        db.execute(f'CREATE TABLE "{table}" (' + ", ".join(f'"{c}"' for c in columns) + ")")
        db.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" for _ in columns)})', rows[table])


def _sessions(bodies: list[dict[str, Any]]) -> Iterator[Row]:
    for body in bodies:
        for s in body["sessions"]:
            yield (body["id"], s.get("number"), s.get("unit"), s.get("year"), s.get("date"), s.get("date_end"), s.get("place"),
                   s.get("format"), json.dumps(s.get("co_chairs", []), ensure_ascii=False, sort_keys=True))


def _roles(people: list[dict[str, Any]]) -> Iterator[Row]:
    for person in people:
        for role in person["roles"]:
            yield (person["id"], role["title"], role["organisation"], role["as_stated"], role["date"],
                   *(role["source"][key] for key in SOURCE))


def _event_entities(events: list[dict[str, Any]]) -> Iterator[Row]:
    for rowid, event in enumerate(events, start=1):
        for kind in ("bodies", "projects", "people"):
            for entity_id in event[kind]:
                yield rowid, kind, entity_id


def _mentions(records: dict[str, list[dict[str, Any]]]) -> Iterator[Row]:
    for kind in ("bodies", "projects", "people"):
        for entity in records[kind]:
            for source in entity["mentions"]:
                yield (kind, entity["id"], *(source[key] for key in SOURCE))
