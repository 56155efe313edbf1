"""The built sites in headless Chromium: Pagefind search in both scripts, and the language switcher."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

playwright = pytest.importorskip("playwright.sync_api")

DATA = Path(__file__).parent / "data"
SEARCH_CASES = yaml.safe_load((DATA / "search_queries.yml").read_text(encoding="utf-8"))
QUERIES, MIN_HIT_RATE = SEARCH_CASES["queries"], SEARCH_CASES["min_hit_rate"]
VARIANTS = ("zh-Hans", "zh-Hant")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SEARCH = "#kb-search"

pytestmark = pytest.mark.slow


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def server(built_seeds: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built_seeds / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Settled: the result count is final, more than the `n` items shown before (or none at all), and no item
# is still a loading placeholder, which has no link until its fragment has arrived.
SETTLED = ("n => { const m = document.querySelector('#kb-search .pagefind-ui__message');"
           " const shown = document.querySelectorAll('#kb-search .pagefind-ui__result').length;"
           " return m && !m.textContent.endsWith('...') && (shown > n || shown + n === 0)"
           " && !document.querySelector('#kb-search .pagefind-ui__results .pagefind-ui__loading'); }")


def search(page: object, query: str) -> list[str]:
    """Type a query into the search panel and return the paths of every result link, all pages loaded.

    The box is cleared first so that results of the previous query (which may contain this one) are gone.
    """
    box = page.locator(f"{SEARCH} .pagefind-ui__search-input")
    box.fill("")
    page.wait_for_selector(f"{SEARCH} .pagefind-ui__message", state="detached")
    box.fill(query)
    page.wait_for_function(SETTLED, arg=0)
    more = page.locator(f"{SEARCH} .pagefind-ui__button")
    while more.count():
        shown = page.locator(f"{SEARCH} .pagefind-ui__result").count()
        more.first.click()
        page.wait_for_function(SETTLED, arg=shown)
    return [urlsplit(a.get_attribute("href") or "").path for a in page.locator(f"{SEARCH} .pagefind-ui__result-link").all()]


@pytest.mark.parametrize("variant", VARIANTS)
def test_search_finds_expected_pages_in_either_script(server: str, browser: object, variant: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/{variant}/")
    page.click(".kb-search-toggle")
    wanted = found = 0
    misses = []
    for case in QUERIES:
        links = set(search(page, case["query"]))
        for expected in case["pages"]:
            wanted += 1
            if f"/{variant}/{expected}" in links:
                found += 1
            else:
                misses.append(f"{case['query']} -> {expected}")
    page.close()
    print(f"{variant}: hit rate {found}/{wanted}; missed {misses}")
    assert len(QUERIES) >= 30
    assert found / wanted >= MIN_HIT_RATE, f"{variant}: hit rate {found}/{wanted}; missed {misses}"


@pytest.mark.parametrize("variant, ui_text", [("zh-Hans", "相关结果"), ("zh-Hant", "相關結果")])
def test_result_shows_title_highlight_and_paragraph_link(server: str, browser: object, variant: str,
                                                          ui_text: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/{variant}/")
    assert page.evaluate("document.documentElement.lang") == {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}[variant]
    page.click(".kb-search-toggle")
    links = search(page, "互联互通")
    assert ui_text in page.locator(f"{SEARCH} .pagefind-ui__message").inner_text()
    assert page.locator(f"{SEARCH} .pagefind-ui__result-excerpt mark").count() > 0
    hrefs = [a.get_attribute("href") for a in page.locator(f"{SEARCH} .pagefind-ui__result-link").all()]
    paragraph = [h for h in hrefs if "/sources/004_9f0bbe058c927b76/#p-" in h]
    assert paragraph, hrefs
    assert links
    page.goto(server + paragraph[0])
    assert page.locator(":target").count() == 1  # a paragraph of the page, near the first matching word
    page.close()


@pytest.mark.parametrize("variant, other", [("zh-Hans", "zh-Hant"), ("zh-Hant", "zh-Hans")])
def test_switcher_goes_to_same_page_and_anchor(server: str, browser: object, variant: str, other: str,
                                               built_seeds: Path) -> None:
    page = browser.new_page()
    anchor = built_seeds.joinpath("docs", variant, "sources", "004_9f0bbe058c927b76.md").read_text(
        encoding="utf-8").split("{ #p-", 1)[1].split(" ", 1)[0]
    page.goto(f"{server}/{variant}/sources/004_9f0bbe058c927b76/#p-{anchor}")
    page.locator(f"a.kb-alternate[hreflang={other}]").evaluate("a => a.click()")
    page.wait_for_url(f"**/{other}/sources/004_9f0bbe058c927b76/#p-{anchor}")
    assert page.evaluate("document.documentElement.lang").startswith("zh-")
    assert page.locator(f"#p-{anchor}").count() == 1
    page.close()
