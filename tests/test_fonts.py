"""The books' fonts on a machine without fontconfig (macOS, Windows, a server without it): found in the font
folders by their file names, or one line naming what is missing and how to get it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA

from generator.book import typeset

CASES = yaml.safe_load((DATA / "fonts" / "folders.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["name"])
def test_fonts_found_in_the_font_folders(case: dict[str, Any], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folders = [tmp_path / f"folder-{number}" for number in range(len(typeset.FONT_FOLDERS))]
    for number, names in case["files"].items():
        for name in names:
            (folders[number] / name).parent.mkdir(parents=True, exist_ok=True)
            (folders[number] / name).write_bytes(b"")
    monkeypatch.setattr(typeset, "FONT_FOLDERS", tuple(str(folder) for folder in folders))
    monkeypatch.setattr(typeset.shutil, "which", lambda name: None)  # no fc-match
    for variant in ("zh-Hans", "zh-Hant"):
        if case[variant] == "missing":
            with pytest.raises(RuntimeError) as missing:
                typeset.font_files(variant)
            message = str(missing.value)
            assert "\n" not in message and "fonts-noto-cjk" in message and "KB_PDF=0" in message
        else:
            assert [path.name for path in typeset.font_files(variant)] == case[variant]
