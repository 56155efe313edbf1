"""Lines that are not the document's text: web page furniture, running page headers, title and byline.

Each removed line is logged as a Change with the rule that recognised it. Rules look at the shape of a
line (a breadcrumb, a bare timestamp, a phone number, a run of headlines after the article), never at the
strings of one page. The title and byline lines become metadata.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from generator.core.accounting import Ledger
from generator.core.model import Change, Line
from generator.core.paths import RESOURCES
from generator.text.patterns import (
    ATTRIBUTION,
    CREDIT,
    ENTRY_START,
    MONTH_HEADER,
    SECTION_HEAD,
    SENTENCE_END,
    TERMINAL,
    wrap_width,
)

LINE_RULES: list[tuple[str, re.Pattern[str], str]] = [
    ("breadcrumb", re.compile(r"当前位置|當前位置|您的位置|首页\s*[>＞›»]"), "navigation trail of the web page"),
    ("navigation", re.compile(r"^(?:[^|｜]{1,8}[|｜]){2,}[^|｜]{1,8}$"), "menu of the web page"),
    ("timestamp", re.compile(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
                             r"|^\d{4}年\d{1,2}月\d{1,2}日\s+\d{1,2}:\d{2}$"), "a line that is only a timestamp"),
    ("page-meta", re.compile(r"(?<!\d)\d{1,3}\s*(?:秒|分钟|小时|天|周|个月|年)前|^(?:[发發][布表](?:时间|時間|日期)|更新(?:时间|時間)|[浏瀏][览覽]次[数數]|[阅閱][读讀]量|[点點][击擊][数數])[:：]"
                             r"|\d\s*次(?:阅读|閱讀|浏览|瀏覽|点击|點擊)"),
     "posting time, counter or poster of the web page"),
    ("copyright", re.compile(r"版[权權](?:声明|聲明|所有)|©|ICP[备備]|保留所有[权權]利"), "copyright notice of the web site"),
    ("related-links", re.compile(r"^(?:分享(?:给朋友|到)|分享(?:給朋友|到)|上一篇|下一篇|相[关關](?:文章|阅读|閱讀|新闻|新聞|推荐|推薦)|"
                                 r"推[荐薦][阅閱][读讀]|[热熱][门門](?:文章|推[荐薦])|延伸[阅閱][读讀])[:：]?"), "links to other pages"),
]
# What a dropped line was, by the rule that dropped it, one and several, as the build's note on a document's
# dropped lines says (`3 lines dropped as running page headers`); every rule that drops a line is here.
DROPPED_AS = {"breadcrumb": ("a navigation trail", "navigation trails"), "navigation": ("a menu", "menus"),
              "timestamp": ("a bare timestamp", "bare timestamps"),
              "page-meta": ("a posting time or counter", "posting times and counters"),
              "copyright": ("a copyright notice", "copyright notices"),
              "related-links": ("a link to other pages", "links to other pages"),
              "advertisement": ("an advertisement", "advertisements"),
              "trailing-list": ("a headline of other pages", "headlines of other pages"),
              "page-header": ("a running page header", "running page headers"),
              "page-number": ("a page number", "page numbers"),
              "contents": ("a later article's title listed as contents", "later articles' titles listed as contents")}
CONTACT = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|400[\s-]?\d{3,4}[\s-]?\d{3,4}|0\d{2,3}-\d{7,8})(?!\d)|微信[号號]|[扫掃]一[扫掃]")
BYLINE = re.compile(r"^[○●◎]?\s*(?:记者|記者|作者|撰文|文|通讯员|通訊員)[\s:：]+(\S.{0,20})$")
COLUMN_LABELS_FILE = RESOURCES / "column_labels.txt"
SENTENCE_MARKS = re.compile(r"[，。；！？,;!?]")
HEADER_MAX = 8
# A posting line: a timestamp to the minute beside the page's labels of source, editor or print (来源:新华社
# 责任编辑:… 2019-09-05 07:46:47): the page's furniture, whose day is the page's posting day.
POSTING_LABEL = re.compile(r"来源|來源|编辑|編輯|作者|发布|發布|打印|字体|字體|分享")
POSTING_LINE = re.compile(r"((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\s+\d{1,2}:\d\d")
POSTED_DAY = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")  # the day a posting line gives
# A line that is only a page's number (12, — 12 —, ·12·, 第12页); a year (2019) heads a chronology's part instead.
PAGE_NUMBER = re.compile(r"^[\s\-—–·•]*(?:第\s*)?(?!(?:19|20)\d\d\b)(\d{1,4})(?:\s*页)?[\s\-—–·•]*$")
PAGE_LINES = 10  # content lines a printed page holds at least: the distance between two page numbers
FIGURES_APART = 2  # lines between a table's figures printed one to a line, at most
HEADLINE_MAX = 40
HEADLINE_RUN = 3
ARTICLE_MIN = 60
PAGED = ("yearbook", "chronology")  # kinds extracted from printed pages, with running headers
CAPTION_LINES = 3  # a photo caption's lines, the last ending with its credit (…供稿), between two articles


@dataclass
class Cleaned:
    lines: list[Line]
    changes: list[Change] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def clean(lines: list[Line], kind: str, title: str, ledger: Ledger, links: set[int] | None = None) -> Cleaned:
    """Drop furniture lines (logged), then take the title and byline lines as metadata. `links` are the
    numbers of the lines that held a link, in a document with markup (None for plain text)."""
    out = Cleaned(list(lines))
    _drop_matching_lines(out, links)
    if kind == "web":  # an advertisement is page furniture; a news report may give a number to call
        _drop_contact_blocks(out)
    if kind in ("web", "news"):
        _drop_trailing_headlines(out, links, followed=kind == "news")
    if kind in PAGED:  # the layout debris of a printed page; an encyclopedia article has none
        _drop_page_numbers(out)
        _drop_page_headers(out, title)
        _put_back_lifted_titles(out)
    elif wrap_width(out.lines):  # any text cut into a printed page's lines (a PDF's) may carry its furniture
        _drop_page_numbers(out)
        _drop_page_headers(out, title, printed=False)
    _take_front_metadata(out, title, ledger)
    return out


def _drop(out: Cleaned, index: int, rule: str, reason: str) -> None:
    assert rule in DROPPED_AS, f"a dropped line's rule needs its name in DROPPED_AS: {rule}"
    line = out.lines[index]
    if line.text:
        out.changes.append(Change(rule, line.number, line.text, "", reason))
        out.lines[index] = Line(line.number, "", line.role, line.level)


def _drop_matching_lines(out: Cleaned, links: set[int] | None) -> None:
    """Furniture lines, and the links listed right under one that heads them (相关新闻, 推荐阅读: `links` are
    the numbers of the lines that held a link; in plain text, the short lines after it). The first posting time (发布时间：2023-06-15) is kept as the
    page's date."""
    listing = False
    for index, line in enumerate(out.lines):
        if not line.text.strip():
            continue
        rule = _line_rule(line.text.strip())
        if rule:
            posted = POSTED_DAY.search(line.text) if rule[0] == "page-meta" else None
            if posted:
                year, month, day = posted.groups()
                out.meta.setdefault("published", f"{year}-{int(month):02d}-{int(day):02d}")
            _drop(out, index, *rule)
        elif listing and (line.number in links if links is not None else
                          len(line.text.strip()) < ARTICLE_MIN and not CONTACT.search(line.text)):
            # the links under it; in plain text, where links are not marked, its headlines and their teasers
            # (an advertisement is dropped as such)
            _drop(out, index, "related-links", "link listed under a heading of links to other pages")
            continue
        listing = bool(rule) and rule[0] == "related-links" and (links is not None or _label_alone(line.text))


def _label_alone(text: str) -> bool:
    """相关推荐 on a line of its own heads a list; 相关新闻：… with a headline after it is one link."""
    return len(re.sub(r"[\s:：]", "", text)) <= 4


def is_furniture(text: str) -> bool:
    """A whole line of page furniture (a menu, a posting time, a notice), which no rule of text keeps."""
    return _line_rule(text) is not None


def _line_rule(text: str) -> tuple[str, str] | None:
    """A whole line of page furniture; a line that ends a sentence is text (双方力争2030年前实现碳达峰。)."""
    if not text or len(text) > 2 * HEADLINE_MAX and "版权" not in text:
        return None
    sentence = text[-1] in "。！？!?"
    if POSTING_LINE.search(text) and POSTING_LABEL.search(text) and not sentence:
        return "page-meta", "posting time, source and editor of the web page"
    for name, pattern, reason in LINE_RULES:
        if pattern.search(text) and (name == "copyright" or not sentence):
            return name, reason
    return None


def _drop_contact_blocks(out: Cleaned) -> None:
    """An advertisement: a run of lines (no blank between them) that gives a phone number or a messenger id."""
    start = 0
    for index in range(len(out.lines) + 1):
        if index < len(out.lines) and out.lines[index].text.strip():
            continue
        run = range(start, index)
        if any(CONTACT.search(out.lines[i].text) for i in run):
            for i in run:
                _drop(out, i, "advertisement", "advertisement with contact details, not part of the document")
        start = index + 1


def _drop_trailing_headlines(out: Cleaned, links: set[int] | None, followed: bool) -> None:
    """After the article, a run of headline-like lines starts lists of other pages: drop it to the end. Where
    the markup shows it, a headline of another page is a link, and a heading (<h2>, ##) is the page's own
    structure: a list without links (a park's departments) and a page of several reports, each under its
    heading, are kept. In a hard-wrapped text a headline is also shorter than the column: the lines of a
    wrapped paragraph are short and unpunctuated too. With `followed` (a news report, where lists of other
    pages are rare and a transcript's items each have a title), a run that more of the report follows is its
    own titles."""
    content = [i for i, line in enumerate(out.lines) if line.text.strip()]
    width = wrap_width(out.lines)
    longest = width - 2 if width else HEADLINE_MAX
    report_until = max((i for i in content if _report_text(out.lines[i].text.strip(), width)), default=-1) \
        if followed else -1
    article_seen = False
    run: list[int] = []
    for index in content:
        text = out.lines[index].text.strip()
        if out.lines[index].role == "heading":
            run = []
        elif len(text) <= min(longest, HEADLINE_MAX) and text[-1] not in "。；;，,：:" and \
                (links is None or out.lines[index].number in links):
            run.append(index)
            if article_seen and len(run) >= HEADLINE_RUN and run[0] > report_until:
                break
            continue
        article_seen = article_seen or len(text) >= ARTICLE_MIN
        run = []
    else:
        return
    for index in content[content.index(run[0]):]:
        _drop(out, index, "trailing-list", "list of other pages' headlines and teasers after the article")


def _report_text(text: str, width: int | None) -> bool:
    """A line of running text: a paragraph ending a sentence, or a full line of a hard-wrapped column."""
    return len(text) >= ARTICLE_MIN and text[-1] in SENTENCE_END or bool(width) and len(text) >= width - 1


def _drop_page_numbers(out: Cleaned) -> None:
    """Page numbers: lines that are only a number, standing apart from other such lines (a table's figures
    stand together), where another one a page away holds the number next to it."""
    content = [i for i, line in enumerate(out.lines) if line.text.strip()]
    numbers = {position: int(found.group(1)) for position, index in enumerate(content)
               if (found := PAGE_NUMBER.match(out.lines[index].text))}
    alone = {position: number for position, number in numbers.items()
             if not any(0 < abs(other - position) <= FIGURES_APART for other in numbers)}
    for position, number in alone.items():
        if any(abs(other - position) >= PAGE_LINES and abs(value - number) == 1 for other, value in alone.items()):
            _drop(out, content[position], "page-number", "page number printed in the middle of the text")


def _drop_page_headers(out: Cleaned, title: str, printed: bool = True) -> None:
    """Running page headers: a short standalone line repeated through the text, naming the document, or
    repeated and standing inside an unfinished sentence. In text of another kind cut into a printed page's
    lines, a header must recur on three pages or stand inside a sentence (a name listed twice is no header)."""
    content = [i for i, line in enumerate(out.lines) if line.text.strip()]
    texts = {i: compact(out.lines[i].text) for i in content}
    seen = Counter(texts.values())
    full = sorted(len(text) for text in texts.values())[int(len(texts) * 0.75)] if texts else 0
    for position, index in enumerate(content[1:], 1):
        text = texts[index]
        if not _header_candidate(text):
            continue
        before = texts[content[position - 1]]
        inside_sentence = before[-1] not in TERMINAL and len(before) >= 0.8 * full and len(text) <= 0.7 * full
        short = len(text) <= HEADER_MAX
        recurs = seen[text] > 1 if printed or inside_sentence else seen[text] > 2
        if recurs and (short or inside_sentence) or printed and short and text in compact(title):
            _drop(out, index, "page-header", "running page header printed in the middle of the text")
            if text in column_labels() and not inside_sentence:
                _mark_title(out, content[position + 1:position + 3])


def _put_back_lifted_titles(out: Cleaned) -> None:
    """Titles the extraction lifted to the top of a chapter of articles: the text opens with a run of titles
    that recur later. The first is the first article's own. A later one that heads its article's pages (a
    running header, dropped above) goes back before its article: the first text after the attribution that
    ends the article before it. One that recurs as a line of its own (the article keeps its title) is a
    listing of contents, and is dropped."""
    content = [i for i, line in enumerate(out.lines) if line.text.strip()]
    texts = {i: compact(out.lines[i].text) for i in content}
    position = {line.number: i for i, line in enumerate(out.lines)}
    headers: dict[str, int] = {}
    for change in out.changes:
        if change.rule == "page-header":
            headers.setdefault(compact(change.before), position[change.line])
    seen = Counter(texts.values())
    titles = _leading_titles(content, texts, seen, headers)
    moves: dict[int, list[int]] = {}  # the first line of an article -> its title's lines
    for title in titles[1:]:
        header = headers.get(texts[title[0]])
        start = _article_start(out, [i for i in content if title[-1] < i < header]) if header else None
        if start is not None and start not in moves:
            moves[start] = title
        elif seen[texts[title[0]]] > 1:
            for index in title:
                _drop(out, index, "contents", "title of a later article listed at the top of the chapter")
    if moves:
        _move_titles(out, moves)


def _leading_titles(content: list[int], texts: dict[int, str], seen: Counter[str],
                    headers: dict[str, int]) -> list[list[int]]:
    """The lines of each title in the run that opens the text: lines that recur later (as running headers or
    lines of their own) and are no sentence; a title ending with a colon goes on in the next line."""
    titles: list[list[int]] = []
    lines = iter(content)
    for index in lines:
        text = texts[index]
        if not (text in headers or seen[text] > 1) or SENTENCE_MARKS.search(text):
            break
        titles.append([index])
        follower = next(lines, None) if text.endswith(("：", ":")) else None
        if follower is not None:
            titles[-1].append(follower)
    return titles if len(titles) > 1 else []


def _article_start(out: Cleaned, between: list[int]) -> int | None:
    """The first line of the article after the last attribution among `between`, past any photo captions."""
    ends = [k for k, i in enumerate(between)
            if ATTRIBUTION.search(out.lines[i].text) and not CREDIT.search(out.lines[i].text)]
    if not ends:
        return None
    k = ends[-1] + 1
    while k < len(between):
        window = between[k:k + CAPTION_LINES]
        credit = next((j for j, i in enumerate(window) if CREDIT.search(out.lines[i].text)), None)
        if credit is None:
            return between[k]
        k += credit + 1
    return None


def _move_titles(out: Cleaned, moves: dict[int, list[int]]) -> None:
    """Each title's lines taken out of the opening run and put before its article's first line (logged)."""
    moved = {index for title in moves.values() for index in title}
    lines: list[Line] = []
    for index, line in enumerate(out.lines):
        for title_index in moves.get(index, []):
            title = out.lines[title_index]
            lines.append(title)
            out.changes.append(Change("title-order", title.number, title.text, title.text,
                                      "article title the extraction lifted to the top, put back before its article"))
        if index not in moved:
            lines.append(line)
    out.lines = lines


@cache
def column_labels() -> frozenset[str]:
    lines = COLUMN_LABELS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _mark_title(out: Cleaned, following: list[int]) -> None:
    """The line after a column label is the next article's title when it is no sentence; a title that ends
    with a colon goes on in the line after it (主题：副题)."""
    for index in following:
        line = out.lines[index]
        if SENTENCE_MARKS.search(line.text) or line.role or ENTRY_START.match(line.text):
            return
        out.lines[index] = Line(line.number, line.text, "heading", 1)
        if not line.text.rstrip().endswith(("：", ":")):
            return


def _header_candidate(text: str) -> bool:
    return 1 < len(text) <= 2 * HEADER_MAX and not text.isdigit() and text[-1] not in TERMINAL \
        and not (MONTH_HEADER.match(text) or SECTION_HEAD.match(text) or ENTRY_START.match(text))


def _take_front_metadata(out: Cleaned, title: str, ledger: Ledger) -> None:
    """The first lines naming the title or the author are metadata, not text."""
    for index, line in enumerate(out.lines):
        text = line.text.strip()
        if not text:
            continue
        byline = BYLINE.match(text)
        if byline:
            out.meta["author"] = byline.group(1).strip()
        elif _names_title(text, title) and not line.broken:  # a title line does not run on into the next
            out.meta["title_line"] = text
        else:
            return
        ledger.count("metadata", len(line.text))
        out.lines[index] = Line(line.number, "", line.role, line.level)


def _names_title(text: str, title: str) -> bool:
    """A title line, not the lead sentence that names the subject (中新天津生态城是…。)."""
    line, name = compact(text), compact(title)
    return bool(name) and len(line) <= HEADLINE_MAX and (line in name or name in line) and line[-1] not in "。！？"
