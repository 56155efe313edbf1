"""The people a document names: its authors, the officials its title chains introduce and every name it shows
as a person wherever it stands, each with the roles stated with it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from generator.core.model import Document, Role, Source
from generator.knowledge import ner
from generator.knowledge.extract import PERSON_AFTER, TITLE_WORD, DateMention, PersonMention, find_people
from generator.knowledge.persons import (
    TITLE_AFTER,
    TITLE_TAIL,
    NameFinder,
    clean_role,
    people_in,
    role_before,
)
from generator.knowledge.provenance import Located, Model, source_dict
from generator.knowledge.registry import Registry
from generator.knowledge.table_rows import OFFICE_COLUMN, TableRow

TITLE_AT_END = re.compile(rf"(?P<org>.*?)(?P<title>{TITLE_WORD})$")

# Words that qualify the title after them, not the organisation before it: 贸工部副常任秘书 is the ministry's
# deputy permanent secretary, 候任总领事 the consul-general designate, 高级政务部长 a senior minister of state,
# 理事会新方主席 the council's Singapore co-chair.
TITLE_QUALIFIER = re.compile(r"(?:中方|新方|外方)?(?:候任|前任|代理|名誉|高级政务|常务|执行|助理|资深|首席|第一)?副?$")

# Parts of speech the model may give a name it did not recognise as one (an unknown word, a noun).
NAME_LIKE_TAGS = frozenset({"PER", "n", "nz", "nw", "ORG", "LOC"})


class People:
    """What a document tells of people, sentence by sentence, into the document's model."""

    def __init__(self, registry: Registry, surnames: frozenset[str], linked: frozenset[str], model: Model,
                 add_source: Callable[[dict[str, Any], str, Source], None]) -> None:
        self.registry = registry
        self.surnames = surnames
        self.linked = linked
        self.model = model
        self.add_source = add_source
        # The body a role's organisation names, when it is a short name of one (理事会新方主席)
        self.organisation_of: Callable[[str], str | None] = lambda stated: None
        self.named: set[str] = set()
        self.full_names: dict[str, str] = {}
        self.name_finder = NameFinder.of(())

    def prepare(self, texts: Iterable[str]) -> None:
        """The names the document shows as people anywhere, and the curated ones, to be found wherever they stand."""
        self.named = people_in(texts, ner.tokens, self.surnames, self.linked) \
            | {n.hans for n in self.registry.of_kind("person")}
        self.name_finder = NameFinder.of(self.named)
        # 维文 after 维文·巴拉克里斯南: a foreign name's first part, written alone, is the same person
        self.full_names = {name.split("·")[0]: name for name in sorted(self.named)
                           if "·" in name and len(name.split("·")[0]) >= 2}

    def members(self, row: TableRow, header: list[str]) -> list[PersonMention]:
        """A row of a table of members (丁薛祥 | 国务院副总理 under 姓名 | 职务): each name the document shows as a
        person, with the office under the column of offices as its title."""
        office = next((cell for label, cell in zip(header, row.cells, strict=False)
                       if OFFICE_COLUMN.search(label) and cell), "")
        return [PersonMention(self.full_names.get(cell, cell), (office,) if office else (), start, start + len(cell))
                for cell in row.cells if cell in self.named and (start := row.block.text.find(cell)) >= 0]


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
                role["organisation"] = self.organisation_of(role["organisation"]) or role["organisation"] \
                    if role["organisation"] else ""
                if role not in person["roles"]:
                    person["roles"].append(role)
            names.append(mention.name)
        return names



def _title_after(sentence: str, end: int) -> tuple[str, ...]:
    """温家宝总理: the title written after a name."""
    match = TITLE_AFTER.match(sentence[end:end + 12])
    return (match.group(0),) if match else ()



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

