"""Extraction rules against cases kept as data, and on documents of other parks and years."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
import yaml
from conftest import DATA, run_cli

from generator.knowledge import ner
from generator.knowledge.extract import find_people, find_projects, find_sessions
from generator.knowledge.people import split_role
from generator.knowledge.persons import people_in, role_before
from generator.knowledge.registry import load_surnames
from generator.text.dates import Context, dateline, find

TO_HANS = opencc.OpenCC("t2s")

CASES = yaml.safe_load((DATA / "extraction" / "cases.yml").read_text(encoding="utf-8"))
SURNAMES = load_surnames()


@pytest.mark.parametrize("case", CASES["sessions"], ids=lambda c: c["text"][:16])
def test_sessions(case: dict) -> None:
    found = [[s.body, s.number] for s in find_sessions(case["text"])]
    assert found == case["expect"]


@pytest.mark.parametrize("case", CASES["people"], ids=lambda c: c["text"][:16])
def test_people(case: dict) -> None:
    found = find_people(case["text"], SURNAMES)
    assert [p.name for p in found] == case["expect"]
    for name, titles in case.get("titles", {}).items():
        assert list(next(p for p in found if p.name == name).titles) == titles


@pytest.mark.parametrize("case", CASES["projects"], ids=lambda c: c["text"][:16])
def test_projects(case: dict) -> None:
    assert [name for name, _ in find_projects(case["text"])] == case["expect"]


@pytest.mark.parametrize("case", CASES["roles"], ids=lambda c: c["stated"])
def test_role_title_and_organisation(case: dict) -> None:
    assert list(split_role(case["stated"])) == case["expect"]


@pytest.mark.parametrize("case", CASES["dates"], ids=lambda c: c["text"][:16])
def test_dates(case: dict) -> None:
    found = find(case["text"], Context(year=case["year"], dateline=case.get("dateline", "")))[0]
    assert [d.date for d in found] == case["expect"]
    if "end" in case:
        assert found[0].date_end == case["end"]


@pytest.fixture(scope="module")
def unseen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """Documents of other parks and years, absent from every curated registry, ingested end to end."""
    sources = tmp_path_factory.mktemp("unseen-sources")
    for path in (DATA / "extraction").glob("unseen_*"):
        (sources / path.name).write_bytes(path.read_bytes())
    out = tmp_path_factory.mktemp("unseen-out")
    result = run_cli("ingest", "--sources", str(sources), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return {name: yaml.safe_load((out / "site_data" / f"{name}.yml").read_text(encoding="utf-8"))
            for name in ("bodies", "people", "events", "projects")}


@pytest.fixture(scope="module")
def documents(unseen: dict[str, list[dict]]) -> dict[str, list[str]]:
    """The raw lines of each unseen document, by document id (the file name without its suffix)."""
    return {path.stem: path.read_text(encoding="utf-8").splitlines() for path in (DATA / "extraction").glob("unseen_*")}


def test_unseen_bodies_and_sessions(unseen: dict[str, list[dict]]) -> None:
    bodies = {b["name"]: b for b in unseen["bodies"]}
    eco = bodies["中新天津生态城联合协调理事会"]
    eleventh = [s for s in eco["sessions"] if s["number"] == 11]
    assert [(s["date"], s["place"]) for s in eleventh] == [("2019-10-15", "重庆")]
    assert {c["name"] for c in eleventh[0]["co_chairs"]} == {"韩正", "王瑞杰"}
    knowledge_city = bodies["中新广州知识城联合实施委员会"]
    assert knowledge_city["sessions"][0]["number"] == 5
    assert knowledge_city["sessions"][0]["format"] == "视频会议"
    forum = bodies["中新（广州）知识城投资合作论坛"]["sessions"][0]
    assert (forum["number"], forum["unit"], knowledge_city["sessions"][0]["unit"]) == (2, "届", "次")  # as counted
    meetings = bodies["中新天津生态城工作会议"]["sessions"]
    assert [(s["year"], s["number"], s["date"]) for s in meetings] == [(2019, 1, "2019-03-05"), (2019, 2, "2019-09-09")]


def test_unseen_people_with_roles(unseen: dict[str, list[dict]]) -> None:
    people = {p["name"]: p for p in unseen["people"]}
    for name in ("张国清", "黄循财", "赵海山", "陈锡汉", "王伟中", "颜金勇", "李明华"):
        assert name in people, name
    assert any(r["title"] == "部长" and "新加坡国家发展部" in r["organisation"] for r in people["黄循财"]["roles"])
    assert people["李明华"]["roles"][0]["title"] == "撰稿人"


def test_unseen_projects(unseen: dict[str, list[dict]]) -> None:
    """A project no registry knows is found by its name, with its related people and the curated one by name."""
    projects = {p["name"]: p for p in unseen["projects"]}
    park = projects["中新智慧能源示范园"]
    assert park["rule"] == "name-pattern"
    people = {p["id"]: p["name"] for p in unseen["people"]}
    assert [people[i] for i in park["people"]] == ["赵海山"]
    assert projects["中新天津生态城"]["place"] == "天津"
    assert sorted(projects) == sorted(["中新天津生态城", "中新智慧能源示范园", "中新广州知识城", "苏州工业园区"])


def test_unseen_prose_events(unseen: dict[str, list[dict]]) -> None:
    dates = {e["date"] for e in unseen["events"]}
    assert {"2019-10-15", "2019-05-20", "2021-12-08", "2021-11-02"} <= dates
    assert all(e["singapore"] for e in unseen["events"] if "新加坡" in e["text"])


def test_sources_point_at_real_lines(unseen: dict[str, list[dict]], documents: dict[str, list[str]]) -> None:
    """Every mention of a body points at a line of its document that names the body, by its name or a short
    form ending in the body's kind (联委会, 理事会)."""
    checked = 0
    for body in unseen["bodies"]:
        names = {body["name"], *body.get("aliases", []), body["name"][-3:], body["name"][-5:]}
        for source in body["mentions"]:
            line = TO_HANS.convert(documents[source["doc"]][source["line"] - 1])  # a traditional document's too
            assert any(name in line for name in names), (body["name"], source)
            assert source["anchor"].startswith(("p-", "t-"))  # a paragraph, or a table's row
            checked += 1
    assert checked >= len(unseen["bodies"]) > 0


@pytest.mark.parametrize("first", ["chronology.txt", "report.txt"])
def test_the_model_does_not_depend_on_the_order_of_documents(first: str, tmp_path: Path) -> None:
    """A chronology entry is linked to every project of the corpus it names, wherever that project was first
    found: in a later sentence of the entry, or in a document read after it."""
    sources, out = tmp_path / "sources", tmp_path / "out"
    sources.mkdir()
    for path in (DATA / "extraction" / "order").iterdir():
        (sources / f"{'0' if path.name == first else '1'}_{path.name}").write_bytes(path.read_bytes())
    result = run_cli("ingest", "--sources", str(sources), "--out", str(out))
    assert result.returncode == 0, result.stderr
    events = yaml.safe_load((out / "site_data" / "events.yml").read_text(encoding="utf-8"))
    projects = yaml.safe_load((out / "site_data" / "projects.yml").read_text(encoding="utf-8"))
    assert [p["name"] for p in projects] == ["中新智慧能源示范园"]
    linked = {e["date"]: e["projects"] for e in events}
    assert linked == {"2021-03-02": [projects[0]["id"]], "2021-04-08": [], "2021-06-18": [projects[0]["id"]]}


PERSON_CASES = yaml.safe_load((DATA / "extraction" / "persons.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", PERSON_CASES, ids=lambda c: c["texts"][0][:12])
def test_named_entity_candidates_kept_by_context(case: dict) -> None:
    assert sorted(people_in(case["texts"], ner.tokens, SURNAMES)) == case["expect"]


def test_unseen_news_report_dated_by_its_file_name(unseen: dict[str, list[dict]]) -> None:
    """A day's news: 12日 and 会后 take the report's date, 去年11月 its year; figures and other news make no event."""
    events = [e for e in unseen["events"] if e["source"]["doc"] == "unseen_news_20230912"]
    assert sorted(e["date"] for e in events) == ["2022-11", "2023-09-12", "2023-09-12"]
    assert not any("秋粮" in e["text"] or "截至" in e["text"] for e in events)


def test_unseen_news_bodies_resolved_in_context(unseen: dict[str, list[dict]]) -> None:
    """In a document about the eco-city, 中新联合协调理事会 and 中新联合工作委员会 are the eco-city's bodies."""
    bodies = {b["name"]: b for b in unseen["bodies"]}
    council = bodies["中新天津生态城联合协调理事会"]
    session = next(s for s in council["sessions"] if s["number"] == 15)
    assert (session["date"], session["place"]) == ("2023-09-12", "天津")
    assert {c["name"] for c in session["co_chairs"]} == {"何立峰", "黄循财"}
    committee = bodies["中新天津生态城联合工作委员会"]
    assert any(m["doc"] == "unseen_news_20230912" for m in committee["mentions"])


def test_unseen_news_people_without_titles(unseen: dict[str, list[dict]]) -> None:
    people = {p["name"]: p for p in unseen["people"]}
    for name in ("何立峰", "黄循财", "陈敏尔", "王毅", "张明华"):
        assert any(m["doc"] == "unseen_news_20230912" for m in people[name]["mentions"]), name


def test_unseen_chronology_excerpt_read_like_a_chronology(unseen: dict[str, list[dict]]) -> None:
    """Three entries pasted under one month header: each an event, dated by the year in the file's name."""
    events = [e for e in unseen["events"] if e["source"]["doc"] == "unseen_dashiji_2021_excerpt"]
    assert [(e["date"], e["rule"]) for e in events] == [
        ("2021-01-02", "chronology-entry"), ("2021-01-02", "chronology-entry"), ("2021-01-15", "chronology-entry")]
    assert "中新合作苏州工业园区软件会议" in {b["name"] for b in unseen["bodies"]}
    assert not any(b["name"].startswith("日") for b in unseen["bodies"])


def test_names_that_romanise_alike_keep_their_own_ids(tmp_path: Path) -> None:
    result = run_cli("ingest", "--sources", str(DATA / "extraction" / "namesakes"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    people = yaml.safe_load((tmp_path / "site_data" / "people.yml").read_text(encoding="utf-8"))
    ids = {p["name"]: p["id"] for p in people}
    assert ids["王伟"] == "wang-wei" and ids["王玮"].startswith("wang-wei-") and len(set(ids.values())) == len(ids)


ROLES_BEFORE = yaml.safe_load((DATA / "extraction" / "roles_before.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", ROLES_BEFORE, ids=lambda c: c["name"])
def test_role_written_before_a_name(case: dict) -> None:
    assert role_before(case["text"], case["text"].index(case["name"])) == case["role"]


def test_unseen_news_lead_gives_the_dateline(unseen: dict[str, list[dict]]) -> None:
    """新华社北京3月5日电 dates the report: 5日 and 会后 are that day, 去年11月 the year before; figures make no event."""
    events = [e for e in unseen["events"] if e["source"]["doc"] == "unseen_xinhua_lead"]
    assert sorted(e["date"] for e in events) == ["2022-11", "2022-12", "2023-03-05", "2023-03-05"]


def test_unseen_session_of_a_body_called_by_its_kind(unseen: dict[str, list[dict]]) -> None:
    """联委会第十九次会议 after the JCBC's full name is the JCBC's 19th session."""
    bodies = {b["name"]: b for b in unseen["bodies"]}
    sessions = {s["number"]: s for s in bodies["中新双边合作联委会"]["sessions"]}
    assert (sessions[19]["date"], sessions[19]["place"]) == ("2022-12", "新加坡")


@pytest.mark.parametrize(("stated", "expected"), [
    (("2019-04-29 10:00:00", "article.md", "标题"), "2019-04-29"),
    (("", "xwlb_20241126.md", "标题"), "2024-11-26"),
    (("", "transcript.md", "《晚间新闻》 (20230912)"), "2023-09-12"),
    (("", "report_20231345.md", "标题"), ""),
])
def test_dateline_from_front_matter_file_name_or_title(stated: tuple[str, ...], expected: str) -> None:
    assert dateline(*stated) == expected


def test_unseen_role_in_the_body_named_before(unseen: dict[str, list[dict]]) -> None:
    """理事会中方主席 after the council's full name: the council is the organisation, the side part of the title."""
    people = {p["name"]: p for p in unseen["people"]}
    roles = {(r["organisation"], r["title"]) for r in people["何立峰"]["roles"]}
    assert ("中新天津生态城联合协调理事会", "中方主席") in roles


def test_an_agreement_between_other_countries_is_no_event_of_the_cooperation(unseen: dict[str, list[dict]]) -> None:
    """美国与新加坡签订… and 日本和泰国…缔结… are dated, but not between the cooperation's two parties, and a newspaper's
    comment (《海峡时报》便曾有评论…) is no event either; 中国与新加坡签署… is an event."""
    dates = {e["date"] for e in unseen["events"] if e["source"]["doc"] == "unseen_commentary_fta"}
    assert dates == {"2008-10-23"}


def test_a_linked_name_is_a_person_with_its_bounds(unseen: dict[str, list[dict]]) -> None:
    """Names linked in a wiki article: kept with no other context (…华人有[[张明远]]和[[陈婉如]]), cut where the link
    ends when the model reads on into the next word (航海家[[汪大渊]]南游); a linked dynasty is no person."""
    people = {p["name"] for p in unseen["people"] if any(m["doc"] == "unseen_wiki_migration" for m in p["mentions"])}
    assert people == {"张明远", "陈婉如", "汪大渊"}


def test_an_event_of_a_very_long_sentence_quotes_its_clauses(tmp_path: Path) -> None:
    """A sentence of 40 dated clauses and no full stop: each event quotes the clauses around its own date, not
    the whole sentence (quoting it whole made the datasets grow with the square of the sentence)."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "long_sentence.txt").write_bytes((DATA / "extraction" / "long_sentence.txt").read_bytes())
    result = run_cli("ingest", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    events = yaml.safe_load((tmp_path / "out" / "site_data" / "events.yml").read_text(encoding="utf-8"))
    assert len(events) == 40
    for event in events:
        year, month, day = (int(part) for part in event["date"].split("-"))
        assert event["text"].startswith(f"{year}年{month}月{day}日") and len(event["text"]) < 100


def test_officials_listed_one_to_a_line_in_a_narrow_column(unseen: dict[str, list[dict]]) -> None:
    """A PDF's column of office-holders: a name on a line of its own (standing like a heading) is a person, two
    short lines side by side are not run together (孙立新周文斌), and the lines of a list with notes that did
    run together (郑国强（…）[3]何志远（…）) still give each name."""
    people = {p["name"] for p in unseen["people"]
              if any(m["doc"] == "unseen_officials_column" for m in p["mentions"])}
    assert people == {"王建华", "刘明远", "赵德胜", "马立军", "孙立新", "周文斌", "钱学文", "李春生", "吴国平", "陈志刚",
                      "郑国强", "何志远", "冯海涛"}


def test_a_chronology_set_as_a_table_gives_its_events(unseen: dict[str, list[dict]],
                                                       documents: dict[str, list[str]]) -> None:
    """Rows with a cell that is a date alone are read as sentences: their events, people and session, each at
    its row's line; a table of figures (2020年目标值, 当年…) tells of no happening, a table of members names
    people."""
    doc = "unseen_milestones_table"
    events = [e for e in unseen["events"] if e["source"]["doc"] == doc]
    assert [e["date"] for e in events] == ["2008-09-28", "2012-05", "2020-11-12"]
    assert all(e["text"][:4] in documents[doc][e["source"]["line"] - 1] for e in events)
    people = {p["name"] for p in unseen["people"] if any(m["doc"] == doc for m in p["mentions"])}
    assert people == {"韩正", "王瑞杰", "丁薛祥", "黄循财"}  # the last two from a table of members
    offices = {p["name"]: [r["as_stated"] for r in p["roles"] if r["source"]["doc"] == doc]
               for p in unseen["people"] if p["name"] in ("丁薛祥", "黄循财")}
    assert offices == {"丁薛祥": ["国务院副总理"], "黄循财": ["新加坡副总理"]}  # from the column of offices (职务)
    sessions = [s for b in unseen["bodies"] for s in b.get("sessions", [])
                if any(m["doc"] == doc for m in s.get("sources", s.get("mentions", [])))]
    assert [s["number"] for s in sessions] == [16]


def test_a_table_of_sessions_gives_the_sessions_of_the_body_named_before(unseen: dict[str, list[dict]]) -> None:
    """第十五次 | 2019年10月15日 | 重庆 | 韩正 | 王瑞杰 under 届次 | 日期 | 地点 | 中方主席 | 新方主席, after the body
    is named: its sessions with their dates, places (a video meeting as its format) and chairs."""
    doc = "unseen_wiki_sessions"
    sessions = {s["number"]: s for b in unseen["bodies"] for s in b["sessions"]
                if any(source["doc"] == doc for source in s["sources"])}
    assert sorted(sessions) == [15, 16]
    assert (sessions[15]["date"], sessions[15]["place"], sessions[15]["format"]) == ("2019-10-15", "重庆", "")
    assert (sessions[16]["date"], sessions[16]["place"], sessions[16]["format"]) == ("2020-12-08", "", "视频会议")
    assert [(c["name"], c["title"]) for c in sessions[15]["co_chairs"]] == [("韩正", "中方主席"), ("王瑞杰", "新方主席")]


def test_a_web_page_s_posting_time_dates_its_report(unseen: dict[str, list[dict]]) -> None:
    """发布时间：2023-06-15 is page furniture, but it is the report's date: 6月14日 in its text is 2023-06-14."""
    dates = [e["date"] for e in unseen["events"] if e["source"]["doc"] == "unseen_web_posted"]
    assert dates == ["2023-06-14"]


def test_a_year_standing_as_a_heading_dates_what_follows(unseen: dict[str, list[dict]]) -> None:
    """大事记 under year headings (2018年, 2019年) with entries of month and day: each entry is of its heading's
    year, not of the last date before it."""
    dates = sorted(e["date"] for e in unseen["events"] if e["source"]["doc"] == "unseen_dashiji_years")
    assert dates == ["2018-01-15", "2018-03-28", "2018-11-12", "2019-05-20", "2019-10"]


def test_a_foreign_name_s_first_part_written_alone_is_the_same_person(unseen: dict[str, list[dict]]) -> None:
    """维文·巴拉克里斯南, then 维文表示…: one person, mentioned twice; Singapore's ministers are found by name."""
    people = {p["name"]: p for p in unseen["people"]
              if any(m["doc"] == "unseen_foreign_names" for m in p["mentions"])}
    assert set(people) == {"王毅", "维文·巴拉克里斯南", "丁薛祥", "尚穆根", "颜金勇", "李显龙", "黄循财"}
    assert len([m for m in people["维文·巴拉克里斯南"]["mentions"] if m["doc"] == "unseen_foreign_names"]) == 2


def test_a_traditional_table_is_read_in_simplified_like_its_text(unseen: dict[str, list[dict]]) -> None:
    """The cells of a table in traditional script are read as the text is, in simplified: 地點 is the place's
    column, 韓正 is the person 韩正."""
    sessions = {s["number"]: s for b in unseen["bodies"] for s in b["sessions"]
                if any(source["doc"] == "unseen_wiki_sessions_trad" for source in s["sources"])}
    assert sessions[17]["place"] == "重庆"
    assert [c["name"] for c in sessions[17]["co_chairs"]] == ["韩正", "王瑞杰"]
    assert not any(p["name"] in ("韓正", "王瑞傑") for p in unseen["people"])
