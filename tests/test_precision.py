"""Precision on documents of forms the rules were not written for: a day's reports as a list API's JSON, a
web page with its posting line and related links, relative words of time, statistics, a headline in English.
Each document under tests/data/precision was written for these tests."""

from __future__ import annotations

import pytest
import yaml
from conftest import DATA, run_cli

from generator.knowledge.persons import plausible
from generator.knowledge.registry import load_surnames
from generator.text.dates import Context, dateline, find

SOURCES = DATA / "precision"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    out = tmp_path_factory.mktemp("precision-out")
    result = run_cli("ingest", "--sources", str(SOURCES), "--out", str(out))
    assert result.returncode == 0, result.stderr
    found = {name: yaml.safe_load((out / "site_data" / f"{name}.yml").read_text(encoding="utf-8"))
             for name in ("bodies", "events", "documents", "projects", "people")}
    found["texts"] = [yaml.safe_load(path.read_text(encoding="utf-8"))
                      for path in sorted((out / "site_data" / "texts").glob("*.yml"))]
    return found


def events_of(built: dict[str, list[dict]], doc: str) -> list[tuple[str, str]]:
    """The events that cite the document (one that several documents report cites each)."""
    return sorted((e["date"], e["text"]) for e in built["events"]
                  if any(source["doc"] == doc for source in e.get("sources", [e["source"]])))


def sessions_of(built: dict[str, list[dict]], number: int, doc: str) -> list[dict]:
    return [s for body in built["bodies"] for s in body["sessions"]
            if s["number"] == number and any(source["doc"] == doc for source in s["sources"])]


def test_a_json_export_is_read_as_its_records(built: dict[str, list[dict]]) -> None:
    """Each record's title is a heading and its body its text; ids, links and posting times are no text, and a
    posting time (pub_date) is no event: the day's happenings are those its reports tell."""
    texts = next(t for t in built["texts"] if t["id"] == "day_export")
    headings = [b["text"] for b in texts["blocks"] if b["kind"] == "heading"]
    assert headings == ["[视频]甲副总理会见新加坡副总理", "[视频]多地迎来降雨"]
    assert not any("pub_date" in b["text"] or "ITEM0001" in b["text"] for b in texts["blocks"])
    assert [date for date, _ in events_of(built, "day_export")] == ["2016-05-17", "2016-05-17"]
    assert [s["date"] for s in sessions_of(built, 11, "day_export")] == ["2016-05-17"]
    document = next(d for d in built["documents"] if d["id"] == "day_export")
    assert document["title"] == "day_export"  # a day's reports: no record's title is the document's


def test_an_export_s_accounting_sums_to_its_text(built: dict[str, list[dict]]) -> None:
    from generator.text.read import normalise_whitespace

    raw = normalise_whitespace((SOURCES / "day_export.txt").read_text(encoding="utf-8"))
    document = next(d for d in built["documents"] if d["id"] == "day_export")
    assert sum(document["accounting"].values()) == len(raw)
    assert document["accounting"]["removed:json-field"] > 0


def test_relative_words_date_only_against_the_report_s_own_date(built: dict[str, list[dict]]) -> None:
    """Without a dateline: 本月 after 2015年11月 is no date, nor 2月27日 with no year before it; 初步, 初现 are no
    dates; 去年 with a total and a rank held (第一大贸易伙伴) tell no happening. A state's own milestone (开埠) is
    background, whenever it is dated, also in a clause that goes on from it (…，并于翌年…); a visit between the
    two is a happening, however early."""
    assert [date for date, _ in events_of(built, "relative_words")] == ["1974", "2009-01", "2015-11"]


def test_a_posting_line_dates_the_page_and_tells_nothing(built: dict[str, list[dict]]) -> None:
    """来源…责任编辑… 2019-09-05 07:46:47 is furniture; the lead's 9月5日电 is the day the report was filed; the
    meeting is of 9月4日, as is what followed it (会谈后); a day after the report's is a plan; the related links and
    their teasers are dropped."""
    events = events_of(built, "posted_page")
    assert [date for date, _ in events] == ["2019-09-04", "2019-09-04"]
    assert [s["date"] for s in sessions_of(built, 20, "posted_page")] == ["2019-09-04"]
    texts = next(t for t in built["texts"] if t["id"] == "posted_page")
    assert not any("直飞航线" in b["text"] or "责任编辑" in b["text"] for b in texts["blocks"])


def test_today_and_recently_against_a_headline_s_english_date(built: dict[str, list[dict]]) -> None:
    assert [date for date, _ in events_of(built, "english_headline")] == ["2012", "2012-03-12"]


@pytest.mark.parametrize(("text", "reported", "expected"), [
    ("今天，双方签署协议。", "2020-06-03", ["2020-06-03"]),
    ("昨日，双方签署协议。", "2020-06-03", ["2020-06-02"]),
    ("昨日，双方签署协议。", "", []),
    ("近日，双方签署协议。", "2020-01-03", []),  # in January, 近日 may be of the year before
    ("双方初步建成园区，到底如何？", "", []),
    ("10月15日，双方签署议定书，将于2019年10月16日生效。", "", ["2019-10-15", "2019-10-16"]),
    ("10月17日，双方同意于2019年10月16日前完成。", "", ["2019-10-16"]),  # a later day takes no earlier year
])
def test_relative_days_and_years_given_later(text: str, reported: str, expected: list[str]) -> None:
    assert [d.date for d in find(text, Context(dateline=reported))[0]] == expected


def test_a_dateline_from_an_english_date() -> None:
    assert dateline("Speech at the Investment Seminar, 25 Oct 2011") == "2011-10-25"
    assert dateline("Remarks on October 5, 2019 in Singapore") == "2019-10-05"
    assert dateline("Report 32 Oct 2011") == ""


def test_sessions_named_with_notes_sides_and_a_visit_s_span(built: dict[str, list[dict]]) -> None:
    """A bracketed English name or short name between a council and its session; sessions named with the span
    of a visit held on the day a later sentence of chairing gives; a committee called by one side of it (淡马锡
    方面联席委员会) or by its kind after 自 is the committee named before, not another body."""
    sessions = {(body["name"], s["number"]): (s["date"], s["date_end"])
                for body in built["bodies"] for s in body["sessions"]
                if any(source["doc"] == "council_notes" for source in s["sources"])}
    assert sessions == {
        ("中新双边合作联委会", 13): ("2016-10-12", ""),
        ("中新天津生态城联合协调理事会", 9): ("2016-10-12", ""),
        ("新加坡—浙江经济贸易理事会", 19): ("2016-11-03", ""),
        ("吉林—淡马锡联席委员会", 3): ("2016-11-20", ""),
        ("吉林—淡马锡联席委员会", 2): ("", ""),
    }
    bodies = [body["name"] for body in built["bodies"]
              if any(mention["doc"] == "council_notes" for mention in body["mentions"])]
    assert not [name for name in bodies if "方面" in name or name == "淡马锡联席委员会"]


def test_projects_named_with_a_middle_dot_or_in_passing(built: dict[str, list[dict]]) -> None:
    """新加坡·南京生态科技岛, 苏州工业园 and 天津生态城 are the curated projects under other spellings."""
    projects = sorted(p["name"] for p in built["projects"]
                      if any(m["doc"] == "projects_in_passing" for m in p["mentions"]))
    assert projects == ["中新南京生态科技岛", "中新天津生态城", "苏州工业园区"]


def test_names_kept_whole_and_without_titles(built: dict[str, list[dict]]) -> None:
    """A foreign name's hyphened part belongs to it, a long one written without dots is a name too; a title the
    model read into a name (欧阳明高常委) is not part of it, nor is an office a name (全国政协主席); a surname
    with a title, a side and a medium are no people; a leader's wife (主席夫人) is introduced by her title; a
    curated leader is found wherever named (我国李显龙总理)."""
    people = sorted(p["name"] for p in built["people"]
                    if any(m["doc"] == "foreign_names" for m in p["mentions"]))
    assert {"科琳达·格拉巴尔-基塔罗维奇", "阿纳斯塔西亚迪斯", "彭丽媛", "欧阳明高", "俞正声", "李显龙"} <= set(people)
    assert not {"科琳达·格拉巴尔", "李谠常委", "习主席", "伊媒", "巴方", "全国政协", "全国政协主席"} & set(people)


def test_a_page_whose_title_gives_the_year_dates_its_entries_by_it(built: dict[str, list[dict]]) -> None:
    """2006年：… posted in 2023: its months and days are of 2006, not of the posting year."""
    assert [date for date, _ in events_of(built, "year_page")] == ["2006-03-05", "2006-09-12"]


def test_a_session_told_twice_in_one_document_is_one_event(built: dict[str, list[dict]]) -> None:
    """The committee's third meeting of 2016-11-20, told in the account and again in the year's review: one
    event citing both lines."""
    events = [e for e in built["events"] if e["source"]["doc"] == "council_notes" and e["date"] == "2016-11-20"]
    assert len(events) == 1
    assert [source["line"] for source in events[0]["sources"]] == [9, 11]


def test_a_page_s_title_is_not_its_furniture(built: dict[str, list[dict]]) -> None:
    """A close button, a menu, the site's home link and its sponsor above the headline are not the title; the
    posting line dates the meeting."""
    titles = {d["id"]: d["title"] for d in built["documents"]}
    assert titles["furniture_title"] == "苏州工业园区开发建设取得新进展"
    assert [date for date, _ in events_of(built, "furniture_title")] == ["2021-03-01"]


def test_front_matter_after_blank_lines_with_an_english_date(built: dict[str, list[dict]]) -> None:
    """A feed's export: blank lines, then front matter whose date is written the web's way (Tue, 01 Mar 2022)."""
    titles = {d["id"]: d["title"] for d in built["documents"]}
    assert titles["feed_post"] == "中新合作论坛在苏州举行"
    assert [date for date, _ in events_of(built, "feed_post")] == ["2022-03-01"]


def test_an_export_wrapped_in_objects_and_printed_over_lines(built: dict[str, list[dict]]) -> None:
    """{"data": {"list": […]}} printed with indents: the records found inside the wrappers, each fact at the raw
    line its body starts on, dated by the records' posting time."""
    events = [e for e in built["events"] if e["source"]["doc"] == "wrapped_export"]
    assert [(e["date"], e["source"]["line"]) for e in events] == [("2022-12-29", 10)]


@pytest.mark.parametrize(("name", "expected"), [
    ("阿纳斯塔西亚迪斯", True), ("乌苏帕什维利", True), ("王建华", True), ("欧阳明高", True),
    ("王建华新区党工委", False), ("康泰南宣国化", False), ("全国政协主席", False),
])
def test_a_long_name_is_written_in_the_characters_of_foreign_names(name: str, expected: bool) -> None:
    assert plausible(name, load_surnames()) is expected


def test_a_traditional_page_s_furniture_is_known_in_its_script(built: dict[str, list[dict]]) -> None:
    """The same page in traditional script: 相關推薦 heads its links, 來源…責任編輯… is its posting line."""
    assert [date for date, _ in events_of(built, "posted_page_trad")] == ["2019-09-04", "2019-09-04"]
    texts = next(t for t in built["texts"] if t["id"] == "posted_page_trad")
    assert not any("直飛" in b["text"] or "責任編輯" in b["text"] for b in texts["blocks"])


def test_a_bare_day_in_a_later_paragraph_is_of_the_report_s_month(built: dict[str, list[dict]]) -> None:
    """A report of 2023-12-08: 7日 in a paragraph after one that looks back on 1997 is 2023-12-07."""
    assert [date for date, _ in events_of(built, "later_paragraph")] == ["1997", "2023-12-07"]


def test_a_lead_s_day_takes_the_year_its_page_header_writes(built: dict[str, list[dict]]) -> None:
    """北京11月18日电 under a header cut over two lines (2003年 / 11月19日12:00): the report is of 2003-11-18."""
    assert [date for date, _ in events_of(built, "header_lead")] == ["2003-11-18"]


def test_related_links_of_a_page_without_links_and_an_update_time(built: dict[str, list[dict]]) -> None:
    """In HTML whose related items are not links, the short lines under 相关推荐 are still other pages'; a mirror's
    update time is furniture that dates nothing."""
    assert [date for date, _ in events_of(built, "related_html")] == ["2019-09-04"]
    texts = next(t for t in built["texts"] if t["id"] == "related_html")
    assert not any("直飞" in b["text"] or "Update" in b["text"] for b in texts["blocks"])


def test_a_lead_without_a_year_is_given_none_guessed(built: dict[str, list[dict]]) -> None:
    """新华社北京3月5日电 with no year on the page: the year the text cites most (a statistic's 2021) is a guess,
    so 5日 dates nothing."""
    assert events_of(built, "yearless_lead") == []
