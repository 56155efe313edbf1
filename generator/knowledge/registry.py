"""The names the knowledge stage resolves mentions to: curated aliases and kinds, surnames, ids and sort keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from types import ModuleType

from generator.core.paths import RESOURCES
from generator.knowledge import ner
from generator.knowledge.curated import CuratedName

SURNAMES_FILE = RESOURCES / "surnames.txt"


def load_surnames() -> frozenset[str]:
    lines = SURNAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


@cache
def pinyin() -> ModuleType:
    """pypinyin, imported when a name is first romanised (or while the documents are read, see `ingest`): its
    tables are a third of the CLI's start-up, and a build with nothing changed romanises nothing."""
    import pypinyin

    return pypinyin


def slug(name: str) -> str:
    """A stable ASCII id from the pinyin of a name."""
    romanise = pinyin()
    text = "-".join(romanise.lazy_pinyin(name, style=romanise.Style.NORMAL, errors="ignore"))
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:80] or "x"


def sort_key(name: str) -> str:
    romanise = pinyin()
    return " ".join(romanise.lazy_pinyin(name, style=romanise.Style.TONE3, errors="ignore"))


def starts_word(text: str, word: str) -> bool:
    """`word` begins one of the words the language model reads in `text` (a 2-character marker counts only so)."""
    return any(token.text.startswith(word) for token in ner.tokens(text))


@dataclass
class Registry:
    """Curated names by kind, with every alias pointing at its canonical simplified names (an alias that several
    bodies share, such as 中新联合协调理事会, points at each of them)."""

    names: list[CuratedName]
    canonical: dict[str, list[str]] = field(default_factory=dict)
    markers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for entry in self.names:
            for alias in (entry.hans, entry.hant, *entry.aliases):
                if alias and entry.hans not in self.canonical.setdefault(normalise(alias), []):
                    self.canonical[normalise(alias)].append(entry.hans)
        self.markers = tuple(n.hans for n in self.names if n.kind == "marker")

    def resolve(self, name: str, about: tuple[str, ...] = ()) -> str:
        """The canonical name; a shared alias means the body of the project the document is about (`about`: that
        project's spellings), else the first listed."""
        names = self.canonical.get(normalise(name), [name])
        return next((n for n in names if any(spelling in n for spelling in about)), names[0])

    def entry(self, name: str) -> CuratedName | None:
        return next((n for n in self.names if n.hans == name), None)

    def is_singapore(self, text: str) -> bool:
        return self.marker_at(text) is not None

    def marker_at(self, text: str) -> int | None:
        """Where the first marker of the cooperation stands; a marker of two characters only as the start of a
        word, as the named-entity model cuts words (中新天津…, not 集中新开工)."""
        found = [text.find(m) for m in self.markers if m in text and (len(m) > 2 or starts_word(text, m))]
        return min(found) if found else None

    def cooperation_start(self, name: str) -> int | None:
        """Where a cooperation body's name starts: at its first marker or curated body spelling (派出组织中新天津…
        -> 中新天津…); a name with neither (苏州工业园区政协工作联络委员会) is not a cooperation body."""
        found = [name.find(s) for s in self.body_spellings if s in name]
        marker = self.marker_at(name)
        return min([*found, *([marker] if marker is not None else [])], default=None)

    def main_project(self, texts: list[str]) -> tuple[str, ...]:
        """The spellings of the curated project a document names most, or () if it names none."""
        counts = {entry.hans: sum(t.count(s) for t in texts for s in spellings)
                  for entry, spellings in self.project_spellings}
        best = max(counts, key=lambda name: counts[name], default="")
        return next((tuple(spellings) for entry, spellings in self.project_spellings
                     if entry.hans == best and counts[best]), ())

    def names_cooperation(self, text: str) -> bool:
        """A marker of the cooperation, or any spelling of a curated body or project."""
        return self.is_singapore(text) or any(spelling in text for spelling in self.cooperation_spellings)

    @cached_property
    def body_spellings(self) -> tuple[str, ...]:
        return tuple(sorted({s for n in self.names if n.kind == "body" for s in (n.hans, *n.aliases)}))

    @cached_property
    def cooperation_spellings(self) -> tuple[str, ...]:
        return tuple(sorted({s for n in self.names if n.kind in ("body", "project") for s in (n.hans, *n.aliases)}))

    def is_party(self, name: str) -> bool:
        """One of the cooperation's two countries (curated kind `party`), under any of its names."""
        return any(self.entry(canonical).kind == "party" for canonical in self.canonical.get(normalise(name), ())
                   if self.entry(canonical))

    def of_kind(self, kind: str) -> list[CuratedName]:
        return [n for n in self.names if n.kind == kind]

    @cached_property
    def project_spellings(self) -> list[tuple[CuratedName, list[str]]]:
        """Each curated project with its spellings, longest first: sorted once, not for every sentence."""
        return [(entry, sorted({entry.hans, *entry.aliases}, key=len, reverse=True))
                for entry in self.of_kind("project")]


def normalise(name: str) -> str:
    return name.replace("(", "（").replace(")", "）").replace("-", "—").replace("－", "—").replace(" ", "")
