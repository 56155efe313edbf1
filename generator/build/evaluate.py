"""Score the datasets built from a folder of documents against a gold file of the facts they state.

The gold format and the scoring are the development set's (`../shared/devset/README.md`): matching is per
document (a gold entry of document D is found only by a record that cites D); names are compared after NFKC
normalisation, without spaces, in simplified script; `optional` entries count neither in recall nor, when
matched, as false positives (a record that matches one is correct). People, bodies and projects are found by name or alias; sessions by number (and
date); events one to one by exact date. Every miss and false positive is listed with the rule that made the
record, so a reader can go from a number to its cause.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import opencc
import yaml

KINDS = ("people", "bodies", "projects", "events")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def norm(name: str) -> str:
    """NFKC, no spaces, simplified script."""
    return _t2s().convert("".join(unicodedata.normalize("NFKC", name).split()))


def norm_body(name: str) -> str:
    """Body names are compared without a trailing 会议."""
    name = norm(name)
    return name[:-2] if name.endswith("会议") and len(name) > 2 else name


@dataclass
class Score:
    """Recall and precision of one kind of fact, with what was missed and what was wrong."""

    label: str
    found: int = 0
    gold: int = 0
    correct: int = 0
    records: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    dataset: str = ""  # the dataset whose records are judged
    rules: dict[str, list[int]] = field(default_factory=dict)  # per rule: [correct, records]

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float | None:
        return self.correct / self.records if self.records else None

    def count(self, found: bool, label: str) -> None:
        """One gold fact: found, or a miss."""
        self.gold += 1
        if found:
            self.found += 1
        else:
            self.misses.append(label)

    def judge(self, correct: bool, label: str, rule: str = "?") -> None:
        """One record, made by `rule`: correct, or a false positive."""
        self.records += 1
        counts = self.rules.setdefault(rule, [0, 0])
        counts[0] += correct
        counts[1] += 1
        if correct:
            self.correct += 1
        else:
            self.wrong.append(label)

    def row(self) -> str:
        precision = "" if self.precision is None else f"{self.precision:.2f} ({self.correct}/{self.records})"
        return f"| {self.label} | {self.recall:.2f} ({self.found}/{self.gold}) | {precision} |"


def cited_docs(record: dict[str, Any]) -> set[str]:
    """Every document a record cites, wherever in it a source is given."""
    docs: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("doc"), str):
                docs.add(value["doc"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(record)
    return docs


def names_of(entry: dict[str, Any], normalise: Any = norm) -> set[str]:
    return {normalise(n) for n in (entry.get("name", ""), *entry.get("aliases", [])) if n}


def _record_label(record: dict[str, Any]) -> str:
    return f"{record.get('name') or record.get('date')} [{record.get('rule', '?')}]"


def score_named(label: str, gold: dict[str, Any], kind: str, records: list[dict[str, Any]],
                normalise: Any = norm, only: Any = None) -> Score:
    """People, bodies or projects: recall over (document, gold entry); precision over records."""
    score = Score(label, dataset=kind)
    indexed = [(names_of(r, normalise), cited_docs(r), r) for r in records]
    for doc, facts in gold.items():
        for entry in facts.get(kind) or []:
            if entry.get("optional") or (only and not only(entry)):
                continue
            wanted = names_of(entry, normalise)
            score.count(any(names & wanted and doc in docs for names, docs, _ in indexed), f"{doc}: {entry['name']}")
    for names, docs, record in indexed:
        matches = [e for d in docs for e in (gold.get(d, {}).get(kind) or []) if names & names_of(e, normalise)]
        score.judge(bool(matches), f"{sorted(docs)[0] if docs else '?'}: {_record_label(record)}",
                    record.get("rule", "?"))
    return score


def score_sessions(gold: dict[str, Any], bodies: list[dict[str, Any]]) -> tuple[Score, Score]:
    numbered, dated = Score("sessions with number"), Score("sessions with date")
    for doc, facts in gold.items():
        for body in facts.get("bodies") or []:
            if body.get("optional"):
                continue
            wanted = names_of(body, norm_body)
            candidates = [s for b in bodies if names_of(b, norm_body) & wanted
                          for s in b.get("sessions", []) if doc in cited_docs(s)]
            for session in body.get("sessions") or []:
                same = [s for s in candidates if s.get("number") == session["number"]]
                where = f"{doc}: {body['name']} #{session['number']}"
                numbered.count(bool(same), where)
                if session.get("date"):  # a session the text leaves undated counts only by its number
                    dated.count(any(str(s.get("date")) == str(session["date"]) for s in same),
                                f"{where} {session['date']} (got {[s.get('date') for s in same]})")
    return numbered, dated


def score_events(gold: dict[str, Any], events: list[dict[str, Any]]) -> Score:
    score = Score("dated events", dataset="events")
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for event in events:  # an event several documents report is found in each of them
        for doc in cited_docs(event):
            by_doc.setdefault(doc, []).append(event)
    for doc, facts in gold.items():
        unused = [str(e["date"]) for e in by_doc.get(doc, [])]
        for entry in facts.get("events") or []:
            if entry.get("optional"):
                continue
            found = str(entry["date"]) in unused
            if found:
                unused.remove(str(entry["date"]))
            score.count(found, f"{doc}: {entry['date']} {entry.get('text_start', '')}")
    for event in events:
        doc, date = event["source"]["doc"], str(event["date"])
        matches = [e for d in cited_docs(event) for e in gold.get(d, {}).get("events") or [] if str(e["date"]) == date]
        score.judge(bool(matches), f"{doc}:{event['source']['line']}: {date} {event['text'][:30]} [{event['rule']}]",
                    event["rule"])
    return score


def load_datasets(data: Path) -> dict[str, list[dict[str, Any]]]:
    return {kind: yaml.safe_load((data / f"{kind}.yml").read_text(encoding="utf-8")) or [] for kind in KINDS}


def evaluate(gold_file: Path, data: Path) -> list[Score]:
    """Every score of the datasets in `data` against the gold file, in the README's order."""
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))["documents"]
    found = load_datasets(data)
    sessions = score_sessions(gold, found["bodies"])
    return [
        score_named("people in cooperation passages", gold, "people", found["people"],
                    only=lambda entry: entry.get("cooperation")),
        score_named("people", gold, "people", found["people"]),
        score_named("cooperation bodies", gold, "bodies", found["bodies"], normalise=norm_body),
        *sessions,
        score_named("projects", gold, "projects", found["projects"]),
        score_events(gold, found["events"]),
    ]


def combine(runs: list[list[Score]]) -> list[Score]:
    """The scores of several sets as one: their counts added, kind by kind."""
    combined = []
    for same in zip(*runs, strict=True):
        total = Score(same[0].label)
        for score in same:
            total.found += score.found
            total.gold += score.gold
            total.correct += score.correct
            total.records += score.records
            total.misses += score.misses
            total.wrong += score.wrong
        combined.append(total)
    return combined


def report(scores: Iterable[Score], details: bool = True) -> str:
    scores = list(scores)
    lines = ["| | recall | precision |", "|---|---|---|", *(s.row() for s in scores)]
    if details:
        for score in scores:
            lines += [f"\n## {score.label}: missed {len(score.misses)}", *score.misses]
            if score.wrong:
                lines += [f"\n## {score.label}: false positives {len(score.wrong)}", *score.wrong]
    return "\n".join(lines)


def rule_precision(scores: Iterable[Score]) -> dict[str, dict[str, dict[str, int]]]:
    """Per dataset and rule, how many records the rule made and how many of them were right: what the review page
    (generator/editing/review.py) orders the rules by."""
    found: dict[str, dict[str, dict[str, int]]] = {}
    for score in scores:
        if score.dataset:
            found[score.dataset] = {rule: {"correct": correct, "records": records}
                                    for rule, (correct, records) in sorted(score.rules.items())}
    return found


def record_rule_precision(path: Path, devset: str, scores: Iterable[Score]) -> None:
    """The rules' precision on one development set written under its name into `path`, beside the other sets'."""
    measured = (yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None) or {}
    measured[devset] = rule_precision(scores)
    path.write_text(PRECISION_HEADER + yaml.safe_dump(dict(sorted(measured.items())), allow_unicode=True,
                                                       sort_keys=False), encoding="utf-8")


PRECISION_HEADER = ("# Each extraction rule's records on the development sets (outside the repository) and how many were "
                    "right,\n# per set and dataset; written by `make rule-precision`, read by the review page.\n")
