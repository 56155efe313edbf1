"""The development sets in other guises: the same documents and gold facts, in traditional script, re-wrapped,
saved as web pages, as plain text cut into a narrow column, and that column cut into printed pages.

`python -m bench --dev-variants` writes each guise of ../shared/devset/raw and ../shared/devset2/raw into
bench/out/variants/SET/, ingests it, scores it against the set's gold facts (under the renamed documents) and
writes bench/dev-variants.md, a table a set.
A rule that reads a document only in the form it was written against shows here as a score that drops: the
facts are the same in every guise.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from generator.build.evaluate import Score, evaluate
from generator.core.paths import REPO

DEVSETS = (REPO.parent / "shared" / "devset", REPO.parent / "shared" / "devset2")
SCRATCH = REPO / "bench" / "out" / "variants"
REPORT = REPO / "bench" / "dev-variants.md"
WRAP = 26  # characters of a re-wrapped line
COLUMN = 21  # characters of a line of the narrow column
FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
OPENING, CLOSING = "[({<", "])}>"

Guise = Callable[[str, str], tuple[str, str] | None]  # (file name, text) -> (new file name, new text), or None


def traditional(name: str, text: str) -> tuple[str, str]:
    import opencc

    return name, opencc.OpenCC("s2t").convert(text)


def rewrapped(name: str, text: str) -> tuple[str, str]:
    """Each long line of prose cut every WRAP characters, never inside brackets (markup stays whole): in
    Markdown and wiki text a line break inside a paragraph continues it."""
    front = FRONT.match(text)
    head, body = (text[:front.end()], text[front.end():]) if front else ("", text)
    return name, head + "\n".join(piece for line in body.split("\n") for piece in _wrapped(line, WRAP))


def web_page(name: str, text: str) -> tuple[str, str] | None:
    """A Markdown document saved as a whole web page: shell, menu, the article as HTML, footer; its front
    matter kept (the date it was published). Wiki text has no such conversion here."""
    if "wikitext" in name or text.lstrip()[:1] in "{[":  # wiki text, a data export: no such conversion here
        return None
    import markdown

    front = FRONT.match(text)
    head, body = (text[:front.end()], text[front.end():]) if front else ("", text)
    article = markdown.markdown(body, extensions=["tables"])
    page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>页面</title></head><body>\n"
            "<nav><a href=\"/\">首页</a> | <a href=\"/news/\">新闻</a></nav>\n"
            f"<article>\n{article}\n</article>\n<footer>版权所有 © 网站</footer>\n</body></html>\n")
    return name.rsplit(".", 1)[0] + ".html", head + page


GUISES: dict[str, Guise] = {"as published": lambda name, text: (name, text), "traditional script": traditional,
                            "re-wrapped lines": rewrapped, "saved web page": web_page}
# Last, made from what the first guise's build read: the text printed in a column of COLUMN characters, as a
# printed page's text comes out of a PDF (no markup, no link, no heading mark).
COLUMN_GUISE = "narrow column, plain text"
# Then the same column cut into printed pages: each page ends with its number and the next opens with a
# running header (the book's title on odd pages, the chapter's on even ones), as a whole PDF's text comes out.
PAGES_GUISE = "printed pages"
PAGE_LINES = 38
HEADERS = ("中新合作资料汇编", "第三章　园区建设")


def _wrapped(line: str, width: int) -> list[str]:
    if len(line) <= width + 4 or line.lstrip()[:1] in tuple("#-|*={<!") or line.lstrip()[:1].isdigit():
        return [line]
    pieces, current, depth = [], "", 0
    for char in line:
        current += char
        depth += (char in OPENING) - (char in CLOSING)
        depth = max(depth, 0)
        if len(current) >= width and depth == 0 and "\u4e00" <= char <= "\u9fff":
            pieces.append(current)
            current = ""
    return [*pieces, current] if current else pieces


def _column(texts: Path) -> dict[str, str]:
    """Each text the first guise's build read, as plain lines of COLUMN characters."""
    made = {}
    for path in sorted(texts.glob("*.yml")):
        lines = []
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["blocks"]:
            if block["kind"] == "heading":
                lines.append(block["text"])
            elif block["kind"] in ("paragraph", "chronology"):
                lines += [block["text"][i:i + COLUMN] for i in range(0, len(block["text"]), COLUMN)]
        made[path.stem] = "\n".join(lines) + "\n"
    return made


def _paged(text: str) -> str:
    """The column's lines with a page number and the next page's running header every PAGE_LINES lines."""
    lines = []
    for index, line in enumerate(text.split("\n")):
        if index and index % PAGE_LINES == 0:
            page = index // PAGE_LINES
            lines += [str(page), HEADERS[page % 2 == 0]]
        lines.append(line)
    return "\n".join(lines)


def run() -> None:
    missing = [str(folder) for folder in DEVSETS if not (folder / "gold.yaml").is_file()]
    if missing:
        raise SystemExit(f"{', '.join(missing)}: the development sets are not there; expected beside the checkout")
    REPORT.write_text(report({folder.name: _guises(folder, SCRATCH / folder.name) for folder in DEVSETS}),
                      encoding="utf-8")


def _guises(devset: Path, scratch: Path) -> dict[str, list[Score]]:
    """One set's scores in every guise."""
    gold = yaml.safe_load((devset / "gold.yaml").read_text(encoding="utf-8"))
    results: dict[str, list[Score]] = {}
    for number, (label, guise) in enumerate(GUISES.items()):
        made = {path.stem: guise(path.name, path.read_text(encoding="utf-8"))
                for path in sorted((devset / "raw").glob("*.txt"))}
        results[label] = _scored(scratch / str(number), gold, {doc: m for doc, m in made.items() if m})
    column = _column(scratch / "0" / "out" / "site_data" / "texts")
    results[COLUMN_GUISE] = _scored(scratch / str(len(GUISES)), gold,
                                    {doc: (f"{doc}.txt", text) for doc, text in column.items()})
    results[PAGES_GUISE] = _scored(scratch / str(len(GUISES) + 1), gold,
                                   {doc: (f"{doc}.txt", _paged(text)) for doc, text in column.items()})
    return results


def _scored(folder: Path, gold: dict, made: dict[str, tuple[str, str]]) -> list[Score]:
    """The documents `made` (document id -> new file name and text) ingested in `folder` and scored against
    the gold facts of their documents, renamed as their files are."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "raw").mkdir(parents=True)
    for name, text in made.values():
        (folder / "raw" / name).write_text(text, encoding="utf-8")
    renamed = {doc: name.rsplit(".", 1)[0] for doc, (name, _) in made.items()}
    documents = {renamed[doc]: facts for doc, facts in gold["documents"].items() if doc in renamed}
    (folder / "gold.yaml").write_text(yaml.safe_dump({"documents": documents}, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "generator", "ingest", "--sources", str(folder / "raw"),
                    "--out", str(folder / "out")], cwd=REPO, check=False, capture_output=True)
    print(f"scored {folder.name}", file=sys.stderr)
    return evaluate(folder / "gold.yaml", folder / "out" / "site_data")


def report(sets: dict[str, dict[str, list[Score]]]) -> str:
    tables = [f"## {name}\n\n{_table(results)}" for name, results in sets.items()]
    return ("# The development sets in other guises\n\n"
            "`python -m bench --dev-variants` (bench/variants.py): recall / precision of each kind of fact, the "
            "same gold facts scored on the same documents written in another form. The saved web pages are "
            "made from the Markdown and plain-text documents only (not wiki text or data exports), so their "
            "figures count fewer facts.\n\n" + "\n".join(tables))


def _table(results: dict[str, list[Score]]) -> str:
    labels = list(results)
    rows = [f"| | {' | '.join(labels)} |", f"|---|{'---|' * len(labels)}"]
    for index, first in enumerate(results[labels[0]]):
        cells = []
        for label in labels:
            score = results[label][index]
            precision = "" if score.precision is None else f" / {score.precision:.2f}"
            cells.append(f"{score.recall:.2f}{precision}")
        rows.append(f"| {first.label} | {' | '.join(cells)} |")
    return "\n".join(rows) + "\n"
