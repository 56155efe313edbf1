"""Cache keys hold only what decides a stage's output: its own code and that of the stages before it, so a
change to the book's code keeps the documents, datasets and pages, and a change to the text stage redoes all."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core import cache


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository tree with one file in each place CODE_INPUTS names."""
    for name in sorted({name for names in cache.CODE_INPUTS.values() for name in names}):
        path = tmp_path / name
        target = path if path.suffix else path / "module.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {name}\n", encoding="utf-8")
    return tmp_path


def fingerprints(repo: Path) -> dict[str, str]:
    cache.code_fingerprint.cache_clear()
    return {stage: cache.code_fingerprint(repo, stage) for stage in cache.CODE_INPUTS}


@pytest.mark.parametrize(("changed", "kept"), [
    ("generator/book/module.py", {"knowledge", "data", "pages", "site"}),
    ("templates/module.py", {"knowledge", "data"}),
    ("overrides/module.py", {"knowledge", "data", "pages"}),
    ("generator/text/module.py", set()),
    ("site_data/curated/module.py", set()),
])
def test_a_change_redoes_its_stage_and_the_later_ones_only(repo: Path, changed: str, kept: set[str]) -> None:
    before = fingerprints(repo)
    (repo / changed).write_text("# changed\n", encoding="utf-8")
    after = fingerprints(repo)
    assert {stage for stage in before if before[stage] == after[stage]} == kept


def test_every_stage_package_is_an_input_of_its_stage() -> None:
    """A new stage folder must be named in CODE_INPUTS, or its changes would not invalidate anything."""
    package = Path(__file__).resolve().parent.parent / "generator"
    folders = {f"generator/{p.name}" for p in package.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders <= set(cache.CODE_INPUTS["book"])
