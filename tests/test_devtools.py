"""The DevTools-protocol driver of Chromium that prints the book (generator/devtools.py), on a three-page
HTML file (tests/data/devtools/page.html)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import DATA

from generator import devtools, pdf

PAGE = DATA / "devtools" / "page.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[devtools.Browser]:
    with pdf.chromium() as running:
        yield running


def test_scripts_run_in_the_page_and_return_their_values(browser: devtools.Browser) -> None:
    page = browser.new_page()
    page.goto(PAGE.as_uri())
    assert page.evaluate("document.title") == "测试"
    assert page.evaluate("document.fonts.ready.then(() => document.querySelectorAll('h1').length)") == 3
    assert page.evaluate("words => words.map(word => word + '!')", ["中新", "合作"]) == ["中新!", "合作!"]
    with pytest.raises(devtools.ChromiumError, match="script failed: ReferenceError: missing is not defined"):
        page.evaluate("missing()")
    page.close()


def test_the_pdf_is_read_whole_in_any_size_of_chunks(browser: devtools.Browser,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    page = browser.new_page()
    page.goto(PAGE.as_uri())
    def printed() -> bytes:  # without the clock time Chromium stamps
        return pdf.DATES.sub(lambda stamp: b" " * len(stamp.group(0)), page.pdf(**pdf.DRAFT_OPTIONS))

    whole = printed()
    monkeypatch.setattr(devtools, "STREAM_CHUNK", 1000)
    assert printed() == whole
    assert whole.startswith(b"%PDF-") and pdf.page_count(whole) == 3
    page.close()


def test_a_page_that_cannot_be_loaded_is_named(browser: devtools.Browser) -> None:
    page = browser.new_page()
    with pytest.raises(devtools.ChromiumError, match="missing.html: net::ERR_FILE_NOT_FOUND"):
        page.goto((DATA / "devtools" / "missing.html").as_uri())
    page.close()


def test_a_chromium_that_quits_is_an_error_with_its_exit_code() -> None:
    with devtools.launch("/bin/false", []) as quitting, pytest.raises(devtools.ChromiumError, match=r"exit code 1"):
        quitting.new_page()
