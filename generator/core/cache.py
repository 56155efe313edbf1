"""Incremental builds: skip work whose inputs have not changed since the last build into the same --out.

Every key includes a fingerprint of what decides the output besides the data: the code of the stage and of
the stages before it, its templates and curated lists (CODE_INPUTS), so a change to the book's code leaves the
documents, datasets and pages as they were. Two levels:
- a stage stamp: a stage whose input digest and output digest both match its last run is skipped whole;
- per document: what repair, segmentation and extraction made of it, keyed on the source bytes and manifest
  entry, so changing one document re-processes only it (the merge of the documents' findings, the other
  datasets and the pages are redone).
Cached results are the results of the same code on the same bytes, so the output stays byte-identical.
Every kept value lives in a Store (a folder, a file per value) under a key made by `key()` of all that
decides it; the stage stamps record `key()`s of their inputs and outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from generator.core import settings
from generator.core.model import Problem, RawDocument
from generator.core.paths import STAGING_SUFFIX, Paths

Output = TypeVar("Output")
STAGED_FOLDER = re.compile(rf"(^|/)(site_data|docs){re.escape(STAGING_SUFFIX)}(?=/)")

CACHE_DIR = "cache"
# Each stage's output depends on its own code and on everything before it; build/ runs them all.
_BEFORE_DATA = ("generator/__init__.py", "generator/cli.py", "generator/build", "generator/core", "generator/text",
                "generator/knowledge", "generator/resources", "site_data/curated")
CODE_INPUTS: dict[str, tuple[str, ...]] = {"knowledge": _BEFORE_DATA, "data": (*_BEFORE_DATA, "generator/data",
                                                                                    "generator/editing")}
CODE_INPUTS["pages"] = (*CODE_INPUTS["data"], "generator/pages", "templates")
CODE_INPUTS["site"] = (*CODE_INPUTS["pages"], "generator/site", "overrides", "mkdocs.yml")
CODE_INPUTS["book"] = (*CODE_INPUTS["site"], "generator/book")


def key(*parts: str | bytes) -> str:
    """The one key scheme: a SHA-256 of the parts, each prefixed by its length so that no two different lists
    of parts hash the same bytes."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


@dataclass
class Store:
    """Values kept between builds in one folder, a file each named by its key; what a build did not use is
    forgotten at its end (`prune`), so the folder holds one build's worth. Written under a temporary name and
    renamed, so that forked workers may write at once and an interrupted write is never read."""

    folder: Path
    suffix: str = ".pickle"
    used: set[str] = field(default_factory=set)

    def read(self, name: str) -> bytes | None:
        self.used.add(name)
        try:
            return (self.folder / f"{name}{self.suffix}").read_bytes()
        except FileNotFoundError:
            return None

    def write(self, name: str, data: bytes) -> None:
        self.used.add(name)
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f"{name}.{os.getpid()}.part"
        partial.write_bytes(data)
        os.replace(partial, self.folder / f"{name}{self.suffix}")

    def load(self, name: str) -> Any:
        """The value kept under `name` (pickled), or None."""
        data = self.read(name)
        return None if data is None else pickle.loads(data)

    def save(self, name: str, value: Any) -> None:
        self.write(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def path(self, name: str) -> Path:
        """Where the value of `name` is kept, for a tool that writes its file itself."""
        self.used.add(name)
        return self.folder / f"{name}{self.suffix}"

    def has(self, name: str) -> bool:
        self.used.add(name)
        return (self.folder / f"{name}{self.suffix}").exists()

    def prune(self, used: Iterable[str] = ()) -> None:
        """Forget what neither this store nor `used` (names used in forked workers) named in this build."""
        forget_unused(self.folder, self.used | set(used))


def digest_files(files: Iterable[Path], root: Path, salt: str = "") -> str:
    """One hash over the names and bytes of `files`, in a stable order. A staged output folder counts under
    its real name, so a stage's stamp holds whether it ran staged (build) or in place."""
    hasher = hashlib.sha256(salt.encode("utf-8"))
    for path in sorted(files):
        name = STAGED_FOLDER.sub(r"\1\2", path.relative_to(root).as_posix())
        hasher.update(name.encode("utf-8") + b"\0")
        hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def tree_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts] if root.is_dir() else []


def forget_unused(folder: Path, used: Iterable[str]) -> None:
    """Remove what `folder` keeps under other names (file stems or folder names) than `used`."""
    keep = set(used)
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if entry.stem not in keep:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


@cache
def code_fingerprint(repo: Path, stage: str) -> str:
    """Hash of everything besides the data that decides the output of `stage` (a key of CODE_INPUTS)."""
    return digest_files([f for name in CODE_INPUTS[stage] for f in tree_files(repo / name)], repo)


@dataclass
class Stamp:
    """A stage's last successful run: digests of its inputs and outputs, and the problems it reported."""

    paths: Paths
    stage: str

    @property
    def file(self) -> Path:
        return self.paths.build / CACHE_DIR / f"{self.stage}.json"

    def inputs_key(self, inputs: Iterable[Path]) -> str:
        code = code_fingerprint(self.paths.repo, self.stage)
        return digest_files(inputs, Path("/"), code + json.dumps(settings.fingerprint()))

    def replay(self, inputs_key: str, outputs: list[Path]) -> list[Problem] | None:
        """The problems of the last run when nothing changed since; None when the stage must run."""
        if not self.file.exists():
            return None
        last = json.loads(self.file.read_text(encoding="utf-8"))
        if last["inputs"] != inputs_key or last["outputs"] != digest_files(outputs, self.paths.out):
            return None
        return [Problem(**problem) for problem in last["problems"]]

    def record(self, inputs_key: str, outputs: list[Path], problems: list[Problem]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        record = {"inputs": inputs_key, "outputs": digest_files(outputs, self.paths.out),
                  "problems": [asdict(problem) for problem in problems]}
        self.file.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")

    def forget(self) -> None:
        self.file.unlink(missing_ok=True)


@dataclass
class DocumentCache:
    """What the per-document stages made of each document, keyed on its source bytes, manifest entry and the
    code of the stages that read it."""

    store: Store
    salt: str

    @classmethod
    def open(cls, paths: Paths) -> DocumentCache:
        return cls(Store(paths.build / CACHE_DIR / "documents"), code_fingerprint(paths.repo, "knowledge"))

    def key(self, raw: RawDocument, names: tuple[str, ...] = ()) -> str:
        """The key of a document's result; `names`: the names found in other documents that it was read with."""
        return key(self.salt, raw.id, raw.path, raw.sha256, json.dumps(raw.meta, sort_keys=True, ensure_ascii=False),
                   *names)

    def lookup(self, raw: RawDocument, names: tuple[str, ...] = ()) -> Any:
        """The stored result for this document, or None."""
        return self.store.load(self.key(raw, names))

    def store_result(self, raw: RawDocument, result: Output, names: tuple[str, ...] = ()) -> Output:
        """Keep a document's result for next time (failures are never stored, so they are retried)."""
        self.store.save(self.key(raw, names), result)
        return result

    def prune(self) -> None:
        """Forget documents that are no longer in the corpus, so the cache does not grow without bound."""
        self.store.prune()


@dataclass(frozen=True)
class KeptTexts:
    """Results of a function of a text, kept under a key of the text and `salt` (all else that decides the
    result), so that a rebuild computes them only for the texts that changed."""

    store: Store
    salt: str

    def apply(self, function: Callable[[str], str], text: str) -> tuple[str, str]:
        """(key, result) of `function` on `text`, computed and kept unless kept already."""
        name = key(self.salt, text)
        kept = self.store.read(name)
        if kept is not None:
            return name, kept.decode("utf-8")
        result = function(text)
        self.store.write(name, result.encode("utf-8"))
        return name, result


def run_stage(paths: Paths, stage: str, inputs: list[Path], outputs: Callable[[], list[Path]],
              run: Callable[[], list[Problem]]) -> list[Problem]:
    """Run a stage (a key of CODE_INPUTS) unless its inputs, code and outputs are all as its last run left them."""
    stamp = Stamp(paths, stage)
    key = stamp.inputs_key(inputs)
    replayed = stamp.replay(key, outputs())
    if replayed is not None:
        return replayed
    stamp.forget()  # a stage that fails half-way must not look fresh next time
    problems = run()
    stamp.record(key, outputs(), problems)
    return problems
