"""Every problem is one line naming file, place and reason; the command ends with a summary that counts them by
kind, and --strict fails on warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA, run_cli
from test_robustness import CASES, write_case

from generator import cli
from generator.core.model import Problem, place_of_lines
from generator.core.paths import Paths
from generator.data import check
from generator.data.datasets import parsed_cache

IMPOSSIBLE = next(case for case in CASES if case["name"].startswith("a day 0"))
FOLDER = DATA / "problems" / "folder"  # a small hostile folder: every kind of problem a source can give
EXPECTED = yaml.safe_load((DATA / "problems" / "expected.yml").read_text(encoding="utf-8"))


def test_warnings_are_counted_in_the_summary_and_fail_with_strict(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    write_case(IMPOSSIBLE, tmp_path / "sources")
    argv = ["--sources", str(tmp_path / "sources"), "--out", str(tmp_path / "out")]
    assert cli.main(["ingest", *argv]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "ingest: 0 errors, 2 warnings (impossible date 2)"
    assert cli.main(["ingest", "--strict", *argv]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "ingest: 0 errors, 2 warnings (impossible date 2) - failed"
    assert len(captured.err.splitlines()) == 2


def test_a_clean_corpus_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_case({}, tmp_path / "sources")
    assert cli.main(["ingest", "--strict", "--sources", str(tmp_path / "sources"), "--out", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "ingest: no problems"


def test_summary_counts_by_severity_and_orders_kinds_by_count() -> None:
    problems = [Problem("a.txt", "1", "not read: file is empty", kind="not read"),
                Problem("b.txt", "3", "not dated: month 13", "warning", kind="impossible date"),
                Problem("b.txt", "5", "not dated: day 0", "warning", kind="impossible date"),
                Problem("c.txt", "4,9", "2 lines dropped as running page headers", "note", kind="dropped line")]
    assert cli.summary("build", problems, strict=False) == \
        "build: 1 error, 2 warnings, 1 note (impossible date 2, dropped line 1, not read 1) - failed"
    assert cli.summary("build", problems[-1:], strict=False) == "build: 0 errors, 0 warnings, 1 note (dropped line 1)"


def test_notes_fail_nothing_and_warnings_fail_with_strict() -> None:
    note = Problem("c.txt", "4", "1 line dropped as a running page header", "note", kind="dropped line")
    warning = Problem("b.txt", "3", "not dated: day 0", "warning", kind="impossible date")
    assert not cli.failed([note], strict=True)
    assert not cli.failed([note, warning], strict=False)
    assert cli.failed([note, warning], strict=True)
    assert cli.summary("ingest", [note], strict=True) == "ingest: 0 errors, 0 warnings, 1 note (dropped line 1)"


def test_a_hostile_folder_names_each_problem_once_and_counts_them_by_kind(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An impossible month is named once, at its heading, with the entries under it; a chronology without a
    year once, at its first entry; lines dropped as page furniture are notes, a line a document and kind."""
    assert cli.main(["ingest", "--sources", str(FOLDER), "--out", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == EXPECTED["stderr"]
    assert captured.out.splitlines()[-1] == f"ingest: {EXPECTED['summary']}"


@pytest.mark.slow
def test_the_build_of_a_hostile_folder_reports_what_ingest_does_once(tmp_path: Path) -> None:
    """`build` runs `check` after the ingest: a fact both find is still one line."""
    shutil.copytree(FOLDER, tmp_path / "sources")
    result = run_cli("build", "--sources", str(tmp_path / "sources"), "--out", str(tmp_path / "out"), env={"KB_PDF": "0"})
    assert result.returncode == 1
    assert result.stderr.splitlines() == EXPECTED["stderr"]
    assert result.stdout.splitlines()[-1] == f"build: {EXPECTED['summary']}"


def test_an_id_two_records_share_is_an_error_naming_both_and_check_names_it_alike(tmp_path: Path) -> None:
    """Ingest names a shared id when it writes the datasets, `check` when it reads them: the same problem, so
    that a build, which does both, reports it once."""
    knowledge = {"people": [{"id": "wang-wei", "name": "王伟"}, {"id": "wang-wei", "name": "王玮"},
                            {"id": "li-na", "name": "李娜"}]}
    found = check.shared_ids(knowledge)
    assert [str(p) for p in found] == [
        "people.yml:[1]: error: id collision: 'wang-wei' of 王玮 is also the id of 王伟; one page hides the other"]
    assert found[0].kind == "id collision"
    paths = Paths.create(str(tmp_path), str(tmp_path / "out"))
    paths.data.mkdir(parents=True)
    for name in ("events", "bodies", "projects", "people"):
        records = yaml.safe_dump(knowledge.get(name, []), allow_unicode=True)
        (paths.data / f"{name}.yml").write_text(records, encoding="utf-8")
    kept = check.check_datasets(paths, [], {}, parsed_cache(paths))
    assert [p for p in kept if p.kind == "id collision"] == found


def test_lines_are_placed_compactly() -> None:
    assert place_of_lines([77, 3, 40, 41, 42]) == "3,40-42,77"
    assert place_of_lines(range(1, 40, 2)) == "1,3,5,7,9,11,13,15,…"
