"""Adversarial inputs: corpora that stress one dimension each, made at doubling sizes, and the hostile folder.

`python -m bench --adversarial` generates each corpus at four doubling sizes, runs ingest and
render on it in a process of its own (stages probed as in `make bench`) and writes bench/adversarial.md: input
size against CPU time, wall time and peak memory, and the ratio of each doubling step, which must stay at or
below 2.2 (linear growth with some noise). CPU time is the measure, since the machine is shared: other work
slows the wall clock, not the CPU seconds a build spends. The sentences come from tests/data/robust/shapes.yml.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.core.paths import REPO

SHAPES_FILE = REPO / "tests" / "data" / "robust" / "shapes.yml"
REPORT = REPO / "bench" / "adversarial.md"
SCRATCH = REPO / "bench" / "out" / "adversarial"
LIMIT = 2.2  # largest acceptable time ratio of one doubling step


def load_shapes() -> dict[str, Any]:
    return yaml.safe_load(SHAPES_FILE.read_text(encoding="utf-8"))


@dataclass
class Filler:
    """Sentences from the shapes with their placeholders filled, reproducibly (a seeded generator)."""

    shapes: dict[str, Any]
    rng: random.Random

    @classmethod
    def seeded(cls, seed: int = 25) -> Filler:
        return cls(load_shapes(), random.Random(seed))

    def person(self, index: int | None = None) -> str:
        """The index-th of the distinct names a surname and two given characters make (about 57,000), or a
        random one."""
        names = self.shapes["names"]
        surnames, given = names["surnames"], names["given"]
        if index is None:
            index = self.rng.randrange(len(surnames) * len(given) ** 2)
        surname, rest = divmod(index, len(given) ** 2)
        return surnames[surname % len(surnames)] + given[rest // len(given)] + given[rest % len(given)]

    def fill(self, template: str, person: str | None = None) -> str:
        names, pick = self.shapes["names"], self.rng.choice
        day = self.rng.randint(1, 27)
        values = {"year": self.rng.randint(1994, 2025), "month": self.rng.randint(1, 12), "day": day,
                  "day2": day + 1, "n": self.rng.randint(1, 30), "person": person or self.person(),
                  "person2": self.person(), "body": pick(names["bodies"]), "project": pick(names["projects"]),
                  "place": pick(names["places"]), "title": pick(names["titles"]), "title2": pick(names["titles"])}
        return template.format(**values)

    def sentence(self, kind: str | None = None, person: str | None = None) -> str:
        shapes = self.shapes["shapes"]
        kind = kind or self.rng.choice(sorted(shapes))
        return self.fill(self.rng.choice(shapes[kind]), person)


# --- the corpora: each writes its sources for one size --------------------------------------------------------

def huge_document(size: int, sources: Path) -> None:
    """One document of `size` different paragraphs of news and meeting sentences."""
    filler = Filler.seeded()
    paragraphs = [filler.sentence(filler.rng.choice(["news", "meeting", "plain"])) for _ in range(size)]
    _write(sources / "huge.txt", "中新合作综述\n\n" + "\n\n".join(paragraphs) + "\n")


def repeated_paragraphs(size: int, sources: Path) -> None:
    """One document whose every paragraph is the same footer, `size` times."""
    _write(sources / "repeated.txt", "页脚重复的文件\n\n" + "本文由苏州工业园区管委会提供。\n\n" * size)


def many_people(size: int, sources: Path) -> None:
    """One document naming `size` distinct people, each at a meeting."""
    filler = Filler.seeded()
    lines = [filler.sentence("meeting", person=filler.person(index)) for index in range(size)]
    _write(sources / "people.txt", "出席名单\n\n" + "\n\n".join(lines) + "\n")


def big_file(size: int, sources: Path) -> None:
    """One file of `size` kB: a chronology of ordinary entries, twelve months over and over."""
    filler, parts, written, limit = Filler.seeded(), ["苏州工业园区大事记\n\n2020年\n\n"], 0, size * 1000
    month = 0
    while written < limit:
        month = month % 12 + 1
        block = f"{month}月\n\n" + "".join(filler.sentence("chronology") + "\n\n" for _ in range(40))
        parts.append(block)
        written += len(block.encode("utf-8"))
    _write(sources / "big.txt", "".join(parts))


def nested_markup(size: int, sources: Path) -> None:
    """Markup nested `size` levels deep, the input growing linearly with the depth: HTML elements, a Markdown
    quote, wiki templates."""
    filler = Filler.seeded()
    text = filler.sentence("meeting")
    html = "<html><body><h1>嵌套</h1>" + "<div><span>" * size + text + "</span></div>" * size + "</body></html>\n"
    _write(sources / "nested-html.html", html)
    _write(sources / "nested-quote.md", "# 嵌套\n\n" + ">" * size + " " + filler.sentence("plain") + "\n")
    wiki = "嵌套\n\n" + "{{模板|" * size + text + "}}" * size + "\n\n" + filler.sentence("plain") + "\n"
    _write(sources / "nested-wiki.wiki", wiki)


def same_entities(size: int, sources: Path) -> None:
    """`size` documents that all name the same bodies, projects and people."""
    filler = Filler.seeded()
    people = [filler.person(index) for index in range(5)]
    for number in range(size):
        lines = [filler.sentence("meeting", person=people[(number + k) % len(people)]) for k in range(3)]
        _write(sources / f"same-{number:05d}.txt", f"中新合作动态第{number + 1}期\n\n" + "\n\n".join(lines) + "\n")


def dates_in_one_sentence(size: int, sources: Path) -> None:
    """One sentence of `size` dated clauses, no full stop until its end: each date is weighed against the
    clauses around it and the brackets before it."""
    filler = Filler.seeded()
    clauses = [f"{filler.rng.randint(1994, 2025)}年{filler.rng.randint(1, 12)}月{filler.rng.randint(1, 28)}日"
               f"中新双方在{filler.rng.choice(filler.shapes['names']['places'])}举行会议" for _ in range(size)]
    _write(sources / "dates.txt", "中新合作日程\n\n" + "，".join(clauses) + "。\n")


def _write(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


# name -> (maker, unit, the four doubling sizes)
CORPORA: dict[str, tuple[Callable[[int, Path], None], str, tuple[int, ...]]] = {
    "one huge document": (huge_document, "paragraphs", (2500, 5000, 10000, 20000)),
    "repeated paragraphs": (repeated_paragraphs, "copies", (6250, 12500, 25000, 50000)),
    "people in one document": (many_people, "people", (1250, 2500, 5000, 10000)),
    "one big file": (big_file, "kB", (3750, 7500, 15000, 30000)),
    "deeply nested markup": (nested_markup, "levels", (500, 1000, 2000, 4000)),
    "documents naming the same entities": (same_entities, "documents", (125, 250, 500, 1000)),
    "dates in one sentence": (dates_in_one_sentence, "dates", (2500, 5000, 10000, 20000)),
}


# --- measuring ------------------------------------------------------------------------------------------------

def probe_generation(sources: str, out: str) -> None:
    """`python -m bench --probe-generation SOURCES OUT`: ingest and render with the stages probed;
    JSON figures on the last line."""
    from bench.benchmark import Probe
    from generator.cli import main

    probe = Probe()
    with tempfile.TemporaryDirectory() as reports:
        probe.install(Path(reports))
        start = time.perf_counter()
        codes = [main([command, "--sources", sources, "--out", out]) for command in ("ingest", "render")]
        wall = time.perf_counter() - start
        for report_file in sorted(Path(reports).glob("*.json")):
            probe.merge(json.loads(report_file.read_text(encoding="utf-8")))
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"exit": max(codes), "wall": wall, "seconds": probe.seconds,
                      "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
                      "peak_mb": max(own.ru_maxrss, children.ru_maxrss) / 1024}))


def measure(name: str, size: int) -> dict[str, Any]:
    """One corpus at one size, generated afresh and ingested and rendered into an empty output."""
    maker = CORPORA[name][0]
    folder = SCRATCH / f"{maker.__name__}-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    maker(size, folder / "sources")
    command = [sys.executable, "-m", "bench", "--probe-generation", str(folder / "sources"),
               str(folder / "out")]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False, env=os.environ.copy())
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{name} at {size}: generation failed:\n{done.stderr[-2000:]}")
    result = json.loads(lines[-1])
    result["bytes"] = sum(p.stat().st_size for p in (folder / "sources").iterdir())
    result["problems"] = len([line for line in done.stderr.splitlines() if ": warning: " in line or ": error: " in line])
    shutil.rmtree(folder / "out", ignore_errors=True)
    return result


def run(names: list[str], scale: float = 1.0, repeat: int = 1) -> dict[str, list[dict[str, Any]]]:
    """Every corpus at its doubling sizes (times `scale`), each measured `repeat` times; the report rewritten
    after each corpus, with the corpora measured by earlier runs (bench/out/adversarial/results.json), so that
    each may run at its own scale."""
    stored = SCRATCH / "results.json"
    earlier = json.loads(stored.read_text(encoding="utf-8")) if stored.exists() else {}
    results: dict[str, list[dict[str, Any]]] = {name: earlier[name] for name in CORPORA if name in earlier}
    for name in names:
        sizes = [max(1, round(size * scale)) for size in CORPORA[name][2]]
        results[name] = []
        for size in sizes:
            # The least CPU time of `repeat` runs: others' work on the shared cores only ever adds to it
            row = {"size": size, **min((measure(name, size) for _ in range(repeat)), key=lambda r: r["cpu"])}
            results[name].append(row)
            print(f"{name}: {size} {CORPORA[name][1]}: cpu {row['cpu']:.1f} s, wall {row['wall']:.1f} s, "
                  f"{row['peak_mb']:.0f} MB", file=sys.stderr)
        results = {other: results[other] for other in CORPORA if other in results}
        stored.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
        REPORT.write_text(report(results), encoding="utf-8")
    return results


def report(results: dict[str, list[dict[str, Any]]]) -> str:
    lines = ["# Adversarial benchmark: `ingest` + `render` at doubling input sizes", "",
             f"Written by `python -m bench --adversarial`; {_machine()}. CPU time is user + system "
             "time of the build process and its workers (the machine is shared, so the wall clock also counts "
             "others' work); peak memory is the largest resident set of one process. Ratio: CPU time over "
             f"that of the size before, at most {LIMIT} for linear growth. Slowest stage: exclusive seconds, "
             "summed over processes.", ""]
    for name, rows in results.items():
        unit = CORPORA[name][1]
        lines += [f"## {name}", "", f"| {unit} | input (MB) | CPU (s) | ratio | wall (s) | peak memory (MB) | "
                  "problems reported | slowest stage |", "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        previous = None
        for row in rows:
            ratio = f"{row['cpu'] / previous:.2f}×" if previous else "–"
            stage, seconds = max(row["seconds"].items(), key=lambda item: item[1], default=("–", 0.0))
            lines.append(f"| {row['size']:,} | {row['bytes'] / 1e6:.2f} | {row['cpu']:.1f} | {ratio} | "
                         f"{row['wall']:.1f} | {row['peak_mb']:.0f} | {row['problems']:,} | {stage} {seconds:.1f} |")
            previous = row["cpu"]
        lines.append("")
    return "\n".join(lines)


def _machine() -> str:
    return (f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, "
            f"{time.strftime('%Y-%m-%d', time.gmtime())}")


# --- the hostile folder: one of every kind of bad input, small enough for a full build with the books ----------

def hostile_folder(sources: Path) -> None:
    """`python -m bench --hostile DIR`: the files a careless export or an attacker could hand over."""
    shutil.rmtree(sources, ignore_errors=True)
    filler = Filler.seeded(7)
    news = "\n\n".join(filler.sentence(kind) for kind in ["news", "meeting", "plain"] * 4)
    for name, data in _hostile_files(filler, news).items():
        path = sources / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _hostile_files(filler: Filler, news: str) -> dict[str, bytes]:
    shapes = filler.shapes
    impossible = "苏州工业园区2020年大事记\n\n" + "\n\n".join(
        f"{case['month']}月\n\n" + case["entry"].format(n=number) for number, case in enumerate(shapes["impossible"], 1))
    debris = "\n\n".join(d.format(n=n) + "\n\n" + filler.sentence("plain") for n, d in enumerate(shapes["debris"], 1))
    people = "\n\n".join(filler.sentence("meeting", person=filler.person(i)) for i in range(200))
    files = {
        "empty.txt": b"",
        "only-spaces.txt": b" \n\t\n\xe3\x80\x80\n",
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "nul-bytes.txt": ("中新合作\0项目\0落地。\n" + news).encode(),
        "utf16.txt": ("中新合作（UTF-16）\n\n" + news).encode("utf-16"),
        "bom.txt": ("带签名的文件\n\n" + news).encode("utf-8-sig"),
        "gb18030.txt": ("国标编码的文件\n\n" + news + "\n\n吉祥物𠮷亮相。\n").encode("gb18030"),
        "big5.txt": "新加坡與蘇州工業園區簽署備忘錄\n\n雙方將擴大經貿合作，聯合協調理事會第二十次會議在新加坡舉行。\n".encode("big5"),
        "cut-utf8.txt": ("中新合作\n\n" + news + "\n").encode() + "双方签署协议".encode()[:-1] + "。\n".encode(),
        "latin1-garbage.txt": bytes(range(0x80, 0x100)) * 40,
        "crlf-tabs.txt": ("标题行\r\n\r\n" + news.replace("\n\n", "\r\n\r\n\t")).encode(),
        "long-line.txt": ("一行很长的文件\n\n" + "中新合作项目在园区落地。" * 20000 + "\n").encode(),
        "repeated.txt": ("页脚重复的文件\n\n" + "本文由苏州工业园区管委会提供。\n\n" * 5000).encode(),
        "people.txt": ("出席名单\n\n" + people + "\n").encode(),
        "impossible-dates.txt": (impossible + "\n").encode(),
        "debris.txt": ("扫描件\n\n" + debris + "\n").encode(),
        "mixed-script.txt": "中新合作项目在苏州工业园区落地。\n新加坡與蘇州工業園區簽署備忘錄。\n".encode(),
        "nested.html": ("<html><body><h1>嵌套</h1>" + "<div><span>" * 300 + news + "</span></div>" * 300 +
                        "</body></html>\n").encode(),
        "unclosed.html": ("<html><body><h1>未闭合<p>" + news.replace("\n\n", "<p><b><i>") + "<table><tr><td>").encode(),
        "injection.html": ('<h1>注入</h1><p><script>alert("kb-injected")</script>中新合作。</p>'
                           '<img src=x onerror=alert(1)><a href="javascript:alert(1)">链接</a>\n').encode(),
        "template-syntax.md": ("# {{ 7*7 }}\n\n{% if true %}真{% endif %} !!python/object:os.system\n\n" +
                               news + "\n").encode(),
        "中新 合作 文件 (副本).txt": ("文件名有空格\n\n" + news + "\n").encode(),
        "masked.txt": ("***出席会议\n\n" + news.replace("新加坡", "***") + "\n").encode(),
        "zero-width.txt": ("\u200b\ufeff零宽\u200d字符\n\n" + "\u200b".join(news) + "\n").encode(),
    }
    for number in range(20):
        files[f"same-{number:02d}.txt"] = (f"中新合作动态第{number + 1}期\n\n" + news + "\n").encode()
    files["sources.yml"] = (b"documents:\n  - file: bom.txt\n    id: same-id\n    colour: red\n"
                            b"  - file: crlf-tabs.txt\n    id: same-id\n  - {title: no file}\n")
    return files


HOSTILE_REPORT = REPO / "bench" / "hostile.md"


def hostile_build() -> int:
    """`python -m bench --hostile-build`: the hostile folder made afresh and built whole (books
    included) into an empty folder; the log, exit code and wall time written to bench/hostile.md."""
    folder = SCRATCH.parent / "hostile"
    shutil.rmtree(folder, ignore_errors=True)
    hostile_folder(folder / "sources")
    command = [sys.executable, "-m", "generator", "build", "--sources", str(folder / "sources"), "--out",
               str(folder / "out")]
    load = os.getloadavg()[0]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    files = sorted(p.name for p in (folder / "sources").iterdir())
    HOSTILE_REPORT.write_text("\n".join([
        "# The hostile folder, built whole", "",
        f"Written by `python -m bench --hostile-build`; {_machine()}, load average {load:.1f} at the start. "
        f"{len(files)} files (bench/adversarial.py, `hostile_folder`), `build` with the books into an empty "
        "folder.", "",
        f"Exit code {done.returncode} (0 ok, 1 failure or warnings with --strict, 2 usage), wall time {wall:.0f} s, "
        f"traceback in the output: {'yes' if 'Traceback' in done.stderr + done.stdout else 'no'}.", "",
        "## stderr: one line per problem", "", "```", done.stderr.rstrip(), "```", "",
        "## stdout", "", "```", done.stdout.rstrip(), "```", "",
        "## files", "", ", ".join(f"`{name}`" for name in files), ""]), encoding="utf-8")
    return done.returncode
