"""The package layout is the pipeline: every module has its place in one order, and imports point only to
earlier places, so a document can be followed from `text` to `book` without stepping back."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
ORDER_FILE = Path(__file__).parent / "data" / "layout.yml"


def stage_order() -> list[str]:
    """Every module, dotted, in the order the stages run (tests/data/layout.yml)."""
    layout = yaml.safe_load(ORDER_FILE.read_text(encoding="utf-8"))
    return [f"{package}.{module}" if package else module
            for entry in layout for package, modules in entry.items() for module in modules]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """The generator modules a file imports, at the top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            base = node.module.removeprefix("generator").lstrip(".")
            named = {f"{base}.{alias.name}".lstrip(".") for alias in node.names}
            found |= (named & known) or {base}
        elif isinstance(node, ast.Import):
            found |= {alias.name.removeprefix("generator.") for alias in node.names
                      if alias.name.startswith("generator.")}
    return found


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_its_place_in_the_order() -> None:
    order = stage_order()
    packages = {name.rpartition(".")[0] for name in order}
    placed = set(order) | packages | {""}
    assert sorted(set(modules()) - placed) == []
    assert sorted(set(order) - set(modules())) == []


def test_imports_point_only_to_earlier_stages() -> None:
    order = stage_order()
    rank = {name: index for index, name in enumerate(order)}
    known = set(rank) | {name.rpartition(".")[0] for name in order}
    backwards = []
    for name, path in modules().items():
        if name not in rank:
            continue  # a package's __init__: docstring only
        for target in imported_modules(path, known):
            if target in rank and rank[target] >= rank[name]:
                backwards.append(f"{name} imports {target}")
    assert backwards == []


def test_the_rule_sees_a_step_back(tmp_path: Path) -> None:
    """The check itself: an import of a later stage is reported, an earlier one is not."""
    early = tmp_path / "early.py"
    early.write_text("from generator.site import search\nfrom generator.core.model import Line\n", encoding="utf-8")
    known = set(stage_order()) | {"site", "core"}
    assert imported_modules(early, known) == {"site.search", "core.model"}
