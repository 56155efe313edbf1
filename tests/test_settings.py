"""Settings and manifest values are checked before any work starts: every bad value is one line saying what
to do, all of them at once, and the command stops with the usage exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.core import settings
from generator.text.read import load_manifest

DATA = Path(__file__).parent / "data" / "settings"
REPO = Path(__file__).resolve().parent.parent


def test_defaults_when_nothing_is_set() -> None:
    chosen, problems = settings.read({})
    assert problems == []
    assert (chosen.jobs, chosen.pdf, chosen.pdf_jobs, chosen.hant_config, chosen.site_url) == (2, True, 2, "s2tw", None)


def test_every_bad_value_is_reported_at_once_and_the_default_used() -> None:
    chosen, problems = settings.read({"KB_JOBS": "abc", "KB_PDF": "yes", "KB_SEARCH_PART_MB": "-3",
                                      "SITE_URL": "owner.github.io", "KB_JOBS_TYPO": "1"})
    lines = [str(problem) for problem in problems]
    assert [line.split(":")[0] for line in lines] == ["$KB_JOBS", "$KB_PDF", "$KB_SEARCH_PART_MB", "$SITE_URL",
                                                      "$KB_JOBS_TYPO"]
    assert "'abc' is not a whole number of at least 1; unset it for the default (2)" in lines[0]
    assert lines[-1].startswith("$KB_JOBS_TYPO:environment: warning: unknown setting")
    assert (chosen.jobs, chosen.pdf, chosen.search_part_mb, chosen.site_url) == (2, True, 200.0, None)


def test_settings_that_do_not_change_the_output_leave_the_cache_key_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_JOBS", "1")
    one = settings.fingerprint()
    monkeypatch.setenv("KB_JOBS", "2")
    assert settings.fingerprint() == one
    monkeypatch.setenv("KB_HANT_CONFIG", "s2hk")
    assert settings.fingerprint() != one


def test_a_bad_setting_stops_the_command_before_it_starts(tmp_path: Path) -> None:
    env = {**os.environ, "KB_JOBS": "abc", "KB_PDF_VOLUME_BYTES": "0"}
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--sources", str(DATA), "--out", str(tmp_path)],
                          cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "$KB_JOBS:environment: error: 'abc' is not a whole number of at least 1; unset it for the default (2): "
        "documents and variants worked on at once; 1 for a machine short of memory",
        "$KB_PDF_VOLUME_BYTES:environment: error: '0' is not a whole number of at least 1; unset it for the default "
        "(1000000): Markdown bytes per volume of the book (about 165 A4 pages at the default)"]
    assert list(tmp_path.iterdir()) == []  # nothing was written


def test_every_bad_manifest_value_is_named_and_left_out() -> None:
    manifest, problems = load_manifest(DATA / "manifest.yml")
    assert [problem.place for problem in problems] == ["documents[1].kind", "documents[1].year", "documents[2].id",
                                                       "documents[2].script", "documents[3].origin",
                                                       "documents[3].year"]
    assert all(problem.severity == "error" and problem.file == "manifest.yml" for problem in problems)
    assert manifest == {"a.txt": {"title": "好的标题"}, "b.txt": {"year": "2020"}, "c.txt": {"kind": "news"}}
