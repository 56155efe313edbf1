"""MkDocs hooks: the only MkDocs-specific Python in the project.

During `python -m generator serve`, regenerate datasets and pages before each rebuild, so that editing a
source document or a template and saving updates the running preview. During a build, keep each page's
converted content for the printable book (generator/book/pdf.py), which then needs no Markdown of its own.

Converting the Markdown is nine tenths of an MkDocs build of this site, so each page's conversion is kept
between builds (`extra.render_cache`: a folder and the fingerprint of the code and configuration) and reused
when the page's Markdown, its URL and every link target MkDocs looked up for it are the same: a rebuild after
one document changed converts only the pages it changed. A conversion that logged a warning is not kept, so
strict mode still sees it. This wraps MkDocs' `Page.render`: drop it when moving to another engine.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.core import cache

KEPT_SUFFIX = ".page"
_STORES: dict[str, cache.Store] = {}  # each variant's kept conversions during its build, by folder


def on_config(config: Any) -> None:
    from mkdocs.structure.pages import Page

    if not hasattr(Page.render, "counts"):  # the hooks module is loaded again for each build of `serve`
        Page.render = kept_render(Page.render)


def on_pre_build(config: Any) -> None:
    from mkdocs.structure.pages import Page

    Page.render.counts.update(converted=0, kept=0)
    regenerate = config.extra.get("regenerate")
    if not regenerate:
        return
    from generator.build import ingesting, rendering
    from generator.core.paths import Paths

    paths = Paths.create(regenerate["sources"], regenerate["out"])
    _, result = ingesting.ingest(paths)
    result.problems += rendering.render_docs(paths).problems
    for problem in result.problems:
        print(problem)


def on_files(files: Any, config: Any) -> None:
    """Each page's site URL, which the links in its content are relative to."""
    book_pages = config.extra.get("book_pages")
    if book_pages:
        import yaml

        from generator.book.assemble import URLS_FILE

        Path(book_pages).mkdir(parents=True, exist_ok=True)
        urls = {page.src_uri: page.url for page in files.documentation_pages()}
        text = yaml.safe_dump(urls, allow_unicode=True, sort_keys=True)
        (Path(book_pages) / URLS_FILE).write_text(text, encoding="utf-8")


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """The page's citation given its URL and the build date (after the conversion, which is kept for days);
    the content kept for the book without it."""
    from generator.pages import cite

    book_pages = config.extra.get("book_pages")
    if book_pages:
        from generator.book.assemble import page_html_file

        target = page_html_file(Path(book_pages), page.file.src_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(cite.without_citation(html), encoding="utf-8")
    return cite.stamp(html, config.site_url or "", cite.build_date())


def on_post_build(config: Any) -> None:
    """Stamp the citation downloads as their pages, and the feed; report the conversions kept, and forget those
    this build did not use."""
    from mkdocs.structure.pages import Page

    from generator.pages import cite, feed

    for download in sorted((Path(config.site_dir) / cite.FOLDER).glob("*")):
        text = download.read_text(encoding="utf-8")
        download.write_text(cite.stamp(text, config.site_url or "", cite.build_date()), encoding="utf-8")
    atom = Path(config.site_dir) / feed.FEED
    if atom.exists():
        text = atom.read_text(encoding="utf-8")
        atom.write_text(feed.stamp(text, config.site_url or "", config.extra["variant"]), encoding="utf-8")

    kept = config.extra.get("render_cache")
    if not kept:
        return
    counts = Page.render.counts
    store = kept_store(kept["folder"])  # a build that converted no page never opened it
    if not kept.get("keep_unused"):  # the preview's dirty builds use few
        store.prune()
    del _STORES[kept["folder"]]
    print(f"pages {config.extra['variant']}: {counts['converted']} converted, {counts['kept']} kept from an "
          f"earlier build", flush=True)


def kept_render(render: Callable[..., None]) -> Callable[..., None]:
    """MkDocs' `Page.render`, keeping each conversion under `extra.render_cache` when the config has one."""

    def rendered(page: Any, config: Any, files: Any) -> None:
        kept = config.extra.get("render_cache")
        if not kept:
            return render(page, config, files)
        store, name = kept_store(kept["folder"]), render_key(kept["salt"], page)
        stored = read_entry(store, name)
        if stored is not None and stored["targets"] == looked_up(files, stored["targets"]):
            restore(page, stored, files)
            rendered.counts["kept"] += 1
            return None
        targets: dict[str, str | None] = {}
        with recorded_lookups(files, targets), warnings_logged() as warnings:
            render(page, config, files)
        rendered.counts["converted"] += 1
        if not warnings:
            write_entry(store, name, page, targets)
        return None

    rendered.counts = {"converted": 0, "kept": 0}
    return rendered


def kept_store(folder: str) -> cache.Store:
    return _STORES.setdefault(folder, cache.Store(Path(folder), KEPT_SUFFIX))


def render_key(salt: str, page: Any) -> str:
    return cache.key(salt, page.file.src_uri, page.file.url, page.markdown)


def looked_up(files: Any, paths: dict[str, str | None]) -> dict[str, str | None]:
    """The URL of the file at each of `paths` now (None where there is none)."""
    found = {path: files.get_file_from_path(path) for path in paths}
    return {path: file.url if file else None for path, file in found.items()}


@contextmanager
def recorded_lookups(files: Any, targets: dict[str, str | None]) -> Iterator[None]:
    """Every file MkDocs looks up while converting a page (its links' targets), with the URL it found."""
    lookup = files.get_file_from_path

    def recorded(path: str) -> Any:
        file = lookup(path)
        targets[path] = file.url if file else None
        return file

    files.get_file_from_path = recorded
    try:
        yield
    finally:
        del files.get_file_from_path


@contextmanager
def warnings_logged() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def read_entry(store: cache.Store, name: str) -> dict[str, Any] | None:
    try:
        return store.load(name)
    except (OSError, pickle.UnpicklingError, EOFError):
        return None


def write_entry(store: cache.Store, name: str, page: Any, targets: dict[str, str | None]) -> None:
    anchors = {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()}
    store.save(name, {"content": page.content, "toc": page.toc, "title": page._title_from_render,
                      "present_anchor_ids": page.present_anchor_ids, "links_to_anchors": anchors, "targets": targets})


def restore(page: Any, stored: dict[str, Any], files: Any) -> None:
    page.content, page.toc, page._title_from_render = stored["content"], stored["toc"], stored["title"]
    page.present_anchor_ids = stored["present_anchor_ids"]
    page.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in stored["links_to_anchors"].items()}
