"""Stage 4: find mentions of dates, cooperation bodies and their sessions, projects and people in text.

Pure functions over one sentence or paragraph of simplified text; they return mentions with character
offsets, and know nothing about documents. Patterns follow how Chinese institutions are named
(…理事会第二十一次会议, 第三届…论坛, …2020年第一次…会议) and how officials are introduced
(title chain + name + verb); the curated registries only add aliases and English names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from generator.text.dates import number
from generator.text.patterns import HAN

NUMBER = r"[0-9一二两三四五六七八九十百零〇]{1,5}"

BODY_SUFFIX = r"(?:联委会|联合委员会|理事会|委员会|工作组|联络小组|工作小组|联席会议|软件会议|协调会议|论坛|博览会|峰会|大会|交流会|合作会议)"
# Words that end a name when scanning backwards from its suffix: verbs and conjunctions around names.
NAME_STOP = re.compile(
    r".*(?:主持召开|共同主持|主持|召开|举行|举办|出席|参加|参与|签署|肯定|讨论|审议|通过|筹备|启动|推进|落实|围绕|作为|双方|"
    r"会议|与|和|及|同|暨|在|的|为|是|了|就|由|等|于|升级|成为)"
)
# A body name: Han characters, middle dots, dashes and bracketed place names, ending in a body suffix.
BODY_NAME = rf"[{HAN}（）()·—\-]{{2,30}}?{BODY_SUFFIX}"

# A bracketed note between a body and its session: an acronym, a short name, an English name (联合委员会（JCBC）
# 第十九次会议, 联合委员会(Joint Council for Bilateral Cooperation,简称JCBC)第14次会议, 理事会(简称新苏合作理事会)会议).
BODY_NOTE = r"(?:[（(][^（）()。；\n]{2,80}[）)])?"
SESSION_AFTER = re.compile(
    rf"(?P<name>{BODY_NAME}){BODY_NOTE}(?:(?P<year>\d{{4}})年)?第(?P<num>{NUMBER})(?P<unit>次|届)(?:和第(?P<num2>{NUMBER})次)?"
    rf"(?P<tail>全体会议|会议|{BODY_SUFFIX[3:-1]})?"
)
SESSION_PER_YEAR = re.compile(
    rf"(?P<prefix>[{HAN}（）()·—\-]{{2,20}}?)(?P<year>\d{{4}})年第(?P<num>{NUMBER})次(?:和第(?P<num2>{NUMBER})次)?"
    rf"(?P<suffix>[{HAN}]{{0,6}}?会议)"
)
# The body, then where and that it met, then the session: 联合协调理事会召开了第四次会议, 联合工作委员会在新加坡召开第二次会议.
SESSION_HELD = re.compile(
    rf"(?P<name>{BODY_NAME}){BODY_NOTE}(?:在[^，。；]{{1,12}}?)?(?:召开|举行|举办)了?第(?P<num>{NUMBER})(?P<unit>次|届)(?:全体)?会议"
)
BODY_MENTION = re.compile(BODY_NAME)
JOINED_WORDS = re.compile(rf"[{HAN}]{{2}}[与和及][{HAN}]{{2}}{BODY_SUFFIX}$")
# A body called by its kind alone, after its full name (联委会第二十次会议): the resolver finds which one.
SESSION_SHORT = re.compile(rf"(?<![{HAN}])(?P<name>(?:该|本|此)?{BODY_SUFFIX})第(?P<num>{NUMBER})(?P<unit>次|届)")
SESSION_BEFORE = re.compile(
    rf"第(?P<num>{NUMBER})(?P<unit>届)(?P<name>[{HAN}（）()·—\-]{{2,30}}?(?:论坛|博览会|峰会|大会|交流会|合作会议|周))"
    # …or a council's meeting counted before its name: 第二十次中新双边合作联委会会议
    rf"|第(?P<cnum>{NUMBER})(?P<cunit>次|届)(?P<council>{BODY_NAME}){BODY_NOTE}(?:全体)?会议"
)

# Projects, parks and platforms named as China–Singapore ones: 中新 + (place) + name + a kind of project.
PROJECT_KIND = (r"(?:工业园区|产业园|科技园|科创园|生命科学园|科学园|生态城|知识城|科学城|科技城|合作区|示范区|示范项目|"
                r"示范园|标杆园区|创新园|食品区|生态岛|科技岛|通道|专线)")
PROJECT = re.compile(rf"(?:中新|中国—新加坡|中国-新加坡|新加坡[—–-][{HAN}]{{2,3}})(?!社|网|集团|合作|双方|两方|两国|第)"
                     rf"(?:[（(][{HAN}]{{2,6}}[）)])?[{HAN}]{{0,10}}?{PROJECT_KIND}")
PLACE_IN_NAME = re.compile(rf"[（(]([{HAN}]{{2,6}})[）)]")


# Title words; 副? marks the ones with a deputy form.
TITLE_FORMS = (
    r"(?:副?总理|总书记|副?书记|常委|副?主任|副?部长|第二部长|副?省长|副?市长|副?区长|大使|副?总领事|领事|副?局长|副?院长|"
    r"副?会长|秘书长|副?主席|副?总裁|董事长|总经理|副?司长|副?署长|常任秘书|主任委员|国务委员|副?总统|副?议长|"
    r"总干事|首席执行官|副?所长|副?校长|记者|"
    r"副?科长|副?处长|副?站长|护士长|副?行长|副?厂长|副?馆长|副?队长|副?组长|副?社长|副?团长|"
    r"主任医师|副主任医师|医师|医生|护士|教授|研究员|工程师|副?总经理|经理|专员|主管)"
)
# The same words with the deputy forms spelled out (副?总理 -> 副总理|总理: the same matches, tried in the same
# order). The regex engine passes over an alternative that starts with a fixed character at once where that
# character is not, and tries a `副?` one in full: the person pattern, which tries title words at every
# position, runs several times faster.
TITLE_WORD = re.sub(r"副\?([^|()]+)", r"副\1|\1", TITLE_FORMS)
TITLE_PRESENT = re.compile(TITLE_WORD)
AWARD = r"(?:获评|荣获|获得|当选|被评为|荣膺|被授予|入选)"
AWARD_PRESENT = re.compile(AWARD)
PERSON_AFTER = rf"(?:{AWARD}|则|也|还|做|作|发表|应邀|会同|在|同|与|和|会见|会晤|一行|主持|表示|认为|说|指出|介绍|举行|出席|参加|致辞|率|带领|到|赴|访问|考察|调研|为|对|等|及|分析|透露|共同|通过|签署|代表|先后|分别|宣布|强调|希望|出任|担任|[，、。；：,（(“\s]|$)"
PERSON_TITLES = rf"(?P<titles>(?:[{HAN}（）()—·]{{0,24}}?{TITLE_WORD}(?:兼|、)?)+?)"
# Someone named after their workplace, with no title, when honoured: …医学研究所马瑜婷获评“全国先进工作者”.
WORKPLACE = r"(?:研究所|研究院|医院|学校|学院|大学|公司|中心|集团|银行|事务所)"
# Credits of reporters and photographers: （记者：窦延文、余海蓉、周斌）, 记者 雍黎 实习生 单倩澜.
BYLINE_ROLE = re.compile(r"(?P<role>记者|通讯员|实习生|摄影|撰稿|编辑)[：:\s]*")
CREDIT_NAMES = re.compile(rf"[{HAN}、\s]*")


def _family(surnames: frozenset[str]) -> str:
    return "|".join(sorted(surnames, key=len, reverse=True))


@functools.lru_cache(maxsize=4)
def person_pattern(surnames: frozenset[str]) -> re.Pattern[str]:
    """Title chain + a name that starts with a known surname + a word that ends a name."""
    return re.compile(rf"{PERSON_TITLES}(?P<name>(?:{_family(surnames)})[{HAN}]{{1,2}}?)(?={PERSON_AFTER})")


@functools.lru_cache(maxsize=4)
def honoured_pattern(surnames: frozenset[str]) -> re.Pattern[str]:
    """Workplace + a name + an award verb: the workplace stands where a title would."""
    return re.compile(rf"(?P<titles>[{HAN}]{{2,20}}?{WORKPLACE})(?P<name>(?:{_family(surnames)})[{HAN}]{{1,2}}?)"
                      rf"(?={AWARD})")


@dataclass(frozen=True)
class SessionMention:
    body: str
    number: int
    unit: str  # 次 | 届
    start: int
    end: int
    year: int | None = None


@dataclass(frozen=True)
class PersonMention:
    name: str
    titles: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class DateMention:
    date: str
    date_end: str
    start: int
    end: int = 0
    from_now: bool = False  # 今年, 去年, 本月: told from the report's own date


@dataclass
class Mentions:
    sessions: list[SessionMention] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)


def trim_name(raw: str) -> str:
    """Cut verbs and conjunctions that precede a name, and normalise dashes and brackets. Two words joined
    just before the body's kind are the name's own (贸易与投资委员会), not a conjunction before it."""
    joined = JOINED_WORDS.search(raw)
    head = raw[:joined.start()] if joined else raw
    stop = NAME_STOP.match(head)
    name = raw[stop.end():] if stop and stop.end() < len(raw) - 2 else raw
    name = re.sub(r"^[日月年号]", "", name)  # 2日中新合作…会议: the day marker of an entry, not the name
    name = name.replace("中国—新加坡", "中新").replace("中国-新加坡", "中新")
    name = name.replace("(", "（").replace(")", "）").replace("-", "—").replace("－", "—")
    return name.strip("（）—·")


def find_sessions(text: str) -> list[SessionMention]:
    # Every pattern needs 第 and 次 or 届; most sentences have neither, and the patterns, which try a body name
    # at every position, are slow to rule out.
    if "第" not in text or ("次" not in text and "届" not in text):
        return []
    found: list[SessionMention] = []
    for match in SESSION_AFTER.finditer(text):
        body = trim_name(match.group("name"))
        year = int(match.group("year")) if match.group("year") else None
        found += _numbered(body, match, year)
    for match in SESSION_PER_YEAR.finditer(text) if "年第" in text else ():
        if any(s.start <= match.start("num") < s.end for s in found):
            continue
        body = trim_name(match.group("prefix")) + match.group("suffix")
        found += _numbered(body, match, int(match.group("year")))
    for pattern in (SESSION_HELD, SESSION_SHORT):
        for match in pattern.finditer(text):
            if not any(s.start <= match.start("num") < s.end for s in found):
                found += _numbered(trim_name(match.group("name")), match, None)
    for match in SESSION_BEFORE.finditer(text):
        if any(s.start <= match.start() < s.end for s in found):
            continue
        counted = match.group("num") is None  # the council's alternative
        count = number(match.group("cnum" if counted else "num"))
        if count:
            found.append(SessionMention(trim_name(match.group("council" if counted else "name")), count,
                                        match.group("cunit" if counted else "unit"), match.start(), match.end()))
    return sorted(found, key=lambda s: (s.start, s.number))


def find_bodies(text: str) -> list[tuple[str, int]]:
    """(name, offset) of every name ending in a body suffix, numbered or not; the caller decides which are
    cooperation bodies and where their names start."""
    return [(trim_name(m.group(0)), m.start() + len(m.group(0)) - len(trim_name(m.group(0))))
            for m in BODY_MENTION.finditer(text)]


def _numbered(body: str, match: re.Match[str], year: int | None) -> list[SessionMention]:
    unit = match.groupdict().get("unit") or "次"
    numbers = [number(match.group("num"))]
    if match.groupdict().get("num2"):
        numbers.append(number(match.group("num2")))
    return [SessionMention(body, n, unit, match.start(), match.end(), year) for n in numbers if n]


def find_people(text: str, surnames: frozenset[str]) -> list[PersonMention]:
    """Officials introduced by a title chain: 苏州市委常委、园区党工委书记吴庆文 -> 吴庆文 with two titles."""
    return list(_people(text, surnames))


@functools.lru_cache(maxsize=4096)  # the resolver asks about a sentence several times, and the search is slow
def _people(text: str, surnames: frozenset[str]) -> tuple[PersonMention, ...]:
    people: list[PersonMention] = []
    # The title-chain pattern is slow to rule out at every position; without a title word it cannot match.
    for match in person_pattern(surnames).finditer(text) if TITLE_PRESENT.search(text) else ():
        name = match.group("name")
        # A lazy title chain can swallow an earlier official: 副总理韩正在北京同新加坡副总理王瑞杰.
        chain = match.group("titles")
        inner = find_people(chain, surnames) if len(chain) > 4 else []
        people += [PersonMention(p.name, p.titles, match.start() + p.start, match.start() + p.end) for p in inner]
        if inner:
            chain = chain[inner[-1].end:]
        people.append(PersonMention(name, _split_titles(chain), match.start("name"), match.end("name")))
    people += _not_within(_honoured(text, surnames) + _credited(text, surnames), people)
    return tuple(sorted(people, key=lambda p: p.start))


def _not_within(found: list[PersonMention], known: list[PersonMention]) -> list[PersonMention]:
    return [p for p in found if not any(k.start <= p.start < k.end for k in known)]


def _honoured(text: str, surnames: frozenset[str]) -> list[PersonMention]:
    if not AWARD_PRESENT.search(text):  # the pattern ends at an award verb, and is slow to rule out
        return []
    return [PersonMention(m.group("name"), (trim_name(m.group("titles")),), m.start("name"), m.end("name"))
            for m in honoured_pattern(surnames).finditer(text)]


def _credited(text: str, surnames: frozenset[str]) -> list[PersonMention]:
    """Names listed after a credit role; the list ends at the first part that is not a name."""
    found: list[PersonMention] = []
    for match in BYLINE_ROLE.finditer(text):
        position = match.end()
        for part in re.split(r"([、\s]+)", CREDIT_NAMES.match(text, position).group(0)):
            if re.fullmatch(r"[、\s]*", part):
                position += len(part)
                continue
            if not (2 <= len(part) <= 3 and (part[0] in surnames or part[:2] in surnames)):
                break
            found.append(PersonMention(part, (match.group("role"),), position, position + len(part)))
            position += len(part)
    return found


def _split_titles(chain: str) -> tuple[str, ...]:
    chain = re.sub(r"^(?:.*?(?:会见|会晤|授予|表彰|与|同|和|及|：|，))?[日月年△]?", "", chain)
    parts = [p for p in re.split(r"[、兼]", chain) if p]
    return tuple(parts)


def find_projects(text: str) -> list[tuple[str, int]]:
    """(name, offset) of each project named by the pattern; brackets are normalised to full width."""
    return [(match.group(0).replace("(", "（").replace(")", "）").replace("-", "—"), match.start())
            for match in PROJECT.finditer(text) if not DESCRIBED.search(match.group(0))]


# A phrase that describes a project rather than names one: 中新互利合作新的示范项目, 中新共建…通道.
DESCRIBED = re.compile(r"的|共建|共同|互利|一个|新型")


def place_in_name(name: str) -> str:
    """The bracketed place of a project name: 中新（重庆）… -> 重庆."""
    match = PLACE_IN_NAME.search(name)
    return match.group(1) if match else ""


SENTENCE_END = re.compile(r"(?<=[。！？；])")


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; Chinese sentence-final punctuation ends a sentence."""
    out: list[tuple[int, str]] = []
    offset = 0
    for part in SENTENCE_END.split(text):
        if part:
            out.append((offset, part))
        offset += len(part)
    return out
