"""JSON Schemas of the published datasets; `check` validates every dataset against them."""

from __future__ import annotations

from typing import Any

from generator.core.model import KINDS, SCRIPTS

DATE = {"type": "string", "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"}
SOURCE = {
    "type": "object",
    "required": ["doc", "line", "anchor"],
    "properties": {"doc": {"type": "string"}, "line": {"type": "integer", "minimum": 1},
                   "anchor": {"type": "string", "pattern": "^[a-z]-[0-9a-f]{6}(-\\d+)?$"}},
    "additionalProperties": False,
}
SOURCES = {"type": "array", "items": SOURCE}
STRINGS = {"type": "array", "items": {"type": "string"}}
# What an editor's correction (corrections.yml) did to a record, which keeps what the text said: the values a fix
# replaced, the records merged into it, the session rejected from a body.
EDITED = {"type": "array", "items": {
    "type": "object", "required": ["action", "reason", "at"], "additionalProperties": False,
    "properties": {"action": {"enum": ["fix", "add", "merge", "reject"]}, "reason": {"type": "string"},
                   "at": {"type": "string", "pattern": r"^corrections\.yml:\d+$"}, "was": {"type": "object"},
                   "merged": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}},
                   "session": {"type": "string"}}}}
NAME_FIELDS = {"id": {"type": "string", "pattern": "^[a-z0-9-]+$"}, "name": {"type": "string", "minLength": 2},
               "name_hant": {"type": "string"}, "english": {"type": "string"}, "rule": {"type": "string"},
               "edited": EDITED}


def _array_of(item: dict[str, Any], title: str) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, "type": "array",
            "items": item}


def _object(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties, "additionalProperties": False}


SESSION = _object(
    ["number", "unit", "year", "date", "sources"],
    {"number": {"type": "integer", "minimum": 1}, "unit": {"enum": ["次", "届"]}, "year": {"type": ["integer", "null"]}, "date": DATE,
     "date_end": DATE, "place": {"type": "string"}, "format": {"type": "string"},
     "co_chairs": {"type": "array", "items": _object(["name"], {"name": {"type": "string"},
                                                               "title": {"type": "string"}})},
     "sources": SOURCES, "edited": EDITED},
)
ROLE = _object(["title", "source"], {"title": {"type": "string"}, "organisation": {"type": "string"},
                                     "as_stated": {"type": "string"}, "date": DATE, "source": SOURCE})

SCHEMAS: dict[str, dict[str, Any]] = {
    "documents": _array_of(_object(
        ["id", "title", "kind", "script", "file", "sha256"],
        {"id": {"type": "string"}, "title": {"type": "string"},
         "kind": {"enum": list(KINDS)},
         "year": {"type": ["integer", "null"]}, "script": {"enum": [*SCRIPTS, "mixed"]},
         "origin": {"type": "string"}, "file": {"type": "string"},
         "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "encoding": {"type": "string"},
         "counts": {"type": "object"}, "accounting": {"type": "object"}, "meta": {"type": "object"}},
    ), "Source documents"),
    "events": _array_of(_object(
        ["date", "text", "kind", "singapore", "source", "rule"],
        {"date": DATE, "date_end": DATE, "text": {"type": "string", "minLength": 1},
         "kind": {"enum": ["day", "same-day", "month", "prose"]}, "singapore": {"type": "boolean"},
         "bodies": STRINGS, "projects": STRINGS, "people": STRINGS, "source": SOURCE, "sources": SOURCES,
         "rule": {"type": "string"}, "edited": EDITED},
    ), "Dated events"),
    "bodies": _array_of(_object(
        ["id", "name", "sessions", "mentions"],
        {**NAME_FIELDS, "aliases": STRINGS, "sessions": {"type": "array", "items": SESSION}, "mentions": SOURCES},
    ), "China–Singapore cooperation bodies and their numbered sessions"),
    "projects": _array_of(_object(
        ["id", "name", "place", "bodies", "people", "mentions"],
        {**NAME_FIELDS, "aliases": STRINGS, "place": {"type": "string"}, "bodies": STRINGS, "people": STRINGS,
         "mentions": SOURCES},
    ), "Cooperation projects, parks and platforms"),
    "people": _array_of(_object(
        ["id", "name", "sort_key", "roles", "mentions"],
        {**NAME_FIELDS, "sort_key": {"type": "string"}, "roles": {"type": "array", "items": ROLE},
         "mentions": SOURCES},
    ), "People"),
}
