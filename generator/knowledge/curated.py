"""Hand-kept registries in `site_data/curated/*.yml`: fixed name forms, aliases and English names.

They feed OpenCC protection, extraction and the glossary. Each file holds a list of entries:
`{hans, hant, english, aliases, kind}`; only `hans` is required.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.core.model import Problem


@dataclass(frozen=True)
class CuratedName:
    hans: str
    hant: str
    kind: str
    english: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""
    place: str = ""  # projects: where the park or project is


def load_curated(folder: Path) -> tuple[list[CuratedName], list[Problem]]:
    names: list[CuratedName] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return names, problems
    for path in sorted(folder.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            problems.append(Problem(path.name, "1", f"not valid YAML: {error}".splitlines()[0], kind="bad curated list"))
            continue
        kind = data.get("kind", path.stem) if isinstance(data, dict) else path.stem
        entries = data.get("entries", []) if isinstance(data, dict) else []
        for index, entry in enumerate(entries, 1):
            if not isinstance(entry, dict) or not entry.get("hans"):
                problems.append(Problem(path.name, f"entries[{index}]", "entry needs 'hans'; ignored", kind="bad curated list"))
                continue
            names.append(CuratedName(
                hans=str(entry["hans"]), hant=str(entry.get("hant") or ""), kind=str(entry.get("kind", kind)),
                english=str(entry.get("english") or ""), aliases=tuple(str(a) for a in entry.get("aliases", [])),
                note=str(entry.get("note") or ""), place=str(entry.get("place") or ""),
            ))
    return names, problems


def fixed_forms(names: list[CuratedName]) -> tuple[dict[str, str], dict[str, str]]:
    """(simplified -> traditional, traditional -> simplified) for names with a given traditional form."""
    to_hant = {n.hans: n.hant for n in names if n.hant}
    to_hans = {n.hant: n.hans for n in names if n.hant}
    return to_hant, to_hans
