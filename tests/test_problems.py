"""Every problem is one line naming file, place and reason; the command ends with a summary that counts them by
kind, and --strict fails on warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_robustness import CASES, write_case

from generator import cli
from generator.build.ingesting import shared_ids
from generator.core.model import Problem

IMPOSSIBLE = next(case for case in CASES if case["name"].startswith("a day 0"))


def test_warnings_are_counted_in_the_summary_and_fail_with_strict(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    write_case(IMPOSSIBLE, tmp_path / "sources")
    argv = ["--sources", str(tmp_path / "sources"), "--out", str(tmp_path / "out")]
    assert cli.main(["ingest", *argv]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "ingest: 0 errors, 2 warnings (not dated 2)"
    assert cli.main(["ingest", "--strict", *argv]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "ingest: 0 errors, 2 warnings (not dated 2) - failed"
    assert len(captured.err.splitlines()) == 2


def test_a_clean_corpus_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_case({}, tmp_path / "sources")
    assert cli.main(["ingest", "--strict", "--sources", str(tmp_path / "sources"), "--out", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "ingest: no problems"


def test_summary_orders_kinds_by_count() -> None:
    problems = [Problem("a.txt", "1", "not read: file is empty"), Problem("b.txt", "3", "not dated: month 13", "warning"),
                Problem("b.txt", "5", "not dated: day 0", "warning"),
                Problem("c.txt", "1", "a reason far too long to be the name of a kind: details", "warning")]
    assert cli.summary("build", problems, strict=False) == \
        "build: 1 error, 3 warnings (not dated 2, not read 1, other 1) - failed"


def test_an_id_two_records_share_is_an_error_naming_both() -> None:
    knowledge = {"people": [{"id": "wang-wei", "name": "王伟"}, {"id": "wang-wei", "name": "王玮"},
                            {"id": "li-na", "name": "李娜"}]}
    assert [str(p) for p in shared_ids(knowledge)] == [
        "people.yml:[1]: error: id collision: 'wang-wei' of 王玮 is also the id of 王伟; one page hides the other"]
