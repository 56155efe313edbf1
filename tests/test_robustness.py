"""The bad-input suite (tests/data/bad/cases.yml): clear one-line problems, the rest still built, nothing
unescaped on any page; and a failed build leaves the previous site in place."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA, run_cli

from generator import cli
from generator.build import ingesting, rendering, sites
from generator.core.model import Line
from generator.core.paths import Paths
from generator.knowledge.persons import NameFinder
from generator.text.repair import apply_rules

BAD = DATA / "bad"
CASES: list[dict[str, Any]] = yaml.safe_load((BAD / "cases.yml").read_text(encoding="utf-8"))["cases"]
FILE_CASES = [case for case in CASES if "manifest" not in case and "copies" not in case]
PROBLEM_LINE = re.compile(r"^[^:\n]+:[^:\n]+: (error|warning|note): .+$")


def case_file(case: dict[str, Any]) -> str | None:
    return case.get("file") or case.get("make", {}).get("name")


def write_case(case: dict[str, Any], sources: Path) -> None:
    sources.mkdir(parents=True, exist_ok=True)
    for name in ["good.txt", *case.get("copies", [])]:
        shutil.copyfile(BAD / "good.txt", sources / name)
    if "file" in case:
        shutil.copyfile(BAD / case["file"], sources / case["file"])
    if "make" in case:
        make = case["make"]
        text = "".join(make["text"].replace("{n}", str(n)) for n in range(1, make.get("repeat", 1) + 1))
        (sources / make["name"]).write_bytes(text.encode(make.get("encoding", "utf-8")))
    if "manifest" in case:
        shutil.copyfile(BAD / case["manifest"], sources / "sources.yml")


def documents(out: Path) -> dict[str, str]:
    """file name -> document id, from the generated documents.yml."""
    records = yaml.safe_load((out / "site_data" / "documents.yml").read_text(encoding="utf-8")) or []
    return {record["file"]: record["id"] for record in records}


def assert_clean_messages(stderr: str, expected: list[str]) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    for line in lines:
        assert PROBLEM_LINE.match(line), f"not a one-line problem: {line!r}"
    for fragment in expected:
        assert any(line.startswith(fragment) for line in lines), f"missing {fragment!r} in:\n{stderr}"


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_bad_input_is_reported_and_the_rest_renders(case: dict[str, Any], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    write_case(case, tmp_path / "sources")
    argv = ["--sources", str(tmp_path / "sources"), "--out", str(tmp_path / "out")]
    assert cli.main(["ingest", *argv]) == case["exit"]
    assert cli.main(["render", *argv]) == 0
    assert_clean_messages(capsys.readouterr().err, case.get("messages", []))
    ids = documents(tmp_path / "out")
    assert (tmp_path / "out" / "docs" / "zh-Hant" / "sources" / f"{ids['good.txt']}.md").exists()
    if case["exit"] == 0:
        doc_id = ids[case_file(case)]
        assert re.fullmatch(r"[0-9A-Za-z_\-]+", doc_id)
        assert (tmp_path / "out" / "docs" / "zh-Hans" / "sources" / f"{doc_id}.md").exists()


@pytest.mark.slow
def test_all_bad_files_in_one_full_build(tmp_path: Path) -> None:
    sources, out = tmp_path / "sources", tmp_path / "out"
    for case in FILE_CASES:
        write_case(case, sources)
    # The books are tested on the seed corpus; a 3 MB paragraph would make this one take many minutes.
    result = run_cli("build", "--sources", str(sources), "--out", str(out), env={"KB_PDF": "0"})
    assert result.returncode == 1
    assert_clean_messages(result.stderr, [m for case in FILE_CASES for m in case.get("messages", [])])
    ids = documents(out)
    site_html = {p: p.read_text(encoding="utf-8") for p in (out / "site").rglob("*.html")}
    for case in FILE_CASES:
        for variant in ("zh-Hans", "zh-Hant"):
            assert (out / "site" / variant / "sources" / ids["good.txt"] / "index.html").exists()
        if case.get("shows"):
            page = html.unescape(site_html[out / "site" / "zh-Hans" / "sources" / ids[case_file(case)] / "index.html"])
            for text in case["shows"]:
                assert text in page, f"{case['name']}: {text!r} not shown literally"
        for forbidden in case.get("never", []):
            leaks = [p for p, text in site_html.items() if forbidden in text]
            assert not leaks, f"{case['name']}: {forbidden!r} reached {leaks[:3]}"


def test_failed_site_build_keeps_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = tmp_path / "sources"
    write_case({}, sources)
    paths = Paths.create(str(sources), str(tmp_path / "out"))
    ingesting.ingest(paths)
    rendering.render_docs(paths)
    sites.build_sites(paths)
    before = {p: p.read_bytes() for p in paths.site.rglob("*") if p.is_file()}
    assert len(before) > 10

    def fail_second_variant(config_path: Path, strict: bool = True, **folders: Path) -> Path:
        if "zh-Hant" in config_path.name:
            raise RuntimeError("simulated MkDocs failure")
        return real_build(config_path, strict, **folders)

    real_build = sites.site.mkdocs_build
    monkeypatch.setattr(sites.site, "mkdocs_build", fail_second_variant)
    ingesting.ingest(paths)
    rendering.render_docs(paths)
    assert sites.build_sites(paths).problems == []  # nothing changed: the site stage is skipped, not run
    (sources / "good.txt").write_text("改动后的文件\n\n新的段落。\n", encoding="utf-8")
    ingesting.ingest(paths)
    rendering.render_docs(paths)
    with pytest.raises(RuntimeError):
        sites.build_sites(paths)
    after = {p: p.read_bytes() for p in paths.site.rglob("*") if p.is_file()}
    assert after == before


def test_failed_site_build_is_one_line_and_exit_1(tmp_path: Path) -> None:
    """A stage that cannot run (here: the datasets folder is a file) is one problem line, not a traceback."""
    sources, out = tmp_path / "sources", tmp_path / "out"
    write_case({}, sources)
    assert run_cli("build", "--sources", str(sources), "--out", str(out)).returncode == 0
    (out / "site" / "marker").write_text("previous build", encoding="utf-8")
    shutil.rmtree(out / "site_data")
    (out / "site_data").write_text("not a folder", encoding="utf-8")
    result = run_cli("build", "--sources", str(sources), "--out", str(out))
    assert result.returncode == 1
    assert_clean_messages(result.stderr, [])
    assert (out / "site" / "marker").read_text(encoding="utf-8") == "previous build"


def test_a_document_that_crashes_a_stage_is_one_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    sources = tmp_path / "sources"
    write_case({"copies": ["crashes.txt"]}, sources)
    real_ingest = ingesting.ingest_document

    def crash_on_one(raw, *known):  # type: ignore[no-untyped-def]
        if raw.path == "crashes.txt":
            raise ValueError("unexpected layout")
        return real_ingest(raw, *known)

    monkeypatch.setattr(ingesting, "ingest_document", crash_on_one)
    argv = ["--sources", str(sources), "--out", str(tmp_path / "out")]
    assert cli.main(["ingest", *argv]) == 1
    assert_clean_messages(capsys.readouterr().err, ["crashes.txt:1: error: not processed: ValueError: unexpected layout"])
    assert list(documents(tmp_path / "out")) == ["good.txt"]


def test_a_document_s_names_are_found_spaced_out_each_at_every_place() -> None:
    finder = NameFinder.of({"徐鸣", "王瑞杰", "王瑞"})
    assert finder.find("会见徐　鸣和王瑞杰，王瑞杰致辞。") == [
        ("徐鸣", 2, 5), ("王瑞杰", 6, 9), ("王瑞", 6, 8), ("王瑞杰", 10, 13), ("王瑞", 10, 12)]


def test_invisible_characters_are_removed_and_logged() -> None:
    repaired, changes = apply_rules([Line(1, "中新\u200b合作\ufeff项目\u00ad签约。")])
    assert repaired[0].text == "中新合作项目签约。"
    assert [(c.rule, c.before) for c in changes] == [("invisible-character", "\u200b"),
                                                     ("invisible-character", "\ufeff"),
                                                     ("invisible-character", "\u00ad")]
