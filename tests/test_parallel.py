"""Forked jobs: results come back by name, and a failure is one line naming the job and the reason."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from functools import partial
from pathlib import Path

import pytest

from generator.core import parallel


def fail(message: str) -> None:
    raise ValueError(message)


def test_results_come_back_by_name_whatever_the_limit() -> None:
    jobs = {"a": lambda: {"pid": os.getpid(), "value": 1}, "b": lambda: {"pid": os.getpid(), "value": 2}}
    for limit in (1, 2):
        results = parallel.run_forked("adding", jobs, limit)
        assert [r["value"] for r in results.values()] == [1, 2]
        assert os.getpid() not in {r["pid"] for r in results.values()}  # each ran in a child


def test_failures_are_one_line_naming_each_failed_job() -> None:
    jobs = {"zh-Hans": lambda: 1, "zh-Hant": lambda: fail("no such page\nsecond line"),
            "other": lambda: os._exit(3)}
    with pytest.raises(RuntimeError) as raised:
        parallel.run_forked("building the site", jobs, 2)
    assert str(raised.value) == ("building the site failed for zh-Hant: ValueError: no such page; "
                                 "other: stopped with exit code 3")


def test_a_job_killed_by_a_signal_or_a_crash_is_named_with_what_to_try() -> None:
    jobs = {"zh-Hans": lambda: os.kill(os.getpid(), signal.SIGKILL), "zh-Hant": lambda: fail("Page crashed")}
    with pytest.raises(RuntimeError) as raised:
        parallel.run_forked("printing the book", jobs, 2, "KB_PDF_JOBS=1 prints one at a time")
    assert str(raised.value) == ("printing the book failed for zh-Hans: killed by SIGKILL, most likely for want "
                                 "of memory; zh-Hant: ValueError: Page crashed (KB_PDF_JOBS=1 prints one at a time)")
    with pytest.raises(RuntimeError) as raised:  # no hint for a failure of another kind
        parallel.run_forked("building the site", {"a": lambda: fail("no such page")}, 1, "KB_JOBS=1")
    assert str(raised.value) == "building the site failed for a: ValueError: no such page"


def test_a_system_exit_is_a_failure_too() -> None:
    with pytest.raises(RuntimeError, match="SystemExit: Aborted"):
        parallel.run_forked("building", {"a": lambda: exec("raise SystemExit('Aborted with 2 warnings')")}, 1)


def test_job_limit_reads_its_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_JOBS", "1")
    assert parallel.job_limit() == 1
    monkeypatch.setenv("KB_JOBS", "0")
    with pytest.raises(ValueError, match=r"KB_JOBS.*'0' is not a whole number of at least 1"):
        parallel.job_limit()
    monkeypatch.delenv("KB_JOBS")
    assert parallel.job_limit() == 2


def square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def test_map_forked_keeps_the_order_of_the_items() -> None:
    items = list(range(7))
    for limit in (1, 2, 3):
        results = parallel.map_forked("squaring", square_with_pid, items, limit)
        assert [value for value, _ in results] == [n * n for n in items]
        workers = {pid for _, pid in results}
        assert len(workers) == limit and (os.getpid() in workers) == (limit == 1)
    assert parallel.map_forked("squaring", square_with_pid, [3], 2) == [(9, os.getpid())]  # one item: no fork


def missing_file() -> str:
    return Path("/nonexistent/sources.yml").read_text(encoding="utf-8")


def test_call_forked_returns_the_result_or_raises_what_the_child_raised() -> None:
    assert parallel.call_forked(lambda: square_with_pid(4))[1] != os.getpid()
    with pytest.raises(FileNotFoundError) as raised:  # the same error, with what the CLI reports from it
        parallel.call_forked(missing_file)
    assert raised.value.filename == "/nonexistent/sources.yml"
    with pytest.raises(RuntimeError, match="^killed by SIGKILL, most likely for want of memory$"):
        parallel.call_forked(lambda: os.kill(os.getpid(), signal.SIGKILL))


def test_an_error_that_cannot_be_sent_back_is_described() -> None:
    def unsendable() -> None:
        error = ValueError("bad line\nmore")
        error.lock = __import__("threading").Lock()  # type: ignore[attr-defined]  # locks cannot be pickled
        raise error

    with pytest.raises(RuntimeError, match="^ValueError: bad line$"):
        parallel.call_forked(unsendable)


def wait_for(signal_file: Path) -> bool:
    """Whether `signal_file` appears within ten seconds."""
    for _ in range(1000):
        if signal_file.exists():
            return True
        time.sleep(0.01)
    return False


def test_meanwhile_runs_here_while_the_jobs_run(tmp_path: Path) -> None:
    signal_file = tmp_path / "meanwhile"
    meanwhile = partial(signal_file.write_text, str(os.getpid()))
    jobs = {"a": partial(wait_for, signal_file), "b": partial(wait_for, signal_file)}
    assert parallel.run_forked("waiting", jobs, 2, meanwhile=meanwhile) == {"a": True, "b": True}
    assert signal_file.read_text() == str(os.getpid())
    signal_file.unlink()
    assert parallel.call_forked(partial(wait_for, signal_file), meanwhile=meanwhile)
    signal_file.unlink()
    assert parallel.map_forked("waiting", wait_for, [signal_file] * 3, 2, meanwhile=meanwhile) == [True] * 3


def test_a_failing_meanwhile_is_raised_once_the_jobs_have_ended() -> None:
    with pytest.raises(ValueError, match="no tables"):
        parallel.run_forked("waiting", {"a": lambda: time.sleep(0.2)}, 1, meanwhile=lambda: fail("no tables"))
    assert multiprocessing.active_children() == []
    with pytest.raises(ValueError, match="no tables"):
        parallel.call_forked(lambda: time.sleep(0.2), meanwhile=lambda: fail("no tables"))
    assert multiprocessing.active_children() == []
