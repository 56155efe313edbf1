"""Stage 1: read source files and the manifest; decode bytes to text.

A file that cannot be read becomes a Problem naming the file and the reason; the rest of the corpus
still builds.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from .model import Problem, RawDocument

SOURCE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".wiki"}
MANIFEST_FIELDS = {"id", "title", "kind", "year", "script", "origin"}
ID_UNSAFE = re.compile(r"[^0-9A-Za-z_\-]+")
UNICODE_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f]")


class DecodeError(ValueError):
    pass


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Tries BOMs, UTF-8, then GB18030 (a superset of GBK)."""
    if not data.strip():
        raise DecodeError("file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise DecodeError("binary file (NUL bytes); expected text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise DecodeError(
                f"not UTF-8, UTF-16 or GB18030 (first bad byte at offset {utf8_error.start})"
            ) from None


def normalise_whitespace(text: str) -> str:
    """Unify line endings, expand tabs and turn no-break spaces into plain spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").replace("\u3000", "  ")
    return UNICODE_SPACES.sub(" ", text)


def doc_id_for(path: Path) -> str:
    """A stable ASCII id from the file name; non-ASCII names get a short hash so ids stay URL-safe."""
    stem = path.stem
    ascii_part = ID_UNSAFE.sub("-", stem).strip("-")
    if ascii_part == stem and stem:
        return stem
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}" if ascii_part else f"doc-{digest}"


def load_manifest(path: Path) -> tuple[dict[str, dict], list[Problem]]:
    """Manifest entries keyed by file name. Missing fields are detected later."""
    if not path.exists():
        return {}, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        place = f"line {mark.line + 1}" if mark else "1"
        return {}, [Problem(path.name, place, f"manifest is not valid YAML, ignored: {error}".splitlines()[0])]
    entries = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return {}, [Problem(path.name, "1", "manifest needs a top-level 'documents:' list; ignored")]
    manifest: dict[str, dict] = {}
    problems: list[Problem] = []
    for index, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "file" not in entry:
            problems.append(Problem(path.name, f"documents[{index}]", "entry needs a 'file:' key; ignored"))
            continue
        unknown = set(entry) - MANIFEST_FIELDS - {"file"}
        if unknown:
            problems.append(Problem(path.name, f"documents[{index}]",
                                    f"unknown fields {sorted(unknown)} ignored", "warning"))
        manifest[str(entry["file"])] = {k: entry[k] for k in MANIFEST_FIELDS if k in entry}
    return manifest, problems


def list_sources(sources_dir: Path) -> list[Path]:
    return sorted(p for p in sources_dir.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)


def read_sources(sources_dir: Path, manifest_path: Path) -> tuple[list[RawDocument], list[Problem]]:
    """Read every source file; undecodable ones become problems, duplicate ids are refused."""
    manifest, problems = load_manifest(manifest_path)
    documents: list[RawDocument] = []
    seen: dict[str, str] = {}
    for path in list_sources(sources_dir):
        data = path.read_bytes()
        try:
            text, encoding = decode(data)
        except DecodeError as error:
            problems.append(Problem(path.name, "1", f"not read: {error}"))
            continue
        meta = {k: str(v) for k, v in manifest.get(path.name, {}).items()}
        doc_id = meta.pop("id", "") or doc_id_for(path)
        if doc_id in seen:
            problems.append(Problem(path.name, "1", f"duplicate document id '{doc_id}' (also {seen[doc_id]}); skipped"))
            continue
        seen[doc_id] = path.name
        documents.append(RawDocument(
            id=doc_id, path=path.name, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding,
            text=normalise_whitespace(text), meta=meta,
        ))
    return documents, problems
