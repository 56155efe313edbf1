"""Outputs written beside the previous ones and swapped into place at the end, so a stopped build loses nothing.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.core.model import Problem
from generator.core.paths import Paths


class Stopped(RuntimeError):
    """A build stopped by a failing stage, with the problems the stages before it found: the reader hears of
    those too, not only of the failure."""

    def __init__(self, problems: list[Problem], cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.problems = problems
        self.cause = cause


@contextmanager
def staged(paths: Paths, *outputs: str) -> Iterator[Paths]:
    """Paths whose `outputs` (data, docs) are staging siblings of the real folders, made as hard-linked copies
    (files are only ever replaced, never rewritten, so the previous tree is not touched); renamed into place
    when the block ends without an exception. An exception, or the process killed, leaves the real folders
    as the last complete run left them."""
    work = dataclasses.replace(paths, staged=frozenset(outputs))
    for output in outputs:
        final, staging = getattr(paths, output), getattr(work, output)
        _recover(final)
        shutil.rmtree(staging, ignore_errors=True)  # what a stopped run left
        if final.exists():
            shutil.copytree(final, staging, copy_function=_link_or_copy)
        else:
            staging.mkdir(parents=True)
    yield work
    for output in outputs:
        swap_into_place(getattr(work, output), getattr(paths, output))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def _recover(final: Path) -> None:
    """A run stopped between the two renames of a swap left the previous folder only as `.old`: put it back."""
    old = final.with_name(final.name + ".old")
    if old.exists() and not final.exists():
        old.rename(final)


def swap_into_place(staging: Path, final: Path) -> None:
    old = final.with_name(final.name + ".old")
    _recover(final)
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
