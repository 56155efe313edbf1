"""Dataset downloads for the site: every dataset as YAML, JSON and CSV, with its JSON Schema."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from generator.data.schemas import SCHEMAS


def flatten(value: Any) -> str:
    """One CSV cell: sources as doc:line#anchor, lists joined with '; ', nested records as JSON."""
    if isinstance(value, dict) and {"doc", "line", "anchor"} <= set(value):
        return f"{value['doc']}:{value['line']}#{value['anchor']}"
    if isinstance(value, list):
        return "; ".join(flatten(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


BOM = "\ufeff"  # UTF-8's byte-order mark: without it Excel on a Chinese Windows reads a CSV in the local code page


def to_csv(records: list[dict[str, Any]]) -> str:
    """The records as CSV, a column per field in order of first appearance, opened by a byte-order mark."""
    columns: list[str] = []
    for record in records:
        columns += [key for key in record if key not in columns]
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([flatten(record.get(column)) for column in columns])
    return buffer.getvalue()


def json_lines(records: list[dict[str, Any]]) -> str:
    """A JSON array with one record per line. Each line comes from json's C encoder; an indented whole is
    written by its Python encoder, about three times slower (a second of a 1,000-document render)."""
    return "[\n" + ",\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n]\n"


def dataset_files(model: dict[str, Any], yaml_texts: dict[str, str]) -> dict[str, str]:
    """{file name: text} for the data download page; the YAML is the dataset's own text, as written."""
    files: dict[str, str] = {}
    for name, schema in SCHEMAS.items():
        records = model[name]
        files[f"{name}.yml"] = yaml_texts[name]
        files[f"{name}.json"] = json_lines(records)
        files[f"{name}.csv"] = to_csv(records)
        files[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=1) + "\n"
    return files
