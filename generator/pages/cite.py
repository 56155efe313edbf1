"""Cite this page: a citation of every entity and source page in the Chinese standard form (GB/T 7714-2015,
electronic resource [EB/OL]) and an English one, and the same reference as BibTeX and CSL-JSON downloads.

The page's permanent URL and the build date are known only when the site is built (`SITE_URL`, the day or
`SOURCE_DATE_EPOCH`), while pages are rendered before that and committed: they are written as the tokens below,
which the MkDocs hooks replace in each built page and download (`stamp`)."""

from __future__ import annotations

import html
import json
import re
import time
from dataclasses import dataclass
from typing import Any

from generator.core import settings
from generator.core.paths import SITE_NAME
from generator.knowledge.romanise import person_pinyin

SITE_TOKEN = "@@kb-site@@"  # the variant's public root (SITE_URL/<variant>/), or nothing when SITE_URL is unset
DATE_TOKEN = "@@kb-date@@"  # the build date, 2026-12-01
DATE_PARTS_TOKEN = '"@@kb-date-parts@@"'  # the build date as CSL's [[2026, 12, 1]]
KB_NAME = SITE_NAME["zh-Hans"]
KB_ENGLISH = "China–Singapore Cooperation Knowledge Base"
ANCHOR = "cite"  # the id of the section's heading
CITATION_HEADING = re.compile(f'<h2[^>]* id="{ANCHOR}"')
FOLDER = "cite"  # the downloads, under each variant's root: cite/<section>-<id>.bib and .json
BIBTEX_SPECIALS = re.compile(r"([{}\\%&$#_^~])")


@dataclass(frozen=True)
class Reference:
    key: str  # zhongxin-kb-people-wang-rui-jie
    page: str  # people/wang-rui-jie.md
    title: str
    english: str  # the title as English readers write it: a curated English name, or pinyin for a person

    @property
    def url(self) -> str:
        return SITE_TOKEN + self.page.removesuffix(".md") + "/"

    @property
    def download(self) -> str:
        return f"{FOLDER}/{self.key.removeprefix('zhongxin-kb-')}"


def reference(section: str, record: dict[str, Any]) -> Reference:
    """The reference of an entity page (section bodies, projects, people) or a source page (section sources)."""
    title = record.get("title") or record["name"]
    english = record.get("english") or (person_pinyin(title) if section == "people" else "")
    return Reference(f"zhongxin-kb-{section}-{record['id']}", f"{section}/{record['id']}.md", title, english)


def gbt7714(ref: Reference) -> str:
    """GB/T 7714-2015 for an online resource: author. title[EB/OL]. (updated)[cited]. URL."""
    return f"{KB_NAME}. {ref.title}[EB/OL]. ({DATE_TOKEN})[{DATE_TOKEN}]. {ref.url}."


def english(ref: Reference) -> str:
    title = f"{ref.english} ({ref.title})" if ref.english and ref.english != ref.title else ref.title
    return f"“{title}.” In {KB_ENGLISH} ({KB_NAME}). Built {DATE_TOKEN}. {ref.url}."


def bibtex(ref: Reference) -> str:
    fields = {"title": ref.title, "author": "{" + KB_NAME + "}", "organization": KB_NAME, "url": ref.url,
              "urldate": DATE_TOKEN, "date": DATE_TOKEN, "note": ref.english, "language": "chinese"}
    lines = [f"  {name} = {{{value if name in ('author', 'url') else _bibtex_text(value)}}}"
             for name, value in fields.items() if value]
    return f"@online{{{ref.key},\n" + ",\n".join(lines) + "\n}\n"


def _bibtex_text(text: str) -> str:
    """Text taken from sources as BibTeX reads it literally (tokens stay as they are)."""
    return BIBTEX_SPECIALS.sub(r"\\\1", text)


def csl_json(ref: Reference) -> str:
    item = {"id": ref.key, "type": "webpage", "title": ref.title, "author": [{"literal": KB_NAME}],
            "container-title": KB_NAME, "URL": ref.url, "language": "zh",
            "issued": {"date-parts": "@@kb-date-parts@@"}, "accessed": {"date-parts": "@@kb-date-parts@@"}}
    if ref.english:
        item["title-short"] = ref.english
    return json.dumps([item], ensure_ascii=False, indent=1) + "\n"


def block(ref: Reference, url: Any) -> str:
    """The page's citation section as raw HTML (one block, no blank line), every text escaped; `url` leads from
    the page to a download. Kept out of the search index: it repeats the page's title."""
    links = (f'<a href="{html.escape(url(ref.download + ".bib"))}" download>BibTeX</a> · '
             f'<a href="{html.escape(url(ref.download + ".json"))}" download>CSL-JSON</a>')
    return (f'<div class="kb-cite" data-pagefind-ignore>\n'
            f'<p><strong>GB/T 7714</strong>：{html.escape(gbt7714(ref))}</p>\n'
            f'<p lang="en"><strong>English</strong>: {html.escape(english(ref))}</p>\n'
            f"<p>下载：{links}</p>\n</div>")


def page_citation(section: str, record: dict[str, Any], url: Any) -> str:
    return block(reference(section, record), url)


def without_citation(page_html: str) -> str:
    """A page's content without its citation section, which comes last: the book is cited as a whole, and
    stays the same from one day's build to the next."""
    return CITATION_HEADING.split(page_html, 1)[0]


def downloads(model: dict[str, Any]) -> dict[str, str]:
    """{path under the variant's root: text} of every page's BibTeX and CSL-JSON."""
    files = {}
    for section, records in (("bodies", "bodies"), ("projects", "projects"), ("people", "people"),
                             ("sources", "documents")):
        for record in model[records]:
            ref = reference(section, record)
            files[ref.download + ".bib"] = bibtex(ref)
            files[ref.download + ".json"] = csl_json(ref)
    return files


def build_date() -> str:
    """The day of the build, or of SOURCE_DATE_EPOCH when set (as MkDocs dates its sitemap)."""
    return time.strftime("%Y-%m-%d", time.gmtime(settings.current().source_date_epoch))


def stamp(text: str, site: str, date: str) -> str:
    """The tokens of a page or download replaced by the variant's root URL and the build date."""
    year, month, day = (int(part) for part in date.split("-"))
    return (text.replace(SITE_TOKEN, site).replace(DATE_PARTS_TOKEN, f"[[{year}, {month}, {day}]]")
            .replace(DATE_TOKEN, date))
