"""The knowledge base as one SQLite database (generator/data/database.py): it holds every record of every dataset,
unfolds what they nest, finds Chinese text by full-text search, and is the same bytes for the same datasets."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from generator.data import database
from generator.data.schemas import SCHEMAS


def records_of(db: sqlite3.Connection, name: str) -> list[dict[str, Any]]:
    """A dataset's records read back from its table, as `kb_columns` says each column is stored."""
    kinds = dict(db.execute("SELECT column, stored_as FROM kb_columns WHERE dataset = ?", (name,)).fetchall())
    cursor = db.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
    names = [column[0] for column in cursor.description]
    return [{key: json.loads(value) if kinds[key] == "json" else value
             for key, value in zip(names, row, strict=True) if value is not None} for row in cursor]


def as_stored(record: dict[str, Any]) -> dict[str, Any]:
    return {key: int(value) if isinstance(value, bool) else value for key, value in record.items() if value is not None}


@pytest.mark.parametrize("variant", ["zh-Hans", "zh-Hant"])
def test_the_database_holds_every_record_of_every_dataset(built_seeds: Path, variant: str) -> None:
    data = built_seeds / "site" / variant / "data"
    with sqlite3.connect(data / database.FILE) as db:
        for name in SCHEMAS:
            expected = json.loads((data / f"{name}.json").read_text(encoding="utf-8"))
            assert expected and records_of(db, name) == [as_stored(record) for record in expected], name
        bodies = json.loads((data / "bodies.json").read_text(encoding="utf-8"))
        people = json.loads((data / "people.json").read_text(encoding="utf-8"))
        events = json.loads((data / "events.json").read_text(encoding="utf-8"))
        count = {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in database.UNFOLDED}
        assert count["sessions"] == sum(len(body["sessions"]) for body in bodies)
        assert count["roles"] == sum(len(person["roles"]) for person in people)
        assert count["event_entities"] == sum(len(e[k]) for e in events for k in ("bodies", "projects", "people"))


def test_full_text_search_finds_chinese_names(built_seeds: Path) -> None:
    with sqlite3.connect(built_seeds / "site" / "zh-Hant" / "data" / database.FILE) as db:
        found = db.execute("SELECT p.id FROM people_fts f JOIN people p ON p.rowid = f.record "
                           "WHERE people_fts MATCH '王瑞傑'").fetchall()
        assert found == [("wang-rui-jie",)]
        texts = db.execute("SELECT e.text FROM events_fts f JOIN events e ON e.rowid = f.record "
                           "WHERE events_fts MATCH '聯合協調理事會'").fetchall()
        assert texts and all("聯合協調理事會" in text for (text,) in texts)


def test_the_same_datasets_give_the_same_bytes(built_seeds: Path, tmp_path: Path) -> None:
    data = built_seeds / "site" / "zh-Hans" / "data"
    database.write_database(data, tmp_path / "again.sqlite")
    assert (tmp_path / "again.sqlite").read_bytes() == (data / database.FILE).read_bytes()


def test_the_data_page_links_the_database(built_seeds: Path) -> None:
    page = (built_seeds / "site" / "zh-Hant" / "data" / "index.html").read_text(encoding="utf-8")
    assert '<a href="kb.sqlite" download>kb.sqlite</a>' in page


def test_a_dataset_without_records_still_has_its_table(tmp_path: Path) -> None:
    for name in SCHEMAS:
        (tmp_path / f"{name}.json").write_text("[]\n", encoding="utf-8")
    database.write_database(tmp_path, tmp_path / database.FILE)
    with sqlite3.connect(tmp_path / database.FILE) as db:
        for name in SCHEMAS:
            assert db.execute(f'SELECT count(*) FROM "{name}"').fetchone() == (0,)
