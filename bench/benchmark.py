"""`make bench`: scale the seed corpus and measure every stage of `build`, side by side.

For each size (`--sizes 10,100`): a corpus made from the seeds with years, place names and numbers varied
(bench/variation.yml) so that entities and pages grow; a clean build, plain `mkdocs build` runs of the same
generated Markdown (ours, and Material with its own search: the yardstick of issue #35), then the rebuilds an
editor makes: nothing changed, one document added, one edited, one removed. Each build runs in
its own process with probes around the stage functions: exclusive time per stage, summed over the build
process and the forked workers it runs them in, and the peak RSS of a process at the end of each stage.
Writes bench/report.md and bench/report.svg; scratch corpora go to bench/out/.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial, wraps
from pathlib import Path
from typing import Any

import yaml

from bench import adversarial, variants
from generator.core.paths import REPO, VARIANTS
from generator.pages.volumes import PDF_DIR
from generator.site import search

BENCH = REPO / "bench"
# (label, module, function or Class.method); all but the last two are our generation work.
STAGES = [
    ("read", "generator.text.read", "read_sources"),
    ("repair", "generator.text.repair", "apply_rules"),
    ("segment", "generator.text.segment", "segment"),
    ("extract", "generator.knowledge.findings", "document_findings"),
    ("merge + resolve", "generator.knowledge.merge", "build_model"),
    ("write datasets", "generator.data.datasets", "ParsedCache.write"),
    ("load datasets", "generator.build.ingesting", "load_model"),
    ("render (Jinja)", "generator.pages.render", "render_pages"),
    ("export", "generator.data.export", "dataset_files"),
    ("convert (OpenCC)", "generator.text.convert", "Converter.__call__"),
    # Both variants side by side, each in a process of its own: the wall time of the two.
    ("MkDocs builds + search index", "generator.build.sites", "build_variants"),
    ("PDF", "generator.book.pdf", "write_books"),
]
TOOL_STAGES = {"MkDocs builds + search index", "PDF"}


# --- probes: run inside the measured build process -------------------------------------------------------

@dataclass
class Probe:
    seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    stack: list[list[float]] = field(default_factory=list)  # [start, time spent in nested stages]
    running: list[str] = field(default_factory=list)  # labels of the stages under way, outermost first

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.stack.append([time.perf_counter(), 0.0])
            self.running.append(label)
            try:
                return function(*args, **kwargs)
            finally:
                self.running.pop()
                start, nested = self.stack.pop()
                spent = time.perf_counter() - start
                self.seconds[label] = self.seconds.get(label, 0.0) + spent - nested
                if self.stack:
                    self.stack[-1][1] += spent
                self.peak_mb[label] = max(self.peak_mb.get(label, 0.0), peak_rss_mb())

        return timed

    def reset(self) -> None:
        """In a forked worker: count only the worker's own work."""
        self.seconds, self.peak_mb, self.stack, self.running = {}, {}, [], []

    def merge(self, other: dict[str, Any]) -> None:
        for label, seconds in other["seconds"].items():
            self.seconds[label] = self.seconds.get(label, 0.0) + seconds
        for label, peak in other["peak_mb"].items():
            self.peak_mb[label] = max(self.peak_mb.get(label, 0.0), peak)

    def install(self, reports: Path) -> None:
        """Replace each stage function wherever the generator's modules refer to it; forked workers report
        their stages' figures in a file of `reports` when they end."""
        from generator.core import parallel

        os.register_at_fork(after_in_child=self.reset)
        worker = parallel._child

        def reporting_worker(*args: Any) -> None:
            try:
                worker(*args)
            finally:
                record = {"seconds": self.seconds, "peak_mb": self.peak_mb}
                (reports / f"{os.getpid()}.json").write_text(json.dumps(record), encoding="utf-8")

        parallel._child = reporting_worker
        for label, module_name, name in STAGES:
            module = importlib.import_module(module_name)
            owner_name, _, attribute = name.rpartition(".")
            if owner_name:
                owner = getattr(module, owner_name)
                setattr(owner, attribute, self.wrap(label, getattr(owner, attribute)))
                continue
            original = getattr(module, attribute)
            wrapped = self.wrap(label, original)
            for loaded in [m for n, m in sys.modules.items() if n.startswith("generator")]:
                if getattr(loaded, attribute, None) is original:
                    setattr(loaded, attribute, wrapped)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tree_pss_mb(root: int) -> float:
    """Proportional set size of `root` and all its descendants (the book's typesetting processes are
    grandchildren that getrusage's RUSAGE_CHILDREN never sees; PSS counts their shared pages once)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, added = {root}, True
    while added:
        new = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= new
        added = bool(new)
    return sum(_pss_kb(pid) for pid in tree) / 1024


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)


@dataclass
class TreeSampler:
    """Largest memory of the build's whole process tree, sampled twice a second in a thread: before the books
    (our processes, MkDocs and Pagefind) and while Typst typesets them."""

    probe: Probe
    peak_mb: dict[str, float] = field(default_factory=lambda: {"site": 0.0, "books": 0.0})
    done: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.sample()

    def sample(self) -> None:
        phase = "books" if "PDF" in self.probe.running else "site"
        self.peak_mb[phase] = max(self.peak_mb[phase], tree_pss_mb(os.getpid()))


def probe_main(sources: str, out: str) -> None:
    """`python -m bench --probe SOURCES OUT`: one probed build; JSON timings on the last line."""
    importlib.import_module("generator.build.pipeline")
    from generator.cli import main

    probe = Probe()
    sampler = TreeSampler(probe)
    with tempfile.TemporaryDirectory() as reports:
        probe.install(Path(reports))
        threading.Thread(target=sampler.run, daemon=True).start()
        start = time.perf_counter()
        code = main(["build", "--sources", sources, "--out", out])
        total = time.perf_counter() - start
        sampler.done.set()
        for report_file in sorted(Path(reports).glob("*.json")):
            probe.merge(json.loads(report_file.read_text(encoding="utf-8")))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"exit": code, "total": total, "seconds": probe.seconds, "peak_mb": probe.peak_mb,
                      "peak_rss_mb": peak_rss_mb(), "children_peak_mb": children,
                      "tree_peak_mb": sampler.peak_mb["site"], "books_tree_peak_mb": sampler.peak_mb["books"]}))


# --- corpora ------------------------------------------------------------------------------------------------

YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=年)")
YEARS_BACK = 25  # the seeds' 2019-2021 become years back to the 1990s, when the cooperation began
NUMBER = re.compile(r"(?<![\d.])([1-9]\d{0,2})(?=[个项家亿万元%名人次届])")


def vary(text: str, copy: int, places: dict[str, list[str]]) -> str:
    """Copy `copy` of a seed: years shifted back (never into the future), counts and session numbers
    changed, place names rotated."""
    if copy == 0:
        return text
    text = YEAR.sub(lambda m: str(int(m.group(1)) - copy % YEARS_BACK), text)
    text = NUMBER.sub(lambda m: str(int(m.group(1)) + copy), text)
    for place, others in places.items():
        text = text.replace(place, others[(copy - 1) % len(others)])
    return text


def make_corpus(size: int, folder: Path) -> Path:
    seeds = sorted((REPO / "site_data" / "sources").glob("*.txt"))
    places = yaml.safe_load((BENCH / "variation.yml").read_text(encoding="utf-8"))["places"]
    sources = folder / "sources"
    shutil.rmtree(folder, ignore_errors=True)
    sources.mkdir(parents=True)
    for index in range(size):
        seed = seeds[index % len(seeds)]
        text = vary(seed.read_text(encoding="utf-8"), index // len(seeds), places)
        (sources / f"{index:04d}_{seed.stem}.txt").write_text(text, encoding="utf-8")
    return sources


# --- measuring ----------------------------------------------------------------------------------------------

def probed_build(sources: Path, out: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench", "--probe", str(sources), str(out)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})
    wall = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"probed build failed:\n{done.stderr[-2000:]}")
    result = json.loads(lines[-1])
    if result["exit"]:  # the build reported its failure (a book that could not be typeset, say)
        raise RuntimeError(f"probed build exited with {result['exit']}:\n{done.stdout[-2000:]}")
    result["wall"] = wall
    return result


def plain_tools(out: Path) -> dict[str, float]:
    """Seconds of `mkdocs build` of both variants' generated Markdown, one after the other, as a user of
    MkDocs alone would run it (without our hooks); then of Pagefind on each of those sites."""
    seconds = {"mkdocs": 0.0, "pagefind": 0.0}
    for variant in VARIANTS:
        target = out / "plain-mkdocs" / variant
        config = yaml.safe_load((out / "build" / f"mkdocs.{variant}.yml").read_text(encoding="utf-8"))
        config.pop("hooks", None)
        config["docs_dir"] = str(out / "docs" / variant)  # the pages as the build left them
        config_file = target.with_suffix(".yml")
        config_file.parent.mkdir(parents=True, exist_ok=True)
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        seconds["mkdocs"] += timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file),
                                    "-d", str(target)])
        seconds["pagefind"] += timed([str(search.pagefind_command(REPO)), "--site", str(target),
                                      "--quiet"])
    for variant in VARIANTS:  # the yardstick of issue #35: Material with its own search, nothing of ours
        target = out / "plain-search" / variant
        config_file = target.with_suffix(".yml")
        config_file.parent.mkdir(parents=True, exist_ok=True)
        config_file.write_text(yaml.safe_dump(plain_search_config(out / "docs" / variant), allow_unicode=True),
                               encoding="utf-8")
        seconds["mkdocs_search"] = seconds.get("mkdocs_search", 0.0) + timed(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d", str(target)])
    return seconds


def plain_search_config(docs: Path) -> dict[str, Any]:
    """Plain MkDocs with its search plugin on the generated pages of a variant, as a user of MkDocs alone would
    configure it."""
    return {"site_name": "plain", "docs_dir": str(docs),
            "theme": {"name": "material", "language": "zh", "features": ["navigation.prune"]}, "plugins": ["search"]}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def touch_one_document(sources: Path) -> None:
    first = sorted(sources.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n2015年6月1日，中新双方新签合作项目12个。\n",
                     encoding="utf-8")


# The rebuilds an editor makes, in this order on the corpus of the clean build: (row key, label).
REBUILDS = [("unchanged", "nothing changed"), ("one_added", "one added"), ("one_changed", "one edited"),
            ("one_removed", "one removed")]


def measure(size: int) -> dict[str, Any]:
    row, sources, out = measure_clean(size)
    row["unchanged"] = probed_build(sources, out)
    added = add_one_document(sources, size)
    row["one_added"] = probed_build(sources, out)
    touch_one_document(sources)
    row["one_changed"] = probed_build(sources, out)
    added.unlink()
    row["one_removed"] = probed_build(sources, out)
    return row


def add_one_document(sources: Path, size: int) -> Path:
    """A document the corpus did not have: the next copy of the next seed, as make_corpus would have made it."""
    seeds = sorted((REPO / "site_data" / "sources").glob("*.txt"))
    places = yaml.safe_load((BENCH / "variation.yml").read_text(encoding="utf-8"))["places"]
    seed = seeds[size % len(seeds)]
    added = sources / f"{size:04d}_{seed.stem}.txt"
    added.write_text(vary(seed.read_text(encoding="utf-8"), size // len(seeds) + 1, places), encoding="utf-8")
    return added


def measure_clean_only(size: int) -> dict[str, Any]:
    """The reduced measurement for corpora too large for the full one: one clean build (the books in volumes
    included) and the plain tools, without the rebuilds."""
    row, _, _ = measure_clean(size)
    return {**row, "reduced": True}


def measure_clean(size: int) -> tuple[dict[str, Any], Path, Path]:
    """A clean build of a corpus of `size` documents and the plain tools on its pages; the corpus and output."""
    folder = BENCH / "out" / f"corpus-{size}"
    sources = make_corpus(size, folder)
    out = folder / "out"
    row: dict[str, Any] = {"documents": size, "clean": probed_build(sources, out)}
    row["pages"] = sum(1 for _ in (out / "docs" / VARIANTS[0]).rglob("*.md"))
    row["book_pages"] = printed_pages(out / "site" / PDF_DIR)
    row["plain"] = plain_tools(out)
    return row, sources, out


def printed_pages(folder: Path) -> int:
    import pypdf

    return sum(len(pypdf.PdfReader(book).pages) for book in sorted(folder.glob("*.pdf")))


# --- report -------------------------------------------------------------------------------------------------

def generation(seconds: dict[str, float]) -> float:
    """Seconds of generation work, summed over the processes that did it."""
    return sum(v for k, v in seconds.items() if k not in TOOL_STAGES)


def generation_wall(build: dict[str, Any]) -> float:
    """The build's wall time outside the tools (MkDocs, Pagefind, the books): what our code costs the user."""
    return build["total"] - sum(build["seconds"].get(k, 0.0) for k in TOOL_STAGES)


def report(rows: list[dict[str, Any]]) -> str:
    head = " | ".join(f"{r['documents']} docs ({r['pages']} pages{', clean build only' if r.get('reduced') else ''})"
                      for r in rows)
    lines = ["# Benchmark of `python -m generator build`", "",
             f"Measured {time.strftime('%Y-%m-%d')} on {_machine()}. Seconds of work per stage in a clean build, "
             "summed over the build process and its forked workers, so generation stages run side by side add "
             "up to more than their wall time (in brackets: largest peak RSS of a process at the end of the "
             "stage, MB). The two tool stages are wall times.", "",
             f"| stage | {head} |", "| --- |" + " ---: |" * len(rows)]
    for label in [s[0] for s in STAGES]:
        cells = [f"{r['clean']['seconds'].get(label, 0):.2f} ({r['clean']['peak_mb'].get(label, 0):.0f})"
                 if label in r["clean"]["peak_mb"] else f"{r['clean']['seconds'].get(label, 0):.2f}" for r in rows]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    summary = {
        "whole build, wall (s)": lambda r: f"{r['clean']['wall']:.1f}",
        "of which start-up: interpreter and imports, before the build begins (s)":
            lambda r: f"{r['clean']['wall'] - r['clean']['total']:.1f}",
        "generation, wall: the build (after start-up) outside MkDocs, Pagefind and the books (s)":
            lambda r: f"{generation_wall(r['clean']):.1f}",
        "generation share of the build (wall)": lambda r: f"{generation_wall(r['clean']) / r['clean']['total']:.0%}",
        "generation work, summed over processes (s)": lambda r: f"{generation(r['clean']['seconds']):.1f}",
        "plain `mkdocs build` of both variants, one after the other (s)": lambda r: f"{r['plain']['mkdocs']:.1f}",
        "plain Pagefind on both of those sites (s)": lambda r: f"{r['plain']['pagefind']:.1f}",
        "whole build / plain MkDocs": lambda r: f"{r['clean']['wall'] / r['plain']['mkdocs']:.2f}×",
        "whole build without the books / plain MkDocs": lambda r: f"{_ratio_site_only(r):.2f}×",
        "the books (PDF stage, wall) / plain MkDocs": lambda r: f"{r['clean']['seconds']['PDF'] / r['plain']['mkdocs']:.2f}×",
        "whole build / (plain MkDocs + plain Pagefind + PDF)": lambda r: f"{_ratio_with_tools(r):.2f}×",
        "seconds per page (clean build)": lambda r: f"{r['clean']['wall'] / r['pages']:.3f}",
        "printed pages of the books, both variants": lambda r: f"{r['book_pages']:,}",
        "seconds per document / per printed page (clean build)":
            lambda r: f"{r['clean']['wall'] / r['documents']:.2f} / {r['clean']['wall'] / r['book_pages']:.3f}",
        "plain `mkdocs build` with Material's search of both variants (s)":
            lambda r: f"{r['plain']['mkdocs_search']:.1f}",
        "clean: whole build / plain MkDocs with search": lambda r: f"{r['clean']['wall'] / r['plain']['mkdocs_search']:.2f}×",
        "clean: the books / plain MkDocs with search":
            lambda r: f"{r['clean']['seconds']['PDF'] / r['plain']['mkdocs_search']:.2f}×",
        "clean: generation (wall) / plain MkDocs with search":
            lambda r: f"{generation_wall(r['clean']) / r['plain']['mkdocs_search']:.2f}×",
        **{f"rebuild, {label}: s; × clean; × plain MkDocs with search; largest stage": partial(_rebuild, key=key)
           for key, label in REBUILDS},
        "nothing changed: generation work vs clean": lambda r: _share(r, "unchanged"),
        "one edited: generation work vs clean": lambda r: _share(r, "one_changed"),
        "peak RSS, build process (MB)": lambda r: f"{r['clean']['peak_rss_mb']:.0f}",
        "peak RSS, largest waited-for child (MB)": lambda r: f"{r['clean']['children_peak_mb']:.0f}",
        "peak memory, whole process tree before the books (PSS, sampled, MB)":
            lambda r: f"{r['clean']['tree_peak_mb']:.0f}",
        "peak memory, whole process tree typesetting the books (PSS, sampled, MB)":
            lambda r: f"{r['clean']['books_tree_peak_mb']:.0f}",
    }
    lines += ["", f"| summary | {head} |", "| --- |" + " ---: |" * len(rows)]
    lines += [f"| {name} | " + " | ".join(_cell(cell, r) for r in rows) + " |" for name, cell in summary.items()]
    lines += ["", "![stage times](report.svg)", ""]
    return "\n".join(lines)


def _cell(cell: Callable[[dict[str, Any]], str], row: dict[str, Any]) -> str:
    """A summary cell, or a dash for what a reduced measurement did not run."""
    try:
        return cell(row)
    except KeyError:
        return "–"


def _rebuild(row: dict[str, Any], key: str) -> str:
    """A rebuild's wall time, as a ratio to the clean build and to plain MkDocs with search, and the stage that
    took most of it (its seconds; work summed over processes for generation, wall for the tools)."""
    build = row[key]
    stage, seconds = max(build["seconds"].items(), key=lambda item: item[1], default=("–", 0.0))
    return (f"{build['wall']:.1f}; {build['wall'] / row['clean']['wall']:.2f}×; "
            f"{build['wall'] / row['plain']['mkdocs_search']:.2f}×; {stage} {seconds:.1f}")


def _share(row: dict[str, Any], rebuild: str) -> str:
    return f"{generation(row[rebuild]['seconds']) / generation(row['clean']['seconds']):.0%}"


def _ratio_site_only(row: dict[str, Any]) -> float:
    return (row["clean"]["wall"] - row["clean"]["seconds"].get("PDF", 0)) / row["plain"]["mkdocs"]


def _ratio_with_tools(row: dict[str, Any]) -> float:
    plain = row["plain"]
    return row["clean"]["wall"] / (plain["mkdocs"] + plain["pagefind"] + row["clean"]["seconds"].get("PDF", 0))


def _machine() -> str:
    cores = len(__import__("os").sched_getaffinity(0))
    return f"{cores} cores, Python {sys.version.split()[0]}"


COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac", "#3b5b92", "#d37295", "#8cd17d"]


def svg(rows: list[dict[str, Any]]) -> str:
    """Stacked bars: seconds of work per stage of the clean build, then the two rebuilds, for each size."""
    labels = [s[0] for s in STAGES]
    bars = [(f"{r['documents']} {kind}", r[key]["seconds"]) for r in rows
            for kind, key in (("clean", "clean"), ("same", "unchanged"), ("1 added", "one_added"),
                                      ("1 edited", "one_changed"), ("1 removed", "one_removed")) if key in r]
    top = max(sum(s.values()) for _, s in bars) or 1.0
    width, height, bar = 160 + 70 * len(bars) + 220, 420, 40
    scale = (height - 80) / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
             f'font-size="11"><text x="10" y="16">seconds of work per stage (max {top:.0f} s)</text>']
    for index, (name, seconds) in enumerate(bars):
        x, y = 60 + 70 * index, height - 50
        for label, colour in zip(labels, COLOURS, strict=False):
            h = seconds.get(label, 0) * scale
            y -= h
            parts.append(f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{colour}"/>')
        size, kind = name.split(" ", 1)  # two centred lines, so that neighbouring labels never overlap
        parts.append(f'<text x="{x + bar // 2}" y="{height - 35}" text-anchor="middle">{size} docs'
                     f'<tspan x="{x + bar // 2}" dy="13">{kind}</tspan></text>')
    for index, (label, colour) in enumerate(zip(labels, COLOURS, strict=False)):
        y = 30 + 16 * index
        parts.append(f'<rect x="{width - 210}" y="{y}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{width - 195}" y="{y + 9}">{label}</text>')
    return "\n".join([*parts, "</svg>\n"])


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    args.add_argument("--sizes", default="10,100", help="comma-separated corpus sizes (default 10,100)")
    args.add_argument("--clean-only", default="", help="comma-separated larger sizes measured by one clean build "
                      "and the plain tools, without the rebuilds, when the full measurement would take too long")
    args.add_argument("--adversarial", nargs="?", const="all", metavar="CORPORA",
                      help="instead: the adversarial corpora at doubling sizes (comma-separated names or all), "
                      "report in bench/adversarial.md")
    args.add_argument("--scale", type=float, default=1.0, help="with --adversarial: multiply every size")
    args.add_argument("--repeat", type=int, default=1, help="with --adversarial: runs per size, the least CPU kept")
    args.add_argument("--hostile", metavar="DIR", help="instead: write the hostile folder into DIR")
    args.add_argument("--hostile-build", action="store_true",
                      help="instead: make the hostile folder, build it whole, log to bench/hostile.md")
    args.add_argument("--dev-variants", action="store_true",
                      help="instead: score both development sets written in other guises, report in bench/dev-variants.md")
    args.add_argument("--probe", nargs=2, metavar=("SOURCES", "OUT"), help=argparse.SUPPRESS)
    args.add_argument("--probe-generation", nargs=2, metavar=("SOURCES", "OUT"), help=argparse.SUPPRESS)
    options = args.parse_args(argv)
    if options.probe:
        probe_main(*options.probe)
        return 0
    if options.probe_generation:
        adversarial.probe_generation(*options.probe_generation)
        return 0
    if options.dev_variants:
        variants.run()
        return 0
    if options.hostile_build:
        adversarial.hostile_build()
        return 0
    if options.hostile:
        adversarial.hostile_folder(Path(options.hostile))
        return 0
    if options.adversarial:
        names = list(adversarial.CORPORA) if options.adversarial == "all" else options.adversarial.split(",")
        adversarial.run(names, options.scale, options.repeat)
        return 0
    rows = []
    plan = [(int(s), measure) for s in options.sizes.split(",") if s]
    plan += [(int(s), measure_clean_only) for s in options.clean_only.split(",") if s]
    for size, measure_size in plan:
        rows.append(measure_size(size))
        print(f"{size} documents: clean build {rows[-1]['clean']['wall']:.1f} s", file=sys.stderr)
        (BENCH / "report.md").write_text(report(rows), encoding="utf-8")
        (BENCH / "report.svg").write_text(svg(rows), encoding="utf-8")
        (BENCH / "out" / "report.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0

