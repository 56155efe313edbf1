"""Decide which pages exist and what each is rendered from; also the navigation of the sites."""

from __future__ import annotations

from typing import Any

KIND_LABELS = {"yearbook": "年鉴", "chronology": "大事记", "news": "新闻", "web": "网页", "encyclopedia": "百科"}
SCRIPT_LABELS = {"hans": "简体", "hant": "繁体", "mixed": "简繁混排"}

Page = tuple[str, str, dict[str, Any]]


def plan_pages(data: dict[str, Any]) -> list[Page]:
    """(page path, template, context) for every page of a variant, in a stable order."""
    documents = data["documents"]
    common = {"kinds": KIND_LABELS, "scripts": SCRIPT_LABELS}
    pages: list[Page] = [
        ("index.md", "home.md.j2", {"documents": documents, **common}),
        ("sources/index.md", "sources/index.md.j2", {"documents": documents, **common}),
    ]
    for doc in documents:
        text = data["texts"][doc["id"]]
        sections = {s["title"]: s for s in text["sections"]}
        pages.append((f"sources/{doc['id']}.md", "sources/document.md.j2",
                      {"doc": doc, "text": text, "sections": sections, **common}))
    return pages


def plan_nav(data: dict[str, Any]) -> list[Any]:
    """MkDocs navigation: section index pages first, entity pages under them."""
    documents = [{doc["title"]: f"sources/{doc['id']}.md"} for doc in data["documents"]]
    return [
        {"首页": "index.md"},
        {"文献": ["sources/index.md", *documents]},
    ]
