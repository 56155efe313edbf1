"""A build stopped halfway (an exception in a later stage, or the process killed) leaves the previous datasets,
docs and site exactly as they were; the next build completes and shows the change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cli
from test_robustness import write_case

from generator.build import pipeline, rendering, sites
from generator.core.paths import VARIANTS, Paths
from generator.site import site

pytestmark = pytest.mark.slow  # whole-site builds
OUTPUTS = ("site_data", "docs", "site")
CHANGED = "改动后的文件\n\n新加坡与苏州签署新的合作备忘录。\n"


def snapshot(out: Path) -> dict[Path, bytes]:
    """Every file of the three outputs, by path, with its bytes."""
    return {p: p.read_bytes() for name in OUTPUTS for p in (out / name).rglob("*") if p.is_file()}


def no_books(*_: object) -> None:
    """The books stage as a no-op: these tests are about what a failure leaves, not about Typst."""


def first_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Paths, dict[Path, bytes]]:
    sources = tmp_path / "sources"
    write_case({}, sources)
    paths = Paths.create(str(sources), str(tmp_path / "out"))
    monkeypatch.setattr(sites, "_copy_books", no_books)
    assert [p for p in pipeline.build(paths) if p.severity == "error"] == []
    before = snapshot(paths.out)
    assert all(any(p.is_relative_to(paths.out / name) for p in before) for name in OUTPUTS)
    return paths, before


def test_a_failure_in_the_books_keeps_the_previous_datasets_docs_and_site(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    paths, before = first_build(tmp_path, monkeypatch)
    (paths.sources / "good.txt").write_text(CHANGED, encoding="utf-8")

    def books_fail(*_: object) -> None:
        raise RuntimeError("simulated Typst failure")

    monkeypatch.setattr(sites, "_copy_books", books_fail)
    with pytest.raises(RuntimeError, match="simulated Typst failure"):
        pipeline.build(paths)
    assert snapshot(paths.out) == before
    monkeypatch.setattr(sites, "_copy_books", no_books)
    pipeline.build(paths)
    texts = "".join(p.read_text(encoding="utf-8") for p in (paths.out / "site_data" / "texts").glob("*.yml"))
    assert "新加坡与苏州签署新的合作备忘录。" in texts
    assert not (paths.out / "site_data.new").exists() and not (paths.out / "docs.new").exists()


def test_a_failure_in_rendering_keeps_the_previous_datasets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The datasets are complete by then; they still wait for the rest of the build."""
    paths, before = first_build(tmp_path, monkeypatch)
    (paths.sources / "good.txt").write_text(CHANGED, encoding="utf-8")

    def render_fails(*_: object) -> None:
        raise RuntimeError("simulated template failure")

    monkeypatch.setattr(rendering, "_render_docs", render_fails)
    with pytest.raises(RuntimeError):
        pipeline.build(paths)
    assert snapshot(paths.out) == before


def test_a_killed_build_keeps_the_previous_outputs_and_the_next_one_completes(tmp_path: Path) -> None:
    """Killed (SIGKILL, no clean-up at all) once the site is being built, after the datasets and docs were
    written in full."""
    sources, out = tmp_path / "sources", tmp_path / "out"
    write_case({}, sources)
    argv = ["build", "--sources", str(sources), "--out", str(out)]
    assert run_cli(*argv, env={"KB_PDF": "0"}).returncode == 0
    before = snapshot(out)
    (sources / "good.txt").write_text(CHANGED, encoding="utf-8")
    build = subprocess.Popen([sys.executable, "-m", "generator", *argv], cwd=REPO, start_new_session=True,
                             env={**os.environ, "KB_PDF": "0"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging_site = out / "build" / "site.new"
    while build.poll() is None and not staging_site.exists():
        time.sleep(0.05)
    assert build.poll() is None, "the build ended before its site stage: nothing was stopped"
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert (out / "docs.new").exists()  # stopped after the docs were staged, before they took the old ones' place
    assert snapshot(out) == before
    assert run_cli(*argv, env={"KB_PDF": "0"}).returncode == 0
    assert "新加坡与苏州签署新的合作备忘录" in "".join(
        p.read_text(encoding="utf-8") for p in (out / "site" / "zh-Hans" / "sources").rglob("index.html"))


def test_a_stopped_build_still_names_the_problems_found_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The books fail: the reader hears of that, and of the impossible date the ingest found before."""
    from test_problems import IMPOSSIBLE

    from generator import cli

    write_case(IMPOSSIBLE, tmp_path / "sources")

    def books_fail(*_: object) -> None:
        raise RuntimeError("simulated Typst failure")

    monkeypatch.setattr(sites, "_copy_books", books_fail)
    assert cli.main(["build", "--sources", str(tmp_path / "sources"), "--out", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "impossible-days.txt:5: warning: not dated: impossible date: 2020年2月 has no day 0",
        "impossible-days.txt:9: warning: not dated: impossible date: range 20—12日 ends before it starts",
        "build:-: error: RuntimeError: simulated Typst failure"]
    assert captured.out.splitlines()[-1] == "build: 1 error, 2 warnings (impossible date 2, stopped 1) - failed"
    assert not (tmp_path / "out" / "site").exists()


def test_the_configurations_a_build_leaves_name_the_real_docs_and_site(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The build reads the staged docs.new/ and writes build/site.new/, but the configurations it leaves
    behind are for `mkdocs serve -f` and `mkdocs build -f`: they name docs/ and site/."""
    paths, _ = first_build(tmp_path, monkeypatch)
    for variant in VARIANTS:
        config = yaml.safe_load(site.config_file(paths, variant).read_text(encoding="utf-8"))
        assert (Path(config["docs_dir"]), Path(config["site_dir"])) == (paths.docs / variant, paths.site / variant)
    (paths.site / "zh-Hans" / "index.html").unlink()
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site.config_file(paths, "zh-Hans"))],
                           cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert plain.returncode == 0, plain.stderr
    assert (paths.site / "zh-Hans" / "index.html").exists()
