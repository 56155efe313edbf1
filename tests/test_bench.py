"""The benchmark's probes: work done in forked workers is counted, not lost with the worker."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from bench import benchmark as bench
from generator.core import parallel

PAUSE = 0.05


def pause(item: int) -> int:
    time.sleep(PAUSE)
    return item


def test_work_in_forked_workers_is_summed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "STAGES", [])  # no generator stage: only the one wrapped here
    monkeypatch.setattr(parallel, "_child", parallel._child)  # put back after the probe wraps it
    probe = bench.Probe()
    probe.install(tmp_path)
    timed_pause = probe.wrap("pausing", pause)
    assert parallel.map_forked("pausing", timed_pause, list(range(6)), 2) == list(range(6))
    assert "pausing" not in probe.seconds  # the parent did none of the work
    reports = sorted(tmp_path.glob("*.json"))
    assert len(reports) == 2  # one per worker
    for report in reports:
        probe.merge(json.loads(report.read_text(encoding="utf-8")))
    assert probe.seconds["pausing"] >= 6 * PAUSE  # all six pauses, though each worker made three
    assert probe.peak_mb["pausing"] > 0


def test_work_in_a_forked_stage_and_in_its_own_workers_is_counted(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "STAGES", [])
    monkeypatch.setattr(parallel, "_child", parallel._child)
    probe = bench.Probe()
    probe.install(tmp_path)
    timed_pause = probe.wrap("pausing", pause)
    stage = probe.wrap("stage", lambda: parallel.map_forked("pausing", timed_pause, list(range(4)), 2))
    assert parallel.call_forked(stage) == list(range(4))
    reports = sorted(tmp_path.glob("*.json"))
    assert len(reports) == 3  # the stage's process and its two workers
    for report in reports:
        probe.merge(json.loads(report.read_text(encoding="utf-8")))
    assert probe.seconds["pausing"] >= 4 * PAUSE
    assert "stage" in probe.seconds


def test_the_tree_peak_while_printing_is_kept_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    probe = bench.Probe()
    sampler = bench.TreeSampler(probe)
    sampler.sample()
    probe.running.append("PDF")
    # 256 MB more while "printing": well above what the test run's other processes (a browser, a server) may give
    # back or take between two samples
    big = b"x" * (256 * 2**20)
    sampler.sample()
    del big
    assert sampler.peak_mb["books"] >= sampler.peak_mb["site"] + 240


GUISE = Path(__file__).parent / "data" / "bench" / "guise.md"


def test_the_dev_set_guises_keep_the_text_and_its_markup_whole() -> None:
    from bench import variants

    text = GUISE.read_text(encoding="utf-8")
    name, wrapped = variants.rewrapped(GUISE.name, text)
    assert name == GUISE.name and wrapped.startswith("---\ntitle:")  # the front matter untouched
    assert len([line for line in wrapped.split("\n") if line.strip()]) > len([line for line in text.split("\n") if line.strip()])
    assert "[新加坡](https://example.org/新加坡 \"wikilink\")" in wrapped  # never cut inside brackets
    assert wrapped.replace("\n", "") == text.replace("\n", "")
    name, page = variants.web_page(GUISE.name, text)
    assert name == "guise.html" and page.startswith("---\ntitle:") and "<nav>" in page
    assert "<li>张立新</li>" in page and '<a href="https://example.org/新加坡"' in page
    assert variants.web_page("x_wikitext_y.txt", text) is None
    assert variants.traditional(GUISE.name, text)[1].count("園區") == text.count("园区")


def test_an_added_document_is_new_to_the_corpus_and_every_rebuild_is_reported(tmp_path: Path) -> None:
    sources = bench.make_corpus(6, tmp_path / "corpus")
    before = sorted(sources.glob("*.txt"))
    added = bench.add_one_document(sources, 6)
    assert added not in before and added.read_text(encoding="utf-8")
    assert all(added.read_text(encoding="utf-8") != path.read_text(encoding="utf-8") for path in before)
    build = {"wall": 2.0, "total": 1.5, "seconds": {"extract": 0.5, "PDF": 1.0, "MkDocs builds + search index": 0.2},
             "peak_mb": {}, "peak_rss_mb": 1, "children_peak_mb": 1, "tree_peak_mb": 1, "books_tree_peak_mb": 1}
    row = {"documents": 6, "pages": 10, "book_pages": 20, "clean": {**build, "wall": 8.0},
           "plain": {"mkdocs": 4.0, "pagefind": 1.0, "mkdocs_search": 5.0},
           **{key: build for key, _ in bench.REBUILDS}}
    text = bench.report([row])
    for _, label in bench.REBUILDS:
        assert f"| rebuild, {label}: s; × clean; × plain MkDocs with search; largest stage | 2.0; 0.25×; 0.40×; PDF 1.0 |" in text
    assert "clean: whole build / plain MkDocs with search | 1.60× |" in text
