"""Independent jobs of a build in forked processes, a few at a time: the per-document stages, and per
variant MkDocs, Pagefind's indexer and Typst's typesetting, are each mostly one core's work.

Forked, so a job's arguments (converters, configurations) need no pickling, only its result. A job that
fails sends the first line of its error back; the parent raises one error naming every failed job, which
the CLI reports as it reports any error: one line, no traceback.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import pickle
import re
import signal
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext
from typing import Any, TypeVar

from generator.core import settings

Item = TypeVar("Item")
Output = TypeVar("Output")

# A job killed by the system, a tool's crash, or Python's own want of memory.
MEMORY_SIGNS = re.compile(r"killed by SIG|crash|MemoryError|out of memory", re.I)


def job_limit() -> int:
    """How many jobs run at once (KB_JOBS)."""
    return settings.current().jobs


def run_forked(task: str, jobs: dict[str, Callable[[], Output]], limit: int, hint: str = "",
               meanwhile: Callable[[], object] | None = None) -> dict[str, Output]:
    """Every job's result, running at most `limit` at once; RuntimeError naming the jobs that failed, and why,
    followed by `hint` (what to try) when a failure looks like want of memory. `meanwhile` is called in this
    process while the first jobs run, which it would otherwise spend waiting."""
    fork = multiprocessing.get_context("fork")
    release_free_memory()
    names, failures, results = list(jobs), [], {}
    for start in range(0, len(names), limit):
        running = [(name, *_start(fork, jobs[name])) for name in names[start:start + limit]]
        try:
            if meanwhile and not start:
                meanwhile()
        finally:
            for name, process, receive in running:
                error, results[name] = _outcome(process, receive)
                if error:
                    failures.append(f"{name}: {_one_line(error)}")
    if failures:
        memory = hint and any(MEMORY_SIGNS.search(failure) for failure in failures)
        raise RuntimeError(f"{task} failed for {'; '.join(failures)}" + (f" ({hint})" if memory else ""))
    return results


def call_forked(function: Callable[[], Output], meanwhile: Callable[[], object] | None = None) -> Output:
    """`function()` in a forked process, so that the memory it takes is given back when it ends rather than
    kept by this process, and copied into every process forked from it later; what it raises is raised here.
    `meanwhile` is called in this process while it waits."""
    release_free_memory()
    started = _start(multiprocessing.get_context("fork"), function)
    try:
        if meanwhile:
            meanwhile()
    finally:
        error, result = _outcome(*started)
    if isinstance(error, BaseException):
        raise error
    if error:
        raise RuntimeError(error)
    return result


Outcome = tuple[BaseException | str | None, Any]  # (what went wrong, if anything; the result)


def _start(fork: ForkContext, job: Callable[[], object]) -> tuple[multiprocessing.process.BaseProcess, Connection]:
    """`job` running in a forked process, and the end of the pipe its outcome will come through."""
    receive, send = fork.Pipe(duplex=False)
    process = fork.Process(target=_child, args=(job, send))
    process.start()
    send.close()
    return process, receive


def _outcome(process: multiprocessing.process.BaseProcess, receive: Connection) -> Outcome:
    """What a forked job sent back once it has ended."""
    try:
        outcome = receive.recv()
    except EOFError:  # ended without a word, e.g. killed for want of memory
        outcome = (None, None)
    process.join()
    if outcome[0] is None and process.exitcode:
        return _ended(process.exitcode), None
    return outcome


def _one_line(error: BaseException | str) -> str:
    return (error if isinstance(error, str) else f"{type(error).__name__}: {error}").splitlines()[0]


def _ended(exit_code: int | None) -> str:
    if exit_code is not None and exit_code < 0:  # the system's out-of-memory killer sends SIGKILL
        return f"killed by {signal.Signals(-exit_code).name}, most likely for want of memory"
    return f"stopped with exit code {exit_code}"


def release_free_memory() -> None:
    """Give the heap that earlier stages freed back to the system before forking, so that the build does not
    hold it while its jobs and tools run."""
    gc.collect()
    libc = ctypes.util.find_library("c")
    if libc and hasattr(ctypes.CDLL(libc), "malloc_trim"):  # glibc's; elsewhere the heap stays as it is
        ctypes.CDLL(libc).malloc_trim(0)


def map_forked(task: str, function: Callable[[Item], Output], items: list[Item], limit: int,
               meanwhile: Callable[[], object] | None = None) -> list[Output]:
    """`function` of each item, in order; the items are dealt in turn to at most `limit` forked workers, or
    run in this process when one worker would do (and then without `meanwhile`, see `run_forked`)."""
    workers = min(limit, len(items))
    if workers <= 1:
        return [function(item) for item in items]
    shares = {str(w): partial(_each, function, items[w::workers]) for w in range(workers)}
    done = run_forked(task, shares, workers, meanwhile=meanwhile)
    results: list[Output] = [None] * len(items)  # type: ignore[list-item]  # every slot is filled below
    for w in range(workers):
        results[w::workers] = done[str(w)]
    return results


def _each(function: Callable[[Item], Output], items: list[Item]) -> list[Output]:
    return [function(item) for item in items]


def _child(job: Callable[[], object], send: Connection) -> None:
    try:
        outcome: Outcome = (None, job())
    except (Exception, SystemExit) as error:  # MkDocs aborts with a SystemExit
        outcome = (_portable(error), None)
    try:
        send.send(outcome)
    finally:
        send.close()


def _portable(error: BaseException) -> BaseException | str:
    """The error itself when it can be sent to the parent, else its one-line description."""
    try:
        pickle.dumps(error)
    except Exception:  # e.g. an error holding an open file or a lock
        return _one_line(error)
    return error
