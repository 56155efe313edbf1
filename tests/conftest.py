"""Shared fixtures: one full build of the seed corpus into a temporary --out folder per test session, and the
built sites served to one headless Chromium for the browser tests."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEARCH_PART_MB = 20  # the seed pages' ~330,000 indexed characters are estimated at ~80 MB: several parts
BOOK_VOLUME_BYTES = 160_000  # the seed pages' Markdown is ~590 KB: four volumes, three continuing a section
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def run_cli(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=1800, env=environment)


@pytest.fixture(scope="session")
def built_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus built end to end (both variants) into a fresh folder. Its search index is made in
    parts of 20 MB (estimated) and its books in volumes, as a large corpus's would be, so the tests search merged
    parts and read volumes."""
    out = tmp_path_factory.mktemp("seeds-out")
    result = run_cli("build", "--sources", str(REPO / "site_data" / "sources"), "--out", str(out),
                     env={"KB_SEARCH_PART_MB": str(SEARCH_PART_MB), "KB_PDF_VOLUME_BYTES": str(BOOK_VOLUME_BYTES)})
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def built_chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-document corpus whose tables call for charts (tests/data/chart/yearly.txt), built end to end."""
    sources = tmp_path_factory.mktemp("chart-sources")
    shutil.copy(DATA / "chart" / "yearly.txt", sources)
    out = tmp_path_factory.mktemp("chart-out")
    result = run_cli("build", "--sources", str(sources), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out

SEARCH = "#kb-search"  # the search panel (overrides/partials/kb-search.html)
# Settled: the result count is final, more than the `n` items shown before (or none at all), and no item
# is still a loading placeholder, which has no link until its fragment has arrived.
SETTLED = ("n => { const m = document.querySelector('#kb-search .pagefind-ui__message');"
           " const shown = document.querySelectorAll('#kb-search .pagefind-ui__result').length;"
           " return m && !m.textContent.endsWith('...') && (shown > n || shown + n === 0)"
           " && !document.querySelector('#kb-search .pagefind-ui__results .pagefind-ui__loading'); }")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def server(built_seeds: Path) -> Iterator[str]:
    with serving(built_seeds / "site") as url:
        yield url


@pytest.fixture(scope="session")
def chart_server(built_chart: Path) -> Iterator[str]:
    with serving(built_chart / "site") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for every browser test of the session (Debian's, driven by Playwright)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="write the golden site's expected files from this build (tests/test_golden.py)")

# Fixtures that build whole sites or start a browser: a test that uses one is part of the full run only.
SITE_FIXTURES = {"built_seeds", "built_chart", "server", "browser"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
