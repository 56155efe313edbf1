"""The documents' findings merged, in document order, into one model: a session named by several documents
is one record with all its sources, the same happening reported by several is one event, and what depends
on the whole corpus (which known bodies and projects a chronology entry names) is settled after the merge,
so the result does not depend on the order of the documents.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from generator.core.model import (
    EventRecord,
    Knowledge,
)
from generator.knowledge.curated import CuratedName
from generator.knowledge.provenance import Model
from generator.knowledge.registry import Registry, slug, sort_key
from generator.knowledge.romanise import person_sort_key
from generator.knowledge.sessions import merge_session, session_of


def merge(parts: list[Model]) -> Model:
    """The partial models of the documents, in order, as one: as if one resolver had read them all. Mentions,
    roles and sources name their document, so two parts never share one: lists are simply joined."""
    whole = Model()
    for part in parts:
        whole.events += part.events
        whole.chronology += part.chronology
        for name, person in part.people.items():
            known = whole.people.setdefault(name, person)
            if known is not person:
                known["mentions"] += person["mentions"]
                known["roles"] += person["roles"]
        for name, project in part.projects.items():
            known = whole.projects.setdefault(name, project)
            if known is not project:
                known["mentions"] += project["mentions"]
        for name, body in part.bodies.items():
            known = whole.bodies.setdefault(name, body)
            if known is not body:
                known["mentions"] += body["mentions"]
                for session in body["sessions"]:
                    merge_session(session_of(known, session["number"], session["year"], session["unit"]), session)
    return whole


def link_chronology(model: Model) -> None:
    """A chronology entry names the corpus's bodies it mentions and the projects known by any spelling."""
    spellings = {name: (name, *project["aliases"]) for name, project in model.projects.items()}
    for event, text in model.chronology:
        event["bodies"] = [b for b in event["bodies"] if b in model.bodies]
        event["projects"] = sorted(name for name, names in spellings.items() if any(s in text for s in names))


def finalise(model: Model, registry: Registry) -> Knowledge:
    """Ids, sort orders and cross-references; the model is complete before anything is rendered."""
    link_chronology(model)
    bodies = sorted(model.bodies.values(), key=lambda b: sort_key(b["name"]))
    for body in bodies:
        body["id"] = slug(body["name"])
        body["sessions"].sort(key=lambda s: (s["year"] or 0, s["number"]))
    projects = sorted(model.projects.values(), key=lambda p: sort_key(p["name"]))
    naming: dict[str, list[dict[str, Any]]] = {}  # the events naming each project
    for event in model.events:
        for name in event["projects"]:
            naming.setdefault(name, []).append(event)
    for project in projects:
        project["id"] = slug(project["name"])
        _relate(project, model, naming.get(project["name"], []))
    people = sorted(model.people.values(), key=lambda p: person_sort_key(p["name"]))
    for person in people:
        person["id"] = slug(person["name"])
        person["sort_key"] = person_sort_key(person["name"])
        entry = registry.entry(person["name"])
        person["english"] = entry.english if entry else ""
    for records in (bodies, projects, people):
        _distinct_ids(records)
    bodies, projects, people = (_id_first(records) for records in (bodies, projects, people))
    events = sorted(one_per_happening(model.events), key=event_order)
    ids = {"bodies": {b["name"]: b["id"] for b in bodies}, "projects": {p["name"]: p["id"] for p in projects},
           "people": {p["name"]: p["id"] for p in people}}
    for record in (*events, *projects):
        for key in ("bodies", "projects", "people"):
            if key in record:
                record[key] = [ids[key][name] for name in record[key] if name in ids[key]]
    return {"events": events, "bodies": bodies, "projects": projects, "people": people}


def event_order(event: EventRecord) -> tuple[str, str, int]:
    """The datasets' order of events: by date, then where they are stated."""
    return event["date"], event["source"]["doc"], event["source"]["line"]


def _relate(project: dict[str, Any], model: Model, events: list[dict[str, Any]]) -> None:
    """Bodies and people named in the same `events` as the project, and bodies named after it (…生态城联合协调理事会)."""
    spellings = (project["name"], *project["aliases"])
    bodies = {b for e in events for b in e["bodies"]} | {b for b in model.bodies if any(s in b for s in spellings)}
    project["bodies"] = sorted(bodies, key=sort_key)
    project["people"] = sorted({p for e in events for p in e["people"]}, key=sort_key)


def one_per_happening(events: list[EventRecord]) -> list[EventRecord]:
    """A happening that several documents report is one event citing each of them (`sources`): the same day, and
    a body, two people, or a person and a project in common. Within one document two events on one day stay two
    (a meeting and the ceremony after it); a chronology's entry is the record the reports join.

    An event is compared only with the kept events it could join (`Reports`): of its day, naming one of its
    bodies or people, citing another document; the first of them, in the order they were kept, that is the same
    happening. (Comparing it with every event of its day was the square of a chronology's entries a day.)"""
    kept: list[dict[str, Any]] = []
    reports = Reports()
    for event in sorted(events, key=lambda e: e["rule"] != "chronology-entry"):  # stable: document order kept
        number = next((n for n in reports.candidates(event) if _same_happening(kept[n], event)), None)
        if number is None:
            kept.append(event)
            if len(event["date"]) == len("YYYY-MM-DD"):
                reports.add(len(kept) - 1, event)
            continue
        same = kept[number]
        same.setdefault("sources", [same["source"]]).extend(event.get("sources", [event["source"]]))
        for key in ("bodies", "projects", "people"):
            same[key] = sorted(set(same[key]) | set(event[key]))
        reports.add(number, same, event)
    return kept


@dataclass
class Reports:
    """The kept day-dated events by day and body or person named: per such key, those citing one document by
    that document, and those that several documents reported, so that an event finds the reports of other
    documents without looking at its own document's events (a chronology's entries of one day)."""

    single: dict[tuple[str, str], dict[str, list[int]]] = field(default_factory=dict)
    several: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    docs: dict[int, set[str]] = field(default_factory=dict)  # the documents each kept event cites
    keyed: dict[int, set[tuple[str, str]]] = field(default_factory=dict)  # the keys each is listed under

    def add(self, number: int, event: EventRecord, report: EventRecord | None = None) -> None:
        """The `number`-th kept event under each of its keys; when `report` has joined it, under the report's keys
        too, or under all of them among those of several documents once it is the first report of another
        (its entries under one document are then left to `candidates` to skip)."""
        docs = self.docs.setdefault(number, set())
        before = len(docs)
        docs.add((report or event)["source"]["doc"])
        keyed = self.keyed.setdefault(number, set())
        if before == 1 and len(docs) > 1:
            keyed.clear()
            report = None
        for key in _keys(report or event):
            if key in keyed:
                continue
            keyed.add(key)
            if len(docs) == 1:
                self.single.setdefault(key, {}).setdefault(next(iter(docs)), []).append(number)
            else:
                self.several.setdefault(key, []).append(number)

    def candidates(self, event: EventRecord) -> list[int]:
        """The kept events that share the event's day and a body or person and cite none of its documents, in
        the order they were kept."""
        own = event["source"]["doc"]
        found = {number for key in _keys(event) for doc, numbers in self.single.get(key, {}).items() if doc != own
                 for number in numbers}
        found.update(number for key in _keys(event) for number in self.several.get(key, ())
                     if own not in self.docs[number])
        return sorted(number for number in found if own not in self.docs[number])


def _keys(event: EventRecord) -> list[tuple[str, str]]:
    return [(event["date"], name) for key in ("bodies", "people") for name in event[key]]


def _same_happening(one: EventRecord, other: EventRecord) -> bool:
    """Whether `other` reports the happening `one` is (of another document, on the same day: `Reports`)."""
    people = len(set(one["people"]) & set(other["people"]))
    return bool(set(one["bodies"]) & set(other["bodies"])) or people >= 2 or \
        bool(people and set(one["projects"]) & set(other["projects"]))


def _distinct_ids(records: list[dict[str, Any]]) -> None:
    """Names that romanise alike (王伟, 王玮) keep distinct ids: the first in code-point order keeps the plain
    one, each other gets a suffix made from its own characters, so it does not depend on the other names."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_id.setdefault(record["id"], []).append(record)
    for same in by_id.values():
        for record in sorted(same, key=lambda r: r["name"])[1:]:
            record["id"] += "-" + hashlib.sha1(record["name"].encode("utf-8")).hexdigest()[:4]


def _id_first(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stable, readable key order: id and names first."""
    front = ("id", "name", "name_hant", "english", "sort_key")
    return [{**{k: r[k] for k in front if k in r}, **{k: v for k, v in r.items() if k not in front}} for r in records]


def build_model(findings: list[Model], curated: list[CuratedName]) -> Knowledge:
    """The datasets' records from every document's findings."""
    return finalise(merge(findings), Registry(curated))
