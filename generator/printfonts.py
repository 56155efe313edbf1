"""Fonts for the printed book: the variant's Noto Sans CJK face, cut down to the book's characters and
turned into TrueType.

Chromium's PDF backend (Skia) embeds TrueType outlines as real, searchable CID fonts, but draws the
CFF-flavoured OpenType collections that Debian ships (fonts-noto-cjk) as Type 3 glyph procedures. Converting
a whole CJK face (65,000 glyphs) takes minutes; the book's few thousand characters take seconds.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

FAMILIES = {"zh-Hans": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC"}
BOOK_FAMILY = "KB Book"  # the converted faces, regular and bold
FALLBACK_FAMILY = "KB Book Fallback"  # the regular face again: synthetic bold for a character missing in bold
BOLD_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "th", "strong", "b", "summary"}
BOLD_CLASSES = {"cover-title", "cover-volume", "current", "admonition-title", "h3", "h4", "h5", "h6"}  # see templates/print/book.css
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
ALWAYS = "0123456789.-–— "  # page numbers, TOC leaders and margin boxes
LAYOUT_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx"]
MAX_ERROR = 1.0  # font units; the outlines' deviation from the cubic originals, invisible at print sizes


@dataclass(frozen=True)
class Face:
    file: Path
    index: int  # in the font collection


def find_face(family: str, weight: str) -> Face:
    """The system's file for `family` at `weight` (fontconfig), refusing a silent substitute."""
    pattern = f"{family}:{weight}"
    found = subprocess.run(["fc-match", "-f", "%{file}\n%{index}\n%{family}", pattern], capture_output=True,
                           text=True, check=True).stdout.split("\n")
    if len(found) < 3 or family not in found[2].split(","):
        raise RuntimeError(f"font {pattern!r} is not installed (fonts-noto-cjk); fontconfig offers {found[-1]!r}")
    return Face(Path(found[0]), int(found[1] or 0))


class _BoldText(HTMLParser):
    """Characters set in bold by the book's stylesheet: headings, table heads, strong text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[bool] = []
        self.chars: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.open.append(tag in BOLD_TAGS or bool(classes & BOLD_CLASSES))

    def handle_endtag(self, tag: str) -> None:
        if self.open and tag not in VOID_TAGS:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if any(self.open):
            self.chars.update(data)


def book_characters(book: str) -> tuple[str, str]:
    """(regular, bold) characters of a book. Regular takes every character of the file, markup and CSS
    strings (margin boxes) included: a few dozen ASCII glyphs too many is cheaper than a missing one."""
    parser = _BoldText()
    parser.feed(book)
    parser.close()
    return "".join(sorted(set(book) | set(ALWAYS))), "".join(sorted(parser.chars | set(ALWAYS)))


def truetype_subset(face: Face, text: str, target: Path) -> Path:
    """`face` reduced to the glyphs of `text` and saved as TrueType."""
    # fontTools is imported here, by the build that makes fonts: it is a third of the CLI's start-up.
    from fontTools import subset
    from fontTools.ttLib import OPTIMIZE_FONT_SPEED, TTFont

    # recalcTimestamp off: head.modified would stamp the clock time into every build's PDF.
    font = TTFont(str(face.file), fontNumber=face.index, lazy=True, recalcTimestamp=False,
                  cfg={OPTIMIZE_FONT_SPEED: True})
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    # No OpenType layout: the variant's own face already has its region's glyph forms by default, CJK text
    # neither kerns nor ligates, and the closure over Noto CJK's large GSUB was half of the subsetting time.
    options.layout_features = []
    options.drop_tables += LAYOUT_TABLES
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_glyf(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target))
    return target


def _cff_to_glyf(font: TTFont) -> None:
    """Replace cubic CFF outlines by quadratic glyf outlines (fontTools' otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    del font["CFF "]
    metrics = font["hmtx"].metrics
    for name, glyph in glyphs.items():
        glyph.recalcBounds(glyf)
        metrics[name] = (metrics[name][0], getattr(glyph, "xMin", 0))  # TrueType wants lsb == xMin
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    font["post"].formatType = 3.0  # no glyph names: CID fonts in the PDF do not use them
    font.sfntVersion = "\x00\x01\x00\x00"


def font_jobs(characters: tuple[str, str], variant: str, folder: Path) -> list[tuple[Face, str, Path]]:
    """(face, text, target) of the variant's regular and bold subsets of `characters` (as `book_characters`
    gives them), for `truetype_subset`."""
    regular_text, bold_text = characters
    family = FAMILIES[variant]
    return [(find_face(family, "regular"), regular_text, folder / "regular.ttf"),
            (find_face(family, "bold"), bold_text, folder / "bold.ttf")]


def make_font(job: tuple[Face, str, Path], kept: Path | None = None) -> Path:
    """A job's font at its target. With a `kept` folder, a face already cut to the same characters by the
    same code is copied from there (a rebuild whose book has the same characters makes no font)."""
    face, text, target = job
    if kept is None:
        return truetype_subset(face, text, target)
    font = kept / f"{font_key(face, text)}.ttf"
    if not font.exists():
        partial = truetype_subset(face, text, font.with_suffix(".part"))
        os.replace(partial, font)  # never a half-written font under the final name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(font, target)
    return target


def make_fonts(jobs: list[tuple[Face, str, Path]], kept: Path | None = None) -> None:
    """Every job's font; through `kept` when given, which is then left holding only these fonts."""
    for job in jobs:
        make_font(job, kept)
    if kept is not None:
        wanted = {f"{font_key(face, text)}.ttf" for face, text, _ in jobs}
        for old in kept.glob("*.ttf"):
            if old.name not in wanted:
                old.unlink()


def font_key(face: Face, text: str) -> str:
    stat = face.file.stat()
    made_by = Path(__file__).read_bytes()
    key = f"{face.file}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}|{text}".encode()
    return hashlib.sha256(made_by + key).hexdigest()[:32]


def font_faces_css() -> str:
    """The @font-face rules for the files of `font_jobs`, relative to the book's folder."""
    return "\n".join([
        f'@font-face {{ font-family: "{BOOK_FAMILY}"; src: url("regular.ttf"); font-weight: 400; }}',
        f'@font-face {{ font-family: "{BOOK_FAMILY}"; src: url("bold.ttf"); font-weight: 700; }}',
        f'@font-face {{ font-family: "{FALLBACK_FAMILY}"; src: url("regular.ttf"); font-weight: 400; }}',
    ])
