"""Turn one RawDocument into a Document: split lines, repair, segment, detect metadata."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from generator.core.accounting import Ledger
from generator.core.model import Block, Change, Document, Flag, Line, RawDocument
from generator.text.boilerplate import BYLINE, clean, is_furniture
from generator.text.chronology import assign_dates
from generator.text.convert import script_of
from generator.text.dates import dateline
from generator.text.markup import link_lines, strip_markup
from generator.text.masks import KnownNames, Mask
from generator.text.patterns import ENTRY_START, MONTH_HEADER, SECTION_HEAD
from generator.text.repair import FLAG_RULES, apply_rules, rules_knowing
from generator.text.segment import is_chronology, segment

YEAR = re.compile(r"((?:19|20)\d\d)年")
# A news lead's dateline: agency and place, then the day the report was filed (电, 讯).
LEAD = re.compile(r"(?:(?P<y>(?:19|20)\d\d)年)?(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日(?:电|讯|電|訊)")
LEAD_PARAGRAPHS, LEAD_CHARS = 3, 40
BREADCRUMB = re.compile(r"当前位置|首页\s*[>＞›]|當前位置")


def detect_kind(lines: list[Line]) -> str:
    texts = [line.text.strip() for line in lines if line.text.strip()]
    if is_chronology(lines):
        return "chronology"
    if any(BREADCRUMB.search(t) for t in texts[:10]):
        return "web"
    if sum(1 for t in texts if SECTION_HEAD.match(t)) >= 2:
        return "yearbook"
    return "news"


def document_year(meta: dict[str, str], text: str, path: str = "") -> int | None:
    """The year the document states of itself (`stated_year`), else the most cited year, else a year in the
    file's name."""
    return stated_year(meta) or detect_year(text) or year_in_name(path)


def stated_year(meta: dict[str, str]) -> int | None:
    """The manifest's year, else the year of the document's own date (front matter): a year the document's
    metadata states, not one guessed from the text or its file's name."""
    if str(meta.get("year", "")).isdigit():
        return int(meta["year"])
    if dated := re.match(r"\s*((?:19|20)\d\d)(?!\d)", str(meta.get("date", ""))):
        return int(dated.group(1))
    return None


def lead_dateline(blocks: list[Block], year: int | None) -> str:
    """新华社北京12月15日电: the date a news lead gives its report, in the document's year unless it states one."""
    for block in [b for b in blocks if b.kind == "paragraph"][:LEAD_PARAGRAPHS]:
        if found := LEAD.search(block.text[:LEAD_CHARS]):
            return dateline(f"{found.group('y') or year}-{int(found.group('m')):02d}-{int(found.group('d')):02d}", "")
    return ""


TITLE_YEAR = re.compile(r"\s*((?:19|20)\d\d)\s*年?\s*[：:|｜]")


def title_year(title: str) -> int | None:
    """The year a title opens with and sets apart (2006年：中新合作大事, 2019 | 大事记): what the page tells is of it."""
    found = TITLE_YEAR.match(title)
    return int(found.group(1)) if found else None


def year_in_name(path: str) -> int | None:
    """dashiji_2021.txt: the year an editor wrote into a file's name."""
    found = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", Path(path).stem)
    return int(found.group(1)) if found else None


def detect_year(text: str) -> int | None:
    years = Counter(int(y) for y in YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None


# Lines above a web page's title that are not it: a menu of short words, the site's home link, a reporter's
# line (游润恬 北京特派员), a button or a label (X, ---, 查看更多, 【知识点】)
MENU = re.compile(r"^(?:\S{1,4}\s+)+\S{1,4}$")
NOT_A_TITLE = re.compile(r"首[页頁]$|主[办辦][:：]|(?:特派员|特派員|记者|記者)$|^(?:查看|[点點][击擊]|[阅閱][读讀])(?:更多|全文|原文)")
TITLE_HAN_MIN = 4


def detect_title(lines: list[Line], doc_id: str) -> str:
    """The first short line before the text starts (a sentence, a long line) that is not page furniture; the
    document's id when there is none."""
    for line in lines:
        text = line.text.strip()
        han = len(re.findall(r"[\u4e00-\u9fff]", text))  # a heading the markup marks may be short (新闻联播 …)
        if not text or BREADCRUMB.search(text) or BYLINE.match(text) or is_furniture(text) or MENU.match(text) \
                or NOT_A_TITLE.search(text) or han < (2 if line.role == "heading" else TITLE_HAN_MIN):
            continue
        if text[-1] in "。！？":
            break
        if MONTH_HEADER.match(text) or ENTRY_START.match(text):
            break  # a chronology excerpt starts with its entries: no title line
        if len(text) <= 40:
            return re.sub(r"\s+", "", text) if re.fullmatch(r"[\u4e00-\u9fff\s]+", text) else text
        break
    return doc_id


FLAG_CONTEXT = 8  # characters of its line on each side of a flagged span that the block showing it must hold


def attach_flags(blocks: list[Block], lines: list[Line], changes: list[Change],
                 flags: list[tuple[int, Flag]] = ()) -> None:
    """Spans flagged by a repair rule (kept as received, masked, restored) are marked on the block that shows
    them: the last one starting at or before their line that holds the span with the text around it on its
    line (a line removed later, a page's list of other headlines, shows none)."""
    texts = {line.number: line.text for line in lines}
    flagged = [(c.line, Flag(c.before, c.rule, c.reason)) for c in changes if c.rule in FLAG_RULES]
    for number, flag in sorted([*flagged, *flags], key=lambda item: item[0]):
        line = texts.get(number, "")
        at = line.find(flag.text)
        around = line[max(at - FLAG_CONTEXT, 0):at + len(flag.text) + FLAG_CONTEXT].strip() if at >= 0 else flag.text
        shown = [b for b in blocks if b.line <= number and flag.text in b.text and around in b.text]
        if shown and flag not in shown[-1].flags:
            shown[-1].flags.append(flag)


def ingest_document(raw: RawDocument, known: KnownNames | None = None,
                    simplify: Callable[[str], str] | None = None) -> Document:
    """The document read, repaired, segmented and dated; masked words are restored from the `known` names, the
    text around them seen in simplified script through `simplify`."""
    ledger = Ledger()
    lines = [Line(number, text) for number, text in enumerate(raw.text.split("\n"), 1)]
    marked = strip_markup(raw.path, lines, ledger)  # before repair: `**粗体**` is emphasis, not a masked name
    masks: list[Mask] = []
    flags: list[tuple[int, Flag]] = []
    repaired, repairs = apply_rules(marked.lines, rules_knowing(known, masks, simplify), flags)
    meta = {**marked.meta, **raw.meta}
    kind = meta.get("kind") or marked.kind or detect_kind(repaired)
    title = meta.get("title") or detect_title(repaired, raw.id)
    cleaned = clean(repaired, kind, title, ledger, link_lines(marked.changes) if marked.syntaxes else None)
    segmented = segment(raw.id, cleaned.lines, chronology=kind == "chronology")
    # A report's own date: its metadata, its page's posting line, its file's name, its title line; for a news
    # report or web page also a headline too long to be taken as its title (…Conference, 25 Oct 2011)
    headline = next((line.text for line in repaired if line.text.strip()), "") if kind in ("news", "web") else ""
    reported = dateline(str(meta.get("date", "")), cleaned.meta.get("published", ""), Path(raw.path).name,
                        str(cleaned.meta.get("title_line", title)), headline)
    year = document_year(meta, raw.text, raw.path) if not reported or str(meta.get("year", "")).isdigit() else int(reported[:4])
    period = title_year(title)  # 2006年：…: the page is of that year, whenever it was posted
    year = period or year
    reported = reported or lead_dateline(segmented.blocks, year)
    dating = assign_dates(segmented.blocks, year)
    attach_flags(segmented.blocks, repaired, repairs, flags)
    changes = marked.changes + repairs + cleaned.changes + segmented.changes + dating
    ledger.update(segmented.ledger)
    ledger.count_changes(changes)
    extra = {**{key: meta[key] for key in marked.meta}, **cleaned.meta,
             **({"authors": "、".join(segmented.authors)} if segmented.authors else {})}
    return Document(
        id=raw.id,
        title=title,
        kind=kind,
        year=year,
        year_stated=bool(reported or period) or stated_year(meta) is not None,
        period=period,
        script=meta.get("script") or script_of(raw.text),
        origin=meta.get("origin", ""),
        path=raw.path,
        sha256=raw.sha256,
        encoding=raw.encoding,
        blocks=segmented.blocks,
        sections=segmented.sections,
        changes=sorted(changes, key=lambda c: c.line),
        accounting=ledger.ordered(),
        meta=extra,
        dateline=reported,
        masks=masks,
    )
