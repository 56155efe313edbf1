"""Accessibility of the built sites in headless Chromium (WCAG 2.1 AA): axe-core's rules on a page of each kind
in both variants, tables' header cells, the charts' text alternatives, and the search panel and language
switcher used by keyboard and named as a screen reader reads them."""

from __future__ import annotations

import pytest
import yaml
from conftest import DATA, REPO, SEARCH, SETTLED

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

CASES = yaml.safe_load((DATA / "a11y" / "pages.yml").read_text(encoding="utf-8"))
PAGES: dict[str, str] = CASES["pages"]
VARIANTS = ("zh-Hans", "zh-Hant")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"  # pinned in package.json, installed by `make install`
SHOWN = 10  # failing elements quoted in a failure message

pytestmark = pytest.mark.slow

# Every table's first row is header cells with text, one per column (a screen reader names cells by them).
TABLES_WITHOUT_HEADERS = """() => [...document.querySelectorAll('.md-content table')].filter(table => {
  const head = table.tHead && table.tHead.rows[0];
  const columns = Math.max(...[...table.rows].map(row => row.cells.length));
  return !head || head.cells.length !== columns
    || [...head.cells].some(cell => cell.tagName !== 'TH' || !cell.textContent.trim());
}).map(table => table.rows.length ? table.rows[0].textContent.trim().slice(0, 60) : '(no rows)')"""
# Each chart's title and description, and the "series time：value" title of each of its points.
CHARTS = """() => [...document.querySelectorAll('figure.kb-chart svg')].map(svg => ({
  title: svg.querySelector(':scope > title').textContent,
  desc: svg.querySelector(':scope > desc').textContent,
  points: [...svg.querySelectorAll('.kb-chart-point > title')].map(title => title.textContent),
}))"""
FOCUS_RING = """() => { const style = getComputedStyle(document.activeElement);
  return [style.outlineStyle, parseFloat(style.outlineWidth)]; }"""


def axe_violations(page: object, context: str = "html") -> list[str]:
    """axe-core's violations of the WCAG 2 A/AA rules within `context` (a selector), one per failing element."""
    assert AXE.exists(), f"{AXE} is missing: run `make install`"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("([context, tags]) => axe.run(context, {runOnly: {type: 'tag', values: tags}})",
                           [context, CASES["tags"]])
    return [f"{rule['id']} {node['target']}: {node['failureSummary']}"
            for rule in result["violations"] for node in rule["nodes"]]


def report(violations: list[str]) -> str:
    return f"{len(violations)} violations:\n" + "\n".join(violations[:SHOWN])


def tab_to(page: object, selector: str, presses: int = 40) -> bool:
    """Press Tab until the focused element matches `selector`; whether it did within `presses`."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return True
    return False


def assert_focus_visible(page: object) -> None:
    """The focused element draws a solid ring of at least 2 px (not the browser's thin default or none)."""
    style, width = page.evaluate(FOCUS_RING)
    where = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    assert style not in ("none", "auto") and width >= 2, f"focus ring {style} {width}px on {where}"


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("kind", PAGES)
def test_page_kind_has_no_wcag_violation(server: str, browser: object, variant: str, kind: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/{variant}/{PAGES[kind]}")
    violations = axe_violations(page)
    headless = page.evaluate(TABLES_WITHOUT_HEADERS)
    page.close()
    print(f"axe {variant} {kind}: {len(violations)} violations")
    assert not violations, report(violations)
    assert not headless, f"tables without a header row: {headless}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_charts_have_text_alternatives_stating_their_data(chart_server: str, browser: object,
                                                          variant: str) -> None:
    page = browser.new_page()
    page.goto(f"{chart_server}/{variant}/{CASES['chart_page']}")
    violations = axe_violations(page)
    print(f"axe {variant} chart source page: {len(violations)} violations")
    assert not violations, report(violations)
    charts = page.evaluate(CHARTS)
    assert len(charts) == 4
    for index, chart in enumerate(charts):
        svg = page.locator("figure.kb-chart svg").nth(index)
        expect(svg).to_have_accessible_name(chart["title"])
        expect(svg).to_have_accessible_description(chart["desc"])
        for point in chart["points"]:  # each drawn value, under its series' name in the description
            label, value = point.rsplit("：", 1)
            series, time = label.rsplit(" ", 1)
            stated = chart["desc"].split(f"{series}：", 1)[1].split("；", 1)[0].rstrip("。")
            assert f"{time} {value}" in stated.split("，"), (point, chart["desc"])
    page.close()


@pytest.mark.parametrize("variant", VARIANTS)
def test_search_panel_is_used_by_keyboard(server: str, browser: object, variant: str) -> None:
    """Opened, searched, left and closed with the keyboard alone, the focus always visible and the button's
    state told; the open panel with its results passes axe too."""
    page = browser.new_page()
    page.goto(f"{server}/{variant}/chronology/")
    toggle, panel = page.locator(".kb-search-toggle"), page.locator(SEARCH)
    assert toggle.get_attribute("aria-controls") == SEARCH.lstrip("#")
    assert tab_to(page, ".kb-search-toggle")
    assert_focus_visible(page)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(panel).to_be_hidden()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('.pagefind-ui__search-input')")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(panel).to_be_visible()
    assert_focus_visible(page)
    page.keyboard.type(CASES["query"])
    page.wait_for_function(SETTLED, arg=0)
    violations = axe_violations(page, SEARCH)
    print(f"axe {variant} search panel with results: {len(violations)} violations")
    assert not violations, report(violations)
    assert tab_to(page, ".pagefind-ui__result-link")
    assert_focus_visible(page)
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")  # again: the query and its results are still there; follow one
    assert tab_to(page, ".pagefind-ui__result-link")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    page.close()


@pytest.mark.parametrize("variant, other", [("zh-Hans", "zh-Hant"), ("zh-Hant", "zh-Hans")])
def test_language_switcher_says_what_it_does_and_works_by_keyboard(server: str, browser: object, variant: str,
                                                                  other: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/{variant}/people/")
    switcher = CASES["switcher"]
    expect(page.get_by_role("button", name=switcher[variant]["button"], exact=True)).to_have_count(1)
    for lang, name in switcher["links"].items():
        link = page.get_by_role("link", name=name, exact=True)
        expect(link).to_have_attribute("lang", lang)
        if lang == variant:
            expect(link).to_have_attribute("aria-current", "page")
        else:
            expect(link).not_to_have_attribute("aria-current", "page")
    assert tab_to(page, ".md-select > button")
    assert_focus_visible(page)
    assert tab_to(page, f"a.kb-alternate[hreflang={other}]", presses=len(switcher["links"]))
    expect(page.locator(".md-select__inner")).to_have_css("opacity", "1")  # the list shows while in use
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{other}/people/")
    page.close()
