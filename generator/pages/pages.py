"""Decide which pages exist and what each is rendered from; also the navigation of the sites."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from typing import Any

from generator.core.model import EventRecord, PersonRecord, Role, Session, SourceRef
from generator.editing import review
from generator.pages import figures, relations

KIND_LABELS = {"yearbook": "年鉴", "chronology": "大事记", "news": "新闻", "web": "网页", "encyclopedia": "百科"}
SCRIPT_LABELS = {"hans": "简体", "hant": "繁体", "mixed": "简繁混排"}
EVENT_KIND_LABELS = {"day": "日", "same-day": "同日", "month": "月", "prose": "文中"}
SECTION_TITLES = {"chronology": "大事记", "bodies": "合作机制", "projects": "合作项目", "people": "人物",
                  "relations": "关系图", "sources": "文献", "data": "数据下载", "glossary": "术语表"}

PagePlan = tuple[str, str, dict[str, Any]]


def display_date(date: str, date_end: str = "") -> str:
    """2020-11-18 -> 2020年11月18日; month-only and year-only dates shown as such; ranges with an end."""
    if not date:
        return ""
    parts = date.split("-")
    text = f"{int(parts[0])}年" + (f"{int(parts[1])}月" if len(parts) > 1 else "") + (
        f"{int(parts[2])}日" if len(parts) > 2 else "")
    if date_end:
        end = date_end.split("-")
        text += f"—{int(end[2])}日" if end[:2] == parts[:2] else f"—{int(end[1])}月{int(end[2])}日"
    return text


def role_rows(roles: list[Role]) -> list[dict[str, Any]]:
    """A person's roles, one row per title and organisation, however often the sources state it (a person
    named across a thousand documents has thousands of role mentions): the dates it is seen at, where it is
    first seen, and on how many source lines. Rows in the order their roles are first seen, undated ones last."""
    seen: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for role in roles:
        seen.setdefault((role["title"], role["organisation"]), []).append(role)
    rows = []
    for (title, organisation), mentions in seen.items():
        dates = sorted(role["date"] for role in mentions if role["date"])
        earliest, latest = (dates[0], dates[-1]) if dates else ("", "")
        first = next(role for role in mentions if role["date"] == earliest)
        span = display_date(earliest) + (f"—{display_date(latest)}" if latest != earliest else "")
        rows.append({"title": title, "organisation": organisation, "first_date": earliest, "dates": span,
                     "source": first["source"], "count": len({_cited(role["source"]) for role in mentions})})
    return sorted(rows, key=lambda row: (not row["first_date"], row["first_date"]))


def event_years(events: list[EventRecord]) -> list[tuple[str, list[EventRecord]]]:
    """An entity page's related events under their years, in their order; one group without a year when
    they are few enough to read as one list, or all of one year."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        groups.setdefault(event["date"][:4], []).append(event)
    if len(events) <= YEAR_HEADINGS_MIN or len(groups) < 2:
        return [("", events)]
    return list(groups.items())


def _cited(source: SourceRef) -> tuple[str, int]:
    return source["doc"], source["line"]


def session_anchor(session: Session) -> str:
    return f"session-{session['year']}-{session['number']}" if session["year"] else f"session-{session['number']}"


def session_label(session: Session) -> str:
    year = f"{session['year']}年" if session["year"] else ""
    return f"{year}第{session['number']}{session['unit']}"


def session_date(session: Session) -> str:
    return f'<span class="kb-date">{display_date(session["date"], session["date_end"]) or "日期不详"}</span>'


def session_series(sessions: list[Session]) -> list[tuple[Session, Session | None, Session | None]]:
    """(session, previous or None, next or None) along a body's series, in its order."""
    return [(session, sessions[i - 1] if i else None, sessions[i + 1] if i + 1 < len(sessions) else None)
            for i, session in enumerate(sessions)]


def index_entities(model: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    return {key: {e["id"]: e for e in model[key]} for key in ("bodies", "projects", "people")}


def mentions_by_entity(model: dict[str, Any]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Events that name each entity, for the 'events' list of its page."""
    found: dict[str, dict[str, list[dict[str, Any]]]] = {k: defaultdict(list) for k in ("bodies", "projects", "people")}
    for event in model["events"]:
        for key in found:
            for entity_id in event[key]:
                found[key][entity_id].append(event)
    return found


def citing_facts(model: dict[str, Any]) -> dict[str, list[tuple[str, str, str]]]:
    """Per document: (anchor, label, page) of every entity record citing it, for links back from sources, each
    once in the order first cited (a dict as an ordered set: looking through a list made a document whose
    paragraphs all cite one entity cost the square of its paragraphs)."""
    cites: dict[str, dict[tuple[str, str, str], None]] = defaultdict(dict)
    for key in ("bodies", "projects", "people"):
        for entity in model[key]:
            for source in entity["mentions"]:
                cites[source["doc"]][(source["anchor"], entity["name"], f"{key}/{entity['id']}.md")] = None
    return {doc: list(items) for doc, items in cites.items()}


def plan_pages(model: dict[str, Any]) -> Iterator[PagePlan]:
    """(page path, template, context) for every page of a variant, in a stable order; one at a time, so
    that each source text is read only while its page is rendered."""
    documents = {d["id"]: d for d in model["documents"]}
    entities = index_entities(model)
    related = mentions_by_entity(model)
    common = {"kinds": KIND_LABELS, "scripts": SCRIPT_LABELS, "event_kinds": EVENT_KIND_LABELS,
              "sections": SECTION_TITLES, "documents": model["documents"], "docs_by_id": documents,
              "entities": entities, "display_date": display_date, "session_anchor": session_anchor,
              "session_label": session_label, "event_years": event_years,
              "session_series": session_series, "session_date": session_date,
              "month_chart": month_chart, "roles_chart": roles_chart}
    years = sorted({e["date"][:4] for e in model["events"] if e["date"]})
    whole = chronology_views(model["events"])[0]
    yield ("index.md", "home.md.j2", {**common, "model": model, "years": years,
                                      "events_chart": partial(events_chart, model["events"], whole),
                                      "latest": sorted(model["events"], key=lambda e: e["date"])[-8:][::-1]})
    for view in chronology_views(model["events"]):
        yield from chronology_pages(common, view)
    graph = relations.build_graph(model)
    common["relations"] = lambda kind, entity_id, url: relations.neighbourhood(graph, (kind, entity_id), url)
    yield ("relations/index.md", "relations/index.md.j2",
           {**common, "overview": partial(relations.overview, graph), "linked": len(graph.weights),
            "links": len(graph.links)})
    yield from [
        ("bodies/index.md", "bodies/index.md.j2", {**common, "bodies": model["bodies"]}),
        ("projects/index.md", "projects/index.md.j2", {**common, "projects": model["projects"]}),
        ("people/index.md", "people/index.md.j2", {**common, "groups": group_people(model["people"]), "count": len(model["people"])}),
        ("sources/index.md", "sources/index.md.j2", common),
        ("data/index.md", "data/index.md.j2", common),
        (REVIEW_PAGE, "data/review.md.j2", {**common, "labels": review.LABELS, "limit": REVIEW_LIMIT,
                                             "groups": review.review(model, review.load_precision())}),
        ("glossary/index.md", "glossary/index.md.j2", {**common, "terms": model.get("glossary", [])}),
    ]
    for body in model["bodies"]:
        yield (f"bodies/{body['id']}.md", "bodies/body.md.j2",
               {**common, "body": body, "events": related["bodies"][body["id"]],
                "sessions_chart": figures.body_sessions(body, session_label, session_anchor,
                                                        display_date)})
    for project in model["projects"]:
        yield (f"projects/{project['id']}.md", "projects/project.md.j2",
               {**common, "project": project, "events": related["projects"][project["id"]],
                "related_bodies": [entities["bodies"][i] for i in project["bodies"]],
                "related_people": [entities["people"][i] for i in project["people"]]})
    for person in model["people"]:
        yield (f"people/{person['id']}.md", "people/person.md.j2",
               {**common, "person": person, "roles": role_rows(person["roles"]),
                "events": related["people"][person["id"]]})
    cites = citing_facts(model)
    for doc in model["documents"]:
        text = model["texts"][doc["id"]]
        sections = {s["title"]: s for s in text["sections"]}
        yield (f"sources/{doc['id']}.md", "sources/document.md.j2",
               {**common, "doc": doc, "text": text, "sections": sections, "cites": cites.get(doc["id"], [])})


@dataclass
class ChronologyView:
    """The whole chronology, or only its China–Singapore events: one page, or an overview page and a page
    per year when it holds more than CHRONOLOGY_LIMIT events (a reader's browser, the search index and the
    book's layout all slow down on a page of thousands of events)."""

    path: str  # the view's page; year pages go beside it as <prefix><year>.md
    title: str
    only_singapore: bool
    groups: list[tuple[str, list[tuple[str, list[dict[str, Any]]]]]]
    year_prefix: str = ""

    @property
    def split(self) -> bool:
        return sum(len(events) for _, months in self.groups for _, events in months) > CHRONOLOGY_LIMIT

    def year_target(self, year: int) -> str:
        """Where a year's events are listed: its page if the view is split, else its heading."""
        return f"chronology/{self.year_prefix}{year}.md" if self.split else f"{self.path}#y{year}"

    def year_pages(self) -> list[tuple[str, int, str]]:
        """(year, number of events, page path) per year, if the view is split."""
        if not self.split:
            return []
        return [(year, sum(len(events) for _, events in months), f"chronology/{self.year_prefix}{year or 'undated'}.md")
                for year, months in self.groups]


CHRONOLOGY_LIMIT = 500
YEAR_HEADINGS_MIN = 10  # related events on an entity's page beyond which each year gets a heading


def chronology_views(events: list[EventRecord]) -> list[ChronologyView]:
    return [ChronologyView("chronology/index.md", "大事记", False, group_events(events)),
            ChronologyView("chronology/singapore.md", "中新合作大事", True,
                           group_events([e for e in events if e["singapore"]]), "singapore-")]


def events_chart(events: list[EventRecord], view: ChronologyView, url: Callable[[str], str]) -> str:
    """Events per year, each bar leading to where the view lists that year."""
    return figures.year_chart(events, lambda year: url(view.year_target(year)), view.title)


def month_chart(year: str, months: list[tuple[str, list[EventRecord]]]) -> str:
    """A chronology year's events per month, each bar leading to its month's heading on the same page."""
    events = [event for _, group in months for event in group]
    return figures.month_chart(year, events, lambda month: f"#y{year}-{month:02d}") if year else ""


def roles_chart(person: PersonRecord, url: Callable[[str], str]) -> str:
    return figures.person_roles(person, url, display_date)


def chronology_pages(common: dict[str, Any], view: ChronologyView) -> Iterator[PagePlan]:
    events = [event for _, months in view.groups for _, group in months for event in group]
    context = {**common, "title": view.title, "only_singapore": view.only_singapore,
               "events_chart": partial(events_chart, events, view)}
    year_pages = view.year_pages()
    yield (view.path, "chronology/index.md.j2",
           {**context, "groups": [] if year_pages else view.groups, "year_pages": year_pages, "whole": "",
            "other_years": []})
    for (year, _, path), group in zip(year_pages, view.groups if year_pages else [], strict=True):
        yield (path, "chronology/index.md.j2", {**context, "title": f"{view.title} · {year}年", "groups": [group],
                                                "year_pages": [], "whole": view.path, "other_years": year_pages})


def group_events(events: list[EventRecord]) -> list[tuple[str, list[tuple[str, list[EventRecord]]]]]:
    """[(year, [(month or '', events)])] in date order; year-only events come first in their year."""
    ordered = sorted(events, key=lambda e: (e["date"], e["source"]["doc"], e["source"]["line"]))
    groups = []
    for year, in_year in groupby(ordered, key=lambda e: e["date"][:4]):
        months = [(month, list(items)) for month, items in groupby(in_year, key=lambda e: e["date"][5:7])]
        groups.append((year, months))
    return groups


def group_people(people: list[PersonRecord]) -> list[tuple[str, list[PersonRecord]]]:
    """People by the initial letter of their pinyin sort key."""
    ordered = sorted(people, key=lambda p: p["sort_key"])
    return [(letter.upper(), list(items)) for letter, items in groupby(ordered, key=lambda p: p["sort_key"][:1])]


REVIEW_PAGE = "data/review.md"  # for editors: linked from the data page, outside the navigation and the book
REVIEW_LIMIT = 200  # facts a rule on the review page: a large corpus's would make one page of megabytes

# A section with more entity pages than this lists only its index page in the site's navigation: Material
# writes the whole active section into each of its pages, so a long list grows the site as pages².
NAV_LIMIT = 50
ENTITY_SECTIONS = {"bodies": "bodies", "projects": "projects", "people": "people", "sources": "documents"}


@dataclass
class Navigation:
    """The site's navigation; the book's, which has every page in reading order; and MkDocs `not_in_nav`
    patterns for the pages the site's navigation leaves to their section index."""

    site: list[Any]
    book: list[Any]
    unlisted: list[str]

    def converted(self, convert: Callable[[str], str]) -> Navigation:
        return Navigation(_convert_titles(self.site, convert), _convert_titles(self.book, convert), self.unlisted)


def plan_nav(model: dict[str, Any], limit: int = NAV_LIMIT) -> Navigation:
    """One tab per section; entity pages under their section index unless the section is long."""
    folded = sorted(key for key, records in ENTITY_SECTIONS.items() if len(model[records]) > limit)
    return Navigation(_nav(model, set(folded)), _nav(model, set()), [*(f"/{key}/*.md" for key in folded),
                                                                     f"/{REVIEW_PAGE}"])


def _nav(model: dict[str, Any], folded: set[str]) -> list[Any]:
    def section(key: str, entries: list[tuple[str, str]]) -> dict[str, list[Any]]:
        listed = [] if key in folded else [{title: path} for title, path in entries]
        return {SECTION_TITLES[key]: [f"{key}/index.md", *listed]}

    return [
        {"首页": "index.md"},
        _chronology_nav(model["events"]),
        section("bodies", [(b["name"], f"bodies/{b['id']}.md") for b in model["bodies"]]),
        section("projects", [(p["name"], f"projects/{p['id']}.md") for p in model["projects"]]),
        section("people", [(p["name"], f"people/{p['id']}.md") for p in model["people"]]),
        section("sources", [(d["title"], f"sources/{d['id']}.md") for d in model["documents"]]),
        {SECTION_TITLES["relations"]: "relations/index.md"},
        {SECTION_TITLES["data"]: "data/index.md"},
        {SECTION_TITLES["glossary"]: "glossary/index.md"},
    ]


def _chronology_nav(events: list[EventRecord]) -> dict[str, list[Any]]:
    """The chronology and its China–Singapore view, each followed by its year pages if it is split."""
    whole, singapore = chronology_views(events)

    def years(view: ChronologyView) -> list[dict[str, str]]:
        return [{f"{year}年": path} for year, _, path in view.year_pages()]

    selected: Any = ["chronology/singapore.md", *years(singapore)] if singapore.split else "chronology/singapore.md"
    return {SECTION_TITLES["chronology"]: ["chronology/index.md", *years(whole), {singapore.title: selected}]}


def _convert_titles(nav: Any, convert: Callable[[str], str]) -> Any:
    if isinstance(nav, list):
        return [_convert_titles(item, convert) for item in nav]
    if isinstance(nav, dict):
        return {convert(k): _convert_titles(v, convert) for k, v in nav.items()}
    return nav
