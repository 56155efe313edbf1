"""One document read into its findings: the bodies, sessions, projects, people and dated events it states,
keyed by canonical name, each with its sources (run side by side and cached per document).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from itertools import islice, takewhile
from typing import Any

from generator.core.model import (
    Block,
    BodyRecord,
    Document,
    EventRecord,
    PersonRecord,
    ProjectRecord,
    Role,
    Session,
    Source,
    SourceRef,
)
from generator.knowledge import ner
from generator.knowledge.curated import CuratedName
from generator.knowledge.extract import (
    PERSON_AFTER,
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
from generator.knowledge.persons import (
    TITLE_AFTER,
    TITLE_TAIL,
    NameFinder,
    clean_role,
    people_in,
    role_before,
)
from generator.knowledge.registry import Registry, normalise
from generator.text import dates
from generator.text.chronology import entry_text
from generator.text.dates import Context
from generator.text.patterns import YEAR_HEADER

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
INVISIBLE = re.compile(r"[\s\ufffd]")  # not counted when a block's offset is found on its raw lines
EVENT_TEXT_MAX = 600  # characters of a sentence an event quotes whole
CLAUSE_MARKS = "，,；;：:"
CLAUSE_MARK = re.compile(f"[{CLAUSE_MARKS}]")
AGREED = re.compile(r"签订|签署|缔结|达成|建交|复交|建立")
PRESS_COMMENT = re.compile(r"《[^》]{1,20}》[^，。；《]{0,4}(?:评论|社论|报道|撰文|文章|刊文)")
NAME_LIKE_TAGS = frozenset({"PER", "n", "nz", "nw", "ORG", "LOC"})


SHORT_NAME = 5  # characters: 联委会, 理事会, 工作委员会 stand for a body named before

NOT_IN_A_NAME = re.compile(r"在|举行|召开|参与|参加|出席|主持|成立|设立|建立|签署|启动|的|了|是")

# A name that pairs the two sides starts before the Singapore one: 中国和新加坡…, 江苏—新加坡….
PAIR_BEFORE = re.compile(r"(?:中国[和与]?|[\u4e00-\u9fff]{2}[—－\-]{1,2})$")


def _title_after(sentence: str, end: int) -> tuple[str, ...]:
    """温家宝总理: the title written after a name."""
    match = TITLE_AFTER.match(sentence[end:end + 12])
    return (match.group(0),) if match else ()


@dataclass
class Located:
    """A block of a document with the document's year, for turning offsets into sources."""

    doc: Document
    block: Block
    raw_lines: list[str]
    # Found once a block, however many facts it holds: where its spaces are, and how many visible characters
    # its raw lines hold together, line by line from its first, as far as a fact has needed.
    _spaces: list[int] | None = field(default=None, init=False, repr=False)
    _walked: list[int] = field(default_factory=list, init=False, repr=False)

    def source(self, offset: int = 0) -> Source:
        return Source(self.doc.id, self.line_of(offset), self.block.anchor)

    def line_of(self, offset: int) -> int:
        """The raw line holding the character at `offset` of the block text (wrapped lines are re-walked)."""
        if self._spaces is None:
            self._spaces = [i for i, char in enumerate(self.block.text) if char == " "]
        wanted = min(offset + 1, len(self.block.text)) - bisect_right(self._spaces, offset)
        walked = self._walked
        while (not walked or walked[-1] < wanted) and self.block.line + len(walked) <= len(self.raw_lines):
            line = self.raw_lines[self.block.line + len(walked) - 1]
            walked.append((walked[-1] if walked else 0) + len(INVISIBLE.sub("", line)))
        index = bisect_left(walked, wanted)
        return self.block.line + index if index < len(walked) else self.block.line


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


def add_source(record: dict[str, Any], key: str, source: Source, seen: set[tuple[int, str, Source]]) -> None:
    """A source added to a record's list once; `seen` remembers what each record holds, so that an entity named
    thousands of times in one document is not looked for in its whole list each time."""
    if (id(record), key, source) not in seen:
        seen.add((id(record), key, source))
        record[key].append(source_dict(source))


class Resolver:
    """Walks every block of a document once and fills the Model."""

    def __init__(self, registry: Registry, surnames: frozenset[str], linked: frozenset[str] = frozenset()) -> None:
        self.registry = registry
        self.surnames = surnames
        self.linked = linked
        self.model = Model()
        self.last_session: dict[str, Any] | None = None
        self.named: set[str] = set()
        self.full_names: dict[str, str] = {}
        self.name_finder = NameFinder.of(())
        self.context = Context()
        self.about: tuple[str, ...] = ()
        # Each body once, in the order the document last named them (a list of every naming made the lookup of
        # a short name grow with the document)
        self.bodies_named: dict[str, None] = {}
        self.about_cooperation = False
        self.sources_seen: set[tuple[int, str, Source]] = set()
        self.in_passage = False  # the block being read is a passage about the cooperation
        self.in_visit: list[Session] = []  # sessions dated by a visit's span, until a day within it is told
        self.sentence_sessions: list[tuple[str, int]] = []  # (body, number) of the sessions the sentence names
        self.session_events: dict[tuple[str, tuple[str, int]], dict[str, Any]] = {}  # (day, session): its event

    def add_document(self, doc: Document, raw_lines: list[str]) -> None:
        self.add_authors(doc)
        rows = {id(block): table_rows(block, raw_lines) for block in doc.blocks if block.kind == "table"}
        texts = [block.text for block in doc.blocks if block.kind in ("paragraph", "chronology")] \
            + [row.block.text for found in rows.values() for row in found]
        cells = [cell for block in doc.blocks for row in block.rows for cell in row if cell]
        # What the model will be asked about, as one batch: the texts, and the title, sections and chronology
        # entries (without their dates) that markers are looked for in.
        ner.prepare([doc.title, *texts, *cells, *(section.title for section in doc.sections),
                     *(entry_text(block.text) for block in doc.blocks if block.kind == "chronology")])
        headings = [block.text for block in doc.blocks if block.kind == "heading"]
        self.named = people_in([*texts, *headings, *cells], ner.tokens, self.surnames, self.linked) \
            | {n.hans for n in self.registry.of_kind("person")}
        self.name_finder = NameFinder.of(self.named)
        # 维文 after 维文·巴拉克里斯南: a foreign name's first part, written alone, is the same person
        self.full_names = {name.split("·")[0]: name for name in sorted(self.named)
                           if "·" in name and len(name.split("·")[0]) >= 2}
        # A month or day the text gives no year for takes the document's own year, never one guessed from the
        # years it cites most (a report on a 2017 meeting that looks back on 2013 is not of 2013)
        self.context = Context(year=doc.period or (doc.year if doc.year_stated and not doc.dateline else None),
                               dateline=doc.dateline)
        # A document whose title names the cooperation is about it throughout; in any other (a day's news, an
        # article on a district) only the passages that name it are.
        self.about_cooperation = self.registry.names_cooperation(doc.title)
        self.about = self.registry.main_project([doc.title, *texts])
        for block in doc.blocks:
            if block.kind == "heading" and (year := YEAR_HEADER.match(block.text)):
                self.context = Context(year=int(year.group(1)), dateline=doc.dateline)  # 2019年: what follows is of it
            elif block.kind == "heading" and doc.dateline:
                self.context = Context(dateline=doc.dateline)  # a report's items each start from its date
            if block.kind == "heading":
                self.in_visit = []
            if block.kind in ("paragraph", "chronology"):
                self.add_block(Located(doc, block, raw_lines))
            elif block.kind == "heading":  # a name printed on a line of its own (a list of officials)
                self.add_people(Located(doc, block, raw_lines), 0, block.text, None)
            elif block.kind == "table":
                self.add_table(doc, rows[id(block)], raw_lines)

    def add_table(self, doc: Document, rows: list[TableRow], raw_lines: list[str]) -> None:
        """A table's rows read as sentences: a dated row tells of a happening (a session, in a table of them);
        another names people (a list of members), with no happening."""
        header = rows[0].cells if rows and not rows[0].dated else []
        for row in rows:
            located = Located(doc, row.block, raw_lines)
            if row.dated:
                self.add_block(located)
                self.add_table_session(located, row.cells, header)
            else:
                members = self.members(row, header)
                if members:
                    self.add_mentions(located, 0, members, None)
                else:
                    self.add_people(located, 0, row.block.text, None)

    def members(self, row: TableRow, header: list[str]) -> list[PersonMention]:
        """A row of a table of members (丁薛祥 | 国务院副总理 under 姓名 | 职务): each name the document shows as a
        person, with the office under the column of offices as its title."""
        office = next((cell for label, cell in zip(header, row.cells, strict=False)
                       if OFFICE_COLUMN.search(label) and cell), "")
        return [PersonMention(self.full_names.get(cell, cell), (office,) if office else (), start, start + len(cell))
                for cell in row.cells if cell in self.named and (start := row.block.text.find(cell)) >= 0]

    def add_source(self, record: dict[str, Any], key: str, source: Source) -> None:
        add_source(record, key, source, self.sources_seen)

    def add_authors(self, doc: Document) -> None:
        """Authors credited at the end of a section (（牛炳秉）) are people with the role of writer."""
        for section in doc.sections:
            for name in section.authors:
                if name[0] not in self.surnames or not 2 <= len(name) <= 3:
                    continue
                person = self.model.people.setdefault(name, {"name": name, "roles": [], "mentions": [],
                                                             "rule": "section-attribution"})
                source = Source(doc.id, section.line, section.anchor)
                self.add_source(person, "mentions", source)
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
            # a news lead's date (新华社新加坡9月5日电) is the day the report was filed: it dates nothing told
            dated = [DateMention(d.date, d.date_end, d.start, d.end, d.from_now) for d in found
                     if sentence[d.end:d.end + 1] not in ("电", "讯")]
            date = dated[0] if dated else block_date
            bodies = self.add_sessions(located, offset, sentence, date, dated)
            bodies += self.add_named_bodies(located, offset, sentence)
            if not bodies and self.last_session and CHAIR.search(sentence):
                # "…会议召开。X与Y共同主持会议。": the chairs of the session named just before.
                _refine_session(self.last_session, sentence, None, self.people_in(sentence))
            if not bodies and CHAIR.search(sentence):
                self.date_visit_sessions(dated)
            people = self.add_people(located, offset, sentence, date)
            projects = self.add_projects(located, offset, sentence)
            self.add_event(located, offset, sentence, dated, bodies, people, projects)

    def add_sessions(self, located: Located, offset: int, sentence: str, date: DateMention | None,
                     dates: list[DateMention]) -> list[str]:
        names: list[str] = []
        mentions = find_sessions(sentence)
        self.sentence_sessions = []
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
            self.add_source(body, "mentions", source)
            session = session_of(body, mention.number, mention.year, mention.unit)
            self.add_source(session, "sources", source)
            _refine_session(session, sentence, date, self.people_in(sentence))
            self.last_session = session
            if session["date_end"]:
                self.in_visit.append(session)
            self.sentence_sessions.append((name, mention.number))
            names.append(name)
        return names

    def date_visit_sessions(self, dated: list[DateMention]) -> None:
        """10月12号至14号…访问新加坡…共同主持…第十二次会议…。13日，…共同主持三个…会议: sessions named with the
        span of a visit are held on the day a later sentence of chairing gives within it."""
        day = next((d for d in dated if len(d.date) == 10 and not d.date_end), None)
        if day is None:
            return
        for session in self.in_visit:
            if session["date"] <= day.date <= session["date_end"]:
                session["date"], session["date_end"] = day.date, ""
        self.in_visit = []

    def add_table_session(self, located: Located, cells: list[str], header: list[str]) -> None:
        """A row of a table of sessions (第十五次 | 2019年10月15日 | 重庆 | 韩正 | 王瑞杰) once a body is named:
        the session of the body named last, with the row's date, the place under 地点 and the people under a
        column of chairs (中方主席)."""
        number = next((found for cell in cells if (found := SESSION_CELL.fullmatch(cell))), None)
        if number is None or not self.bodies_named:
            return
        body = self.body(next(reversed(self.bodies_named)))
        source = located.source(located.block.text.find(number.group(0)))
        session = session_of(body, dates.number(number.group("number")), None, number.group("unit"))
        self.add_source(session, "sources", source)  # the row does not name the body: no mention of it
        when = next((found[0] for cell in cells if dates.DATE.fullmatch(cell)
                     and (found := dates.find(cell, self.context)[0])), None)
        if when and len(when.date) > len(session["date"]):
            session["date"], session["date_end"] = when.date, when.date_end
        for label, cell in zip(header, cells, strict=False):
            if "地点" in label and VIDEO.search(cell):
                session["format"] = "视频会议"
            elif "地点" in label and cell and not session["place"]:
                session["place"] = cell
            if re.search("主席|主持", label) and cell in self.named \
                    and cell not in {chair["name"] for chair in session["co_chairs"]}:
                session["co_chairs"].append({"name": cell, "title": label})

    def named_before(self, stated: str) -> str | None:
        """联委会第二十次会议 after 中新双边合作联合委员会: a short name is the body last named that it ends."""
        short = re.sub(r"^[该本此自从]", "", stated)  # 该联委会, 自联席委员会…以来
        if len(short) > SHORT_NAME:
            return None
        return next((name for name in reversed(self.bodies_named)
                     if any(spelling.endswith(short) for spelling in (name, *self.model.bodies[name]["aliases"]))), None)

    def named_earlier(self, stated: str) -> str | None:
        """A body this document named in full, called by a part of its name: one side of it (淡马锡方面联席委员会,
        the committee's Temasek side), or its name without the first party (淡马锡联席委员会 after
        吉林—淡马锡联席委员会)."""
        side = stated.rpartition("方面")[2]
        if side != stated and (found := self.named_before(side)):
            return found
        return next((name for name in reversed(self.bodies_named) if name != stated and name.endswith(stated)
                     and name[len(name) - len(stated) - 1] in "—－-–"), None)

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
            name = self.named_earlier(stated) or self.registry.resolve(normalise(stated), self.about)
            self.add_source(self.body(name, "name-pattern"), "mentions", located.source(offset + start))
            names.append(name)
        return names

    def body(self, name: str, rule: str = "session-pattern") -> dict[str, Any]:
        self.bodies_named.pop(name, None)
        self.bodies_named[name] = None
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
        for name, start, end in self.name_finder.find(sentence):
            if not any(m.start <= start < m.end for m in found):
                role = role_before(sentence, start)
                titles = tuple(t for t in re.split("[、兼]", role) if t) or _title_after(sentence, end)
                found.append(PersonMention(name, titles, start, end))
        whole = [_whole_name(sentence, replace(m, name=self.full_names.get(m.name, m.name))) for m in found]
        return sorted((m for m in whole if m is not None), key=lambda m: m.start)

    def _a_name(self, sentence: str, mention: PersonMention) -> bool:
        """A title chain's name is kept unless the model reads a word of another kind there (关于, 强调)."""
        if mention.name in self.named:
            return True
        token = next((t for t in ner.tokens(sentence) if t.start <= mention.start < t.end), None)
        return token is None or token.tag in NAME_LIKE_TAGS

    def add_people(self, located: Located, offset: int, sentence: str, date: DateMention | None) -> list[str]:
        return self.add_mentions(located, offset, self.people_mentioned(sentence), date)

    def add_mentions(self, located: Located, offset: int, mentions: list[PersonMention],
                     date: DateMention | None) -> list[str]:
        names: list[str] = []
        for mention in mentions:
            person = self.model.people.setdefault(mention.name, {"name": mention.name, "roles": [], "mentions": [],
                                                                 "rule": "title-chain"})
            source = located.source(offset + mention.start)
            self.add_source(person, "mentions", source)
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
        self.add_source(project, "mentions", source)
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
                if self.told_of_others(sentence, mention.start) or self.after_report(mention.date):
                    continue
                source = located.source(offset + mention.start)
                sessions = [(mention.date, session) for session in self.sentence_sessions
                            if len(mention.date) == len("YYYY-MM-DD")]
                earlier = next((self.session_events[key] for key in sessions if key in self.session_events), None)
                if earlier:
                    _told_again(earlier, source, (bodies, projects, people))
                    continue
                event = self._event(mention.date, mention.date_end, "prose", event_text(sentence, mention.start),
                                    (bodies, projects, people), source, "dated-clause")
                self.model.events.append(event)
                self.session_events.update(dict.fromkeys(sessions, event))
            return
        event = self._event(date, date_end, kind, text, (bodies, projects, people), located.source(offset),
                            "chronology-entry")
        self.model.events.append(event)
        self.model.chronology.append((event, block.text))

    def after_report(self, date: str) -> bool:
        """A day later than the report's own date (2020年1月1日起实施 in a report of 2019-10-15): what it tells
        of then is a plan, not a happening."""
        dateline = self.context.dateline
        return bool(dateline) and date[:len(dateline)] > dateline[:len(date)]

    def told_of_others(self, sentence: str, position: int) -> bool:
        """The date at `position` is that of an agreement between two countries (the model's places, joined by
        与/和/同) of which one is not a party of the cooperation (美国与新加坡签订…, 中国与泰国于2015年签订…), or of
        a newspaper's comment (《金融时报》便曾有评论…): the text dates what others did or said, not the cooperation."""
        start, end = date_clauses(sentence, position)
        if PRESS_COMMENT.search(sentence, start, end):
            return True
        tokens = ner.tokens(sentence)
        first_word = bisect_left(tokens, start, key=lambda t: t.start)  # a sentence may hold thousands of dates
        words = [t for t in takewhile(lambda t: t.end <= end, islice(tokens, first_word, None))]
        for first, link, second in zip(words, words[1:], words[2:], strict=False):
            if first.tag == second.tag == "LOC" and link.text in ("与", "和", "同") \
                    and AGREED.search(sentence, second.end, end):
                return not (self.registry.is_party(first.text) and self.registry.is_party(second.text))
        return False

    def _event(self, date: str, date_end: str, kind: str, text: str, named: tuple[list[str], list[str], list[str]],
               source: Source, rule: str) -> dict[str, Any]:
        bodies, projects, people = named
        return {"date": date, "date_end": date_end, "text": text, "kind": kind,
                "singapore": self.registry.is_singapore(text),
                "bodies": sorted(set(bodies)), "projects": sorted(set(projects)), "people": sorted(set(people)),
                "source": source_dict(source), "rule": rule}


def _told_again(event: dict[str, Any], source: Source, named: tuple[list[str], list[str], list[str]]) -> None:
    """A numbered session a document already told of on that day (a yearbook's overview, then its account of
    the meeting): one happening, the later telling a further source of it, not a second event."""
    event.setdefault("sources", [event["source"]]).append(source_dict(source))
    for key, names in zip(("bodies", "projects", "people"), named, strict=True):
        event[key] = sorted(set(event[key]) | set(names))


@dataclass(frozen=True)
class TableRow:
    """A table's row read as a sentence of its cells, with the cells as they stand under the header's."""

    block: Block
    cells: list[str]
    dated: bool  # a cell holds a date alone: the row tells of a happening (a chronology set as a table)


def table_rows(table: Block, raw_lines: list[str]) -> list[TableRow]:
    """Each row of a table as a sentence of its cells (1994年2月26日，中新两国政府签署…) at the raw line that
    holds its first cell, under the table's anchor. A table of figures (2020年目标值, 46) has no dated row."""
    found: list[TableRow] = []
    line = table.line
    for row in table.rows:
        cells = [cell.strip() for cell in row]
        filled = [cell for cell in cells if cell]
        if not filled:
            continue
        line = next((number for number in range(line, min(len(raw_lines), line + ROW_LINES) + 1)
                     if filled[0] in raw_lines[number - 1]), line)
        text = "".join(cell if cell[-1] in "，。；：,;" else cell + "，" for cell in filled[:-1]) + filled[-1]
        found.append(TableRow(Block("paragraph", text, line, table.anchor, table.section), cells,
                              any(dates.DATE.fullmatch(cell) for cell in filled)))
    return found


def document_findings(doc: Document, raw_lines: list[str], registry: Registry,
                      surnames: frozenset[str], linked: frozenset[str] = frozenset()) -> Model:
    """One document's partial model, independent of every other document; `linked` are the texts of its links
    (in simplified script)."""
    resolver = Resolver(registry, surnames, linked)
    resolver.add_document(doc, raw_lines)
    return resolver.model


SESSION_CELL = re.compile(r"第(?P<number>\d{1,3}|[一二三四五六七八九十百零〇]{1,5})(?P<unit>[次届])(?:会议|会)?")
OFFICE_COLUMN = re.compile("职务|职位|职称|头衔")  # the header of a table's column of offices
ROW_LINES = 40  # raw lines a table's row may take (an HTML row, a cell per line), looked through for its place


# Statistics, plans and forecasts state dates, but nothing happened on them: a date governed by a word of
# planning or counting, or any date of a sentence that reports figures.
PLAN_BEFORE = re.compile(r"(?:计划|预计|预期|拟|力争|有望|目标|规划|截至|截止|到|争取)(?:于|在|到|将)?$")

FIGURES = re.compile(r"(?:同比|环比|总额|贸易额|出口|进口|累计|增长|下降|生产总值|GDP).*?\d[\d.]*\s*(?:亿|万|%|％|美元|元|吨|人次)"
                     r"|\d[\d.]*\s*(?:亿|万)?(?:美元|元|%|％).*?(?:同比|环比|总额|贸易额|出口|进口|累计|增长|下降)"
                     # a count reached (项目达到161个) or a rank held (第一大贸易伙伴, 第二大外资来源国)
                     r"|(?:达到|达|超过|突破|累计|新增)\d[\d.,]*\s*(?:个|家|项|亿|万)"
                     r"|第[一二三四五六七八九十\d]{1,2}大[\u4e00-\u9fff]{0,6}(?:伙伴|来源国|来源地|投资国|市场)")

# A state's own milestone (新加坡开埠, 中华人民共和国立国, 新加坡宣告独立) is background to the cooperation, not a
# happening of it, whenever it is dated; visits and agreements between the two are, however early.
MILESTONE_OF_A_STATE = re.compile(r"开埠|立国|建国|独立|建政|主权")

PLAN_SENTENCE = re.compile(r"(?:按|根据|依照)?(?:计划|规划|预计)")


def planned(sentence: str, start: int) -> bool:
    return bool(PLAN_BEFORE.search(sentence[max(0, start - 4):start]))


NOT_A_POINT = re.compile(r"以来|至今|起|以前|之前|以后|之后|同期|水平|基础|基准|相比|左右|前后|的")

BRACKETS = (("（", "）"), ("(", ")"), ("《", "》"), ("“", "”"), ("「", "」"))


def happenings(sentence: str, dated: list[DateMention]) -> list[DateMention]:
    """The dates a sentence tells something happened on: one event per distinct date, none for a sentence of
    statistics or plans, none for a date inside brackets or a title (a lifespan, a term of office, a report),
    none for a year that is a span's start or a point of comparison (2013年以来, 2004年基础上, 同年水平) or
    the report's own year alone (今年, 去年)."""
    if FIGURES.search(sentence) or PLAN_SENTENCE.match(sentence.strip()):
        return []
    kept: list[DateMention] = []
    seen: set[str] = set()
    enclosed = _enclosed(sentence, [mention.start for mention in dated])
    for mention in dated:
        if mention.date in seen or mention.start in enclosed:
            continue
        if planned(sentence, mention.start):
            continue
        if len(mention.date) == 4 and (mention.from_now or NOT_A_POINT.match(sentence, mention.end)):
            continue  # 今年是…周年, 去年贸易额…: 'this year' tells a state, an anniversary or a total, not a day
        start, end = date_clauses(sentence, mention.start)
        if MILESTONE_OF_A_STATE.search(sentence, start, end):
            continue
        kept.append(mention)
        seen.add(mention.date)
    return kept


def event_text(sentence: str, position: int) -> str:
    """What an event quotes: the sentence it is told in; a very long one (dated items run on without a full
    stop) only around the date, its clause and the next, as each of its events quoting all of it would make
    the datasets grow with the square of the sentence."""
    text = sentence.strip()
    if len(text) <= EVENT_TEXT_MAX:
        return text
    start, end = date_clauses(sentence, position)
    return sentence[start:min(end + 1, start + EVENT_TEXT_MAX)].strip()


# A clause that goes on with the subject of the one before it (美国承认其主权，并于翌年设立领事馆)
GOES_ON = re.compile(r"\s*(?:并|又|还|随后|其后|继而|且)")


def date_clauses(sentence: str, position: int) -> tuple[int, int]:
    """Where the clause of the date at `position` starts, and where the clause after it ends (于2003年，美国与
    新加坡签订…: the date and what happened on it are often a clause apart); a clause that goes on with the
    subject of the one before it (…，并于翌年…) starts with that one."""
    marks = _clause_marks(sentence)
    after = bisect_left(marks, position)
    start = marks[after - 1] + 1 if after else 0
    if after and GOES_ON.match(sentence, start):
        start = marks[after - 2] + 1 if after > 1 else 0
    return start, marks[after + 1] if after + 1 < len(marks) else len(sentence)


@functools.lru_cache(maxsize=256)
def _clause_marks(sentence: str) -> list[int]:
    """Where the sentence's clauses end, found once however many dates it holds."""
    return [match.start() for match in CLAUSE_MARK.finditer(sentence)]


def _enclosed(text: str, positions: list[int]) -> set[int]:
    """Those of `positions` that stand inside brackets or quotes left open before them, in one pass."""
    depth = dict.fromkeys(BRACKETS, 0)
    closers = {closing: (opening, closing) for opening, closing in BRACKETS}
    openers = {opening: (opening, closing) for opening, closing in BRACKETS}
    inside: set[int] = set()
    wanted = sorted(set(positions))
    index = 0
    for at, char in enumerate(text):
        while index < len(wanted) and wanted[index] == at:
            if any(value > 0 for value in depth.values()):
                inside.add(at)
            index += 1
        if index == len(wanted):
            break
        if char in openers:
            depth[openers[char]] += 1
        elif char in closers:
            depth[closers[char]] -= 1
    return inside


def _block_date(block: Block) -> DateMention | None:
    date = getattr(block, "date", "")
    return DateMention(date, getattr(block, "date_end", ""), 0) if date else None


def session_of(body: BodyRecord, number: int, year: int | None, unit: str) -> Session:
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


# A foreign name's further parts, joined by a middle dot or a hyphen (科琳达·格拉巴尔-基塔罗维奇)
NAME_GOES_ON = re.compile(r"(?:[·•・\-－][\u4e00-\u9fff]{1,8}?(?=[·•・\-－]|" + PERSON_AFTER + "))+")
MEDIUM_OR_SIDE = re.compile(r"[\u4e00-\u9fff][方媒军警]")


def _whole_name(sentence: str, mention: PersonMention) -> PersonMention | None:
    """A name as the text writes it: with the parts of a foreign name that follow it, without a title the model
    read into it (李谠常委 is 李谠); a surname with a title alone (习主席) or a side or a medium (巴方, 伊媒) is no
    name."""
    name = mention.name
    if more := NAME_GOES_ON.match(sentence, mention.end):
        return replace(mention, name=name + more.group(0), end=more.end())
    if (title := TITLE_TAIL.search(name)) and title.start() > 0:
        return replace(mention, name=name[:title.start()], end=mention.start + title.start()) \
            if title.start() >= 2 else None
    return None if MEDIUM_OR_SIDE.fullmatch(name) else mention


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
