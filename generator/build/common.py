"""What the build's steps share: their result, the script converters, and clearing what a corpus no longer makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.core.model import Problem
from generator.knowledge.curated import CuratedName, fixed_forms
from generator.text.convert import Converter, hant_config


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def converters(curated: list[CuratedName]) -> dict[str, Converter]:
    """Per variant, the converter from canonical simplified text; plus 'to-hans' for traditional sources."""
    to_hant, to_hans = fixed_forms(curated)
    return {"zh-Hans": Converter("t2s", to_hans), "zh-Hant": Converter(hant_config(), to_hant),
            "to-hans": Converter("t2s", to_hans)}


def load_converters() -> None:
    """OpenCC's dictionaries for the variants' converters read into this process (one copy per configuration
    and process), so that the processes it forks from now on share them instead of reading them again."""
    for converter in converters([]).values():
        converter.loaded()


def remove_unlisted(root: Path, wanted: set[str], recursive: bool = False) -> None:
    """Delete generated files whose source is gone, so the output mirrors the corpus exactly."""
    if not root.exists():
        return
    pattern = "**/*" if recursive else "*.yml"
    for path in root.glob(pattern):
        if path.is_dir():
            continue
        if path.relative_to(root).as_posix() not in wanted:
            path.unlink()
