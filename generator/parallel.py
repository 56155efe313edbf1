"""Independent jobs of a build in forked processes, a few at a time: the per-document stages, and per
variant MkDocs, Pagefind's indexer and Chromium's layout, are each mostly one core's work.

Forked, so a job's arguments (converters, configurations) need no pickling, only its result. A job that
fails sends the first line of its error back; the parent raises one error naming every failed job, which
the CLI reports as it reports any error: one line, no traceback.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import re
import signal
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

JOBS_SETTING = "KB_JOBS"  # how many jobs run at once (default 2; 1 for a machine short of memory)
# A job killed by the system, or a tool's crash (Chromium: "Page crashed", "Target crashed"), or Python's own.
MEMORY_SIGNS = re.compile(r"killed by SIG|crash|MemoryError|out of memory", re.I)


def job_limit(setting: str = JOBS_SETTING) -> int:
    return max(1, int(os.environ.get(setting, "2")))


def run_forked(task: str, jobs: dict[str, Callable[[], Result]], limit: int, hint: str = "") -> dict[str, Result]:
    """Every job's result, running at most `limit` at once; RuntimeError naming the jobs that failed, and why,
    followed by `hint` (what to try) when a failure looks like want of memory."""
    fork = multiprocessing.get_context("fork")
    release_free_memory()
    names, failures, results = list(jobs), [], {}
    for start in range(0, len(names), limit):
        running = []
        for name in names[start:start + limit]:
            receive, send = fork.Pipe(duplex=False)
            process = fork.Process(target=_child, args=(jobs[name], send))
            process.start()
            send.close()
            running.append((name, process, receive))
        for name, process, receive in running:
            try:
                error, results[name] = receive.recv()
            except EOFError:  # ended without a word, e.g. killed for want of memory
                process.join()
                error = _ended(process.exitcode)
            process.join()
            if error:
                failures.append(f"{name}: {error}")
    if failures:
        memory = hint and any(MEMORY_SIGNS.search(failure) for failure in failures)
        raise RuntimeError(f"{task} failed for {'; '.join(failures)}" + (f" ({hint})" if memory else ""))
    return results


def _ended(exit_code: int | None) -> str:
    if exit_code is not None and exit_code < 0:  # the system's out-of-memory killer sends SIGKILL
        return f"killed by {signal.Signals(-exit_code).name}, most likely for want of memory"
    return f"stopped with exit code {exit_code}"


def release_free_memory() -> None:
    """Give the heap that earlier stages freed back to the system before forking, so that the build does not
    hold it while its jobs and tools run (about 70 MB less at the peak of a 1,000-document build)."""
    gc.collect()
    libc = ctypes.util.find_library("c")
    if libc and hasattr(ctypes.CDLL(libc), "malloc_trim"):  # glibc's; elsewhere the heap stays as it is
        ctypes.CDLL(libc).malloc_trim(0)


def map_forked(task: str, function: Callable[[Item], Result], items: list[Item], limit: int) -> list[Result]:
    """`function` of each item, in order; the items are dealt in turn to at most `limit` forked workers, or
    run in this process when one worker would do."""
    workers = min(limit, len(items))
    if workers <= 1:
        return [function(item) for item in items]
    shares = {str(w): partial(_each, function, items[w::workers]) for w in range(workers)}
    done = run_forked(task, shares, workers)
    results: list[Result] = [None] * len(items)  # type: ignore[list-item]  # every slot is filled below
    for w in range(workers):
        results[w::workers] = done[str(w)]
    return results


def _each(function: Callable[[Item], Result], items: list[Item]) -> list[Result]:
    return [function(item) for item in items]


def _child(job: Callable[[], object], send: Connection) -> None:
    try:
        send.send(("", job()))
    except (Exception, SystemExit) as error:  # MkDocs aborts with a SystemExit
        send.send((f"{type(error).__name__}: {error}".splitlines()[0], None))
    finally:
        send.close()
