"""The pipeline: ingest -> render -> check -> sites and books, each step in a module of its own.

Library functions behind the CLI commands. Each returns the problems it found instead of raising, so
one bad document never stops the rest of the corpus.
"""

from __future__ import annotations

from generator.build.common import load_converters
from generator.build.ingesting import ingest
from generator.build.rendering import render_docs
from generator.build.sites import build_sites
from generator.build.staging import Stopped, staged
from generator.core import parallel
from generator.core.model import Problem
from generator.core.paths import Paths
from generator.data.check import check


def build(paths: Paths) -> list[Problem]:
    """Everything: ingest, render, then the sites, their search and the books. Ingesting and rendering each run
    in a process of their own, so the memory they took (documents, model, pages) is given back before the tools
    run, rather than copied into each of their forked processes (bench/report.md has the peaks). While the documents are read, this process reads OpenCC's
    dictionaries, which every later process then shares. The datasets and the docs are written beside the
    previous ones and take their place only once the site is built: a build stopped anywhere leaves the
    previous datasets, docs and site as they were."""
    problems: list[Problem] = []
    try:
        with staged(paths, "data", "docs") as work:
            problems += parallel.call_forked(lambda: ingest(work)[1].problems, meanwhile=load_converters)
            problems += parallel.call_forked(lambda: render_docs(work).problems)
            # What `check` reports, a build reports too, once: a fact the ingest step named already (an id
            # collision) is not named again.
            problems += [problem for problem in check(work) if problem not in problems]
            problems += build_sites(work, strict=True).problems
    except (Exception, SystemExit) as error:  # MkDocs stops with a SystemExit
        raise Stopped(problems, error) from error
    return problems
