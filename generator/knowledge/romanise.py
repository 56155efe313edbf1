"""Names as readers write them in Latin script: Hanyu Pinyin with tone marks, surname first and the given name as
one word (王瑞杰 -> Wáng Ruìjié); the people index files a person by the same reading (`person_sort_key`). Ids
keep their own romanisation (`registry.slug`), so no page moves."""

from __future__ import annotations

from functools import cache

from pypinyin.contrib.tone_convert import to_tone

from generator.knowledge.registry import load_surnames, pinyin, sort_key

# Surnames read otherwise than the same character in a word (曾经 céng, 单位 dān): pypinyin reads words. In
# numbered syllables, the form of sort keys; shown with tone marks.
SURNAME_READINGS = {"曾": ("zeng1",), "单": ("shan4",), "仇": ("qiu2",), "区": ("ou1",), "查": ("zha1",),
                    "解": ("xie4",), "朴": ("piao2",), "盖": ("ge3",), "乐": ("yue4",), "覃": ("qin2",),
                    "缪": ("miao4",), "翟": ("zhai2",), "种": ("chong2",), "华": ("hua4",), "任": ("ren2",),
                    "沈": ("shen3",), "贾": ("jia3",), "石": ("shi2",), "秘": ("bi4",), "员": ("yun4",),
                    "柏": ("bai3",), "薄": ("bo2",), "尉迟": ("yu4", "chi2"), "长孙": ("zhang3", "sun1")}


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
    family = "".join(to_tone(syllable) for syllable in SURNAME_READINGS[surname]) if surname in SURNAME_READINGS \
        else _syllables(surname)
    given = _syllables(name[len(surname):])
    return " ".join(part[:1].upper() + part[1:] for part in (family, given) if part)


def person_sort_key(name: str) -> str:
    """The people index's key, read as the name is shown (单霁翔 under S, as Shàn Jìxiáng): the sort key with a
    surname of its own reading put first."""
    surname = surname_of(name)
    if surname not in SURNAME_READINGS:
        return sort_key(name)
    return " ".join([*SURNAME_READINGS[surname], *sort_key(name[len(surname):]).split()])
