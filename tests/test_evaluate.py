"""The evaluation scores a small dataset against a small gold file as the development set's README says."""

from pathlib import Path

from generator.build.evaluate import combine, evaluate, report

DATA = Path(__file__).parent / "data" / "eval"


def scores() -> dict:
    return {score.label: score for score in evaluate(DATA / "gold.yaml", DATA / "site_data")}


def test_people_match_per_document_across_scripts() -> None:
    people = scores()["people"]
    # 李顯龍 matches 李显龙 after t2s; 吴作栋 is gold only for doc-b, so the doc-a record neither finds it nor counts
    assert (people.found, people.gold) == (1, 3)
    assert people.misses == ["doc-a: 王毅", "doc-b: 吴作栋"]
    # 周永勤 matches an optional entry: not a false positive; 吴作栋 (wrong document) and 关于 are
    assert (people.correct, people.records) == (2, 4)
    assert "doc-a: 关于 [title-chain]" in people.wrong
    assert scores()["people in cooperation passages"].gold == 2


def test_bodies_and_sessions_ignore_a_trailing_meeting() -> None:
    result = scores()
    assert result["cooperation bodies"].recall == 1.0
    assert (result["sessions with number"].found, result["sessions with number"].gold) == (1, 2)
    assert (result["sessions with date"].found, result["sessions with date"].gold) == (1, 1)


def test_sets_combine_by_adding_their_counts() -> None:
    events = combine([evaluate(DATA / "gold.yaml", DATA / "site_data")] * 2)[-1]
    assert events.label == "dated events"
    assert (events.found, events.gold, events.correct, events.records) == (2, 6, 4, 6)


def test_events_one_to_one_by_exact_date() -> None:
    events = scores()["dated events"]
    assert (events.found, events.gold) == (1, 3)  # one 2025-12-15 event cannot find both gold ones
    assert (events.correct, events.records) == (2, 3)  # the optional 2024 one is not wrong; 2027-11-15 is
    assert "| dated events | 0.33 (1/3) | 0.67 (2/3) |" in report([events])
