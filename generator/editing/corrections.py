"""Editors' corrections (`corrections.yml`) applied to the merged model, before the datasets are written.

The machine's reading and the editor's judgement are kept apart: the sources and the extraction are never
changed; each correction is applied to the records the extraction made, and a record it changed keeps what the
text said under `edited` (the action, the reason, where the correction is, and the values it replaced). An entry
names its record as a reader finds it on the site: an event by a source it cites (any of them, when several
documents reported it), narrowed by `date:` or `text:` when one line gives several events; a person, body or
project by id; a session by its body's id and number. A correction that names no record (its source changed)
or several is a warning and applies to none; a malformed entry is an error of its own line, and the others
still apply. `design/corrections.md` has the reasoning.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from generator.core.model import Problem
from generator.data.schemas import DATE, SCHEMAS, SESSION
from generator.knowledge.merge import event_order
from generator.knowledge.registry import sort_key
from generator.knowledge.romanise import person_sort_key
from generator.text.read import SOURCE_SUFFIXES, doc_id_for

FILE = "corrections.yml"
ACTIONS = ("reject", "fix", "add", "merge")
DATASETS = {"event": "events", "person": "people", "body": "bodies", "project": "projects"}
KINDS = {"reject": (*DATASETS, "session"), "fix": (*DATASETS, "session"), "add": ("event",),
         "merge": ("person", "body", "project")}
EDITOR_RULE = "editor"  # the rule of an event an editor added
# What an entry names its record by, besides the fields a fix or an addition gives.
NAMING = {"event": ("source",), "person": ("id",), "body": ("id",), "project": ("id",), "session": ("body", "number", "year")}
# Fields no correction sets: ids and provenance (a record is rejected and added instead), and what is derived.
KEPT = frozenset({"id", "name_hant", "sort_key", "source", "sources", "mentions", "rule", "edited", "number", "unit",
                  "year", "sessions", "roles"})
ITEM_SCHEMAS = {**{kind: SCHEMAS[name]["items"] for kind, name in DATASETS.items()}, "session": SESSION}
FIXABLE = {kind: tuple(name for name in schema["properties"] if name not in KEPT)
           for kind, schema in ITEM_SCHEMAS.items()}
ADDABLE = ("date", "date_end", "text", "kind", "singapore", "bodies", "projects", "people")
DATE_PATTERN = re.compile(DATE["pattern"])
SHOWN = 3  # records named in a warning about a correction that fits several


@dataclass
class Correction:
    """One entry of the corrections file, checked: what it does, to which record, with which values."""

    line: int
    action: str
    kind: str
    reason: str
    source: dict[str, Any] = field(default_factory=dict)  # an event's: doc, line, and date/text narrowing it
    ids: list[str] = field(default_factory=list)  # a person's, body's or project's id; those merged; a session's body
    number: int | None = None  # a session's
    year: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # what a fix sets, or an added event's fields

    @property
    def at(self) -> str:
        return f"{FILE}:{self.line}"

    @property
    def label(self) -> str:
        return f"{self.action} {self.kind}"


def load(path: Path) -> tuple[list[Correction], list[Problem]]:
    """The file's entries, each with its line; a malformed one is an error of its own and left out."""
    if not path.exists():
        return [], []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[:error.start].count(b"\n") + 1
        return [], [_malformed(line, "not UTF-8: save the file as UTF-8; no correction applied")]
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return [], []
        if not isinstance(root, yaml.SequenceNode):
            return [], [_malformed(root.start_mark.line + 1, "the file must be a list of entries (`- reject: event`); "
                                   "no correction applied")]
        entries = [(node.start_mark.line + 1, loader.construct_document(node)) for node in root.value]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [], [_malformed(mark.line + 1 if mark else 1, f"not valid YAML ({getattr(error, 'problem', error)}); "
                               "fix the file: no correction applied")]
    finally:
        loader.dispose()
    corrections, problems = [], []
    for line, entry in entries:
        try:
            corrections.append(parse(line, entry))
        except Malformed as error:
            problems.append(_malformed(line, str(error)))
    return corrections, problems


class Malformed(ValueError):
    """An entry that cannot be read; its message says what to do."""


def parse(line: int, entry: Any) -> Correction:
    if not isinstance(entry, dict):
        raise Malformed("an entry is a mapping (`- reject: event` and its fields); left out")
    actions = [action for action in ACTIONS if action in entry]
    if len(actions) != 1:
        raise Malformed(f"an entry needs exactly one of {', '.join(a + ':' for a in ACTIONS)}; left out")
    action = actions[0]
    kind = entry[action]
    if kind not in KINDS[action]:
        kinds = KINDS[action]
        raise Malformed(f"{action}: must be {'one of ' * (len(kinds) > 1)}{', '.join(kinds)}; left out")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise Malformed(f"{action} {kind}: give a reason: (it is shown on the page beside the fact); left out")
    correction = Correction(line, action, kind, reason.strip())
    given = {key: value for key, value in entry.items() if key not in (action, "reason")}
    if kind == "event":
        correction.source = _event_source(correction, given.pop("source", None))
        if action == "reject":  # a rejection has no values: date: and text: narrow it as under source:
            correction.source.update(_narrowing(correction, {k: given.pop(k) for k in ("date", "text") if k in given}))
    elif kind == "session":
        correction.ids = [_id(correction, given.pop("body", None), "body")]
        correction.number = _integer(correction, given.pop("number", None), "number")
        if "year" in given:
            correction.year = _integer(correction, given.pop("year"), "year")
    elif action == "merge":
        ids = given.pop("ids", None)
        if not isinstance(ids, list) or len(ids) < 2 or len(set(map(str, ids))) != len(ids):
            raise Malformed(f"{correction.label}: give ids: [kept-id, merged-id, …], at least two different ids; left out")
        correction.ids = [_id(correction, one, "ids") for one in ids]
    else:
        correction.ids = [_id(correction, given.pop("id", None), "id")]
    correction.values = _values(correction, given)
    return correction


def _event_source(correction: Correction, source: Any) -> dict[str, Any]:
    if not isinstance(source, dict) or not isinstance(source.get("doc"), str) or "line" not in source:
        raise Malformed(f"{correction.label}: give source: {{doc: DOCUMENT-ID, line: N}} as the dataset cites it; left out")
    unknown = sorted(set(source) - {"doc", "line", "date", "text", "anchor"})
    if unknown:
        raise Malformed(f"{correction.label}: source: takes doc, line, date and text, not {', '.join(map(str, unknown))}; "
                        "left out")
    doc = source["doc"]  # a document's id, or its file's name (003_e93ddf8f2f6eb3ef.txt)
    found = {"doc": doc_id_for(Path(doc)) if Path(doc).suffix.lower() in SOURCE_SUFFIXES else doc,
             "line": _integer(correction, source["line"], "source line")}
    narrowing = {k: source[k] for k in ("date", "text") if k in source}
    return found | (_narrowing(correction, narrowing) if correction.action != "add" else {})


def _narrowing(correction: Correction, given: dict[str, Any]) -> dict[str, Any]:
    found = {}
    if "date" in given:
        found["date"] = _date(correction, given["date"], "date")
    if "text" in given:
        if not isinstance(given["text"], str) or not given["text"].strip():
            raise Malformed(f"{correction.label}: text: narrows by words of the event's text; left out")
        found["text"] = given["text"]
    return found


def _values(correction: Correction, given: dict[str, Any]) -> dict[str, Any]:
    """What a fix sets or an addition gives, each value in the dataset's form."""
    if "chairs" in given and correction.kind == "session":
        given["co_chairs"] = given.pop("chairs")
    allowed = ADDABLE if correction.action == "add" else FIXABLE[correction.kind] if correction.action == "fix" else ()
    unknown = [key for key in given if key not in allowed]
    if unknown:
        takes = f"it takes {', '.join(allowed)}" if allowed else f"it takes only {', '.join(NAMING[correction.kind])}"
        raise Malformed(f"{correction.label}: unknown field {', '.join(map(str, unknown))} ({takes}); left out")
    if correction.action == "fix" and not given:
        raise Malformed(f"{correction.label}: give the field to change and its new value ({', '.join(allowed)}); left out")
    if correction.action == "add" and not {"date", "text"} <= set(given):
        raise Malformed(f"{correction.label}: an added event needs date: and text:; left out")
    values = {}
    for key, value in given.items():
        if key in ("date", "date_end"):
            value = _date(correction, value, key)
        elif key == "co_chairs":
            value = _chairs(correction, value)
        values[key] = value
    return values


def _date(correction: Correction, value: Any, key: str) -> str:
    text = value.isoformat() if isinstance(value, datetime.date) else "" if value is None else str(value)
    if isinstance(value, bool) or not DATE_PATTERN.match(text) or not _on_the_calendar(text):
        raise Malformed(f"{correction.label}: {key}: {text!r} is not a date: write 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' "
                        "in quotes; left out")
    return text


def _on_the_calendar(date: str) -> bool:
    """'2020-13' and '2020-02-30' have a date's form but name no month or day."""
    try:
        datetime.date.fromisoformat(date + {4: "-01-01", 7: "-01"}.get(len(date), "")) if date else None
    except ValueError:
        return False
    return True


def _chairs(correction: Correction, value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise Malformed(f"{correction.label}: chairs: is a list of names, or of {{name, title}}; left out")
    chairs = []
    for chair in value:
        if isinstance(chair, str):
            chair = {"name": chair}
        if not isinstance(chair, dict) or not isinstance(chair.get("name"), str) or set(chair) - {"name", "title"}:
            raise Malformed(f"{correction.label}: chairs: is a list of names, or of {{name, title}}; left out")
        chairs.append({"name": chair["name"], "title": str(chair.get("title", ""))})
    return chairs


def _id(correction: Correction, value: Any, key: str) -> str:
    if not isinstance(value, str) or not value:
        raise Malformed(f"{correction.label}: give {key}: as the id in the dataset (its page's file name); left out")
    return value


def _integer(correction: Correction, value: Any, key: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Malformed(f"{correction.label}: {key} must be a whole number; left out")
    return value


def _malformed(line: int, message: str) -> Problem:
    return Problem(FILE, str(line), message, "error", kind="bad correction")


# Applying them.

Records = dict[str, list[dict[str, Any]]]


@dataclass
class Editor:
    """Applies the corrections, in the file's order, to the datasets' records (`knowledge`, changed in place)."""

    knowledge: Records
    anchor_of: Callable[[str, int], str | None]  # a document's line -> the anchor of its paragraph, if any
    normalise: Callable[[str], str]  # text in either script -> simplified, as the model keeps it
    problems: list[Problem] = field(default_factory=list)
    renamed: bool = False
    by_line: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict)  # events a source line gives

    def __post_init__(self) -> None:
        for event in self.knowledge["events"]:
            self._index(event)

    def _index(self, event: dict[str, Any]) -> None:
        for cited in cited_sources(event):
            self.by_line.setdefault((cited["doc"], cited["line"]), []).append(event)

    def apply(self, corrections: list[Correction]) -> list[Problem]:
        for correction in corrections:
            if correction.action == "add":
                self._add(correction)
                continue
            targets = self._targets(correction)
            if targets is None:
                continue
            if correction.action == "reject":
                self._reject(correction, targets[0])
            elif correction.action == "fix":
                self._fix(correction, targets[0])
            else:
                self._merge(correction, targets)
        self.knowledge["events"].sort(key=event_order)
        if self.renamed:
            for name in ("bodies", "projects"):
                self.knowledge[name].sort(key=lambda record: sort_key(record["name"]))
            self.knowledge["people"].sort(key=lambda record: person_sort_key(record["name"]))
        return self.problems

    def _targets(self, correction: Correction) -> list[dict[str, Any]] | None:
        """The one record the correction names (all of them, for a merge), or None once it is reported."""
        if correction.kind == "event":
            line = self.by_line.get((correction.source["doc"], correction.source["line"]), [])
            found = [event for event in line if self._names(correction, event)]
        elif correction.kind == "session":
            body = self._by_id("bodies", correction.ids[0])
            found = [session for session in (body or {}).get("sessions", []) if session["number"] == correction.number
                     and correction.year in (None, session["year"])]
        else:
            records = [self._by_id(DATASETS[correction.kind], one) for one in correction.ids]
            missing = [one for one, record in zip(correction.ids, records, strict=True) if record is None]
            if missing:
                self._warn(correction, f"no {correction.kind} with id {', '.join(missing)} (renamed or gone?); "
                           "not applied", "correction unmatched")
                return None
            return records
        if not found:
            self._warn(correction, f"no {correction.kind} {self._named(correction)} (its source changed?); not applied",
                       "correction unmatched")
            return None
        if len(found) > 1 and correction.action == "fix" and "date" in correction.values:
            found = nearest_in_time(found, correction.values["date"])
        if len(found) > 1:
            listed = "; ".join(_describe(correction.kind, record) for record in found[:SHOWN])
            more = f"; and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
            narrow = "date: or text: under source:" if correction.kind == "event" else "year:"
            self._warn(correction, f"{len(found)} {DATASETS.get(correction.kind, 'sessions')} {self._named(correction)}"
                       f" ({listed}{more}): applied to none; name one with {narrow}", "correction ambiguous")
            return None
        return found

    def _names(self, correction: Correction, event: dict[str, Any]) -> bool:
        source = correction.source
        if not any(cited["doc"] == source["doc"] and cited["line"] == source["line"] for cited in cited_sources(event)):
            return False
        if "date" in source and event["date"] != source["date"]:
            return False
        return "text" not in source or self._plain(source["text"]) in self._plain(event["text"])

    def _plain(self, text: str) -> str:
        """Text as compared: NFKC (full-width forms as plain), without spaces, in simplified script."""
        return self.normalise("".join(unicodedata.normalize("NFKC", text).split()))

    def _named(self, correction: Correction) -> str:
        if correction.kind == "event":
            source = correction.source
            narrowed = "".join(f", {key} {source[key]!r}" for key in ("date", "text") if key in source)
            return f"citing {source['doc']} line {source['line']}{narrowed}"
        if correction.kind == "session":
            year = f" of {correction.year}" if correction.year else ""
            return f"number {correction.number}{year} of body {correction.ids[0]}"
        return f"with id {correction.ids[0]}"

    def _by_id(self, name: str, record_id: str) -> dict[str, Any] | None:
        return next((record for record in self.knowledge[name] if record["id"] == record_id), None)

    def _reject(self, correction: Correction, record: dict[str, Any]) -> None:
        if correction.kind == "session":
            body = self._by_id("bodies", correction.ids[0])
            assert body is not None
            body["sessions"] = [session for session in body["sessions"] if session is not record]
            _edited(body, correction, session=_session_label(record))
            return
        name = DATASETS[correction.kind]
        self.knowledge[name] = [kept for kept in self.knowledge[name] if kept is not record]
        for cited in cited_sources(record) if name == "events" else ():
            self.by_line[(cited["doc"], cited["line"])].remove(record)
        if name != "events":
            self._repoint(name, {record["id"]: None})

    def _fix(self, correction: Correction, record: dict[str, Any]) -> None:
        values = dict(correction.values)
        problem = self._unknown_ids(values) or _invalid(correction.kind, {**record, **values})
        if problem:
            self.problems.append(_malformed(correction.line, f"{correction.label}: {problem}; not applied"))
            return
        was = {key: record.get(key) for key in values if record.get(key) != values[key]}
        record.update(values)
        if "name" in was and "sort_key" in record:
            record["sort_key"] = person_sort_key(record["name"])
        self.renamed |= "name" in was
        _edited(record, correction, was)

    def _add(self, correction: Correction) -> None:
        doc, line = correction.source["doc"], correction.source["line"]
        anchor = self.anchor_of(doc, line)
        if anchor is None:
            self._warn(correction, f"no document {doc} with a paragraph at line {line} (its source changed?); "
                       "not applied", "correction unmatched")
            return
        values = correction.values
        date = values["date"]
        event = {"date": date, "date_end": values.get("date_end", ""), "text": values["text"],
                 "kind": values.get("kind", {10: "day", 7: "month"}.get(len(date), "prose")),
                 "singapore": values.get("singapore", True), "bodies": values.get("bodies", []),
                 "projects": values.get("projects", []), "people": values.get("people", []),
                 "source": {"doc": doc, "line": line, "anchor": anchor}, "rule": EDITOR_RULE}
        problem = self._unknown_ids(event) or _invalid("event", event)
        if problem:
            self.problems.append(_malformed(correction.line, f"{correction.label}: {problem}; not applied"))
            return
        _edited(event, correction)
        self.knowledge["events"].append(event)
        self._index(event)

    def _merge(self, correction: Correction, records: list[dict[str, Any]]) -> None:
        kept, others = records[0], records[1:]
        for other in others:
            for key in ("mentions", "roles"):
                if key in kept:
                    kept[key] += [item for item in other[key] if item not in kept[key]]
            for key in ("bodies", "people"):
                if key in kept and correction.kind == "project":
                    kept[key] = sorted(set(kept[key]) | set(other[key]))
            if "aliases" in kept:
                kept["aliases"] += [alias for alias in (other["name"], *other["aliases"])
                                    if alias != kept["name"] and alias not in kept["aliases"]]
            if "sessions" in kept:
                _merge_sessions(kept, other["sessions"])
            kept["english"] = kept.get("english") or other.get("english", "")
        name = DATASETS[correction.kind]
        self.knowledge[name] = [record for record in self.knowledge[name] if not any(record is o for o in others)]
        self._repoint(name, {other["id"]: kept["id"] for other in others})
        _edited(kept, correction, merged=[{"id": other["id"], "name": other["name"]} for other in others])

    def _repoint(self, name: str, ids: dict[str, str | None]) -> None:
        """References to rejected records (None) dropped, to merged ones (an id) turned to the kept record."""
        for record in (*self.knowledge["events"], *self.knowledge["projects"]):
            if name in record and set(record[name]) & set(ids):
                record[name] = sorted({ids.get(one, one) for one in record[name]} - {None})

    def _unknown_ids(self, values: dict[str, Any]) -> str:
        for name in ("bodies", "projects", "people"):
            known = {record["id"] for record in self.knowledge[name]}
            unknown = [one for one in values.get(name, []) if isinstance(one, str) and one not in known]
            if unknown:
                return f"{name}: no record with id {', '.join(unknown)}"
        return ""

    def _warn(self, correction: Correction, message: str, kind: str) -> None:
        self.problems.append(Problem(FILE, str(correction.line), f"{correction.label}: {message}", "warning",
                                     kind=kind))


def apply(knowledge: Records, corrections: list[Correction], anchor_of: Callable[[str, int], str | None],
          to_hans: Callable[[str], str]) -> list[Problem]:
    """Every correction applied to `knowledge` in place; the problems of those that could not be."""
    return Editor(knowledge, anchor_of, to_hans).apply(corrections)


def correct(knowledge: Records, path: Path, anchor_of: Callable[[str, int], str | None],
            to_hans: Callable[[str], str]) -> list[Problem]:
    """The corrections file at `path` (if any) applied to `knowledge` in place; its problems in the file's order."""
    corrections, problems = load(path)
    problems += apply(knowledge, corrections, anchor_of, to_hans)
    return sorted(problems, key=lambda problem: int(problem.place))


def anchor_at(text: dict[str, Any] | None, line: int) -> str | None:
    """The anchor of the paragraph (or entry, heading, table) of a text dataset that holds a line: the last one
    that starts at or before it."""
    if not text:
        return None
    blocks = [block for block in text["blocks"] if block["line"] <= line]
    return max(blocks, key=lambda block: block["line"])["anchor"] if blocks else None


def nearest_in_time(events: list[dict[str, Any]], date: str) -> list[dict[str, Any]]:
    """A fix of the date of one of a line's events (1995 and 2015 on one line, fixed to 1996-05): the event whose
    date is nearest the new one, when one is nearer than all the others; else all of them, still ambiguous."""
    def months(value: str) -> int:
        parts = [int(part) for part in value.split("-")[:2]]
        return parts[0] * 12 + (parts[1] - 1 if len(parts) > 1 else 0)

    distance = sorted((abs(months(event["date"]) - months(date)), index) for index, event in enumerate(events))
    return [events[distance[0][1]]] if distance[0][0] < distance[1][0] else events


def cited_sources(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Every source an event cites: its `sources` when several documents reported it."""
    return event.get("sources") or [event["source"]]


def _describe(kind: str, record: dict[str, Any]) -> str:
    if kind == "event":
        return f"{record['date'] or 'undated'} {record['text'][:20]}…"
    if kind == "session":
        return f"{_session_label(record)} {record['date'] or 'undated'}"
    return f"{record['id']} {record['name']}"


def _session_label(session: dict[str, Any]) -> str:
    year = f"{session['year']}年" if session["year"] else ""
    return f"{year}第{session['number']}{session['unit']}"


def _invalid(kind: str, record: dict[str, Any]) -> str:
    """Why a record would not fit its dataset's schema (a value of the wrong form), or ''."""
    error = next(iter(Draft202012Validator(ITEM_SCHEMAS[kind]).iter_errors(record)), None)
    if error is None:
        return ""
    where = ".".join(str(part) for part in error.absolute_path) or "record"
    return f"{where}: {error.message}"


def _edited(record: dict[str, Any], correction: Correction, was: dict[str, Any] | None = None, **done: Any) -> None:
    """What the correction did, kept on the record it changed, which keeps what the text said: the values a fix
    replaced (`was`), the records merged into it (`merged`), the session rejected from a body (`session`)."""
    entry: dict[str, Any] = {"action": correction.action, "reason": correction.reason, "at": correction.at}
    if was:
        entry["was"] = was
    entry.update(done)
    record.setdefault("edited", []).append(entry)


def _merge_sessions(kept: dict[str, Any], sessions: list[dict[str, Any]]) -> None:
    """A merged body's sessions join the kept body's: one of the same number and year adds its sources and what
    the kept one lacks."""
    for session in sessions:
        same = next((s for s in kept["sessions"] if (s["number"], s["year"]) == (session["number"], session["year"])),
                    None)
        if same is None:
            kept["sessions"].append(session)
            continue
        for key in ("date", "date_end", "place", "format"):
            same[key] = same[key] or session[key]
        same["co_chairs"] += [c for c in session["co_chairs"] if c["name"] not in {k["name"] for k in same["co_chairs"]}]
        same["sources"] += [s for s in session["sources"] if s not in same["sources"]]
    kept["sessions"].sort(key=lambda s: (s["year"] or 0, s["number"]))
