"""Volumes typeset by Typst (the `typst` package, its compiler inside the wheel) into tagged PDFs (PDF/UA-1)
with the system's Noto CJK faces embedded as subset CID fonts, each volume in a forked process, kept between
builds (BookCache); a volume with links is compiled twice, the first compilation finding their targets' places.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

import pypdf

from generator.book.assemble import FAMILIES, Volume
from generator.core import parallel
from generator.core.cache import Store, key

PDF_STANDARD = "ua-1"  # tagged, every chart with its alt text; Typst refuses to write a book that is not

TIMESTAMP = 0  # the PDF's creation date: fixed, so a rebuild is byte-identical

STYLE = "book.typ"

MAIN = "main.typ"

PLACES = "places.json"  # beside a volume's markup: where its links' targets are (read by book.typ)

PLACES_LABEL = "kb-places"  # the metadata that reports them

PLACE_PASSES = 3  # compilations of a volume with links at most: the first finds the places, the next uses them

PAGE_TREE = re.compile(rb"/Type\s*/Pages\s*/Count\s+(\d+)")


# Where Noto CJK's files stand when fontconfig is not there to say (macOS, Windows, a server without it):
# the system's and the user's font folders, searched for the file names the fonts ship under.
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
                "/System/Library/Fonts", "/Library/Fonts", "~/Library/Fonts",
                "%WINDIR%/Fonts", "%LOCALAPPDATA%/Microsoft/Windows/Fonts")
FONT_FILE_NAMES = {  # (variant, weight): the files that hold the family (Debian's and Homebrew's collection first)
    (variant, weight): (f"NotoSansCJK-{weight.title()}.ttc", f"NotoSansCJK{script}-{weight.title()}.otf")
    for variant, script in (("zh-Hans", "sc"), ("zh-Hant", "tc")) for weight in ("regular", "bold")}
MISSING_FONTS = ("install Noto Sans CJK: Debian/Ubuntu `apt-get install fonts-noto-cjk`, macOS `brew install "
                 "--cask font-noto-sans-cjk`, or put NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc into "
                 "~/.local/share/fonts (or KB_PDF=0 to build without the books)")


def font_files(variant: str) -> list[Path]:
    """The system's files of the variant's family, regular and bold: as fontconfig finds them, refusing a
    substitute, or else from the font folders by their file names."""
    family, files = FAMILIES[variant], []
    for weight in ("regular", "bold"):
        found = _fontconfig_file(family, weight) or _folder_file(FONT_FILE_NAMES[variant, weight])
        if found is None:
            raise RuntimeError(f"font {family!r} ({weight}) is not installed: {MISSING_FONTS}")
        files.append(found)
    return files


def _fontconfig_file(family: str, weight: str) -> Path | None:
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "-f", "%{file}\n%{family}", f"{family}:{weight}"], capture_output=True,
                           text=True, check=True).stdout.split("\n")
    return Path(found[0]) if len(found) >= 2 and family in found[1].split(",") else None


def _folder_file(names: tuple[str, ...]) -> Path | None:
    """The first of `names` found under the font folders (in their order), by a walk of each folder."""
    for folder in FONT_FOLDERS:
        root = Path(os.path.expandvars(os.path.expanduser(folder)))
        if "%" in str(root) or not root.is_dir():
            continue
        found = {path.name: path for path in sorted(root.rglob("NotoSansCJK*")) if path.name in names}
        for name in names:
            if name in found:
                return found[name]
    return None


def typeset(volume: Volume, templates: Path, faces: Any, target: Path) -> int:
    """The volume as a PDF at `target`; its page count. A font Typst cannot find fails the book rather than
    printing boxes.

    A volume with links is compiled twice: the first compilation finds where the links' targets are (every
    link leads to the first page meanwhile), the second lays out the same pages with every link leading to its
    target's place, and is checked to have found them where the first did. Both share the fonts and Typst's
    memoised layout, so the second redoes only the paragraphs that hold links: about half the time of links
    to labels, whose pages Typst looks up on every layout pass (see kb-place in templates/print/book.typ).
    `faces` are the fonts (`typst.Fonts`), found once for all the volumes of a book."""
    import typst

    with tempfile.TemporaryDirectory(prefix="kb-book-") as scratch:
        root = Path(scratch)
        shutil.copy(templates / "print" / STYLE, root / STYLE)
        (root / MAIN).write_text(volume.markup, encoding="utf-8")
        for path, svg in volume.files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(svg, encoding="utf-8")
        found: dict[str, list[float]] = {}
        for _ in range(PLACE_PASSES):
            (root / PLACES).write_text(json.dumps(found, sort_keys=True), encoding="utf-8")
            compiler = typst.Compiler(root / MAIN, root=root, font_paths=faces)  # a new one reads the places
            if volume.linked and not found:
                found = places(compiler)
                continue
            pdf, warnings = compiler.compile_with_warnings(format="pdf", pdf_standards=[PDF_STANDARD],
                                                           timestamp=TIMESTAMP)
            if not volume.linked or places(compiler) == found:
                break
            found = places(compiler)
        else:
            raise RuntimeError(f"typesetting {target.name}: the links' targets moved in every compilation")
    missing = [warning.message for warning in warnings if "unknown font family" in warning.message]
    if missing:
        raise RuntimeError(f"typesetting {target.name}: {'; '.join(missing)}")
    for warning in warnings:
        print(f"book {target.name}: warning: {warning.message}", flush=True)
    _save(pdf, target)
    return page_count(pdf)


def places(compiler: Any) -> dict[str, list[float]]:
    """Label name -> [page, x, y] (points) of each link target of a volume, as its compilation laid it out."""
    found = json.loads(compiler.query(f"<{PLACES_LABEL}>", field="value", one=True))
    return {name: [page, x, y] for name, page, x, y in found}


def page_count(pdf: bytes) -> int:
    """Pages of a PDF that Typst wrote: its one page tree node's count (reading the whole file with pypdf took
    a third of a second a volume)."""
    counts = PAGE_TREE.findall(pdf)
    return int(counts[0]) if len(counts) == 1 else len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


@dataclass(frozen=True)
class BookCache:
    """A variant's last typeset volumes, kept between builds under a key of everything a volume depends on
    (its markup and charts, the layout and `salt`: the code, Typst's version and the fonts), so a rebuild
    typesets only the volumes whose pages changed, and a kept volume is the bytes a fresh one would be."""

    store: Store
    salt: str

    def volume(self, digest: str, templates: Path) -> Path:
        return self.store.path(key(self.salt, (templates / "print" / STYLE).read_bytes(), digest))


def write_pdfs(volumes: Iterable[Volume], templates: Path, targets: list[Path], variant: str,
               kept: BookCache | None = None) -> list[Path]:
    """The volumes of one book (one per target) as PDFs at `targets`, one after another, each typeset in a
    forked process: that gives Typst's memory back when it ends, and keeps Typst's threads out of this
    process (a process forked after them would hang); meanwhile this process makes the next volume's markup.
    With a `kept` cache, only the volumes it does not hold are typeset."""
    with tempfile.TemporaryDirectory(prefix="kb-fonts-") as fonts:
        for font in font_files(variant):  # only these faces: Typst reads every font file in the folders given
            (Path(fonts) / font.name).symlink_to(font)
        return _write_pdfs(volumes, templates, targets, variant, kept, _faces(Path(fonts)))


def _faces(folder: Path) -> Any:
    """The fonts in `folder` as Typst finds them (no system fonts). Finding them starts no thread, so the
    processes forked to typeset share them rather than each reading the font collections' tables again."""
    import typst

    return typst.Fonts(include_system_fonts=False, font_paths=[str(folder)])


def _write_pdfs(volumes: Iterable[Volume], templates: Path, targets: list[Path], variant: str,
                kept: BookCache | None, faces: Any) -> list[Path]:
    count, made = len(targets), []
    upcoming = iter(volumes)
    following: list[Volume] = []
    for number, target in enumerate(targets, start=1):
        volume = following.pop() if following else next(upcoming)
        made.append(kept.volume(volume.digest(), templates) if kept else target)
        name = f"{variant} {number}/{count} ({target.name})"
        if kept and made[-1].exists():
            print(f"book {name}: kept from an earlier build", flush=True)
        else:
            started = time.perf_counter()
            # The next volume's markup is made while Typst typesets this one.
            pages = parallel.call_forked(partial(typeset, volume, templates, faces, made[-1]),
                                         meanwhile=lambda: following.extend(islice(upcoming, 1)))
            print(f"book {name}: {pages} pages, {time.perf_counter() - started:.1f} s", flush=True)
        if kept:
            _place(made[-1], target)
    if kept:
        kept.store.prune()
    return targets


def _place(kept: Path, target: Path) -> None:
    """A kept volume at `target`: a hard link where the file system allows one (a volume is tens of MB)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(kept, target)
    except OSError:
        shutil.copyfile(kept, target)


def _save(pdf: bytes, target: Path) -> None:
    """Written under another name first: a print cut short must not leave a kept volume that looks whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial_file = target.with_suffix(".part")
    partial_file.write_bytes(pdf)
    os.replace(partial_file, target)


if __name__ == "__main__":  # `make fonts`: one line naming what is missing, before a build would stop at the books
    import sys

    from generator.core.paths import VARIANTS

    try:
        for name in VARIANTS:
            font_files(name)
    except RuntimeError as missing:
        sys.exit(f"missing: {missing}")
