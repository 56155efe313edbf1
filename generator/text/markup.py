"""Stage 1b: strip document markup — YAML front matter, Markdown, MediaWiki, HTML fragments — to text.

Structure survives as `Line.role`: headings (with their level), list items and figure captions. Every removed
span is logged as a Change on the raw line it came from, front matter and categories are counted as metadata,
so the character accounting still sums. A document is read as markup only on evidence: its extension together
with the syntax it uses, or, for plain text, enough of that syntax that a stray `#` or `*` in Chinese prose is
not mistaken for it. Unknown HTML tags (<script>, <img onerror=…>) stay literal text: the renderer escapes
all source text, so they are shown, never run.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate
from pathlib import PurePath

import yaml

from generator.core.accounting import Ledger
from generator.core.model import Change, Line
from generator.text.markup_json import json_lines
from generator.text.markup_tables import markup_tables

FRONT_FIELDS = ("title", "date", "author", "url")
FRONT_FENCE = re.compile(r"^---\s*$")
FRONT_END = re.compile(r"^(?:---|\.\.\.)\s*$")
FRONT_MAX_LINES = 40
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
HEADING_MAX_LEVEL = 5  # pages render a heading one level deeper; Markdown stops at six

MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])[ \t]+(?=\S)")
MD_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)[ \t]*$")
MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
MD_QUOTE = re.compile(r"^\s{0,3}>[ \t]?")
MD_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:[ \t]+\S+.*$")
WIKI_HEADING = re.compile(r"^\s*(={2,6})\s*(.+?)\s*\1\s*$")
WIKI_ITEM = re.compile(r"^[*#]+[ \t]*")
WIKI_INDENT = re.compile(r"^[:;]+[ \t]*")
WIKI_CATEGORY = re.compile(r"\[\[\s*(?:Category|分类|分類)\s*[:：]\s*([^\[\]|\n]+?)\s*(?:\|[^\[\]\n]*)?\]\]",
                           re.IGNORECASE)
WIKI_SUBJECT = re.compile(r"^(?![=*#:;{|}\s])[^\n]*?'''(?!')([^'\n]{1,40}?)'''", re.MULTILINE)
WIKI_EVIDENCE = re.compile(r"\[\[[^\[\]\n]+\]\]|\{\{[^{}\n]+")
BLOCK_TAG = re.compile(r"<(/?)(p|div|li|ul|ol|h[1-6]|figure|figcaption|blockquote|section|article|br|hr)\b"
                       r"(?:\s[^<>]*)?/?>", re.IGNORECASE)
INLINE_TAG = re.compile(r"</?(?:strong|b|em|i|u|s|span|a|font|small|mark)\b(?:\s[^<>]*)?>", re.IGNORECASE)
TABLE_TAG = re.compile(r"</?(?:table|tr|td|th|caption)\b[^<>]*>", re.IGNORECASE)
ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True)
class SyntaxRule:
    name: str
    pattern: re.Pattern[str]
    replace: str | Callable[[re.Match[str]], str]  # a match that spans lines is always removed
    reason: str
    nested: bool = False  # innermost first, repeated until none is left ({{a|{{b}}}})
    # For a nested rule removing what the doubled brackets hold and no bracket ("{}": {{…}}): done in one pass
    balanced: str = ""


COMMENT = SyntaxRule("html-comment", re.compile(r"<!--.*?-->", re.DOTALL), "", "HTML comment, not shown by the source")
WIKI_RULES = [
    SyntaxRule("wiki-reference", re.compile(r"<ref\b[^<>]*/>|<ref\b[^<>]*>.*?</ref\s*>", re.DOTALL | re.IGNORECASE), "",
         "footnote reference (<ref>) of the wiki article"),
    SyntaxRule("wiki-template", re.compile(r"\{\{[^{}]*\}\}"), "", "wiki template ({{…}}): not text of the article",
         nested=True, balanced="{}"),
    SyntaxRule("wiki-file", re.compile(r"\[\[\s*(?:File|Image|文件|檔案|图像|圖像)\s*[:：](?:[^\[\]]|\[\[[^\[\]]*\]\])*\]\]",
                                 re.IGNORECASE), "", "embedded picture of the wiki article"),
    SyntaxRule("wiki-link", re.compile(r"\[\[(?:[^\[\]|\n]*\|)?([^\[\]|\n]*)\]\]"), r"\1",
         "wiki link [[target|text]] reduced to its text"),
    SyntaxRule("wiki-link", re.compile(r"\[(?:https?:)?//[^\s\]]+(?:\s+([^\]\n]+))?\]"), r"\1",
         "external link reduced to its text"),
    SyntaxRule("wiki-emphasis", re.compile(r"('{5}|'{3}|'{2})(.+?)\1"), r"\2", "bold or italic quotes", nested=True),
    SyntaxRule("wiki-magic-word", re.compile(r"__[A-Z]+__"), "", "wiki behaviour switch (__TOC__)"),
]
MARKDOWN_RULES = [
    SyntaxRule("markdown-image", re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), "", "embedded picture, not text"),
    SyntaxRule("markdown-link", re.compile(r"\[([^\[\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)"), r"\1",
         "link [text](url) reduced to its text"),
    SyntaxRule("markdown-link", re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]"), r"\1", "reference link reduced to its text"),
    SyntaxRule("markdown-emphasis", re.compile(r"(\*\*|__|~~)(?=\S)([^\n]+?)(?<=\S)\1"), r"\2", "bold or struck-out marks"),
    SyntaxRule("markdown-emphasis", re.compile(r"(?<![*\\])\*(?=[^\s*])([^\n*]+?)(?<=[^\s*\\])\*(?!\*)"), r"\1",
         "italic marks"),
    SyntaxRule("markdown-code", re.compile(r"`([^`\n]+)`"), r"\1", "code marks"),
    SyntaxRule("markdown-escape", re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1", "backslash escape"),
]
HTML_RULES = [
    # A whole saved page: its shell and head are the browser's, its menu the site's; none is the article's text.
    SyntaxRule("html-page", re.compile(r"<title\b[^<>]*>.*?</title\s*>|<nav\b[^<>]*>.*?</nav\s*>",
                                       re.IGNORECASE | re.DOTALL), "", "page title element or site menu of a saved page"),
    SyntaxRule("html-page", re.compile(r"<!DOCTYPE[^<>]*>|</?(?:html|head|body|meta|link|base)\b[^<>]*>", re.IGNORECASE),
               "", "page structure tag of a saved page"),
    SyntaxRule("html-tag", INLINE_TAG, "", "inline HTML tag (emphasis, link, span): its text is kept"),
]


LINK_RULES = frozenset({"wiki-link", "markdown-link"})
HTML_LINK = re.compile(r"<a\s", re.IGNORECASE)


def link_texts(changes: list[Change]) -> set[str]:
    """The texts the document's links were reduced to: a wiki or Markdown link marks a name with a page of its
    own (a person, a place, a body), its bounds as the author drew them."""
    return {change.after.strip() for change in changes if change.rule in LINK_RULES and change.after.strip()}


def link_lines(changes: list[Change]) -> set[int]:
    """The lines that held a link: a wiki or Markdown link, or an HTML <a>."""
    return {change.line for change in changes
            if change.rule in LINK_RULES or change.rule == "html-tag" and HTML_LINK.match(change.before)}


def _entity(match: re.Match[str]) -> str:
    return html.unescape(match.group(0)).replace("\u00a0", " ")


ENTITY_RULE = SyntaxRule("html-entity", ENTITY, _entity, "HTML character reference decoded")


@dataclass
class Stripped:
    lines: list[Line]
    changes: list[Change] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    syntaxes: frozenset[str] = frozenset()  # markdown | wiki | html

    @property
    def kind(self) -> str:
        """Articles written in Markdown or wiki markup are encyclopedia articles."""
        return "encyclopedia" if self.syntaxes & {"markdown", "wiki"} else ""


def strip_markup(path: str, lines: list[Line], ledger: Ledger) -> Stripped:
    """Front matter to metadata, then each syntax the document shows evidence of reduced to text and roles."""
    out = Stripped(list(lines))
    front = _take_front_matter(out, ledger)
    if exported := json_lines(out.lines, out.changes, ledger):
        out.lines = exported.lines
        # A day's reports: no record's title is the document's, whose cooperation would reach them all
        out.meta.setdefault("title", exported.title or PurePath(path).stem)
        if exported.day:
            out.meta.setdefault("date", exported.day)
    out.syntaxes = detect_syntaxes(PurePath(path).suffix.lower(), out.lines, front)
    continued = continued_lines(out.lines, out.syntaxes)
    if out.syntaxes:
        out.lines = _substitute(out.lines, COMMENT, out.changes)
    if "wiki" in out.syntaxes:
        out.lines = _take_wiki_metadata(out, ledger)
    out.lines = markup_tables(out.lines, out.syntaxes, out.changes, ledger)  # cells keep inline markup for the rules
    for syntax, rules in (("wiki", WIKI_RULES), ("markdown", MARKDOWN_RULES), ("html", HTML_RULES)):
        for rule in rules if syntax in out.syntaxes else ():
            out.lines = _substitute(out.lines, rule, out.changes)
    if "markdown" in out.syntaxes:
        out.lines = _setext_headings(out.lines, out.changes)
    out.lines = [_line_structure(line, out.syntaxes, out.changes) for line in out.lines]
    if "html" in out.syntaxes:
        out.lines = _split_blocks(out.lines, out.changes, ledger)
    if out.syntaxes:
        out.lines = _substitute(out.lines, ENTITY_RULE, out.changes)
    out.lines = _mark_continued(out.lines, continued)
    return out


def continued_lines(lines: list[Line], syntaxes: frozenset[str]) -> set[int]:
    """Raw lines whose paragraph goes on in the next line: in markup a paragraph ends at a blank line (or,
    in HTML, at a block tag), not at the end of a source line."""
    if not syntaxes:
        return set()
    starts_block = _html_block_edge if "html" in syntaxes and len(syntaxes) == 1 else _markup_block_edge
    found: set[int] = set()
    for line, following in zip(lines, lines[1:], strict=False):
        if line.text.strip() and following.text.strip() and not starts_block(line.text, following.text):
            found.add(line.number)
    return found


def _markup_block_edge(text: str, following: str) -> bool:
    """Whether a new block starts between two non-blank Markdown or wiki lines."""
    structural = (MD_HEADING, MD_UNDERLINE, MD_RULE, MD_REFERENCE, WIKI_HEADING)
    if any(p.match(text) for p in structural) or text.lstrip().startswith(("|", "{|", "!")):
        return True
    return any(p.match(following) for p in (*structural, MD_ITEM, MD_QUOTE, WIKI_ITEM, WIKI_INDENT)) \
        or following.lstrip().startswith(("|", "{|", "!", "<")) or bool(BLOCK_TAG.search(text.rstrip()[-12:]))


def _html_block_edge(text: str, following: str) -> bool:
    """In HTML a line that ends with a block tag, or a next line that starts with one, ends the block."""
    closes = re.search(r"<[^<>]+>\s*$", text)
    return bool(closes and BLOCK_TAG.fullmatch(closes.group(0).strip()) or BLOCK_TAG.match(following.lstrip())
                or TABLE_TAG.search(text) or TABLE_TAG.search(following))


def _mark_continued(lines: list[Line], continued: set[int]) -> list[Line]:
    """The last piece of a continued raw line is marked broken, so segmentation joins the next line to it."""
    result = list(lines)
    for index, (line, following) in enumerate(zip(lines, lines[1:], strict=False)):
        if line.number in continued and following.number == line.number + 1 and line.text.strip() \
                and following.text.strip() and line.role in ("", "item") and not following.role:
            result[index] = Line(line.number, line.text, line.role, line.level, broken=True)
    return result


def detect_syntaxes(suffix: str, lines: list[Line], front_matter: bool) -> frozenset[str]:
    """The markup a document is written in, decided by its extension and the syntax it actually uses."""
    texts = [line.text for line in lines]
    md_headings = sum(1 for t in texts if MD_HEADING.match(t))
    md_items = sum(1 for t in texts if MD_ITEM.match(t))
    wiki_headings = sum(1 for t in texts if WIKI_HEADING.match(t))
    wiki_links = sum(1 for t in texts if WIKI_EVIDENCE.search(t))
    tags = sum(len(BLOCK_TAG.findall(t)) + len(INLINE_TAG.findall(t)) + len(TABLE_TAG.findall(t)) for t in texts)
    found: set[str] = set()
    if suffix == ".wiki" or wiki_headings >= 2 or wiki_headings and wiki_links:
        found.add("wiki")
    elif front_matter or md_headings >= 2 or suffix in MARKDOWN_SUFFIXES and (md_headings or md_items >= 2):
        found.add("markdown")
    if suffix in HTML_SUFFIXES or tags >= 2:
        found.add("html")
    return frozenset(found)


def _take_front_matter(out: Stripped, ledger: Ledger) -> bool:
    """A `---` fenced YAML mapping at the top (after blank lines, as a feed's export writes it): its fields are
    metadata. Anything else there is text."""
    start = next((i for i, line in enumerate(out.lines) if line.text.strip()), len(out.lines))
    if start == len(out.lines) or not FRONT_FENCE.match(out.lines[start].text):
        return False
    end = next((i for i in range(start + 1, min(len(out.lines), start + FRONT_MAX_LINES))
                if FRONT_END.match(out.lines[i].text)), 0)
    if not end:
        return False
    try:
        data = yaml.safe_load("\n".join(line.text for line in out.lines[start + 1:end]))
    except yaml.YAMLError:
        return False
    if not isinstance(data, dict):
        return False
    out.meta.update({key: _scalar(data[key]) for key in FRONT_FIELDS if data.get(key) not in (None, "", [])})
    for index in range(end + 1):
        ledger.count("metadata", len(out.lines[index].text))
        out.lines[index] = Line(out.lines[index].number, "")
    return True


def _scalar(value: object) -> str:
    if isinstance(value, list):
        return "、".join(_scalar(v) for v in value)
    return value.isoformat() if isinstance(value, date) else str(value)


def _take_wiki_metadata(out: Stripped, ledger: Ledger) -> list[Line]:
    """[[Category:…]] / [[分类:…]] links name the article's categories: metadata, not text. The lead names
    the article's subject in bold: its title when nothing else gives one."""
    subject = WIKI_SUBJECT.search("\n".join(line.text for line in out.lines))
    if subject and "title" not in out.meta:
        out.meta["title"] = subject.group(1)
    found: list[str] = []

    def record(line: int, before: str, after: str, match: re.Match[str]) -> None:
        ledger.count("metadata", len(before) - len(after))
        if match.group(1) not in found:
            found.append(match.group(1))

    lines = _rewrite(out.lines, WIKI_CATEGORY, "", record)
    if found:
        out.meta["categories"] = "、".join(found)
    return lines


def _substitute(lines: list[Line], rule: SyntaxRule, changes: list[Change]) -> list[Line]:
    """Apply one rule to the whole text (its matches may span lines), logging each match per raw line."""
    def record(line: int, before: str, after: str, match: re.Match[str]) -> None:
        changes.append(Change(rule.name, line, before, after, rule.reason))

    if rule.balanced:
        return _remove_balanced(lines, rule, changes)
    while True:
        rewritten = _rewrite(lines, rule.pattern, rule.replace, record)
        if not rule.nested or rewritten == lines:
            return rewritten
        lines = rewritten


def _remove_balanced(lines: list[Line], rule: SyntaxRule, changes: list[Change]) -> list[Line]:
    """What removing the rule's matches innermost first until none is left leaves, in one pass with a stack:
    repeated passes cost the text's length times its depth ({{ nested 4,000 deep: 4,000 passes). The removals
    never overlap, so their order does not change the result; each is logged as the pass would log it, a
    match over several lines once per line and its line breaks kept."""
    opener, closer = rule.balanced
    kept: list[str] = []
    line_of: list[int] = []  # the index in `lines` of each kept character
    brackets: list[int] = []  # positions in `kept` of the opening and closing brackets
    for index, line in enumerate(lines):
        for char in line.text + ("\n" if index < len(lines) - 1 else ""):
            kept.append(char)
            line_of.append(index)
            if char not in rule.balanced:
                continue
            brackets.append(len(kept) - 1)
            if char == closer and _closes_pair(kept, brackets, opener, closer):
                start = brackets[-4]
                removed, removed_lines = "".join(kept[start:]), line_of[start:]
                del kept[start:], line_of[start:], brackets[-4:]
                _log_removal(lines, removed, removed_lines[0], rule, changes)
                for char_line, removed_char in zip(removed_lines, removed, strict=True):
                    if removed_char == "\n":
                        kept.append("\n")
                        line_of.append(char_line)
    texts = "".join(kept).split("\n")
    return [Line(line.number, new, line.role, line.level) for line, new in zip(lines, texts, strict=True)]


def _closes_pair(kept: list[str], brackets: list[int], opener: str, closer: str) -> bool:
    """The last four brackets are two adjacent openers and two adjacent closers: a match, as nothing between
    them is a bracket."""
    if len(brackets) < 4:
        return False
    first, second, third, fourth = brackets[-4:]
    return (kept[first] == kept[second] == opener and second == first + 1 and kept[third] == closer
            and fourth == third + 1)


def _log_removal(lines: list[Line], removed: str, first: int, rule: SyntaxRule, changes: list[Change]) -> None:
    pieces = removed.split("\n")
    for offset, piece in enumerate(pieces):
        if piece or len(pieces) == 1:
            changes.append(Change(rule.name, lines[first + offset].number, piece, "", rule.reason))


def _rewrite(lines: list[Line], pattern: re.Pattern[str], replace: str | Callable[[re.Match[str]], str],
             record: Callable[[int, str, str, re.Match[str]], None]) -> list[Line]:
    """Substitute over the joined text; a match over several lines is removed but for its line breaks,
    and recorded once per line it touches, so every record names the raw line it took characters from."""
    text = "\n".join(line.text for line in lines)
    starts = list(accumulate((len(line.text) + 1 for line in lines[:-1]), initial=0))

    def substitute(match: re.Match[str]) -> str:
        index = bisect_right(starts, match.start()) - 1
        pieces = match.group(0).split("\n")
        after = (replace(match) if callable(replace) else match.expand(replace)) if len(pieces) == 1 else ""
        if after == match.group(0):
            return after
        for offset, piece in enumerate(pieces):
            if piece or len(pieces) == 1:
                record(lines[index + offset].number, piece, after, match)
        return after or "\n" * (len(pieces) - 1)

    texts = pattern.sub(substitute, text).split("\n")
    return [Line(line.number, new, line.role, line.level) for line, new in zip(lines, texts, strict=True)]


def _setext_headings(lines: list[Line], changes: list[Change]) -> list[Line]:
    """A text line underlined with `===` or `---` is a heading of level 1 or 2; the underline is logged."""
    result = list(lines)
    for index in range(1, len(result)):
        underline, above = MD_UNDERLINE.match(result[index].text), result[index - 1]
        if not underline or not above.text.strip() or above.role or MD_UNDERLINE.match(above.text) \
                or MD_ITEM.match(above.text) or MD_HEADING.match(above.text):
            continue
        changes.append(Change("markdown-heading", result[index].number, result[index].text, "",
                              "heading underline; the heading is kept as a section"))
        result[index] = Line(result[index].number, "")
        result[index - 1] = Line(above.number, above.text, "heading", 1 if "=" in underline.group(1) else 2)
    return result


def _line_structure(line: Line, syntaxes: frozenset[str], changes: list[Change]) -> Line:
    """Headings and list items become roles; their markers, rules and quote marks are logged removals."""
    text, number = line.text, line.number
    if "wiki" in syntaxes:
        if heading := WIKI_HEADING.match(text):
            return _heading(line, heading, len(heading.group(1)) - 1, "wiki-heading", changes)
        if item := WIKI_ITEM.match(text):
            return _marked(line, item.end(), "item", "wiki-list", "list item marker", changes)
        if indent := WIKI_INDENT.match(text):
            return _marked(line, indent.end(), "", "wiki-list", "indentation marker", changes)
    if "markdown" in syntaxes:
        if heading := MD_HEADING.match(text):
            return _heading(line, heading, len(heading.group(1)), "markdown-heading", changes)
        if MD_RULE.match(text) or MD_REFERENCE.match(text):
            changes.append(Change("markdown-rule", number, text, "", "horizontal rule or link definition"))
            return Line(number, "", line.role, line.level)
        if item := MD_ITEM.match(text):
            return _marked(line, item.end(), "item", "markdown-list", "list item marker", changes)
        if quote := MD_QUOTE.match(text):
            return _marked(line, quote.end(), line.role, "markdown-quote", "quotation marker", changes)
    return line


def _heading(line: Line, match: re.Match[str], level: int, rule: str, changes: list[Change]) -> Line:
    title = match.group(2)
    start = match.start(2)
    for before in (line.text[:start], line.text[start + len(title):]):
        if before:
            changes.append(Change(rule, line.number, before, "", "heading markup; the heading is kept as a section"))
    return Line(line.number, title, "heading", max(1, min(level, HEADING_MAX_LEVEL)))


def _marked(line: Line, end: int, role: str, rule: str, reason: str, changes: list[Change]) -> Line:
    changes.append(Change(rule, line.number, line.text[:end], "", reason))
    return Line(line.number, line.text[end:], role, line.level)


def _split_blocks(lines: list[Line], changes: list[Change], ledger: Ledger) -> list[Line]:
    """Block tags (<p>, <br>, <li>, <h2>, <figcaption>) end a unit: a line holding several blocks becomes
    several lines of the same raw line; the tag that opens one gives it its role."""
    result: list[Line] = []
    for line in lines:
        pieces = _blocks_of(line, changes)
        kept = [piece for piece in pieces if piece.text.strip()]
        ledger.count("removed:layout-space", sum(len(piece.text) for piece in pieces if not piece.text.strip()))
        ledger.count("removed:line-break", -max(len(kept) - 1, 0))  # line breaks the source did not have
        result.extend(kept or [Line(line.number, "", line.role, line.level)])
    return result


def _blocks_of(line: Line, changes: list[Change]) -> list[Line]:
    pieces = [Line(line.number, "", line.role, line.level)]
    position = 0
    for tag in BLOCK_TAG.finditer(line.text):
        pieces[-1].text += line.text[position:tag.start()]
        position = tag.end()
        changes.append(Change("html-tag", line.number, tag.group(0), "", "HTML block tag: the block is kept"))
        name, closing = tag.group(2).lower(), bool(tag.group(1))
        role, level = ("", 0) if closing else _tag_role(name)
        if pieces[-1].text.strip() or role:
            pieces.append(Line(line.number, "", role, level))
    pieces[-1].text += line.text[position:]
    return pieces


def _tag_role(name: str) -> tuple[str, int]:
    if name[0] == "h" and name[1:].isdigit():
        return "heading", min(int(name[1:]), HEADING_MAX_LEVEL)
    return {"li": ("item", 0), "figcaption": ("caption", 0)}.get(name, ("", 0))
