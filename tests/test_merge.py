"""The documents' findings merged: a happening several documents report is one event citing each of them, and an
event is compared only with the reports of other documents it could join, so a long chronology of one document
merges in time linear in its entries."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from conftest import DATA

from generator.knowledge import merge

HAPPENINGS = yaml.safe_load((DATA / "merge" / "happenings.yml").read_text(encoding="utf-8"))


def event(doc: str, line: int, date: str, bodies: list[str], people: list[str], projects: list[str] | None = None,
          entry: bool = False) -> dict[str, Any]:
    return {"date": str(date), "date_end": "", "text": "", "kind": "day", "singapore": True, "bodies": bodies,
            "projects": projects or [], "people": people, "source": {"doc": doc, "line": line, "anchor": f"p-{line}"},
            "rule": "chronology-entry" if entry else "dated-clause"}


def test_reports_of_other_documents_join_the_happening_they_report() -> None:
    kept = merge.one_per_happening([event(**fields) for fields in HAPPENINGS["events"]])
    found = [[f"{s['doc']}:{s['line']}" for s in e.get("sources", [e["source"]])] for e in kept]
    assert found == HAPPENINGS["happenings"]


def test_the_entries_of_one_chronology_are_never_compared_with_each_other(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 entries on six days, all naming one body: none joins another, and none is even compared."""
    compared: list[int] = []
    same = merge._same_happening
    monkeypatch.setattr(merge, "_same_happening", lambda one, other: compared.append(1) or same(one, other))
    events = [event("chron", line, f"2020-03-0{line % 6 + 1}", ["理事会"], [f"人{line}"], entry=True)
              for line in range(2000)]
    assert len(merge.one_per_happening(events)) == 2000
    assert compared == []


def test_each_report_is_compared_only_with_the_happening_it_joins(monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 documents that each report the same meeting: each report is compared once, with the one event."""
    compared: list[int] = []
    same = merge._same_happening
    monkeypatch.setattr(merge, "_same_happening", lambda one, other: compared.append(1) or same(one, other))
    events = [event(f"news{number}", 2, "2020-03-05", ["理事会"], ["王伟"]) for number in range(1000)]
    kept = merge.one_per_happening(events)
    assert len(kept) == 1 and len(kept[0]["sources"]) == 1000
    assert len(compared) == 999
