"""One document read into its findings: the bodies, sessions, projects, people and dated events it states,
keyed by canonical name, each with its sources (run side by side and cached per document).

The walk is here; what each kind of fact is made of, in a module of its own: `sessions` (bodies and their
sessions), `people`, `happenings` (which dates tell of one), `table_rows`, `provenance` (where a fact stands).
"""

from __future__ import annotations

import re
from typing import Any

from generator.core.model import Document, Source
from generator.knowledge import happenings, ner
from generator.knowledge.curated import CuratedName
from generator.knowledge.extract import DateMention, find_projects, find_sessions, place_in_name, sentences
from generator.knowledge.people import People
from generator.knowledge.provenance import Located, Model, add_source, source_dict
from generator.knowledge.registry import Registry
from generator.knowledge.sessions import CHAIR, Bodies, refine_session
from generator.knowledge.table_rows import TableRow, table_rows
from generator.text import dates
from generator.text.chronology import entry_text
from generator.text.dates import Context
from generator.text.patterns import YEAR_HEADER

Named = tuple[list[str], list[str], list[str]]  # the bodies, projects and people a sentence names


class Resolver:
    """Walks every block of a document once and fills the Model."""

    def __init__(self, registry: Registry, surnames: frozenset[str], linked: frozenset[str] = frozenset()) -> None:
        self.registry = registry
        self.model = Model()
        self.sources_seen: set[tuple[int, str, Source]] = set()
        self.people = People(registry, surnames, linked, self.model, self.add_source)
        self.bodies = Bodies(registry, self.model, self.add_source)
        self.people.organisation_of = self.bodies.named_before
        self.context = Context()
        self.about_cooperation = False
        self.in_passage = False  # the block being read is a passage about the cooperation
        self.session_events: dict[tuple[str, tuple[str, int]], dict[str, Any]] = {}  # (day, session): its event

    def add_document(self, doc: Document, raw_lines: list[str]) -> None:
        self.people.add_authors(doc)
        rows = {id(block): table_rows(block, raw_lines) for block in doc.blocks if block.kind == "table"}
        texts = [block.text for block in doc.blocks if block.kind in ("paragraph", "chronology")] \
            + [row.block.text for found in rows.values() for row in found]
        cells = [cell for block in doc.blocks for row in block.rows for cell in row if cell]
        # What the model will be asked about, as one batch: the texts, and the title, sections and chronology
        # entries (without their dates) that markers are looked for in.
        ner.prepare([doc.title, *texts, *cells, *(section.title for section in doc.sections),
                     *(entry_text(block.text) for block in doc.blocks if block.kind == "chronology")])
        headings = [block.text for block in doc.blocks if block.kind == "heading"]
        self.people.prepare([*texts, *headings, *cells])
        # A month or day the text gives no year for takes the document's own year, never one guessed from the
        # years it cites most (a report on a 2017 meeting that looks back on 2013 is not of 2013)
        self.context = Context(year=doc.period or (doc.year if doc.year_stated and not doc.dateline else None),
                               dateline=doc.dateline)
        # A document whose title names the cooperation is about it throughout; in any other (a day's news, an
        # article on a district) only the passages that name it are.
        self.about_cooperation = self.registry.names_cooperation(doc.title)
        self.bodies.about = self.registry.main_project([doc.title, *texts])
        for block in doc.blocks:
            if block.kind == "heading" and (year := YEAR_HEADER.match(block.text)):
                self.context = Context(year=int(year.group(1)), dateline=doc.dateline)  # 2019年: what follows is of it
            elif block.kind == "heading" and doc.dateline:
                self.context = Context(dateline=doc.dateline)  # a report's items each start from its date
            if block.kind == "heading":
                self.bodies.in_visit = []
            if block.kind in ("paragraph", "chronology"):
                self.add_block(Located(doc, block, raw_lines))
            elif block.kind == "heading":  # a name printed on a line of its own (a list of officials)
                self.people.add_people(Located(doc, block, raw_lines), 0, block.text, None)
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
                self.bodies.add_table_session(located, row.cells, header, self.context, self.people.named)
            else:
                members = self.people.members(row, header)
                if members:
                    self.people.add_mentions(located, 0, members, None)
                else:
                    self.people.add_people(located, 0, row.block.text, None)


    def add_source(self, record: dict[str, Any], key: str, source: Source) -> None:
        add_source(record, key, source, self.sources_seen)

    def add_block(self, located: Located) -> None:
        block = located.block
        block_date = happenings.block_date(block)
        if block_date:
            self.context = self.context.after(block_date.date)
        self.bodies.last_session = None
        self.in_passage = self.about_cooperation or block.kind == "chronology" or \
            self.registry.names_cooperation(block.text) or self.registry.names_cooperation(block.section)
        for offset, sentence in sentences(block.text):
            found, _ = dates.find(sentence, self.context)
            for mention in found:  # a plan's date is no reading context (预计2020年7月…。9月，…), nor a look back
                if not (happenings.planned(sentence, mention.start) or mention.from_now):
                    self.context = self.context.after(mention.date)
            # a news lead's date (新华社新加坡9月5日电) is the day the report was filed: it dates nothing told
            dated = [DateMention(d.date, d.date_end, d.start, d.end, d.from_now) for d in found
                     if sentence[d.end:d.end + 1] not in ("电", "讯")]
            date = dated[0] if dated else block_date
            bodies = self.bodies.add_sessions(located, offset, sentence, date, dated, self.people.people_in)
            bodies += self.bodies.add_named_bodies(located, offset, sentence)
            if not bodies and self.bodies.last_session and CHAIR.search(sentence):
                # "…会议召开。X与Y共同主持会议。": the chairs of the session named just before.
                refine_session(self.bodies.last_session, sentence, None, self.people.people_in(sentence))
            if not bodies and CHAIR.search(sentence):
                self.bodies.date_visit_sessions(dated)
            people = self.people.add_people(located, offset, sentence, date)
            projects = self.add_projects(located, offset, sentence)
            self.add_event(located, offset, sentence, dated, (bodies, projects, people))


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

    def add_event(self, located: Located, offset: int, sentence: str, dated: list[DateMention],
                  named: Named) -> None:
        if located.block.kind == "chronology":
            if offset == 0 and getattr(located.block, "date", ""):
                self.add_entry(located)
        elif self.in_passage:
            self.add_prose_events(located, offset, sentence, dated, named)

    def add_entry(self, located: Located) -> None:
        """A chronology's entry, with anything named in the whole entry (it may hold several sentences);
        `link_chronology` keeps the bodies and finds the projects known to the whole corpus."""
        block = located.block
        bodies = [self.registry.resolve(m.body, self.bodies.about) for m in find_sessions(block.text)]
        people = [p.name for p in self.people.people_mentioned(block.text)]
        event = self._event(block.date, block.date_end, block.entry_kind or "day", entry_text(block.text),
                            (bodies, [], people), located.source(0), "chronology-entry")
        self.model.events.append(event)
        self.model.chronology.append((event, block.text))

    def add_prose_events(self, located: Located, offset: int, sentence: str, dated: list[DateMention],
                         named: Named) -> None:
        """An event for each date of the sentence that tells a happening; a numbered session the document told
        of on that day already is that event, told again."""
        for mention in happenings.happenings(sentence, dated):
            if happenings.told_of_others(sentence, mention.start, self.registry) \
                    or happenings.after_report(mention.date, self.context.dateline):
                continue
            source = located.source(offset + mention.start)
            sessions = [(mention.date, session) for session in self.bodies.sentence_sessions
                        if len(mention.date) == len("YYYY-MM-DD")]
            earlier = next((self.session_events[key] for key in sessions if key in self.session_events), None)
            if earlier:
                happenings.told_again(earlier, source, named)
                continue
            event = self._event(mention.date, mention.date_end, "prose",
                                happenings.event_text(sentence, mention.start), named, source, "dated-clause")
            self.model.events.append(event)
            self.session_events.update(dict.fromkeys(sessions, event))

    def _event(self, date: str, date_end: str, kind: str, text: str, named: Named,
               source: Source, rule: str) -> dict[str, Any]:
        bodies, projects, people = named
        return {"date": date, "date_end": date_end, "text": text, "kind": kind,
                "singapore": self.registry.is_singapore(text),
                "bodies": sorted(set(bodies)), "projects": sorted(set(projects)), "people": sorted(set(people)),
                "source": source_dict(source), "rule": rule}


def document_findings(doc: Document, raw_lines: list[str], registry: Registry,
                      surnames: frozenset[str], linked: frozenset[str] = frozenset()) -> Model:
    """One document's partial model, independent of every other document; `linked` are the texts of its links
    (in simplified script)."""
    resolver = Resolver(registry, surnames, linked)
    resolver.add_document(doc, raw_lines)
    return resolver.model
