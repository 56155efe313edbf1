"""The built sites in headless Chromium: Pagefind search in both scripts, and the language switcher."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import SEARCH, SETTLED

DATA = Path(__file__).parent / "data"
SEARCH_CASES = yaml.safe_load((DATA / "search" / "queries.yml").read_text(encoding="utf-8"))
QUERIES, MIN_HIT_RATE = SEARCH_CASES["queries"], SEARCH_CASES["min_hit_rate"]
VARIANTS = ("zh-Hans", "zh-Hant")

pytestmark = pytest.mark.slow


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


PHONE = {"width": 390, "height": 844}
PHONE_PAGES = ["", "bodies/zhong-xin-shuang-bian-he-zuo-lian-wei-hui/", "people/wu-qing-wen/", "chronology/",
               "sources/003_e93ddf8f2f6eb3ef/"]  # the last one has the widest table (six columns)
OVERFLOW = "[document.documentElement.scrollWidth, window.innerWidth]"


def phone_page(browser: object, url: str) -> object:
    page = browser.new_page(viewport=PHONE)
    page.goto(url)
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("variant", VARIANTS)
def test_pages_fit_a_phone_screen(server: str, browser: object, variant: str) -> None:
    """At 390 px nothing widens the page: wide tables scroll inside their own container."""
    too_wide = {}
    for path in PHONE_PAGES:
        page = phone_page(browser, f"{server}/{variant}/{path}")
        scroll_width, width = page.evaluate(OVERFLOW)
        if scroll_width > width:
            too_wide[path] = scroll_width
        page.close()
    assert not too_wide, f"wider than {PHONE['width']} px: {too_wide}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_chart_fills_a_phone_column_without_overflow(chart_server: str, browser: object, variant: str) -> None:
    page = phone_page(browser, f"{chart_server}/{variant}/sources/yearly/")
    scroll_width, width = page.evaluate(OVERFLOW)
    assert scroll_width <= width
    boxes = [box for svg in page.locator("figure.kb-chart svg").all() if (box := svg.bounding_box())]
    assert len(boxes) == 4
    assert all(0.8 * width <= box["width"] <= width and box["x"] >= 0 for box in boxes), boxes
    page.close()


RANKING = yaml.safe_load((DATA / "search" / "ranking.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("variant", VARIANTS)
def test_exact_names_and_phrases_come_first(server: str, browser: object, variant: str) -> None:
    """The result list itself: a page titled by the query, then a page holding it as a phrase, before the pages
    that mention it in passing or hold its words apart. The line of direct links above the list leads to the
    entity named exactly so."""
    page = browser.new_page()
    page.goto(f"{server}/{variant}/")
    page.click(".kb-search-toggle")
    wrong = []
    for case in RANKING:
        results = list(dict.fromkeys(search(page, case["query"])))  # a page's sub-results link to the same page
        expected = f"/{variant}/{case['first']}"
        if results[:1] != [expected]:
            wrong.append(f"{case['query']}: first {results[:1]}, not {expected}")
        for later in case.get("above", []):
            if f"/{variant}/{later}" not in results[1:]:
                wrong.append(f"{case['query']}: {later} not after {case['first']} in {results}")
        direct = [urlsplit(a.get_attribute("href") or "").path for a in page.locator(f"{SEARCH} .kb-direct a").all()]
        if case["first"].startswith(("bodies/", "projects/", "people/")) and direct[:1] != [expected]:
            wrong.append(f"{case['query']}: direct link {direct}")
    page.close()
    assert not wrong, wrong


@pytest.mark.parametrize("variant, restored, masked", [
    ("zh-Hans", "中新(重庆)战略性互联互通示范项目", "战略□新兴产业"),
    ("zh-Hant", "中新(重慶)戰略性互聯互通示範項目", "戰略□新興產業")])
def test_masked_words_are_restored_or_noted_on_the_page(server: str, browser: object, variant: str, restored: str,
                                                         masked: str) -> None:
    """The seed source masks two words (***): the one the curated project's name fits is restored and marked,
    the other stays masked; each paragraph is followed by a visible note saying which."""
    page = browser.new_page()
    page.goto(f"{server}/{variant}/sources/004_9f0bbe058c927b76/")
    mark = page.locator("mark.kb-restored")
    assert mark.count() == 1 and mark.inner_text() == restored and mark.is_visible()
    paragraph = page.locator("p", has=mark)
    note = page.locator("p", has=mark).locator("xpath=following-sibling::p[1]")
    assert "kb-note" in (note.get_attribute("class") or "") and note.is_visible()
    assert "***" in note.inner_text() and paragraph.count() == 1
    masks = page.locator("mark.kb-mask")
    assert masks.count() == 1 and masks.is_visible()
    assert masked in page.locator("p", has=masks).inner_text()
    assert "***" in page.locator("p", has=masks).locator("xpath=following-sibling::p[1]").inner_text()
    page.close()


EXCERPTS = yaml.safe_load((DATA / "search" / "excerpts.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("variant", VARIANTS)
def test_entity_results_show_an_excerpt_of_sentences_not_of_name_chips(server: str, browser: object,
                                                                      variant: str) -> None:
    """An entity page's result excerpt holds a sentence's punctuation and never two of the page's linked names
    side by side, as its lists of links would give them."""
    page = browser.new_page()
    wrong = []
    for case in EXCERPTS:
        page.goto(f"{server}/{variant}/{case['page']}")
        chips = page.eval_on_selector_all("[data-pagefind-ignore] a", "links => links.map(a => (a.textContent || '').trim())")
        page.click(".kb-search-toggle")
        search(page, case["query"])
        result = page.locator(f"{SEARCH} .pagefind-ui__result").filter(
            has=page.locator(f".pagefind-ui__result-link[href^='/{variant}/{case['page']}']")).first
        excerpt = result.locator(".pagefind-ui__result-excerpt").first.inner_text()
        print(f"{variant} {case['query']}: {excerpt}")
        side_by_side = [f"{a} {b}" for a, b in zip(chips, chips[1:], strict=False) if f"{a} {b}" in excerpt]
        if side_by_side or not {"，", "。", ","} & set(excerpt):
            wrong.append(f"{case['query']}: {excerpt!r} {side_by_side}")
    page.close()
    assert not wrong, wrong
