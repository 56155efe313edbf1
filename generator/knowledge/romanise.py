"""Names as readers write them in Latin script: Hanyu Pinyin with tone marks, surname first and the given name as
one word (王瑞杰 -> Wáng Ruìjié). Display only: ids and sort keys keep their own romanisation (`registry.slug`,
`registry.sort_key`), so no page moves."""

from __future__ import annotations

from functools import cache

from generator.knowledge.registry import load_surnames, pinyin

# Surnames read otherwise than the same character in a word (曾经 céng, 单位 dān): pypinyin reads words.
SURNAME_READINGS = {"曾": "zēng", "单": "shàn", "仇": "qiú", "区": "ōu", "查": "zhā", "解": "xiè", "朴": "piáo",
                    "盖": "gě", "乐": "yuè", "覃": "qín", "缪": "miào", "翟": "zhái", "种": "chóng", "华": "huà",
                    "任": "rén", "沈": "shěn", "贾": "jiǎ", "石": "shí", "秘": "bì", "员": "yùn", "柏": "bǎi",
                    "薄": "bó", "尉迟": "yùchí", "长孙": "zhǎngsūn"}


@cache
def _surnames() -> frozenset[str]:
    return load_surnames() | frozenset(SURNAME_READINGS)


def _syllables(text: str) -> str:
    romanise = pinyin()
    return "".join(romanise.lazy_pinyin(text, style=romanise.Style.TONE, errors="ignore"))


def surname_of(name: str) -> str:
    """The longest known surname the name starts with (欧阳 before 欧), else its first character."""
    return next((name[:size] for size in (2, 1) if name[:size] in _surnames() and len(name) > size), name[:1])


@cache
def person_pinyin(name: str) -> str:
    """王瑞杰 -> Wáng Ruìjié; 欧阳明 -> Ōuyáng Míng; a name of one character or none romanised as it is."""
    surname = surname_of(name)
    family = SURNAME_READINGS.get(surname) or _syllables(surname)
    given = _syllables(name[len(surname):])
    return " ".join(part[:1].upper() + part[1:] for part in (family, given) if part)
