"""People named in a document: the named-entity model proposes, the context decides.

A candidate is a PER word of the model (`ner`). It is kept when the document shows it as a person at least
once: a title or role word just before it (新加坡总理李显龙, 新加坡的李显龙总理), a title just after it
(温家宝总理), a verb of speaking, meeting or acting just after it (陈德铭亲赴, 李显龙去信), a credit
(记者 雍黎), a line of its own (a list of office-holders), or a place in a list of names one of which is kept
(袁家军、王毅等参加; consecutive lines that are only names). Once kept, every other
mention of the same name in the document is that person too. Words the model tags as names but that end like
an organisation, a side or a place (萨方, 黎真主党), or that are not Han characters, are never people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.knowledge.extract import TITLE_WORD
from generator.knowledge.ner import Token

SPACE = re.compile(r"\s")
# A name: two to four characters, or a foreign one written whole (阿纳斯塔西亚迪斯) or in parts (维文·巴拉克里斯南)
HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,10}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}")
# A title the named-entity model reads into the name before it (欧阳明高常委, 李谠常委)
TITLE_TAIL = re.compile(r"(?:常委|委员|主席|总理|部长|书记|市长|省长|议长|总统|首相|大使)$")
# Roles and occupations that introduce a name, besides the official titles of `extract.TITLE_WORD`.
ROLE_WORDS = (r"资政|总书记|委员长|首相|总统|国王|王储|议长|主委|夫人|发言人|代表|负责人|成员|议员|律师|史学家|学者|旅行家|"
              r"艺人|球员|选手|演员|歌手|影星|明星|作家|总编辑|主编|编辑|董事|委员|特工|官员|专家|行政长官|特首|院士|"
              r"博士|先生|女士|教练|运动员|企业家|创始人|主持人|经济学家|科学家|画家|导演|外长|外交部长|防长|部长")
# A word for what someone does, ending like one (协调员, 乒乓球员, 首相, 艺术家, 律师): its name follows.
AGENT_NOUN = r"[\u4e00-\u9fff]{1,5}(?:员|官|家|师|手|星)"
TITLE_BEFORE = re.compile(rf"(?:{TITLE_WORD}|{ROLE_WORDS}|{AGENT_NOUN}|记者|通讯员|摄影|作者|撰文)[：:\s]*(?:的)?$")
# Verbs whose object is a person: 会见王伟, 陪同李明.
MEETS = re.compile(r"(?:会见|会晤|接见|看望|拜会|拜访|宴请|陪同|邀请|致电|致信|祝贺|感谢)$")
TITLE_AFTER = re.compile(rf"^(?:{TITLE_WORD}|{ROLE_WORDS})")
# What a person does right after being named.
PERSON_VERBS = re.compile(
    r"^(?:说|称|表示|认为|指出|强调|提出|提议|建议|回忆|透露|介绍|分析|看来|坦言|直言|呼吁|希望|宣布|"
    r"会见|会晤|接见|见证|出席|参加|参与|主持|访问|访华|考察|视察|调研|致辞|讲话|发表|致信|致电|去信|"
    r"亲赴|赴|前往|抵达|率|带领|一行|签署|签约|代表|担任|出任|当选|获|荣获|凭|曾|也|则|还|亦|又|等人|等|"
    r"和|与|同|及|、)")
# Words after which a country or an army is as likely as a person (乌军在…): they count for a Chinese name only.
WEAK_VERBS = re.compile(r"^(?:在|于|将|已)")
# Endings that make a word an organisation, a party or a place, not a person; the short ones (方: a side,
# 军: an army, 国, 山, 江…) also end given names, so they count only where the word does not start with a surname.
NOT_A_PERSON_END = re.compile(r"(?:党|堤|公司|集团|大学|学院|医疗|银行|班列|通道|政府|部队)$")
NOT_A_NAME_END = re.compile(r"(?:方|军|团|队|国|省|市|县|区|州|岛|港|湾|河|江|湖|山|路|街|院|所|局|部|委|会)$")
DYNASTY = re.compile(r"[\u4e00-\u9fff][朝代]")
# The characters foreign names are written in (Xinhua's transliteration table, its common part): a name longer
# than a Chinese one is written in them (阿纳斯塔西亚迪斯), not a name run into the words after it (王建华新区党工委,
# 康泰南宣国化)
TRANSLITERATION = frozenset(
    "阿埃艾安昂奥巴贝本比彼波伯博布查达代戴丹道德登迪蒂杜敦多厄恩法范菲费芬丰弗福盖甘冈戈格根古圭哈海汉豪赫亨洪胡华霍"
    "基吉加贾杰金卡凯坎康考柯科克肯库奎拉莱赖兰朗劳勒雷里利连林琳隆卢鲁伦罗洛马玛迈麦曼芒梅蒙米敏明莫姆穆纳娜奈南瑙内"
    "尼涅宁纽努诺帕潘佩彭皮珀普奇齐恰乔切钦琼丘萨塞桑瑟森沙莎舍申什施舒斯松苏索塔泰坦汤特滕提廷图托瓦万旺威韦维温"
    "沃乌伍西希锡夏谢辛休雅亚扬耶叶伊因英尤于约扎泽詹兹佐娃娅丽卓琪尔夫")
FOREIGN_SHARE = 0.8
LEFT_BOUNDARY = re.compile(r"(?:^|[\s，。、；：:,.!?！？“”「」『』（）()《》—\-…·]|在|由|与|同|和|及|对|向|将|为|是|让|请|"
                           r"据|经|被|把|给|跟|时任|前任|原|新任|当时|的|了|曾|即|并|后|前|中|上|日|月)$")


# The role written before a name runs back to the start of its clause or to the verb before it.
ROLE_BEFORE = re.compile(rf"(?P<role>[\u4e00-\u9fff（）()·—]{{0,24}}?(?:{TITLE_WORD}|{ROLE_WORDS}))的?$")
CLAUSE_START = re.compile(r".*(?:[，。；：、,;:\s“”「」《》]|会见|会晤|接见|同|与|和|及|由|经|率|陪同|看望|邀请|出席|参加|"
                          r"欢迎|授权|拜访|访问|考察|期间|之际|向|对|为此|也是|是|其|了|的|岁|\d日电|\d日)")
# Words that date a role rather than belong to it (时任: then serving as, 当时的, 现任), and the preposition or
# conjunction a title chain may start with (由国务院副总理…).
ROLE_PREFIX = re.compile(r"^(?:时任|当时的?|现任|时为|曾任|由|经|据|在|与|同|和|及)")


def role_before(text: str, start: int) -> str:
    """新加坡副总理 of 会见新加坡副总理颜金勇, and every title of a chain joined by 、 (中共中央政治局常委、国务院副总理
    丁薛祥); '' when no role word stands right before the name."""
    roles: list[str] = []
    while True:
        window = max(0, start - 40)
        clause = CLAUSE_START.match(text, window, start)
        begin = clause.end() if clause else window
        match = ROLE_BEFORE.search(text, begin, start)
        if not match:
            break
        roles.insert(0, clean_role(match.group("role")))
        start = match.start()
        if not text[:start].endswith("、"):
            break
        start -= 1
    return "、".join(roles)


def clean_role(stated: str) -> str:
    return ROLE_PREFIX.sub("", stated)


def plausible(name: str, surnames: frozenset[str]) -> bool:
    if not HAN_NAME.fullmatch(name) or NOT_A_PERSON_END.search(name) or TITLE_TAIL.search(name):
        return False
    if len(name) > 4 and "·" not in name and sum(char in TRANSLITERATION for char in name) < FOREIGN_SHARE * len(name):
        return False
    return name[0] in surnames or name[:2] in surnames or not NOT_A_NAME_END.search(name)


def _shown_as_person(text: str, token: Token, tokens: Sequence[Token], surnames: frozenset[str]) -> bool:
    before, after = text[max(0, token.start - 12):token.start], text[token.end:token.end + 8]
    following = next((t for t in tokens if t.tag == "PER" and t.start > token.start), None)
    if TITLE_BEFORE.search(before):
        return True
    if MEETS.search(before) and not TITLE_AFTER.match(after):  # 会见萨摩亚总理: the country of whom is met
        return True
    if not LEFT_BOUNDARY.search(before):
        return False  # the model cut the name out of a longer word (盒马鲜生 -> 马鲜生)
    surname = token.text[0] in surnames or token.text[:2] in surnames
    if title := TITLE_AFTER.match(after):
        # 萨摩亚总理菲娅梅: a title followed by a name belongs to that name, and Chinese puts a foreigner's title
        # first; a title after the word makes it a person only for a Chinese name (温家宝总理), not a country
        return surname and not (following is not None and following.start == token.end + title.end())
    if WEAK_VERBS.match(after):
        return surname and not NOT_A_NAME_END.search(token.text)
    return bool(PERSON_VERBS.match(after))


def people_in(texts: Iterable[str], tokenise: object, surnames: frozenset[str],
              linked: frozenset[str] = frozenset()) -> set[str]:
    """The names the document shows as people (see the module's docstring); `tokenise` is `ner.tokens`;
    `linked` are the texts of the document's links."""
    shown: set[str] = set()
    lists: list[list[str]] = [[]]  # the last one collects a run of lines that are only a name
    for text in texts:
        tokens: Sequence[Token] = tokenise(text)  # type: ignore[operator]
        first = next((t for t in tokens if t.text.strip()), None)
        if first and (first.tag == "PER" or _untagged_name(first, surnames, ("nz", "n"))) and _a_name_line(text, first):
            lists[-1].append(compact(first.text))
        elif lists[-1]:
            lists.append([])
        for token in tokens:
            token = _linked_part(_untitled(token, surnames), linked) if token.tag in ("PER", "ORG") else token
            name = compact(token.text)
            if token.tag == "PER" and plausible(name, surnames) and (_a_name_line(text, token) or _run_on_item(text, token)
                                                                     or _linked_name(name, linked)
                                                                     or _shown_as_person(text, token, tokens, surnames)):
                shown.add(name)
        lists[-1:-1] = _name_lists(text, tokens, surnames)
    for names in lists:
        if shown & set(names):
            shown |= {n for n in names if plausible(n, surnames)}
    return shown


def _untitled(token: Token, surnames: frozenset[str]) -> Token:
    """欧阳明高常委 read as one name, 焦红常委 as one organisation: the name before the title, when it starts with
    a surname (an organisation's only before 常委, as 国务委员 and 政协委员 are offices, not names)."""
    title = TITLE_TAIL.search(token.text) if token.tag == "PER" else re.search("常委$", token.text)
    name = token.text[:title.start()] if title else ""
    if 2 <= len(name) <= 3 + (name[:2] in surnames) and (name[0] in surnames or name[:2] in surnames) \
            and not NOT_A_NAME_END.search(name):
        return Token(name, "PER", token.start)
    return token


def _linked_name(name: str, linked: frozenset[str]) -> bool:
    """A link's text that the model reads as a name is a person with a page of their own; a dynasty (梁朝, 清代)
    is linked and read so too."""
    return name in linked and not DYNASTY.fullmatch(name)


def _linked_part(token: Token, linked: frozenset[str]) -> Token:
    """A name the model read together with the word after it (康泰南宣 for a link to 康泰 before 南宣): the link's
    text, when a link gives the name's bounds. What is left must be a word (two characters or more): a link that
    splits a name (a conversion's debris, [李光]耀) does not cut it."""
    part = next((token.text[:size] for size in (4, 3, 2)
                 if size <= len(token.text) - 2 and token.text[:size] in linked), None)
    return Token(part, token.tag, token.start) if part else token


def compact(name: str) -> str:
    """徐　鸣 -> 徐鸣: a name spaced out to the width of a three-character one is one name."""
    return "".join(name.split()) if re.fullmatch(r"[\u4e00-\u9fff](?:\s+[\u4e00-\u9fff]){1,2}", name) else name


@dataclass(frozen=True)
class NameFinder:
    """Where any of a document's names stands in a sentence, spaced out or not (徐　鸣), in one pass: each name
    looked for in turn made a document cost its people times its sentences (10,000 people: hours)."""

    names: frozenset[str]
    lengths: tuple[int, ...]  # the names' lengths, longest first

    @classmethod
    def of(cls, names: Iterable[str]) -> NameFinder:
        compacted = frozenset(SPACE.sub("", name) for name in names) - {""}
        return cls(compacted, tuple(sorted({len(name) for name in compacted}, reverse=True)))

    def find(self, sentence: str) -> list[tuple[str, int, int]]:
        """(name, start, end) of every occurrence, by start and the longest name first at one start; a name's
        occurrences never overlap one another."""
        kept = [i for i, char in enumerate(sentence) if not SPACE.match(char)]  # where each compact char stood
        compact = "".join(sentence[i] for i in kept)
        found: list[tuple[str, int, int]] = []
        ends: dict[str, int] = {}  # each name's last end in the compact text
        for position in range(len(compact)):
            for length in self.lengths:
                word = compact[position:position + length]
                if len(word) == length and word in self.names and position >= ends.get(word, 0):
                    ends[word] = position + length
                    found.append((word, kept[position], kept[position + length - 1] + 1))
        return found


NOTE_END = r"[）)](?:\[\d+\])*\s*$"  # a bracketed note's end, and the reference marks after it


def _a_name_line(text: str, token: Token) -> bool:
    """A line that is only a name, with a bracketed note at most (a list of office-holders: 汤宗伟（正厅局长级）)."""
    rest = r"\s*(?:[（(][^（）()]*[）)]\s*)*(?:\[\d+\])*"  # bracketed notes, reference marks
    return not text[:token.start].strip() and re.fullmatch(rest, text[token.end:]) is not None


def _run_on_item(text: str, token: Token) -> bool:
    """A name between the bracketed note of the one before and its own (…兼）[8]吴存荣（2018年1月–…）: the lines
    of a list of office-holders run together, as a column of text comes out of a PDF."""
    return re.search(NOTE_END, text[:token.start]) is not None and re.match(r"\s*[（(]", text[token.end:]) is not None


def _name_lists(text: str, tokens: Sequence[Token], surnames: frozenset[str]) -> list[list[str]]:
    """Runs of names joined by 、 or 和 (李佳薇、张雪玲、杨子和冯天薇); a word the model did not tag as a name
    joins a run of tagged ones when it is short and starts with a surname (新加坡艺人欧萱、王冠逸、林俊杰)."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        if token.tag == "PER" or _untagged_name(token, surnames):
            current.append(token)
        elif token.text in ("、", "和", "及", "与") and current:
            continue
        else:
            runs.append(current)
            current = []
    runs.append(current)
    return [[t.text for t in run] for run in runs if len(run) > 1 and any(t.tag == "PER" for t in run)]


def _untagged_name(token: Token, surnames: frozenset[str], tags: tuple[str, ...] = ("nz",)) -> bool:
    return token.tag in tags and 2 <= len(token.text) <= 3 and token.text[0] in surnames
