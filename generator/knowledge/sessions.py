"""The cooperation bodies a document names and their numbered sessions: with the date, place, format and chairs
told with each, a short name or a side of a body resolved to the body named before."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from generator.core.model import BodyRecord, Session, Source
from generator.knowledge.extract import DateMention, find_bodies, find_sessions
from generator.knowledge.provenance import Located, Model
from generator.knowledge.registry import Registry, normalise
from generator.text import dates
from generator.text.dates import Context

PLACE = re.compile(r"在(?P<place>[^，。、；在同与和]{2,8}?(?:、[^，。、；同与和]{2,6}?)?)(?:两地)?"
                   r"(?:召开|举行|举办|会见|会晤|共同主持|主持|出席)")

VIDEO = re.compile(r"视频")

CHAIR = re.compile(r"主持")

SHORT_NAME = 5  # characters: 联委会, 理事会, 工作委员会 stand for a body named before

NOT_IN_A_NAME = re.compile(r"在|举行|召开|参与|参加|出席|主持|成立|设立|建立|签署|启动|的|了|是")

# A name that pairs the two sides starts before the Singapore one: 中国和新加坡…, 江苏—新加坡….
PAIR_BEFORE = re.compile(r"(?:中国[和与]?|[\u4e00-\u9fff]{2}[—－\-]{1,2})$")

SESSION_CELL = re.compile(r"第(?P<number>\d{1,3}|[一二三四五六七八九十百零〇]{1,5})(?P<unit>[次届])(?:会议|会)?")


class Bodies:
    """What a document tells of cooperation bodies, sentence by sentence, into the document's model."""

    def __init__(self, registry: Registry, model: Model,
                 add_source: Callable[[dict[str, Any], str, Source], None]) -> None:
        self.registry = registry
        self.model = model
        self.add_source = add_source
        self.about: tuple[str, ...] = ()  # the project the document is about, which its bodies' short names are of
        # Each body once, in the order the document last named them (a list of every naming made the lookup of
        # a short name grow with the document)
        self.bodies_named: dict[str, None] = {}
        self.last_session: Session | None = None
        self.in_visit: list[Session] = []  # sessions dated by a visit's span, until a day within it is told
        self.sentence_sessions: list[tuple[str, int]] = []  # (body, number) of the sessions the sentence names

    def add_sessions(self, located: Located, offset: int, sentence: str, date: DateMention | None,
                     dates: list[DateMention], chairs: Callable[[str], list[dict[str, str]]]) -> list[str]:
        """The sessions a sentence names, each of the body it names or the one named before, with the date,
        place, format and chairs (`chairs`: the people the sentence names) told with it."""
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
            refine_session(session, sentence, date, chairs(sentence))
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

    def add_table_session(self, located: Located, cells: list[str], header: list[str], context: Context,
                          named: set[str]) -> None:
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
                     and (found := dates.find(cell, context)[0])), None)
        if when:
            keep_precise_date(session, when.date, when.date_end)
        for label, cell in zip(header, cells, strict=False):
            if "地点" in label and VIDEO.search(cell):
                session["format"] = "视频会议"
            elif "地点" in label and cell and not session["place"]:
                session["place"] = cell
            if re.search("主席|主持", label) and cell in named:
                add_chairs(session, [{"name": cell, "title": label}])

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


def refine_session(session: Session, sentence: str, date: DateMention | None,
                   people: list[dict[str, str]]) -> None:
    """Keep the most precise date, and the place, format and chairs stated with the session."""
    if date:
        keep_precise_date(session, date.date, date.date_end)
    place = PLACE.search(sentence)
    if place and not session["place"]:
        session["place"] = place.group("place")
    if VIDEO.search(sentence):
        session["format"] = "视频会议"
    if CHAIR.search(sentence):
        add_chairs(session, people)


def merge_session(session: Session, other: Session) -> None:
    """What one reading would have kept had it seen both tellings of a session (`refine_session`)."""
    keep_precise_date(session, other["date"], other["date_end"])
    session["place"] = session["place"] or other["place"]
    session["format"] = other["format"] or session["format"]
    add_chairs(session, other["co_chairs"])
    session["sources"] += other["sources"]


def keep_precise_date(session: Session, date: str, date_end: str) -> None:
    """A date told of a session replaces the one known when it is more precise (2020-12-08 over 2020-12)."""
    if len(date) > len(session["date"]):
        session["date"], session["date_end"] = date, date_end


def add_chairs(session: Session, people: list[dict[str, str]]) -> None:
    """The chairs not yet known, each once, in the order told."""
    known = {chair["name"] for chair in session["co_chairs"]}
    session["co_chairs"] += [person for person in people if person["name"] not in known]
