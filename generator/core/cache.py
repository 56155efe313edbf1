"""Incremental builds: skip work whose inputs have not changed since the last build into the same --out.

Every key includes a fingerprint of the generator's code, templates, curated lists and MkDocs files, so a
change to any of them is a clean build. Two levels:
- a stage stamp: a stage whose input digest and output digest both match its last run is skipped whole;
- per document: what repair, segmentation and extraction made of it, keyed on the source bytes and manifest
  entry, so changing one document re-processes only it (the merge of the documents' findings, the other
  datasets and the pages are redone).
Cached results are the results of the same code on the same bytes, so the output stays byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from generator.core import settings
from generator.core.model import Problem, RawDocument
from generator.core.paths import Paths

Result = TypeVar("Result")

CACHE_DIR = "cache"
CODE_INPUTS = ("generator", "templates", "overrides", "site_data/curated", "mkdocs.yml")


def digest_files(files: Iterable[Path], root: Path, salt: str = "") -> str:
    """One hash over the names and bytes of `files`, in a stable order."""
    hasher = hashlib.sha256(salt.encode("utf-8"))
    for path in sorted(files):
        hasher.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
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
def code_fingerprint(repo: Path) -> str:
    """Hash of everything besides the sources that decides the output."""
    return digest_files([f for name in CODE_INPUTS for f in tree_files(repo / name)], repo)


@dataclass
class Stamp:
    """A stage's last successful run: digests of its inputs and outputs, and the problems it reported."""

    paths: Paths
    stage: str

    @property
    def file(self) -> Path:
        return self.paths.build / CACHE_DIR / f"{self.stage}.json"

    def inputs_key(self, inputs: Iterable[Path]) -> str:
        return digest_files(inputs, Path("/"), code_fingerprint(self.paths.repo) + json.dumps(settings.fingerprint()))

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
    """What the per-document stages made of each document, by the hash of its source bytes, manifest entry
    and the code."""

    folder: Path
    salt: str
    used: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, paths: Paths) -> DocumentCache:
        return cls(paths.build / CACHE_DIR / "documents", code_fingerprint(paths.repo))

    def key(self, raw: RawDocument, names: tuple[str, ...] = ()) -> str:
        """The key of a document's result; `names`: the names found in other documents that it was read with."""
        entry = json.dumps([self.salt, raw.id, raw.path, raw.sha256, raw.meta, *([list(names)] if names else [])],
                           sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(entry.encode("utf-8")).hexdigest()

    def lookup(self, raw: RawDocument, names: tuple[str, ...] = ()) -> Any:
        """The stored result for this document, or None."""
        key = self.key(raw, names)
        self.used.add(key)
        path = self.folder / f"{key}.pickle"
        return pickle.loads(path.read_bytes()) if path.exists() else None

    def store(self, raw: RawDocument, result: Result, names: tuple[str, ...] = ()) -> Result:
        """Keep a document's result for next time (failures are never stored, so they are retried)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{self.key(raw, names)}.pickle").write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        return result

    def prune(self) -> None:
        """Forget documents that are no longer in the corpus, so the cache does not grow without bound."""
        forget_unused(self.folder, self.used)


@dataclass(frozen=True)
class KeptTexts:
    """Results of a function of a text, kept under a key of the text and `salt` (all else that decides the
    result), so that a rebuild computes them only for the texts that changed."""

    folder: Path
    salt: str

    def apply(self, function: Callable[[str], str], text: str) -> tuple[str, str]:
        """(key, result) of `function` on `text`, computed and kept unless kept already."""
        key = hashlib.sha256(f"{self.salt}\0{text}".encode()).hexdigest()[:32]
        entry = self.folder / f"{key}.txt"
        try:
            return key, entry.read_text(encoding="utf-8")
        except FileNotFoundError:
            result = function(text)
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = entry.with_suffix(f".{os.getpid()}.part")  # forked workers may write at once
        partial.write_text(result, encoding="utf-8")
        os.replace(partial, entry)
        return key, result


def run_stage(paths: Paths, stage: str, inputs: list[Path], outputs: Callable[[], list[Path]],
              run: Callable[[], list[Problem]]) -> list[Problem]:
    """Run a stage unless its inputs and its outputs are both as the last run left them."""
    stamp = Stamp(paths, stage)
    key = stamp.inputs_key(inputs)
    replayed = stamp.replay(key, outputs())
    if replayed is not None:
        return replayed
    stamp.forget()  # a stage that fails half-way must not look fresh next time
    problems = run()
    stamp.record(key, outputs(), problems)
    return problems
