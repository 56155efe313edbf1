"""A person's roles table: repeated role mentions grouped (tests/data/pages/roles.yml), and the seed people's
pages as built; an entity page's related events under a heading a year when many (event_years.yml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA

from generator.data.datasets import load_yaml
from generator.pages import pages

CASES = yaml.safe_load((DATA / "pages" / "roles.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["name"])
def test_role_rows(case: dict[str, Any]) -> None:
    rows = [{"title": row["title"], "organisation": row["organisation"], "dates": row["dates"],
             "first_line": row["source"]["line"], "count": row["count"]} for row in pages.role_rows(case["roles"])]
    assert rows == case["rows"]


def test_seed_person_pages_have_a_row_per_role(built_seeds: Path) -> None:
    people = load_yaml(built_seeds / "site_data" / "people.yml")
    repeated = 0
    for person in people:
        text = (built_seeds / "docs" / "zh-Hans" / "people" / f"{person['id']}.md").read_text(encoding="utf-8")
        table = text.split("## 职务", 1)[1].split("\n## ", 1)[0]
        rows = [line for line in table.splitlines()[4:] if line.startswith("| ")]  # after the head and its rule
        assert len(rows) == len({(role["title"], role["organisation"]) for role in person["roles"]}), person["id"]
        repeated += len(person["roles"]) - len(rows)
    assert repeated > 0  # the seeds do state some roles more than once


EVENT_YEARS = yaml.safe_load((DATA / "pages" / "event_years.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", EVENT_YEARS, ids=lambda case: case["name"])
def test_related_events_get_a_heading_a_year_when_many(case: dict[str, Any]) -> None:
    events = [{"date": str(date)} for date in case["dates"]]
    groups = pages.event_years(events)
    assert [year for year, _ in groups] == case["years"]
    assert [event for _, group in groups for event in group] == events  # every event once, in order
