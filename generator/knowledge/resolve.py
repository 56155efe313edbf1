"""Stage 5: resolve mentions across documents into one model of events, bodies, projects and people.

Each document is read on its own into a partial model (`document_findings`, which the build runs side by
side and caches per document); the partial models are then merged in document order (`merge`). Each entity
is keyed by its canonical simplified name (curated aliases map other spellings onto it); a session mentioned
in several documents becomes one record with all its sources. What depends on the whole corpus (which
known bodies and projects a chronology entry names) is settled after the merge, so the result does not
depend on the order in which documents are read.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from types import ModuleType
from typing import Any

from generator.core.model import (
    Block,
    BodyRecord,
    Document,
    EventRecord,
    Knowledge,
    PersonRecord,
    ProjectRecord,
    Role,
    Session,
    Source,
    SourceRef,
)
from generator.core.paths import RESOURCES
from generator.knowledge import ner
from generator.knowledge.curated import CuratedName
from generator.knowledge.extract import (
    TITLE_WORD,
    DateMention,
    PersonMention,
    find_bodies,
    find_people,
    find_projects,
    find_sessions,
    place_in_name,
    sentences,
)
from generator.knowledge.persons import TITLE_AFTER, clean_role, name_pattern, people_in, role_before
from generator.text import dates
from generator.text.chronology import entry_text
from generator.text.dates import Context

SURNAMES_FILE = RESOURCES / "surnames.txt"
PLACE = re.compile(r"在(?P<place>[^，。、；在同与和]{2,8}?(?:、[^，。、；同与和]{2,6}?)?)(?:两地)?"
                   r"(?:召开|举行|举办|会见|会晤|共同主持|主持|出席)")
VIDEO = re.compile(r"视频")
CHAIR = re.compile(r"主持")
TITLE_AT_END = re.compile(rf"(?P<org>.*?)(?P<title>{TITLE_WORD})$")
# Words that qualify the title after them, not the organisation before it: 贸工部副常任秘书 is the ministry's
# deputy permanent secretary, 候任总领事 the consul-general designate, 高级政务部长 a senior minister of state,
# 理事会新方主席 the council's Singapore co-chair.
TITLE_QUALIFIER = re.compile(r"(?:中方|新方|外方)?(?:候任|前任|代理|名誉|高级政务|常务|执行|助理|资深|首席|第一)?副?$")


# Parts of speech the model may give a name it did not recognise as one (an unknown word, a noun).
NAME_LIKE_TAGS = frozenset({"PER", "n", "nz", "nw", "ORG", "LOC"})


def _starts_word(text: str, word: str) -> bool:
    return any(token.text.startswith(word) for token in ner.tokens(text))


SHORT_NAME = 5  # characters: 联委会, 理事会, 工作委员会 stand for a body named before
NOT_IN_A_NAME = re.compile(r"在|举行|召开|参与|参加|出席|主持|成立|设立|建立|签署|启动|的|了|是")
# A name that pairs the two sides starts before the Singapore one: 中国和新加坡…, 江苏—新加坡….
PAIR_BEFORE = re.compile(r"(?:中国[和与]?|[\u4e00-\u9fff]{2}[—－\-]{1,2})$")


def _title_after(sentence: str, end: int) -> tuple[str, ...]:
    """温家宝总理: the title written after a name."""
    match = TITLE_AFTER.match(sentence[end:end + 12])
    return (match.group(0),) if match else ()


def load_surnames() -> frozenset[str]:
    lines = SURNAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


@cache
def pinyin() -> ModuleType:
    """pypinyin, imported when a name is first romanised (or while the documents are read, see `ingest`): its
    tables are a third of the CLI's start-up, and a build with nothing changed romanises nothing."""
    import pypinyin

    return pypinyin


def slug(name: str) -> str:
    """A stable ASCII id from the pinyin of a name."""
    romanise = pinyin()
    text = "-".join(romanise.lazy_pinyin(name, style=romanise.Style.NORMAL, errors="ignore"))
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:80] or "x"


def sort_key(name: str) -> str:
    romanise = pinyin()
    return " ".join(romanise.lazy_pinyin(name, style=romanise.Style.TONE3, errors="ignore"))


@dataclass
class Registry:
    """Curated names by kind, with every alias pointing at its canonical simplified names (an alias that several
    bodies share, such as 中新联合协调理事会, points at each of them)."""

    names: list[CuratedName]
    canonical: dict[str, list[str]] = field(default_factory=dict)
    markers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for entry in self.names:
            for alias in (entry.hans, entry.hant, *entry.aliases):
                if alias and entry.hans not in self.canonical.setdefault(normalise(alias), []):
                    self.canonical[normalise(alias)].append(entry.hans)
        self.markers = tuple(n.hans for n in self.names if n.kind == "marker")

    def resolve(self, name: str, about: tuple[str, ...] = ()) -> str:
        """The canonical name; a shared alias means the body of the project the document is about (`about`: that
        project's spellings), else the first listed."""
        names = self.canonical.get(normalise(name), [name])
        return next((n for n in names if any(spelling in n for spelling in about)), names[0])

    def entry(self, name: str) -> CuratedName | None:
        return next((n for n in self.names if n.hans == name), None)

    def is_singapore(self, text: str) -> bool:
        return self.marker_at(text) is not None

    def marker_at(self, text: str) -> int | None:
        """Where the first marker of the cooperation stands; a marker of two characters only as the start of a
        word, as the named-entity model cuts words (中新天津…, not 集中新开工)."""
        found = [text.find(m) for m in self.markers if m in text and (len(m) > 2 or _starts_word(text, m))]
        return min(found) if found else None

    def cooperation_start(self, name: str) -> int | None:
        """Where a cooperation body's name starts: at its first marker or curated body spelling (派出组织中新天津…
        -> 中新天津…); a name with neither (苏州工业园区政协工作联络委员会) is not a cooperation body."""
        found = [name.find(s) for s in self.body_spellings if s in name]
        marker = self.marker_at(name)
        return min([*found, *([marker] if marker is not None else [])], default=None)

    def main_project(self, texts: list[str]) -> tuple[str, ...]:
        """The spellings of the curated project a document names most, or () if it names none."""
        counts = {entry.hans: sum(t.count(s) for t in texts for s in spellings)
                  for entry, spellings in self.project_spellings}
        best = max(counts, key=lambda name: counts[name], default="")
        return next((tuple(spellings) for entry, spellings in self.project_spellings
                     if entry.hans == best and counts[best]), ())

    def names_cooperation(self, text: str) -> bool:
        """A marker of the cooperation, or any spelling of a curated body or project."""
        return self.is_singapore(text) or any(spelling in text for spelling in self.cooperation_spellings)

    @cached_property
    def body_spellings(self) -> tuple[str, ...]:
        return tuple(sorted({s for n in self.names if n.kind == "body" for s in (n.hans, *n.aliases)}))

    @cached_property
    def cooperation_spellings(self) -> tuple[str, ...]:
        return tuple(sorted({s for n in self.names if n.kind in ("body", "project") for s in (n.hans, *n.aliases)}))

    def of_kind(self, kind: str) -> list[CuratedName]:
        return [n for n in self.names if n.kind == kind]

    @cached_property
    def project_spellings(self) -> list[tuple[CuratedName, list[str]]]:
        """Each curated project with its spellings, longest first: sorted once, not for every sentence."""
        return [(entry, sorted({entry.hans, *entry.aliases}, key=len, reverse=True))
                for entry in self.of_kind("project")]


def normalise(name: str) -> str:
    return name.replace("(", "（").replace(")", "）").replace("-", "—").replace("－", "—").replace(" ", "")


@dataclass
class Located:
    """A block of a document with the document's year, for turning offsets into sources."""

    doc: Document
    block: Block
    raw_lines: list[str]

    def source(self, offset: int = 0) -> Source:
        return Source(self.doc.id, self.line_of(offset), self.block.anchor)

    def line_of(self, offset: int) -> int:
        """The raw line holding the character at `offset` of the block text (wrapped lines are re-walked)."""
        target = self.block.text[: offset + 1].replace(" ", "")
        consumed = 0
        for number in range(self.block.line, len(self.raw_lines) + 1):
            consumed += len(re.sub(r"[\s\ufffd]", "", self.raw_lines[number - 1]))
            if consumed >= len(target):
                return number
        return self.block.line


@dataclass
class Model:
    """One document's findings, or the corpus's once merged: the records by name, before ids are given."""

    events: list[EventRecord] = field(default_factory=list)
    bodies: dict[str, BodyRecord] = field(default_factory=dict)
    projects: dict[str, ProjectRecord] = field(default_factory=dict)
    people: dict[str, PersonRecord] = field(default_factory=dict)
    # Chronology events with their entry's text, linked to the known bodies and projects once all are known.
    chronology: list[tuple[EventRecord, str]] = field(default_factory=list)


def source_dict(source: Source) -> SourceRef:
    return {"doc": source.doc, "line": source.line, "anchor": source.anchor}  # asdict's deep copy is 10x slower


def add_source(record: dict[str, Any], key: str, source: Source) -> None:
    entry = source_dict(source)
    if entry not in record[key]:
        record[key].append(entry)


class Resolver:
    """Walks every block of a document once and fills the Model."""

    def __init__(self, registry: Registry, surnames: frozenset[str]) -> None:
        self.registry = registry
        self.surnames = surnames
        self.model = Model()
        self.last_session: dict[str, Any] | None = None
        self.named: set[str] = set()
        self.context = Context()
        self.about: tuple[str, ...] = ()
        self.bodies_named: list[str] = []  # in the order the document names them
        self.about_cooperation = False
        self.in_passage = False  # the block being read is a passage about the cooperation

    def add_document(self, doc: Document, raw_lines: list[str]) -> None:
        self.add_authors(doc)
        texts = [block.text for block in doc.blocks if block.kind in ("paragraph", "chronology")]
        self.named = people_in(texts, ner.tokens, self.surnames) | {n.hans for n in self.registry.of_kind("person")}
        self.context = Context(year=None if doc.dateline else doc.year, dateline=doc.dateline)
        # A document whose title names the cooperation is about it throughout; in any other (a day's news, an
        # article on a district) only the passages that name it are.
        self.about_cooperation = self.registry.names_cooperation(doc.title)
        self.about = self.registry.main_project([doc.title, *texts])
        for block in doc.blocks:
            if block.kind == "heading" and doc.dateline:
                self.context = Context(dateline=doc.dateline)  # a report's items each start from its date
            if block.kind in ("paragraph", "chronology"):
                self.add_block(Located(doc, block, raw_lines))

    def add_authors(self, doc: Document) -> None:
        """Authors credited at the end of a section (（牛炳秉）) are people with the role of writer."""
        for section in doc.sections:
            for name in section.authors:
                if name[0] not in self.surnames or not 2 <= len(name) <= 3:
                    continue
                person = self.model.people.setdefault(name, {"name": name, "roles": [], "mentions": [],
                                                             "rule": "section-attribution"})
                source = Source(doc.id, section.line, section.anchor)
                add_source(person, "mentions", source)
                role = {"title": "撰稿人", "organisation": doc.title, "as_stated": f"（{name}）",
                        "date": str(doc.year or ""), "source": source_dict(source)}
                if role not in person["roles"]:
                    person["roles"].append(role)

    def add_block(self, located: Located) -> None:
        block = located.block
        block_date = _block_date(block)
        if block_date:
            self.context = self.context.after(block_date.date)
        self.last_session = None
        self.in_passage = self.about_cooperation or block.kind == "chronology" or \
            self.registry.names_cooperation(block.text) or self.registry.names_cooperation(block.section)
        for offset, sentence in sentences(block.text):
            found, _ = dates.find(sentence, self.context)
            for mention in found:  # a plan's date is no reading context (预计2020年7月…。9月，…), nor a look back
                if not (planned(sentence, mention.start) or mention.from_now):
                    self.context = self.context.after(mention.date)
            dated = [DateMention(d.date, d.date_end, d.start, d.end) for d in found]
            date = dated[0] if dated else block_date
            bodies = self.add_sessions(located, offset, sentence, date, dated)
            bodies += self.add_named_bodies(located, offset, sentence)
            if not bodies and self.last_session and CHAIR.search(sentence):
                # "…会议召开。X与Y共同主持会议。": the chairs of the session named just before.
                _refine_session(self.last_session, sentence, None, self.people_in(sentence))
            people = self.add_people(located, offset, sentence, date)
            projects = self.add_projects(located, offset, sentence)
            self.add_event(located, offset, sentence, dated, bodies, people, projects)

    def add_sessions(self, located: Located, offset: int, sentence: str, date: DateMention | None,
                     dates: list[DateMention]) -> list[str]:
        names: list[str] = []
        mentions = find_sessions(sentence)
        for mention in mentions:
            # "4月29日与11月30日…第一次和第二次会议": as many dates as sessions of one body pair up in order.
            series = [m for m in mentions if m.body == mention.body]
            if len(series) > 1 and len(dates) == len(series):
                date = dates[series.index(mention)]
            name = self.registry.resolve(mention.body, self.about)
            if not self.registry.is_singapore(name):
                name = self.named_before(mention.body)
                if name is None:
                    continue
            body = self.body(name)
            source = located.source(offset + mention.start)
            add_source(body, "mentions", source)
            session = _session(body, mention.number, mention.year, mention.unit)
            add_source(session, "sources", source)
            _refine_session(session, sentence, date, self.people_in(sentence))
            self.last_session = session
            names.append(name)
        return names

    def named_before(self, stated: str) -> str | None:
        """联委会第二十次会议 after 中新双边合作联合委员会: a short name is the body last named that it ends."""
        short = re.sub(r"^[该本此]", "", stated)
        if len(short) > SHORT_NAME:
            return None
        return next((name for name in reversed(self.bodies_named)
                     if any(spelling.endswith(short) for spelling in (name, *self.model.bodies[name]["aliases"]))), None)

    def add_named_bodies(self, located: Located, offset: int, sentence: str) -> list[str]:
        """Cooperation bodies named with or without a session: 重启新中双边合作联合委员会会议."""
        names: list[str] = []
        for stated, position in find_bodies(sentence):
            cut = self.registry.cooperation_start(stated)
            if cut is None:
                continue
            start = position + cut
            pair = PAIR_BEFORE.search(sentence[:start]) if stated[cut:].startswith("新加坡") else None
            start = pair.start() if pair else start
            stated = sentence[start:position + len(stated)]
            if NOT_IN_A_NAME.search(stated):
                continue  # 新加坡总理李显龙在参与于上海举行的论坛: a clause, not a name
            name = self.registry.resolve(normalise(stated), self.about)
            add_source(self.body(name, "name-pattern"), "mentions", located.source(offset + start))
            names.append(name)
        return names

    def body(self, name: str, rule: str = "session-pattern") -> dict[str, Any]:
        self.bodies_named.append(name)
        if name not in self.model.bodies:
            entry = self.registry.entry(name)
            self.model.bodies[name] = {
                "name": name, "english": entry.english if entry else "",
                "aliases": sorted(set(entry.aliases)) if entry else [], "sessions": [], "mentions": [],
                "rule": f"curated+{rule}" if entry else rule,
            }
        return self.model.bodies[name]

    def people_in(self, sentence: str) -> list[dict[str, str]]:
        return [{"name": p.name, "title": "、".join(p.titles)} for p in self.people_mentioned(sentence)]

    def people_mentioned(self, sentence: str) -> list[PersonMention]:
        """Title chains whose name the model also reads as a name, then every other name the document shows as
        a person, wherever it stands (a bare 李显龙 after 新加坡总理李显龙)."""
        found = [m for m in find_people(sentence, self.surnames) if self._a_name(sentence, m)]
        for name in self.named:
            for match in name_pattern(name).finditer(sentence):
                if not any(m.start <= match.start() < m.end for m in found):
                    role = role_before(sentence, match.start())
                    titles = tuple(t for t in re.split("[、兼]", role) if t) or _title_after(sentence, match.end())
                    found.append(PersonMention(name, titles, match.start(), match.end()))
        return sorted(found, key=lambda m: m.start)

    def _a_name(self, sentence: str, mention: PersonMention) -> bool:
        """A title chain's name is kept unless the model reads a word of another kind there (关于, 强调)."""
        if mention.name in self.named:
            return True
        token = next((t for t in ner.tokens(sentence) if t.start <= mention.start < t.end), None)
        return token is None or token.tag in NAME_LIKE_TAGS

    def add_people(self, located: Located, offset: int, sentence: str, date: DateMention | None) -> list[str]:
        names: list[str] = []
        for mention in self.people_mentioned(sentence):
            person = self.model.people.setdefault(mention.name, {"name": mention.name, "roles": [], "mentions": [],
                                                                 "rule": "title-chain"})
            source = located.source(offset + mention.start)
            add_source(person, "mentions", source)
            for title in mention.titles:
                role = _role(title, date, source)
                # 理事会新方主席: the council is the body named before; its side belongs to the title (新方主席)
                role["organisation"] = self.named_before(role["organisation"]) or role["organisation"] \
                    if role["organisation"] else ""
                if role not in person["roles"]:
                    person["roles"].append(role)
            names.append(mention.name)
        return names

    def add_projects(self, located: Located, offset: int, sentence: str) -> list[str]:
        """Curated projects by any spelling, then projects the name pattern finds that no spelling covers."""
        names: list[str] = []
        covered: list[range] = []
        for entry, spellings in self.registry.project_spellings:
            found = next(((sentence.find(s), s) for s in spellings if s in sentence), None)
            if found is None:
                continue
            covered.append(range(found[0], found[0] + len(found[1])))
            names.append(self.project(entry.hans, entry, located.source(offset + found[0])))
        for name, position in find_projects(sentence):
            if not any(position in span or span.start in range(position, position + len(name)) for span in covered):
                # 中新（广州）知识城 is 中新广州知识城: the brackets around a place do not make another project.
                entry = self.registry.entry(self.registry.resolve(name)) \
                    or self.registry.entry(self.registry.resolve(re.sub(r"[（）]", "", name)))
                names.append(self.project(entry.hans if entry else name, entry, located.source(offset + position)))
        return names

    def project(self, name: str, entry: CuratedName | None, source: Source) -> str:
        project = self.model.projects.setdefault(name, {
            "name": name, "english": entry.english if entry else "",
            "aliases": sorted(entry.aliases) if entry else [],
            "place": entry.place if entry and entry.place else place_in_name(name), "bodies": [], "people": [],
            "mentions": [], "rule": "curated-name" if entry else "name-pattern"})
        add_source(project, "mentions", source)
        return name

    def add_event(self, located: Located, offset: int, sentence: str, dates: list[DateMention],
                  bodies: list[str], people: list[str], projects: list[str]) -> None:
        block = located.block
        if block.kind == "chronology":
            if offset > 0 or not getattr(block, "date", ""):
                return
            date, date_end, kind = block.date, block.date_end, block.entry_kind or "day"
            text = entry_text(block.text)
            # Anything named in the whole entry (it may hold several sentences); `link_chronology` keeps the
            # bodies and finds the projects known to the whole corpus.
            bodies = [self.registry.resolve(m.body, self.about) for m in find_sessions(block.text)]
            people = [p.name for p in self.people_mentioned(block.text)]
            projects = []
        else:
            if not self.in_passage:
                return
            for mention in happenings(sentence, dates):
                self.model.events.append(self._event(mention.date, mention.date_end, "prose", sentence.strip(),
                                                     (bodies, projects, people), located.source(offset + mention.start),
                                                     "dated-clause"))
            return
        event = self._event(date, date_end, kind, text, (bodies, projects, people), located.source(offset),
                            "chronology-entry")
        self.model.events.append(event)
        self.model.chronology.append((event, block.text))

    def _event(self, date: str, date_end: str, kind: str, text: str, named: tuple[list[str], list[str], list[str]],
               source: Source, rule: str) -> dict[str, Any]:
        bodies, projects, people = named
        return {"date": date, "date_end": date_end, "text": text, "kind": kind,
                "singapore": self.registry.is_singapore(text),
                "bodies": sorted(set(bodies)), "projects": sorted(set(projects)), "people": sorted(set(people)),
                "source": source_dict(source), "rule": rule}


def document_findings(doc: Document, raw_lines: list[str], registry: Registry,
                      surnames: frozenset[str]) -> Model:
    """One document's partial model, independent of every other document."""
    resolver = Resolver(registry, surnames)
    resolver.add_document(doc, raw_lines)
    return resolver.model


def merge(parts: list[Model]) -> Model:
    """The partial models of the documents, in order, as one: as if one resolver had read them all. Mentions,
    roles and sources name their document, so two parts never share one: lists are simply joined."""
    whole = Model()
    for part in parts:
        whole.events += part.events
        whole.chronology += part.chronology
        for name, person in part.people.items():
            known = whole.people.setdefault(name, person)
            if known is not person:
                known["mentions"] += person["mentions"]
                known["roles"] += person["roles"]
        for name, project in part.projects.items():
            known = whole.projects.setdefault(name, project)
            if known is not project:
                known["mentions"] += project["mentions"]
        for name, body in part.bodies.items():
            known = whole.bodies.setdefault(name, body)
            if known is not body:
                known["mentions"] += body["mentions"]
                for session in body["sessions"]:
                    _merge_session(_session(known, session["number"], session["year"], session["unit"]), session)
    return whole


def _merge_session(session: Session, other: Session) -> None:
    """What `_refine_session` would have kept had one resolver seen both."""
    if len(other["date"]) > len(session["date"]):
        session["date"], session["date_end"] = other["date"], other["date_end"]
    session["place"] = session["place"] or other["place"]
    session["format"] = other["format"] or session["format"]
    known = {chair["name"] for chair in session["co_chairs"]}
    session["co_chairs"] += [chair for chair in other["co_chairs"] if chair["name"] not in known]
    session["sources"] += other["sources"]


def link_chronology(model: Model) -> None:
    """A chronology entry names the corpus's bodies it mentions and the projects known by any spelling."""
    spellings = {name: (name, *project["aliases"]) for name, project in model.projects.items()}
    for event, text in model.chronology:
        event["bodies"] = [b for b in event["bodies"] if b in model.bodies]
        event["projects"] = sorted(name for name, names in spellings.items() if any(s in text for s in names))


# Statistics, plans and forecasts state dates, but nothing happened on them: a date governed by a word of
# planning or counting, or any date of a sentence that reports figures.
PLAN_BEFORE = re.compile(r"(?:计划|预计|预期|拟|力争|有望|目标|规划|截至|截止|到|争取)(?:于|在|到|将)?$")
FIGURES = re.compile(r"(?:同比|环比|总额|贸易额|出口|进口|累计|增长|下降|生产总值|GDP).*?\d[\d.]*\s*(?:亿|万|%|％|美元|元|吨|人次)"
                     r"|\d[\d.]*\s*(?:亿|万)?(?:美元|元|%|％).*?(?:同比|环比|总额|贸易额|出口|进口|累计|增长|下降)")

# The cooperation's history starts with the first official visit of Singapore's prime minister to the PRC
# (1976; Deng Xiaoping's return visit 1978, diplomatic ties 1990): prose dated earlier is background (a
# chronology's entries are kept whatever their date).
COOPERATION_SINCE = 1976
PLAN_SENTENCE = re.compile(r"(?:按|根据|依照)?(?:计划|规划|预计)")


def planned(sentence: str, start: int) -> bool:
    return bool(PLAN_BEFORE.search(sentence[max(0, start - 4):start]))
NOT_A_POINT = re.compile(r"以来|至今|起|以前|之前|以后|之后|同期|水平|基础|基准|相比|左右|前后|的")
BRACKETS = (("（", "）"), ("(", ")"), ("《", "》"), ("“", "”"), ("「", "」"))


def happenings(sentence: str, dated: list[DateMention]) -> list[DateMention]:
    """The dates a sentence tells something happened on: one event per distinct date, none for a sentence of
    statistics or plans, none for a date inside brackets or a title (a lifespan, a term of office, a report),
    none for a year that is a span's start or a point of comparison (2013年以来, 2004年基础上, 同年水平)."""
    if FIGURES.search(sentence) or PLAN_SENTENCE.match(sentence.strip()):
        return []
    kept: list[DateMention] = []
    for mention in dated:
        if any(m.date == mention.date for m in kept) or _enclosed(sentence, mention.start):
            continue
        if planned(sentence, mention.start):
            continue
        if len(mention.date) == 4 and NOT_A_POINT.match(sentence, mention.end):
            continue
        if int(mention.date[:4]) < COOPERATION_SINCE:  # history before the cooperation, told as background
            continue
        kept.append(mention)
    return kept


def _enclosed(text: str, position: int) -> bool:
    before = text[:position]
    return any(before.count(opening) > before.count(closing) for opening, closing in BRACKETS)


def _block_date(block: Block) -> DateMention | None:
    date = getattr(block, "date", "")
    return DateMention(date, getattr(block, "date_end", ""), 0) if date else None


def _session(body: BodyRecord, number: int, year: int | None, unit: str) -> Session:
    """The body's session of that number (and year, for 2020年第一次), made when first named; `unit` is how
    the text counts them: 第三次 (meetings) or 第三届 (forums, expos)."""
    for session in body["sessions"]:
        if session["number"] == number and session["year"] == year:
            return session
    session = {"number": number, "unit": unit, "year": year, "date": "", "date_end": "", "place": "", "format": "",
               "co_chairs": [], "sources": []}
    body["sessions"].append(session)
    return session


def _refine_session(session: Session, sentence: str, date: DateMention | None,
                    people: list[dict[str, str]]) -> None:
    """Keep the most precise date, and the place, format and chairs stated with the session."""
    if date and len(date.date) > len(session["date"]):
        session["date"], session["date_end"] = date.date, date.date_end
    place = PLACE.search(sentence)
    if place and not session["place"]:
        session["place"] = place.group("place")
    if VIDEO.search(sentence):
        session["format"] = "视频会议"
    if CHAIR.search(sentence):
        known = {chair["name"] for chair in session["co_chairs"]}
        session["co_chairs"] += [person for person in people if person["name"] not in known]


def split_role(stated: str) -> tuple[str, str]:
    """(title, organisation) of a role as stated: the title word at the end with the words qualifying it."""
    match = TITLE_AT_END.match(stated)
    if not match:
        return stated, ""
    organisation, title = match.group("org"), match.group("title")
    qualifier = TITLE_QUALIFIER.search(organisation)
    cut = qualifier.start() if qualifier else len(organisation)
    return organisation[cut:] + title, organisation[:cut]


def _role(title: str, date: DateMention | None, source: Source) -> Role:
    title = clean_role(title)
    short, organisation = split_role(title)
    return {"title": short, "organisation": organisation, "as_stated": title,
            "date": date.date if date else "", "source": source_dict(source)}


def finalise(model: Model, registry: Registry) -> Knowledge:
    """Ids, sort orders and cross-references; the model is complete before anything is rendered."""
    link_chronology(model)
    bodies = sorted(model.bodies.values(), key=lambda b: sort_key(b["name"]))
    for body in bodies:
        body["id"] = slug(body["name"])
        body["sessions"].sort(key=lambda s: (s["year"] or 0, s["number"]))
    projects = sorted(model.projects.values(), key=lambda p: sort_key(p["name"]))
    for project in projects:
        project["id"] = slug(project["name"])
        _relate(project, model)
    people = sorted(model.people.values(), key=lambda p: sort_key(p["name"]))
    for person in people:
        person["id"] = slug(person["name"])
        person["sort_key"] = sort_key(person["name"])
        entry = registry.entry(person["name"])
        person["english"] = entry.english if entry else ""
    for records in (bodies, projects, people):
        _distinct_ids(records)
    bodies, projects, people = (_id_first(records) for records in (bodies, projects, people))
    events = sorted(one_per_happening(model.events), key=lambda e: (e["date"], e["source"]["doc"], e["source"]["line"]))
    ids = {"bodies": {b["name"]: b["id"] for b in bodies}, "projects": {p["name"]: p["id"] for p in projects},
           "people": {p["name"]: p["id"] for p in people}}
    for record in (*events, *projects):
        for key in ("bodies", "projects", "people"):
            if key in record:
                record[key] = [ids[key][name] for name in record[key] if name in ids[key]]
    return {"events": events, "bodies": bodies, "projects": projects, "people": people}


def _relate(project: dict[str, Any], model: Model) -> None:
    """Bodies and people named in the same events as the project, and bodies named after it (…生态城联合协调理事会)."""
    spellings = (project["name"], *project["aliases"])
    events = [e for e in model.events if project["name"] in e["projects"]]
    bodies = {b for e in events for b in e["bodies"]} | {b for b in model.bodies if any(s in b for s in spellings)}
    project["bodies"] = sorted(bodies, key=sort_key)
    project["people"] = sorted({p for e in events for p in e["people"]}, key=sort_key)


def one_per_happening(events: list[EventRecord]) -> list[EventRecord]:
    """A happening that several documents report is one event citing each of them (`sources`): the same day, and
    a body, two people, or a person and a project in common. Within one document two events on one day stay two
    (a meeting and the ceremony after it); a chronology's entry is the record the reports join."""
    kept: list[dict[str, Any]] = []
    by_day: dict[str, list[dict[str, Any]]] = {}
    for event in sorted(events, key=lambda e: e["rule"] != "chronology-entry"):  # stable: document order kept
        same = next((other for other in by_day.get(event["date"], []) if _same_happening(other, event)), None)
        if same is None:
            kept.append(event)
            if len(event["date"]) == len("YYYY-MM-DD"):
                by_day.setdefault(event["date"], []).append(event)
            continue
        same.setdefault("sources", [same["source"]]).append(event["source"])
        for key in ("bodies", "projects", "people"):
            same[key] = sorted(set(same[key]) | set(event[key]))
    return kept


def _same_happening(one: EventRecord, other: EventRecord) -> bool:
    docs = {s["doc"] for s in one.get("sources", [one["source"]])}
    if other["source"]["doc"] in docs:
        return False
    people = len(set(one["people"]) & set(other["people"]))
    return bool(set(one["bodies"]) & set(other["bodies"])) or people >= 2 or \
        bool(people and set(one["projects"]) & set(other["projects"]))


def _distinct_ids(records: list[dict[str, Any]]) -> None:
    """Names that romanise alike (王伟, 王玮) keep distinct ids: the first in code-point order keeps the plain
    one, each other gets a suffix made from its own characters, so it does not depend on the other names."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_id.setdefault(record["id"], []).append(record)
    for same in by_id.values():
        for record in sorted(same, key=lambda r: r["name"])[1:]:
            record["id"] += "-" + hashlib.sha1(record["name"].encode("utf-8")).hexdigest()[:4]


def _id_first(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stable, readable key order: id and names first."""
    front = ("id", "name", "name_hant", "english", "sort_key")
    return [{**{k: r[k] for k in front if k in r}, **{k: v for k, v in r.items() if k not in front}} for r in records]


def build_model(findings: list[Model], curated: list[CuratedName]) -> Knowledge:
    """The datasets' records from every document's findings."""
    return finalise(merge(findings), Registry(curated))

