"""Render the model into Markdown pages through Jinja templates, once per script variant.

Pages are rendered in simplified Chinese from the model, then converted whole to the traditional variant,
so every piece of text (titles, tables, navigation labels) is converted the same way.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2

from generator.core.paths import SITE_NAME
from generator.knowledge.romanise import person_pinyin
from generator.pages.chart import chart_svg
from generator.pages.cite import page_citation

# Source text shown literally: HTML's specials as entities, Markdown's with a backslash, line breaks as spaces.
# One translation table, one pass over the text (the pages escape some 600,000 strings), taken only by the
# strings that hold one of its characters: searching for them is faster than translating, which goes
# character by character through Chinese text.
ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": " ",
    **{char: "\\" + char for char in "\\`*_{}[]()#+!|~-"},
})
ESCAPED = re.compile(f"[{re.escape(''.join(map(chr, ESCAPES)))}]")


def escape_markdown(text: Any) -> str:
    """Source text shown literally: no HTML, no Markdown syntax, no template syntax survives."""
    value = "" if text is None else str(text)
    return value.translate(ESCAPES) if ESCAPED.search(value) else value


# Spans a repair rule flagged (generator/text/ingest.py attach_flags): each kind's mark; the others are characters kept
# as received because they could not be repaired with certainty.
FLAG_MARKS = {"masked-word-restored": "kb-restored", "censored-mask": "kb-mask"}
KEPT_TITLE = "原字符已无法确定，按原样保留（{rule}）"
MASKS = re.compile("□+")


def flagged(block: dict[str, Any]) -> str:
    """A block's text shown literally, each span flagged on it marked (every occurrence, once)."""
    text, flags = block["text"], block.get("flags") or []
    if not flags:
        return escape_markdown(text)
    first = {}
    for flag in flags:
        first.setdefault(flag["text"], flag)
    spans = re.compile("|".join(map(re.escape, sorted(first, key=len, reverse=True))))
    shown, last = [], 0
    for found in spans.finditer(text):
        flag = first[found.group(0)]
        mark = FLAG_MARKS.get(flag["rule"])
        title = "" if mark else f' title="{KEPT_TITLE.format(rule=html.escape(flag["rule"]))}"'
        shown += [escape_markdown(text[last:found.start()]),
                  f'<mark class="{mark or "kb-flag"}"{title}>{escape_markdown(found.group(0))}</mark>']
        last = found.end()
    return "".join([*shown, escape_markdown(text[last:])])


def flag_notes(block: dict[str, Any]) -> list[str]:
    """The notes for the reader of the spans flagged on a block (a masked or restored word), each once."""
    return list(dict.fromkeys(flag["note"] for flag in block.get("flags") or [] if flag.get("note")))


def masked(text: str) -> str:
    """Text already escaped with its masks (□, a word masked in the source) marked, saying so."""
    return MASKS.sub(lambda m: f'<mark class="kb-mask">{m.group(0)}</mark><small>（原文遮蔽）</small>', text)


# The editors' corrections (generator/editing/corrections.py): what each field is called where a note names the
# value a fix replaced.
FIELD_LABELS = {"date": "日期", "date_end": "结束日期", "text": "文字", "kind": "类别", "singapore": "中新合作",
                "bodies": "合作机制", "projects": "合作项目", "people": "人物", "place": "地点", "format": "形式",
                "co_chairs": "主持", "name": "名称", "english": "英文名", "aliases": "别称"}
EDITED_MARK = '<mark class="kb-edited">编辑更正</mark>'


def edited(record: dict[str, Any]) -> str:
    """The editors' corrections of a record, each a visible mark with its reason, what the text said and where
    the correction is (`corrections.yml:LINE`); '' for a record as extracted. Everything escaped."""
    notes = []
    for edit in record.get("edited") or []:
        done = [_was(key, value) for key, value in (edit.get("was") or {}).items()]
        if edit["action"] == "add":
            done.append("编辑补入，原文未读出此条")
        if edit.get("merged"):
            done.append("并入" + "、".join(merged["name"] for merged in edit["merged"]))
        if edit.get("session"):
            done.append(f"删去{edit['session']}会议")
        detail = "；".join([*map(escape_markdown, done), escape_markdown(edit["at"])])
        notes.append(f"{EDITED_MARK}：{escape_markdown(edit['reason'])}（{detail}）")
    return " ".join(notes)


def _was(key: str, value: Any) -> str:
    """What the text said of a field a fix changed: 日期原作“1995”, or 地点原缺."""
    if isinstance(value, bool):
        shown = "是" if value else "否"
    elif isinstance(value, list):
        shown = "、".join(item["name"] if isinstance(item, dict) else str(item) for item in value)
    else:
        shown = "" if value is None else str(value)
    label = FIELD_LABELS.get(key, key)
    return f"{label}原作“{shown}”" if shown else f"{label}原缺"


def escape_cell(text: Any) -> str:
    """Like escape_markdown, for a table cell (pipes are already escaped)."""
    return escape_markdown(text) or " "


def relative(from_page: str, to_page: str) -> str:
    """A relative Markdown link from one page path to another (with optional #anchor)."""
    target, _, anchor = to_page.partition("#")
    depth = from_page.count("/")
    link = "../" * depth + target
    return f"{link}#{anchor}" if anchor else link


def site_href(from_page: str, to_page: str) -> str:
    """The href from one page's built URL to another's (with optional #anchor) or to a file, for links in raw
    HTML, which MkDocs leaves as written: a page path a/b.md is served as a/b/, a/index.md as a/."""
    target, _, anchor = to_page.partition("#")
    here = _directory(from_page)
    if not target:
        there, name = here, ""
    elif target.endswith(".md"):
        there, name = _directory(target), ""
    else:
        there, name = posixpath.split(target)
    path = posixpath.relpath(there or ".", here or ".")
    return ("" if path == "." else path + "/") + name + (f"#{anchor}" if anchor else "")


def _directory(page: str) -> str:
    stem = page.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


DICT_ATTRIBUTES = frozenset(dir(dict))


class RecordEnvironment(jinja2.Environment):
    """Jinja over the datasets' records, where `event.date` looks up the key first. Jinja asks for an attribute
    first, and a dict without one raises an AttributeError: some 2.5 million times in a render.
    A key named like one of a dict's methods (`items`) still means the method, as in Jinja."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def compiled_templates(code: str) -> jinja2.BytecodeCache:
    """Compiled templates kept between builds in Jinja's per-user folder, as Python keeps its bytecode:
    compiling them was half of a ten-document corpus's render. Jinja checks each against its template's
    source, but it also folds filters of constants into the code, so the files are named after `code`, a
    fingerprint of the filters' code too."""
    return jinja2.FileSystemBytecodeCache(pattern=f"__kb_{code[:16]}_%s.cache")


def make_environment(templates: Path, compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    env = RecordEnvironment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=compiled,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output; every source string goes through the `md` filter instead
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    env.filters["cell"] = escape_cell
    env.filters["flagged"] = flagged
    env.filters["flag_notes"] = flag_notes
    env.filters["masked"] = masked
    env.filters["edited"] = edited
    env.filters["pinyin"] = person_pinyin
    env.globals["site_name"] = SITE_NAME["zh-Hans"]  # converted with the page, as its fixed forms protect it
    env.globals["cite"] = page_citation  # raw HTML, escaped by the module
    env.globals["chart"] = chart_svg  # SVG charts of tables with numbers over time, escaped by the module
    return env


def render_pages(env: jinja2.Environment, pages: Iterable[tuple[str, str, dict[str, Any]]]) -> dict[str, str]:
    """Render (page path, template, context) triples into {page path: Markdown}."""
    rendered: dict[str, str] = {}
    for path, template, context in pages:
        link: Callable[[str], str] = lambda target, _from=path: relative(_from, target)  # noqa: E731
        url: Callable[[str], str] = lambda target, _from=path: site_href(_from, target)  # noqa: E731
        rendered[path] = env.get_template(template).render(page_path=path, link=link, url=url, **context)
    return rendered
