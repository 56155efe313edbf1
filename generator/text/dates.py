"""A grammar of Chinese dates in running text, resolved against their context.

Written forms: a year (1997年, 二〇〇七年), a month (5月, 十一月) with a part of it (上旬/中旬/下旬, 初, 底, 末),
a day (12日, 二十一日), ranges that end later (7月17日至19日, 18—19日, 8月30日至9月2日), and relative forms
(同年, 当年, 去年, 今年, 明年, 翌年/次年, 同月, 当月, 本月, 次日/翌日, 当天/当日/同日/当晚, and 会后/会谈后:
after the meeting just told of, the same day; 今天, 昨天, 前天 and 近日 told from the report's own date). Arabic, full-width and Chinese
numerals are read alike; a whole date in figures (2015.11.7, 2015-11-07, 2015/11/7) and a year of the
Republic (民国八十九年) are read too.

What a date leaves out is taken from its context (`Context`): the nearest explicit date before it, else the
document's dateline (the date of a news report, which also anchors 今年/去年), else the document's year. A
part of a month (9月中旬) makes a month-precise date. A date the calendar does not have is no date.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, replace

CN = "〇零一二三四五六七八九十"
CN_VALUE = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

YEAR = r"(?:1[89]\d\d|20\d\d|[一二][〇零一二三四五六七八九]{3})"
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
RELATIVE_YEAR = r"(?:同年|当年|是年|去年|上年|前年|今年|本年|明年|翌年|次年|隔年)"
PART = r"(?:上旬|中旬|下旬|初|底|末)"
RANGE = r"[至到—–－\-~～]"

ROC_YEAR = r"民[国國](?P<roc>\d{1,3}|[一二三四五六七八九十百零〇]{1,5})年"  # years of the Republic: 民国89年 is 2000

DATE = re.compile(
    rf"(?<![0-9A-Za-z_./\-])(?P<ny>(?:19|20)\d\d)(?P<sep>[./\-])(?P<nmo>1[0-2]|0?[1-9])(?P=sep)(?P<nd>3[01]|[12]\d|0?[1-9])"
    rf"(?![\d./\-A-Za-z_])"  # not part of a number, a version or a path (…/2017/01/26/…)
    rf"|(?<![\d{CN}])(?<![\d{CN}]{RANGE})(?:{ROC_YEAR}|(?P<y>{YEAR})年|(?P<ry>{RELATIVE_YEAR}))?"
    rf"(?:(?P<rm>同月|当月)|(?P<nm>本月)|(?P<m>{MONTH})月)?(?P<part>{PART})?"
    rf"(?:(?P<d>{DAY})(?:日|号|(?={RANGE}{DAY}(?:日|号)))"
    rf"(?:{RANGE}(?:(?P<m2>{MONTH})月)?(?P<d2>{DAY})(?:日|号)|[和及、](?P<d3>{DAY})(?:日|号)(?!{RANGE}))?)?"
    rf"|(?P<later>[一两二三四五六七八九十])年(?:后|之后|以后)"  # 一年后: counted from the year told before
    rf"|^\s*(?P<cy>(?:19|20)\d\d)(?=[，,]\s*[\u4e00-\u9fff])"  # 2005，李显龙出任总理: a year opening a sentence
    rf"|(?P<rd>次日|翌日|当天|当日|同日|当晚|会后|会谈后|会见后)"
    rf"|(?P<now>今天|今日|昨天|昨日|前天|近日|日前)(?![\u4e00-\u9fff]{{0,2}}[报讯电])"
)
# A year that names a decade, a fiscal year, a grade or an edition is not a date of a happening.
# A year followed by a digit is a date the calendar does not have (2020年13月); 2019年第一次 counts in a year.
NOT_A_YEAR_AFTER = re.compile(r"代|度|级|版|届|期|款|型|号|产|第|\d")


@dataclass(frozen=True)
class Context:
    """What a date that leaves something out takes it from."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    dateline: str = ""  # YYYY-MM-DD of the report, or ''

    def after(self, date: str) -> Context:
        """The context for what follows an explicit date."""
        parts = [int(p) for p in date.split("-")]
        if len(parts) == 1:
            return replace(self, year=parts[0], month=None, day=None)
        if len(parts) == 2:
            return replace(self, year=parts[0], month=parts[1], day=None)
        return replace(self, year=parts[0], month=parts[1], day=parts[2])

    @property
    def reference(self) -> tuple[int | None, int | None]:
        """Year and month of 'now' for 今年/去年/本月: the document's own date (its dateline) and nothing else. A
        date the text gave earlier is no 'now' (本月 after 2015年11月 is not November 2015), nor a year guessed
        for the document: without a dateline such words date nothing."""
        if self.dateline:
            return int(self.dateline[:4]), int(self.dateline[5:7])
        return None, None


@dataclass(frozen=True)
class FoundDate:
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    date_end: str
    start: int
    end: int
    explicit_year: bool  # written with its own year (not taken from the context)
    from_now: bool = False  # 去年, 今年, 本月…: told from the report's date, a look back that moves no context


def number(text: str) -> int:
    """12, １２, 十二, 二十一, 二〇〇七, 一百零五, 两 -> int: figures, digits read in a row, or tens and hundreds."""
    text = text.translate(FULL_WIDTH)
    if text.isdigit():
        return int(text)
    if "十" not in text and "百" not in text:  # 二〇〇七
        return int("".join(str(CN_VALUE[c]) for c in text))
    total, current = 0, 0
    for char in text:
        if char in CN_VALUE:
            current = CN_VALUE[char]
        else:  # 十, 百: a place that multiplies the digit before it (一 when none is written: 十二)
            total += (current or 1) * (10 if char == "十" else 100)
            current = 0
    return total + current


def dateline(*stated: str) -> str:
    """The date of the report: the first of the texts given (front matter date, file name, title line) that holds a
    whole date (2024-11-26, 20241126: news_20241126.md, 《新闻联播》 (20241126))."""
    for text in stated:
        match = re.search(r"(?<!\d)((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)(?!\d)", text or "")
        parts = [int(part) for part in match.groups()] if match else _english_date(text or "")
        if parts:
            try:
                return datetime.date(*parts).isoformat()
            except ValueError:
                continue
    return ""


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ENGLISH_DATE = re.compile(r"\b(?:(?P<d>[0-3]?\d)\s+(?P<m>[A-Za-z]{3,9})\.?,?\s+|(?P<m2>[A-Za-z]{3,9})\.?\s+(?P<d2>[0-3]?\d),?\s+)"
                          r"(?P<y>(?:19|20)\d\d)\b")


def _english_date(text: str) -> list[int]:
    """25 Oct 2011, October 25, 2011: the date of a title written in English (a ministry's speech)."""
    for match in ENGLISH_DATE.finditer(text):
        month, day = (match["m"], match["d"]) if match["m"] else (match["m2"], match["d2"])
        if month[:3].lower() in MONTHS:
            return [int(match["y"]), MONTHS.index(month[:3].lower()) + 1, int(day)]
    return []


def find(text: str, context: Context) -> tuple[list[FoundDate], Context]:
    """Every date in the text, resolved; and the context for the text that follows."""
    found: list[FoundDate] = []
    normal = text.translate(FULL_WIDTH)
    waiting: list[re.Match[str]] = []  # a month and day before any year: the text's next year may give it
    for match in DATE.finditer(normal):
        if not match.group(0) or not _is_date(match, normal):
            continue
        resolved = _resolve(match, context)
        if resolved is None:
            if context.year is None and (match["m"] or match["d"]) and not (match["ry"] or match["now"]):
                waiting.append(match)
            continue
        if resolved.explicit_year and waiting:
            found += _given_year(waiting, resolved)
            waiting = []
        found.append(resolved)
        if not resolved.from_now:
            context = context.after(resolved.date)
    return found, context


def _given_year(waiting: list[re.Match[str]], later: FoundDate) -> list[FoundDate]:
    """10月15日…，将于2019年10月16日生效: a month and day that no year preceded take the year the sentence
    gives after them, where they fall on or before that date."""
    year = Context(year=int(later.date[:4]))
    dated = [found for match in waiting if (found := _resolve(match, year))]
    return [found for found in dated if found.date[:len(later.date)] <= later.date]


def _is_date(match: re.Match[str], text: str) -> bool:
    groups = match.groupdict()
    if groups["ny"] or groups["now"] or groups["later"] or groups["cy"]:
        return True
    if not any(groups[name] for name in ("y", "roc", "ry", "m", "rm", "nm", "d", "rd", "now")):
        return False  # 初, 底, 末 alone (初期, 初现, 到底) are words: a part of a month needs its month or year
    if match.start() and text[match.start() - 1] == "年" and not (groups["y"] or groups["roc"] or groups["ry"]):
        return False  # 八十九年十月: after a year this grammar cannot read, the month is not of the context's year
    year_only = (groups["y"] or groups["roc"]) and not (groups["m"] or groups["d"] or groups["rm"] or groups["nm"])
    if year_only and NOT_A_YEAR_AFTER.match(text, match.end()):
        return False
    if groups["m"] and not groups["d"] and text[match.end():match.end() + 1].isdigit():
        return False  # 1月0日, 1月35日: a day the calendar does not have
    # 一日 / 十日 standing alone are more often words (一日三餐) than dates; a day needs Arabic digits then
    if groups["d"] and not (groups["m"] or groups["y"] or groups["ry"] or groups["rm"] or groups["nm"]):
        return groups["d"].isdigit()
    return True


def _resolve(match: re.Match[str], context: Context) -> FoundDate | None:
    g = match.groupdict()
    if g["rd"]:
        return _relative_day(g["rd"], match, context)
    if g["now"]:
        return _report_day(g["now"], match, context.dateline)
    if g["later"]:
        year = context.year + number(g["later"]) if context.year else None
        return FoundDate(f"{year:04d}", "", match.start(), match.end(), False) if year else None
    if g["cy"]:
        return FoundDate(g["cy"], "", match.start("cy"), match.end(), True)
    if g["ny"]:
        return _figures(g, match)
    year = _year(g, context)
    if year is None:
        return None
    found = _dated(g, match, context, year)
    now = g["ry"] in ("去年", "上年", "前年", "今年", "本年", "明年") or bool(g["nm"])
    return replace(found, from_now=True) if found and now else found


def _dated(g: dict[str, str | None], match: re.Match[str], context: Context, year: int) -> FoundDate | None:
    month = number(g["m"]) if g["m"] else (context.month if g["rm"] else context.reference[1] if g["nm"] else None)
    if month is None and g["d"]:
        month = context.month if context.year == year and context.month else context.reference[1]
        if month is None:
            return None
    if month is None:
        return FoundDate(f"{year:04d}", "", match.start(), match.end(), bool(g["y"] or g["roc"]))
    if not 1 <= month <= 12:
        return None
    if not g["d"] or g["part"]:
        return FoundDate(f"{year:04d}-{month:02d}", "", match.start(), match.end(), bool(g["y"] or g["roc"]))
    day = number(g["d"])
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    end = _range_end(g, year, month, day)
    return FoundDate(f"{year:04d}-{month:02d}-{day:02d}", end, match.start(), match.end(), bool(g["y"] or g["roc"]))


def _figures(g: dict[str, str | None], match: re.Match[str]) -> FoundDate | None:
    """2015.11.7, 2015-11-07, 2015/11/7: a whole date, or none where the calendar has no such day."""
    try:
        day = datetime.date(int(g["ny"] or 0), int(g["nmo"] or 0), int(g["nd"] or 0))
    except ValueError:
        return None
    return FoundDate(day.isoformat(), "", match.start(), match.end(), True)


def _year(g: dict[str, str | None], context: Context) -> int | None:
    if g["y"]:
        return number(g["y"])
    if g["roc"]:
        return number(g["roc"]) + 1911
    now = context.reference[0]
    relative = g["ry"]
    if relative in ("同年", "当年", "是年"):
        return context.year
    if relative in ("去年", "上年"):
        return now - 1 if now else None
    if relative == "前年":
        return now - 2 if now else None
    if relative in ("今年", "本年") or (g["nm"] and not relative):
        return now
    if relative == "明年":
        return now + 1 if now else None
    if relative in ("翌年", "次年", "隔年"):
        return context.year + 1 if context.year else None
    # A month or day without a year: the year of the nearest date before, else of the report
    return context.year or now


def _range_end(g: dict[str, str | None], year: int, month: int, day: int) -> str:
    if not (g["d2"] or g["d3"]):
        return ""
    end_month = number(g["m2"]) if g["m2"] else month
    end_day = number(g["d2"] or g["d3"] or "")
    if not 1 <= end_month <= 12 or not 1 <= end_day <= calendar.monthrange(year, end_month)[1]:
        return ""
    if (end_month, end_day) <= (month, day):
        return ""
    return f"{year:04d}-{end_month:02d}-{end_day:02d}"


def _relative_day(word: str, match: re.Match[str], context: Context) -> FoundDate | None:
    if not (context.year and context.month and context.day):
        return None
    day = datetime.date(context.year, context.month, context.day)
    if word in ("次日", "翌日"):
        day += datetime.timedelta(days=1)
    return FoundDate(day.isoformat(), "", match.start(), match.end(), False)


def _report_day(word: str, match: re.Match[str], reported: str) -> FoundDate | None:
    """今天, 昨天, 前天 from the report's own date; 近日, 日前 (some days before it) as its year, unless the
    report is of January, when they may be of the year before. Without a dateline they date nothing."""
    if not reported:
        return None
    day = datetime.date.fromisoformat(reported)
    if word in ("近日", "日前"):
        return FoundDate(f"{day.year:04d}", "", match.start(), match.end(), False) if day.month > 1 else None
    day -= datetime.timedelta(days={"昨天": 1, "昨日": 1, "前天": 2}.get(word, 0))
    return FoundDate(day.isoformat(), "", match.start(), match.end(), False)
