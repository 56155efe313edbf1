"""MkDocs hooks: the only MkDocs-specific Python in the project.

During `python -m generator serve`, regenerate datasets and pages before each rebuild, so that editing a
source document or a template and saving updates the running preview.
"""

from __future__ import annotations

from typing import Any


def on_pre_build(config: Any) -> None:
    regenerate = config.extra.get("regenerate")
    if not regenerate:
        return
    from generator import pipeline
    from generator.paths import Paths

    paths = Paths.create(regenerate["sources"], regenerate["out"])
    _, result = pipeline.ingest(paths)
    result.problems += pipeline.render_docs(paths).problems
    for problem in result.problems:
        print(problem)
