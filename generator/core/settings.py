"""Every setting the build reads from the environment, in one place, checked before any work starts.

Like MkDocs' typed configuration: each setting has a type, a default and a line of help; `check()` reports
every bad value at once with what to do, and an unknown KB_* name (a typo) as a warning. Stages ask
`current()` for their values and never read the environment themselves.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.core.model import Problem

HANT_CONFIGS = {"s2tw": "zh-TW", "s2hk": "zh-HK"}  # OpenCC's traditional targets -> the variant's <html lang>


class SettingError(ValueError):
    """A setting's value that the build cannot use."""


def _count(text: str) -> int:
    if not re.fullmatch(r"\s*[1-9]\d*\s*", text):
        raise SettingError("a whole number of at least 1")
    return int(text)


def _megabytes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise SettingError("a number of megabytes above 0, such as 200 or 0.5")
    return value


def _switch(text: str) -> bool:
    if text.strip() not in ("0", "1"):
        raise SettingError("1 (on) or 0 (off)")
    return text.strip() == "1"


def _hant(text: str) -> str:
    if text.strip() not in HANT_CONFIGS:
        raise SettingError(" or ".join(HANT_CONFIGS))
    return text.strip()


def _url(text: str) -> str | None:
    if text.strip() and not re.match(r"^https?://[^\s/]+", text.strip()):
        raise SettingError("an http(s) URL such as https://example.org/kb/, or empty")
    return text.strip() or None


def _epoch(text: str) -> int | None:
    if text.strip() and not text.strip().isdigit():
        raise SettingError("seconds since 1970 (as `git log -1 --format=%ct` prints), or empty")
    return int(text) if text.strip() else None


@dataclass(frozen=True)
class Setting:
    name: str  # the environment variable
    field: str  # the attribute of Settings
    parse: Callable[[str], Any]
    default: str
    help: str


SETTINGS = (
    Setting("KB_JOBS", "jobs", _count, "2", "documents and variants worked on at once; 1 for a machine short "
            "of memory"),
    Setting("KB_PDF", "pdf", _switch, "1", "0 skips the printable books, e.g. for a quick preview build"),
    Setting("KB_PDF_JOBS", "pdf_jobs", _count, "2", "books typeset at once; 1 halves Typst's memory"),
    Setting("KB_PDF_VOLUME_BYTES", "pdf_volume_bytes", _count, "1000000", "Markdown bytes per volume of the book "
            "(about 165 A4 pages at the default)"),
    Setting("KB_SEARCH_PART_MB", "search_part_mb", _megabytes, "200", "the search indexer's memory per run"),
    Setting("KB_HANT_CONFIG", "hant_config", _hant, "s2tw", "the traditional variant's conventions: s2tw (Taiwan) "
            "or s2hk (Hong Kong)"),
    Setting("SITE_URL", "site_url", _url, "", "the public address of the site, for canonical links and "
            "citations"),
    Setting("SOURCE_DATE_EPOCH", "source_date_epoch", _epoch, "", "the build date in citations, fixed for "
            "reproducible builds"),
)
NAMES = frozenset(setting.name for setting in SETTINGS)


@dataclass(frozen=True)
class Settings:
    jobs: int
    pdf: bool
    pdf_jobs: int
    pdf_volume_bytes: int
    search_part_mb: float
    hant_config: str
    site_url: str | None
    source_date_epoch: int | None


def read(environ: Mapping[str, str]) -> tuple[Settings, list[Problem]]:
    """The settings from `environ`, defaults for bad values, and a problem for each bad value or unknown name."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for setting in SETTINGS:
        text = environ.get(setting.name, setting.default)
        try:
            values[setting.field] = setting.parse(text)
        except SettingError as expected:
            problems.append(Problem(f"${setting.name}", "environment", f"'{text}' is not {expected}; "
                                    f"unset it for the default ({setting.default or 'empty'}): {setting.help}",
                                    kind="bad setting"))
            values[setting.field] = setting.parse(setting.default)
    for name in sorted(set(environ) - NAMES):
        if name.startswith("KB_"):
            problems.append(Problem(f"${name}", "environment", f"unknown setting, ignored; the settings are "
                                    f"{', '.join(sorted(n for n in NAMES if n.startswith('KB_')))}", "warning",
                                    kind="unknown setting"))
    return Settings(**values), problems


def check() -> list[Problem]:
    """Every problem of the current environment's settings, for the command line to report before it starts."""
    return read(os.environ)[1]


def current() -> Settings:
    """The settings now; read afresh each time (cheap), so a test's or the benchmark's environment counts."""
    settings, problems = read(os.environ)
    errors = [str(problem) for problem in problems if problem.severity == "error"]
    if errors:
        raise SettingError("; ".join(errors))
    return settings


def fingerprint() -> list[tuple[str, str]]:
    """The settings that change the output, for cache keys (the number of workers does not)."""
    settings = current()
    return [(field, str(getattr(settings, field))) for field in OUTPUT_FIELDS]


OUTPUT_FIELDS = ("pdf", "pdf_volume_bytes", "search_part_mb", "hant_config", "site_url", "source_date_epoch")
