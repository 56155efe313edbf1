"""The facts worth an editor's review: those that rest on one source and one rule, grouped by the rule that made
them, the rules the development sets find least precise first, each with an entry to paste into
`corrections.yml` (generator/editing/corrections.py). The review page of each variant and `python -m generator
review` show the same list.

The rules' precision is measured on the development sets, which are outside the repository: `make
rule-precision` writes each rule's counts (records made, records right) into `resources/rule_precision.yml`,
read here; no text of the development sets is kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.core.paths import RESOURCES
from generator.editing.corrections import EDITOR_RULE, cited_sources

PRECISION = RESOURCES / "rule_precision.yml"
DATASETS = {"events": "event", "people": "person", "bodies": "body", "projects": "project"}  # in the review's order
LABELS = {"events": "事件", "people": "人物", "bodies": "合作机制", "projects": "合作项目"}
SHORTEST_NARROWING = 6  # characters of an event's text that tell it from the others of its line, at least


@dataclass
class Fact:
    """One record that rests on one source and one rule, with the corrections entry that rejects it."""

    label: str  # an event's text, or a name
    source: dict[str, Any]  # doc, line, anchor
    entry: str  # YAML, ready to paste
    page: str = ""  # the record's page, for people, bodies and projects
    date: str = ""  # an event's


@dataclass
class RuleGroup:
    dataset: str
    rule: str
    correct: int | None = None  # of `records` the rule made on the development sets
    records: int | None = None
    facts: list[Fact] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.correct / self.records if self.records else None

    @property
    def measured(self) -> str:
        if self.precision is None:
            return "not measured on the development sets"
        return f"{self.precision:.2f} precise on the development sets ({self.correct} of {self.records} right)"


def load_precision(path: Path = PRECISION) -> dict[tuple[str, str], tuple[int, int]]:
    """(dataset, rule) -> (records right, records made), summed over the development sets."""
    measured = (yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None) or {}
    totals: dict[tuple[str, str], tuple[int, int]] = {}
    for datasets in measured.values():
        for dataset, rules in datasets.items():
            for rule, counts in rules.items():
                correct, records = totals.get((dataset, rule), (0, 0))
                totals[(dataset, rule)] = (correct + counts["correct"], records + counts["records"])
    return totals


def review(model: dict[str, Any], precision: dict[tuple[str, str], tuple[int, int]]) -> list[RuleGroup]:
    """The groups of facts on one source and one rule, least precise rules first, then those not measured."""
    groups: dict[tuple[str, str], RuleGroup] = {}
    by_line: dict[tuple[str, int], list[dict[str, Any]]] = {}  # the events each source line gives
    for event in model["events"]:
        for source in cited_sources(event):
            by_line.setdefault((source["doc"], source["line"]), []).append(event)
    for dataset in DATASETS:
        for record in model[dataset]:
            if "edited" in record or "+" in record.get("rule", "+") or record.get("rule") == EDITOR_RULE:
                continue
            fact = _event_fact(record, by_line) if dataset == "events" else _named_fact(dataset, record)
            if fact is None:
                continue
            key = (dataset, record["rule"])
            group = groups.setdefault(key, RuleGroup(dataset, record["rule"], *precision.get(key, (None, None))))
            group.facts.append(fact)
    order = list(DATASETS)
    return sorted(groups.values(), key=lambda g: (g.precision is None, g.precision or 0, order.index(g.dataset), g.rule))


def _event_fact(event: dict[str, Any], by_line: dict[tuple[str, int], list[dict[str, Any]]]) -> Fact | None:
    if len(cited_sources(event)) > 1:
        return None
    source = event["source"]
    others = [other for other in by_line[(source["doc"], source["line"])] if other is not event]
    narrowing = _narrowing(event, others)
    entry = (f"- reject: event\n  source: {{doc: {source['doc']}, line: {source['line']}{narrowing}}}\n"
             f"  reason:   # why; or fix: event with the field corrected (date: '{event['date']}')")
    return Fact(event["text"], source, entry, date=event["date"])


def _narrowing(event: dict[str, Any], others: list[dict[str, Any]]) -> str:
    """What tells the event from the others its line gives: its date, else the shortest start of its text that
    none of theirs holds (the corrections' text: matches any part of an event's text)."""
    if not others:
        return ""
    if all(other["date"] != event["date"] for other in others):
        return f", date: '{event['date']}'"
    text = event["text"]
    for length in range(SHORTEST_NARROWING, len(text) + 1):
        if not any(text[:length] in other["text"] for other in others):
            return f", text: {json.dumps(text[:length], ensure_ascii=False)}"
    return f", date: '{event['date']}', text: {json.dumps(text, ensure_ascii=False)}"


def _named_fact(dataset: str, record: dict[str, Any]) -> Fact | None:
    cited = {(mention["doc"], mention["line"]) for mention in record["mentions"]}
    if len(cited) != 1:
        return None
    kind = DATASETS[dataset]
    entry = (f"- reject: {kind}\n  id: {record['id']}\n"
             f"  reason:   # why; or fix: {kind} with the field corrected")
    return Fact(record["name"], record["mentions"][0], entry, f"{dataset}/{record['id']}.md")


def terminal(groups: list[RuleGroup]) -> str:
    """The review as text: a comment line a group and a fact, each fact's entry ready to paste."""
    if not groups:
        return "# no fact rests on one source and one rule"
    lines = []
    for group in groups:
        lines += ["", f"# {group.dataset} made by {group.rule}: {group.measured}; "
                      f"{len(group.facts)} {'fact rests' if len(group.facts) == 1 else 'facts rest'} on it and one source"]
        for fact in group.facts:
            what = " ".join(part for part in (fact.date, _short(fact.label)) if part)
            lines += [f"# {fact.source['doc']} line {fact.source['line']}: {what}", fact.entry]
    return "\n".join(lines[1:])


def _short(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length] + "…"
