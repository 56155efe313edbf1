"""Line and sentence shapes that several text stages recognise, defined once."""

from __future__ import annotations

import re

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # the CJK ideograph blocks, for character classes
TERMINAL = "。！？；…”」』）)!?"
SENTENCE_END = "。！？…”」』!?"
SECTION_HEAD = re.compile(r"^\s*【([^】]{1,40})】\s*")
MONTH_HEADER = re.compile(r"^\s*(\d{1,2})月\s*$")
ENTRY_START = re.compile(r"^\s*(?:\d{1,2}(?:[—–\-~～至]\d{1,2})?日|△|\d{1,2}月\s+\S)")
ATTRIBUTION = re.compile(rf"\s*[（(]\s*([{HAN}][{HAN}\s·、]{{0,15}}[{HAN}])\s*[）)]\s*$")
CREDIT = re.compile(r"\s*[（(]\s*([^（）()]*?)\s*(供稿|摄|提供)\s*[）)]\s*$")
