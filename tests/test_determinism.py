"""Two builds of the same input are byte-identical (site_data/, docs/, site/) whatever PYTHONHASHSEED, and
an incremental rebuild gives the same bytes as a clean build while redoing only what changed (generation, and
MkDocs' conversion of the pages).

The one thing MkDocs stamps is the gzip header of sitemap.xml.gz: its mtime is the build date (day
granularity, or SOURCE_DATE_EPOCH when set). That file is compared by its decompressed content; the
second build runs with a different SOURCE_DATE_EPOCH so the test shows the stamp is the only difference.
The pages' citations state the same build date (generator/pages/cite.py): it is compared as a placeholder.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BOOK_VOLUME_BYTES, REPO, SEARCH_PART_MB, run_cli

from bench.benchmark import BENCH, vary
from generator.build import ingesting, rendering
from generator.core import cache
from generator.core.paths import Paths
from generator.data import datasets
from generator.text.convert import Converter

COMPARED = ("site_data", "docs", "site")
STAMPED = "sitemap.xml.gz"


def start_build(out: Path, hash_seed: str, source_date: str | None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = hash_seed
    if source_date:
        env["SOURCE_DATE_EPOCH"] = source_date
    command = [sys.executable, "-m", "generator", "build", "--sources", str(REPO / "site_data" / "sources"),
               "--out", str(out)]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def contents(root: Path, tops: tuple[str, ...] = COMPARED, date: str = "") -> dict[str, bytes]:
    """Every file's bytes; the build `date` in the citations (2026-12-01, [[2026, 12, 1]]) as a placeholder."""
    files: dict[str, bytes] = {}
    for top in tops:
        for path in sorted((root / top).rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                files[path.relative_to(root).as_posix()] = unstamped(
                    gzip.decompress(data) if path.name == STAMPED else data, date)
    return files


def unstamped(data: bytes, date: str) -> bytes:
    if not date:
        return data
    year, month, day = (int(part) for part in date.split("-"))
    return data.replace(date.encode(), b"DATE").replace(f"[[{year}, {month}, {day}]]".encode(), b"[[DATE]]")


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    # Both builds run at once, so they see the same generator code and templates.
    today = time.strftime("%Y-%m-%d", time.gmtime())  # build a's date: it runs without SOURCE_DATE_EPOCH
    builds = [start_build(tmp_path / "a", "1", None), start_build(tmp_path / "b", "4242", "86400")]
    for build in builds:
        _, stderr = build.communicate(timeout=1800)
        assert build.returncode == 0, stderr
    first, second = contents(tmp_path / "a", date=today), contents(tmp_path / "b", date="1970-01-02")
    assert len(first) > 50 and sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"not reproducible: {differing[:10]}"
    stamped = [p for p in (tmp_path / "a" / "site").rglob(STAMPED)]
    assert stamped and all(p.read_bytes() != (tmp_path / "b" / p.relative_to(tmp_path / "a")).read_bytes()
                           for p in stamped), "sitemap.xml.gz no longer stamped: drop the exception above"


def add_event(sources: Path) -> None:
    changed = sorted(sources.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n2030年6月1日，中新双方新签合作项目12个。\n",
                       encoding="utf-8")


@pytest.mark.slow
def test_a_site_rebuild_converts_only_the_changed_pages_and_equals_a_clean_build(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "site_data" / "sources", sources)

    def build(out: str) -> list[str]:
        result = run_cli("build", "--sources", str(sources), "--out", str(tmp_path / out), env={"KB_PDF": "0"})
        assert result.returncode == 0, result.stderr
        return sorted(line for line in result.stdout.splitlines() if line.startswith("pages "))

    first = build("incremental")
    assert len(first) == 2 and all(re.fullmatch(r"pages zh-Han[st]: \d+ converted, 0 kept .*", line) for line in first)
    add_event(sources)
    counts = [tuple(map(int, re.findall(r"\d+", line))) for line in build("incremental")]
    pages = int(re.search(r"(\d+) converted", first[0]).group(1))
    assert all(0 < converted <= 6 and converted + kept == pages for converted, kept in counts), counts
    build("clean")
    incremental, clean = contents(tmp_path / "incremental", ("site",)), contents(tmp_path / "clean", ("site",))
    assert sorted(incremental) == sorted(clean)
    assert [name for name in clean if incremental[name] != clean[name]] == []


def test_incremental_rebuilds_redo_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "site_data" / "sources", sources)
    incremental = Paths.create(str(sources), str(tmp_path / "incremental"))
    monkeypatch.setenv("KB_JOBS", "1")  # documents processed in this process, where calls are counted
    calls = {"ingest_document": 0, "render_pages": 0, "convert": 0}

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any) -> Any:
            calls[name] += 1
            return function(*args)
        return counted

    monkeypatch.setattr(ingesting, "ingest_document", counting("ingest_document", ingesting.ingest_document))
    monkeypatch.setattr(rendering.render, "render_pages", counting("render_pages", rendering.render.render_pages))
    monkeypatch.setattr(Converter, "__call__", counting("convert", Converter.__call__))

    def generate(paths: Paths) -> dict[str, int]:
        calls.update(dict.fromkeys(calls, 0))
        ingesting.ingest(paths)
        calls["convert"] = 0  # pages and downloads converted to traditional script
        rendering.render_docs(paths)
        return dict(calls)

    documents = len(list(sources.glob("*.txt")))
    files = generate(incremental)
    converted = sum(1 for path in (incremental.docs / "zh-Hant").rglob("*") if path.is_file())
    assert files == {"ingest_document": documents, "render_pages": 1, "convert": converted}
    assert generate(incremental) == {"ingest_document": 0, "render_pages": 0, "convert": 0}
    add_event(sources)
    again = generate(incremental)
    assert again["ingest_document"] == 1 and again["render_pages"] == 1
    assert 0 < again["convert"] <= converted / 5, again  # only the pages and downloads the event changed
    clean = Paths.create(str(sources), str(tmp_path / "clean"))
    monkeypatch.setenv("KB_JOBS", "2")  # and the same output from documents processed side by side
    generate(clean)
    assert contents(tmp_path / "incremental", ("site_data", "docs")) == contents(tmp_path / "clean", ("site_data", "docs"))


def test_datasets_read_back_through_the_parse_cache_equal_their_yaml(tmp_path: Path) -> None:
    paths = Paths.create(str(REPO / "site_data" / "sources"), str(tmp_path))
    ingesting.ingest(paths)
    cached = ingesting.load_model(paths)  # primed by the ingest: no YAML parsed
    parsed = datasets.parsed_cache(paths)
    assert {p.stem for p in parsed.store.folder.glob("*.pickle")} >= {
        cache.key((paths.data / f"{name}.yml").read_text(encoding="utf-8")) for name in ("events", "people")}
    for name in ("documents", *ingesting.KNOWLEDGE_DATASETS):
        assert cached[name] == datasets.load_yaml(paths.data / f"{name}.yml"), name
    for doc_id, text in cached["texts"].items():
        assert text == datasets.load_yaml(paths.data / ingesting.TEXTS_DIR / f"{doc_id}.yml"), doc_id
    # An edited dataset is parsed again, never answered from the cache.
    people = paths.data / "people.yml"
    people.write_text(people.read_text(encoding="utf-8").replace("name: ", "name: 改", 1), encoding="utf-8")
    assert ingesting.load_model(paths)["people"][0]["name"].startswith("改")


@pytest.mark.slow
def test_adding_editing_and_removing_a_document_rebuilds_what_a_clean_build_makes(tmp_path: Path) -> None:
    """The editor's loop, books and search included (in volumes and parts, as a large corpus's are): after each
    change one incremental rebuild, whose every output file equals a clean build's of the same sources, and
    removing the added document brings back the first build's bytes."""
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "site_data" / "sources", sources)
    env = {"KB_SEARCH_PART_MB": str(SEARCH_PART_MB), "KB_PDF_VOLUME_BYTES": str(BOOK_VOLUME_BYTES)}
    today = time.strftime("%Y-%m-%d", time.gmtime())

    def build(out: str) -> dict[str, bytes]:
        result = run_cli("build", "--sources", str(sources), "--out", str(tmp_path / out), env=env)
        assert result.returncode == 0, result.stderr
        return contents(tmp_path / out, date=today)

    def same(incremental: dict[str, bytes], clean: dict[str, bytes]) -> None:
        assert sorted(incremental) == sorted(clean)
        assert [name for name in clean if incremental[name] != clean[name]] == []

    first = build("incremental")
    seed = sorted(sources.glob("*.txt"))[0]
    places = yaml.safe_load((BENCH / "variation.yml").read_text(encoding="utf-8"))["places"]
    added = sources / f"9999_{seed.name}"
    added.write_text(vary(seed.read_text(encoding="utf-8"), 3, places), encoding="utf-8")
    same(build("incremental"), build("clean-added"))
    added.write_text(added.read_text(encoding="utf-8") + "\n2012年6月1日，中新双方新签合作项目7个。\n", encoding="utf-8")
    same(build("incremental"), build("clean-edited"))
    added.unlink()
    same(build("incremental"), first)
