"""The Atom feed of a variant (`feed.xml` at its root): the newest events and the newest documents, each entry
linking to the page that lists it.

It is written with the pages, from the model, and converted for the traditional variant like any download. Its
dates are the facts' own (the feed is as new as its newest fact), so the same datasets give the same feed; the
links and the variant are tokens that the MkDocs hooks replace in the built file (`stamp`), as the citations'."""

from __future__ import annotations

import uuid
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from generator.core.model import DocumentRecord, EventRecord
from generator.pages.cite import KB_NAME, SITE_TOKEN
from generator.pages.pages import KIND_LABELS, ChronologyView, chronology_views, display_date

FEED = "feed.xml"
VARIANT_TOKEN = "@@kb-variant@@"  # the variant's language tag, zh-Hans or zh-Hant
NAMESPACE = "http://www.w3.org/2005/Atom"
EVENTS = 20  # the newest events in the feed
DOCUMENTS = 10  # the newest documents
TITLE_CHARS = 40  # an event's title: its date and the start of its text
ENTRY_IDS = uuid.UUID("6c0b5e0c-3c1a-5a0e-9f4e-7a6b2d8e1f00")  # the namespace of the entries' uuid5 ids


def timestamp(date: str) -> str:
    """A fact's date (2020, 2020-11 or 2020-11-18) as Atom's date-time, its first day at midnight UTC."""
    parts = [*date.split("-"), "01", "01"][:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def page_url(page: str) -> str:
    """A page's address under the variant's root, as MkDocs makes it (directory URLs)."""
    path, _, fragment = page.partition("#")
    url = path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"
    return SITE_TOKEN + url + (f"#{fragment}" if fragment else "")


def event_page(event: EventRecord, view: ChronologyView) -> str:
    """Where the whole chronology lists an event: its month's (or, undated within its year, its year's)
    heading, on the page that lists the year."""
    year, month = event["date"][:4], event["date"][5:7]
    return f"{view.year_target(year).partition('#')[0]}#y{year}-{month or 'all'}"


def document_dates(model: dict[str, Any]) -> dict[str, str]:
    """Each document's date: the date its front matter gives, else the newest date of the events it states,
    else its year (documents with none of these are left out)."""
    dates: dict[str, str] = {}
    for event in model["events"]:
        for source in event.get("sources") or [event["source"]]:
            if event["date"] > dates.get(source["doc"], ""):
                dates[source["doc"]] = event["date"]
    found = {}
    for doc in model["documents"]:
        date = (doc.get("meta") or {}).get("date", "") or dates.get(doc["id"], "") or str(doc.get("year") or "")
        if date[:4].isdigit():
            found[doc["id"]] = date[:10]
    return found


def event_entry(event: EventRecord, view: ChronologyView) -> dict[str, str]:
    text = event["text"]
    title = display_date(event["date"], event.get("date_end", "")) + "　" + (
        text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS] + "…")
    source = event["source"]
    key = f"event|{event['date']}|{source['doc']}|{source['line']}|{source['anchor']}|{text}"
    return {"id": key, "title": title, "updated": timestamp(event["date"]), "summary": text,
            "link": page_url(event_page(event, view)),
            "related": page_url(f"sources/{source['doc']}.md#{source['anchor']}"), "category": "事件"}


def document_entry(doc: DocumentRecord, date: str) -> dict[str, str]:
    about = "，".join(part for part in (KIND_LABELS.get(doc["kind"], doc["kind"]), doc.get("origin", ""),
                                         f"{doc['year']}年" if doc.get("year") else "") if part)
    return {"id": f"document|{doc['id']}", "title": doc["title"], "updated": timestamp(date), "summary": about,
            "link": page_url(f"sources/{doc['id']}.md"), "related": "", "category": "文献"}


def entries(model: dict[str, Any]) -> list[dict[str, str]]:
    """The newest dated events and documents, newest first (ties in a fixed order)."""
    whole = chronology_views(model["events"])[0]
    dated = sorted((event for event in model["events"] if event["date"]),
                   key=lambda e: (e["date"], e["source"]["doc"], e["source"]["line"], e["text"]), reverse=True)
    dates = document_dates(model)
    documents = sorted((doc for doc in model["documents"] if doc["id"] in dates),
                       key=lambda doc: (dates[doc["id"]], doc["id"]), reverse=True)
    chosen = [event_entry(event, whole) for event in dated[:EVENTS]]
    chosen += [document_entry(doc, dates[doc["id"]]) for doc in documents[:DOCUMENTS]]
    return sorted(chosen, key=lambda entry: (entry["updated"], entry["id"]), reverse=True)


def atom(model: dict[str, Any]) -> str:
    """The feed's XML, in simplified script, with the tokens the hooks replace."""
    chosen = entries(model)
    updated = chosen[0]["updated"] if chosen else timestamp("1970")
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="{NAMESPACE}" xml:lang="{VARIANT_TOKEN}">',
             f"  <title>{escape(KB_NAME)}</title>",
             "  <subtitle>中新合作的最新事件与文献</subtitle>",
             f"  <id>urn:zhongxin-kb:{VARIANT_TOKEN}:feed</id>",
             f"  <updated>{updated}</updated>",
             f"  <author><name>{escape(KB_NAME)}</name></author>",
             f'  <link rel="self" type="application/atom+xml" href={quoteattr(SITE_TOKEN + FEED)}/>',
             f'  <link rel="alternate" type="text/html" href={quoteattr(page_url("index.md"))}/>']
    for entry in chosen:
        lines += ["  <entry>",
                  f"    <title>{escape(entry['title'])}</title>",
                  f"    <id>urn:uuid:{uuid.uuid5(ENTRY_IDS, entry['id'])}</id>",
                  f"    <updated>{entry['updated']}</updated>",
                  f'    <link rel="alternate" type="text/html" href={quoteattr(entry["link"])}/>',
                  *([f'    <link rel="related" type="text/html" href={quoteattr(entry["related"])}/>']
                    if entry["related"] else []),
                  f'    <category term={quoteattr(entry["category"])}/>',
                  f"    <summary>{escape(entry['summary'])}</summary>",
                  "  </entry>"]
    return "\n".join([*lines, "</feed>"]) + "\n"


def stamp(text: str, site: str, variant: str) -> str:
    """The feed's tokens replaced by the variant's root URL (relative to the feed where SITE_URL is unset) and
    its language tag."""
    return text.replace(SITE_TOKEN, site or "./").replace(VARIANT_TOKEN, variant)
