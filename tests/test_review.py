"""The review of the facts that rest on one source and one rule (generator/editing/review.py): grouped by rule,
the least precise first, each entry rejecting exactly its fact when pasted into corrections.yml with a reason."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml
from test_corrections import anchor_of, seed_datasets

from generator.editing import corrections, review


def test_groups_are_the_least_precise_rules_first() -> None:
    precision = review.load_precision()
    assert precision[("events", "dated-clause")][1] > 0  # measured on the dev sets, committed
    groups = review.review(seed_datasets(), precision)
    measured = [group.precision for group in groups if group.precision is not None]
    assert measured == sorted(measured)
    assert groups[-1].precision is None  # rules the dev sets do not exercise come last
    assert {(g.dataset, g.rule) for g in groups} >= {("events", "dated-clause"), ("events", "chronology-entry")}
    for group in groups:
        assert group.facts and all(group.rule not in ("editor",) and "+" not in group.rule for _ in group.facts)


def test_the_rules_precision_file_holds_only_counts() -> None:
    measured = yaml.safe_load(review.PRECISION.read_text(encoding="utf-8"))
    assert set(measured) == {"devset", "devset2"}
    for datasets in measured.values():
        assert set(datasets) <= set(review.DATASETS)
        for rules in datasets.values():
            assert all(set(counts) == {"correct", "records"} and 0 <= counts["correct"] <= counts["records"]
                       for counts in rules.values())


def test_each_entry_rejects_exactly_its_fact(tmp_path: Path) -> None:
    knowledge = copy.deepcopy(seed_datasets())
    groups = review.review(knowledge, review.load_precision())
    facts = [fact for group in groups for fact in group.facts]
    assert len(facts) > 200
    pasted = "\n".join(re.sub(r"reason: .*", "reason: 复核后删去", fact.entry) for fact in facts)
    path = tmp_path / "corrections.yml"
    path.write_text(pasted, encoding="utf-8")
    before = {name: len(records) for name, records in knowledge.items()}
    problems = corrections.correct(knowledge, path, anchor_of, str)
    assert problems == []
    rejected = {name: sum(1 for group in groups if group.dataset == name for _ in group.facts) for name in before}
    assert {name: len(records) for name, records in knowledge.items()} == {
        name: before[name] - rejected[name] for name in before}


def test_the_terminal_lists_the_same(tmp_path: Path) -> None:
    groups = review.review(seed_datasets(), review.load_precision())
    text = review.terminal(groups)
    assert text.count("\n- reject: ") + text.startswith("- reject: ") == sum(len(g.facts) for g in groups)
    assert text.splitlines()[0].startswith(f"# {groups[0].dataset} made by {groups[0].rule}: ")
    assert yaml.safe_load(re.sub(r"reason: .*", "reason: x", text))  # the whole list is YAML too


def test_the_review_command_prints_it() -> None:
    from conftest import run_cli

    result = run_cli("review")
    assert result.returncode == 0, result.stderr
    expected = review.terminal(review.review(seed_datasets(), review.load_precision()))
    assert result.stdout == expected + "\nreview: no problems\n"


def test_the_page_lists_a_rule_s_facts_up_to_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.build.ingesting import load_model
    from generator.core.paths import Paths
    from generator.pages import pages, render

    monkeypatch.setattr(pages, "REVIEW_LIMIT", 2)
    paths = Paths.create()
    plan = next(page for page in pages.plan_pages(load_model(paths)) if page[0] == pages.REVIEW_PAGE)
    text = render.render_pages(render.make_environment(paths.templates), [plan])[pages.REVIEW_PAGE]
    groups = review.review(seed_datasets(), review.load_precision())
    assert text.startswith("---\nsearch:\n  exclude: true\n---\n")
    assert text.count("        - reject: ") == sum(min(2, len(group.facts)) for group in groups)
    assert text.count("`python -m generator review` 列出全部") == sum(len(group.facts) > 2 for group in groups)
