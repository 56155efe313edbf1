"""MkDocs hooks: the only MkDocs-specific Python in the project.

During `python -m generator serve`, regenerate datasets and pages before each rebuild, so that editing a
source document or a template and saving updates the running preview. During a build, keep each page's
converted content for the printable book (generator/pdf.py), which then needs no Markdown of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def on_pre_build(config: Any) -> None:
    regenerate = config.extra.get("regenerate")
    if not regenerate:
        return
    from generator import pipeline
    from generator.paths import Paths

    paths = Paths.create(regenerate["sources"], regenerate["out"])
    _, result = pipeline.ingest(paths)
    result.problems += pipeline.render_docs(paths).problems
    for problem in result.problems:
        print(problem)


def on_files(files: Any, config: Any) -> None:
    """Each page's site URL, which the links in its content are relative to."""
    book_pages = config.extra.get("book_pages")
    if book_pages:
        import yaml

        from generator.pdf import URLS_FILE

        Path(book_pages).mkdir(parents=True, exist_ok=True)
        urls = {page.src_uri: page.url for page in files.documentation_pages()}
        text = yaml.safe_dump(urls, allow_unicode=True, sort_keys=True)
        (Path(book_pages) / URLS_FILE).write_text(text, encoding="utf-8")


def on_page_content(html: str, page: Any, config: Any, files: Any) -> None:
    book_pages = config.extra.get("book_pages")
    if book_pages:
        from generator.pdf import page_html_file

        target = page_html_file(Path(book_pages), page.file.src_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
