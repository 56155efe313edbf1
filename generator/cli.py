"""Command line: `python -m generator COMMAND [--sources DIR] [--out DIR] [--strict]`.

A thin layer over `pipeline`: parse arguments, check the settings, call one library function, print problems
one per line. Exit codes: 0 success, 1 build failed (or warnings with --strict), 2 usage error (bad arguments,
a missing sources folder, a bad setting). `--debug` shows the traceback of an unexpected failure.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from generator.build import ingesting, pipeline, rendering, sites, staging
from generator.core import settings
from generator.core.model import SEVERITIES, Problem
from generator.core.paths import REPO, Paths

DEVSET = REPO.parent / "shared" / "devset"

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def report(problems: list[Problem], strict: bool, command: str = "build") -> int:
    """Each problem one line on stderr; then the summary, on stdout, that counts them by kind. Errors fail the
    command, warnings too with --strict; notes never do."""
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary(command, problems, strict))
    return EXIT_FAILED if failed(problems, strict) else EXIT_OK


def failed(problems: list[Problem], strict: bool) -> bool:
    """Whether the problems fail the command: an error does, a warning with --strict, a note never."""
    return any(p.severity == "error" or strict and p.severity == "warning" for p in problems)


def summary(command: str, problems: list[Problem], strict: bool) -> str:
    """`build: 2 errors, 3 warnings, 1 note (impossible date 2, not UTF-8 2, dropped line 1)`, the kinds most
    frequent first."""
    if not problems:
        return f"{command}: no problems"
    severities = Counter(p.severity for p in problems)
    counts = [f"{severities[severity]} {severity}{'s' * (severities[severity] != 1)}"
              for severity in reversed(SEVERITIES) if severity != "note" or severities[severity]]
    kinds = Counter(p.kind for p in problems)
    counted = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items(), key=lambda k: (-k[1], k[0])))
    return f"{command}: {', '.join(counts)} ({counted}){' - failed' * failed(problems, strict)}"


def cmd_ingest(paths: Paths, args: argparse.Namespace) -> list[Problem]:
    with staging.staged(paths, "data") as work:
        _, result = ingesting.ingest(work)
    return result.problems


def cmd_render(paths: Paths, args: argparse.Namespace) -> list[Problem]:
    with staging.staged(paths, "docs") as work:
        return rendering.render_docs(work).problems


def cmd_build(paths: Paths, args: argparse.Namespace) -> list[Problem]:
    return pipeline.build(paths)


def cmd_pdf(paths: Paths, args: argparse.Namespace) -> list[Problem]:
    return sites.build_pdfs(paths).problems


def cmd_check(paths: Paths, args: argparse.Namespace) -> list[Problem]:
    from generator.data.check import check

    return check(paths)


def cmd_eval(paths: Paths, args: argparse.Namespace) -> list[Problem]:
    """Score one folder against a gold file, or (`--set DIR`, repeated) each development set's `raw/` against
    its `gold.yaml`, a table each and one for all of them together; `--rule-precision FILE` records each rule's
    counts per set for the review page."""
    from generator.build.evaluate import combine, evaluate, record_rule_precision, report

    sets = [(Path(folder) / "raw", Path(folder) / "gold.yaml", Path(folder).name) for folder in args.set or []]
    sets = sets or [(paths.sources, Path(args.gold), "")]
    problems: list[Problem] = []
    tables = []
    for sources, gold, name in sets:
        if not gold.is_file():
            return [Problem(str(gold), "-", "gold file not found; pass --gold FILE or --set DIR (the dev set's "
                            "gold.yaml format)", kind="usage")]
        base = paths.out if args.out else REPO / "build" / "eval"  # a set's datasets never go into the repository's
        run = Paths.create(str(sources), str(base / name) if name else args.out)
        _, result = ingesting.ingest(run)
        problems += result.problems
        tables.append((name, evaluate(gold, run.data)))
        if args.rule_precision:
            record_rule_precision(Path(args.rule_precision), gold.resolve().parent.name, tables[-1][1])
    for name, scores in tables:
        print(f"# {name}\n" * bool(name) + report(scores, details=not args.summary) + "\n")
    if len(tables) > 1:
        print("# combined\n" + report(combine([scores for _, scores in tables]), details=False))
    return problems


def cmd_review(paths: Paths, args: argparse.Namespace) -> list[Problem]:
    from generator.editing.review import load_precision, review, terminal

    if not (paths.data / "events.yml").exists():
        return [Problem(str(paths.data), "-", "no datasets to review; run `python -m generator ingest` first",
                        kind="usage")]
    print(terminal(review(ingesting.load_model(paths), load_precision())))
    return []


def cmd_serve(paths: Paths, args: argparse.Namespace) -> list[Problem]:
    from generator.build.serve import serve

    serve(paths, args.port)
    return []


COMMANDS: dict[str, tuple[Callable[[Paths, argparse.Namespace], list[Problem]], str]] = {
    "ingest": (cmd_ingest, "read sources, write datasets to site_data/"),
    "render": (cmd_render, "datasets to Markdown pages for both variants in docs/"),
    "build": (cmd_build, "ingest + render + both MkDocs builds + search index + PDF into site/"),
    "pdf": (cmd_pdf, "only the printable books of both variants into site/pdf/ (after a build)"),
    "check": (cmd_check, "validate datasets and pages; list every problem"),
    "eval": (cmd_eval, "ingest, then score the datasets against a gold file (recall, precision, every miss)"),
    "review": (cmd_review, "list the facts that rest on one source and one rule, least precise rules first, "
                           "each with a corrections.yml entry to paste"),
    "serve": (cmd_serve, "preview the simplified variant, regenerating on change"),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--sources", metavar="DIR", help="folder of source documents (default site_data/sources)")
        command.add_argument("--out", metavar="DIR", help="output root for site_data/, docs/, site/ (default: repo)")
        command.add_argument("--strict", action="store_true", help="treat warnings as failure")
        command.add_argument("--debug", action="store_true", help="show the traceback of an unexpected failure")
        if name == "eval":
            command.add_argument("--gold", metavar="FILE", default=str(DEVSET / "gold.yaml"),
                                 help="gold facts (default ../shared/devset/gold.yaml)")
            command.add_argument("--set", metavar="DIR", action="append",
                                 help="a development set (DIR/raw, DIR/gold.yaml); repeat for several, each "
                                 "built under --out/NAME, then scored together")
            command.add_argument("--summary", action="store_true", help="only the table, not every miss")
            command.add_argument("--rule-precision", metavar="FILE",
                                 help="also write each rule's precision, under the gold's folder name, into FILE")
        if name == "serve":
            command.add_argument("--port", type=int, default=8000)
    return top


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    paths = Paths.create(args.sources, args.out)
    if not paths.sources.is_dir():
        print(f"{paths.sources}: error: sources folder not found; pass --sources DIR", file=sys.stderr)
        return EXIT_USAGE
    setting_problems = settings.check()
    if any(problem.severity == "error" for problem in setting_problems):
        report(setting_problems, args.strict, args.command)
        return EXIT_USAGE
    function, _ = COMMANDS[args.command]
    try:
        problems = function(paths, args)
    except (Exception, SystemExit) as error:  # MkDocs aborts with a SystemExit; either way one line, no traceback
        if args.debug:
            raise
        found, cause = (error.problems, error.cause) if isinstance(error, staging.Stopped) else ([], error)
        where = getattr(cause, "filename", None) or args.command
        problems = [*found, Problem(str(where), "-", f"{type(cause).__name__}: {cause}".splitlines()[0],
                                       kind="stopped")]
    return report(setting_problems + problems, args.strict, args.command)
