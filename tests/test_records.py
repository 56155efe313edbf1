"""The typed records between the stages (generator/core/model.py) and the published datasets' JSON Schemas
(generator/data/schemas.py) name the same fields and require the same ones, so a field added to one and not
the other fails here; and what the seeds' datasets hold fits both."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_type_hints

import pytest

from generator.core import model
from generator.data import schemas
from generator.data.datasets import load_yaml

DATA = Path(__file__).resolve().parent.parent / "site_data"
ITEM = {name: schema["items"] for name, schema in schemas.SCHEMAS.items()}
PAIRS = [
    (model.DocumentRecord, ITEM["documents"]),
    (model.EventRecord, ITEM["events"]),
    (model.BodyRecord, ITEM["bodies"]),
    (model.ProjectRecord, ITEM["projects"]),
    (model.PersonRecord, ITEM["people"]),
    (model.Session, schemas.SESSION),
    (model.Chair, schemas.SESSION["properties"]["co_chairs"]["items"]),
    (model.Role, schemas.ROLE),
    (model.SourceRef, schemas.SOURCE),
    (model.Edit, schemas.EDITED["items"]),
]


@pytest.mark.parametrize(("record", "schema"), PAIRS, ids=[record.__name__ for record, _ in PAIRS])
def test_record_and_schema_name_the_same_fields(record: Any, schema: dict[str, Any]) -> None:
    assert set(get_type_hints(record)) == set(schema["properties"])
    assert set(record.__required_keys__) == set(schema["required"])


def test_the_model_names_every_knowledge_dataset() -> None:
    assert set(get_type_hints(model.Knowledge)) | {"documents"} == set(schemas.SCHEMAS)


@pytest.mark.parametrize(("name", "record"), [("bodies", model.BodyRecord), ("people", model.PersonRecord),
                                              ("events", model.EventRecord), ("projects", model.ProjectRecord)])
def test_seed_records_use_only_the_typed_fields(name: str, record: Any) -> None:
    records = load_yaml(DATA / f"{name}.yml")
    assert records
    fields = set(get_type_hints(record))
    assert all(set(item) <= fields and set(record.__required_keys__) <= set(item) for item in records)
