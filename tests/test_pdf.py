"""The printable books: navigation flattening, in-book links, the volume plan, the HTML-to-Typst conversion
element by element, a small book typeset from page HTML kept as test data (outline, table of contents, links
to pages and anchors, running headers, page numbers, tables over pages, chart, tags, determinism, the kept
volumes), and the seed books' text, outline, table of contents and fonts (poppler's pdftotext/pdffonts, pypdf
for outline, links and tags)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from conftest import DATA, REPO

from generator.book import assemble, htmltypst, pdf, typeset
from generator.core.cache import Store
from generator.core.paths import Paths
from generator.pages import volumes

PRINT = DATA / "print"
CASES = yaml.safe_load((PRINT / "cases.yml").read_text(encoding="utf-8"))
ELEMENTS = yaml.safe_load((PRINT / "elements.yml").read_text(encoding="utf-8"))
SEEDS = yaml.safe_load((PRINT / "seeds.yml").read_text(encoding="utf-8"))
BOOK = yaml.safe_load((PRINT / "book" / "nav.yml").read_text(encoding="utf-8"))
A4 = (595.3, 841.9)
MM = 72 / 25.4
SIDE_MARGIN = 18 * MM  # templates/print/book.typ
TOC_LINE = re.compile(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$", re.M)


def text_of(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    """Extracted text without line breaks or spaces, so a phrase wrapped across lines is still found."""
    return re.sub(r"\s+", "", text)


def outline_tree(reader: pypdf.PdfReader, items: list[Any] | None = None) -> list[list[Any]]:
    """[[title, children], ...] from the PDF outline (pypdf lists children right after their parent)."""
    tree: list[list[Any]] = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            tree[-1][1] = outline_tree(reader, item)
        else:
            tree.append([item.title, []])
    return tree


def fonts(path: Path) -> list[dict[str, str]]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        name, rest = line.split(None, 1)
        kind = re.match(r"(.+?)\s{2,}", rest)
        fields = rest.split()
        rows.append({"name": name, "type": kind.group(1) if kind else "", "emb": fields[-5], "sub": fields[-4]})
    return rows


@pytest.mark.parametrize("case", CASES["nav"], ids=[c["name"] for c in CASES["nav"]])
def test_flatten_nav(case: dict[str, Any]) -> None:
    assert [list(e) for e in volumes.flatten_nav(case["nav"])] == case["entries"]


@pytest.mark.parametrize("case", CASES["localise"], ids=[c["name"] for c in CASES["localise"]])
def test_localise(case: dict[str, Any]) -> None:
    urls = {"index.md": "", "sources/a.md": "sources/a/", "people/han-zheng.md": "people/han-zheng/"}
    in_book = {assemble.url_key(url): path for path, url in urls.items()}
    assert assemble.localise(case["html"], case["page"], urls[case["page"]], in_book, case.get("web")) == case["expected"]


@pytest.mark.parametrize("case", CASES["volumes"], ids=[c["name"] for c in CASES["volumes"]])
def test_plan_volumes(case: dict[str, Any]) -> None:
    entries = [(title, path, depth) for title, path, depth, _ in case["entries"]]
    starts = volumes.plan_volumes(entries, [size for *_, size in case["entries"]], case["budget"])
    assert starts == case["starts"]
    planned = [volumes.volume_entries(entries, starts, number) for number in range(1, len(starts) + 1)]
    assert [[list(entry) for entry in volume] for volume in planned] == case["volumes"]
    assert [list(span) for span in assemble.volume_spans(entries, starts)] == case["spans"]


@pytest.mark.parametrize("case", ELEMENTS["cases"], ids=[c["name"][:40] for c in ELEMENTS["cases"]])
def test_html_elements_become_typst(case: dict[str, Any]) -> None:
    converter = htmltypst.Converter(set(ELEMENTS["targets"]))
    assert converter.page(case["html"], case["depth"]) == case["typst"]
    assert converter.files == case.get("files", {})
    assert list(converter.linked) == case.get("linked", [])


def small_volume(pages: Path = PRINT / "book") -> assemble.Volume:
    urls = yaml.safe_load((pages / assemble.URLS_FILE).read_text(encoding="utf-8"))
    source = assemble.BookSource(BOOK["site_name"], BOOK["nav"], pages, urls)
    return assemble.book_volume(REPO / "templates", source, "zh-Hans", str)


@pytest.fixture(scope="module")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book of four pages given as the site build keeps them (content HTML with permalinks, links relative
    to the page URLs): a table too wide for the page if laid out naively, one longer than a page, a chart,
    an admonition, details, links to pages and to a paragraph anchor."""
    folder = tmp_path_factory.mktemp("book")
    return typeset.write_pdfs([small_volume()], REPO / "templates", [folder / "book.pdf"], "zh-Hans")[0]


def page_texts(path: Path) -> list[str]:
    return text_of(path, "-layout").split("\f")[:-1]


def page_of(texts: list[str], text: str) -> int:
    """The first page (from 1) whose text holds `text`."""
    return next(number for number, page in enumerate(texts, start=1) if text in flat(page))


def bookmarks(reader: pypdf.PdfReader, items: list[Any]) -> dict[str, int]:
    """Title -> page (from 1) of every bookmark, at any level."""
    found: dict[str, int] = {}
    for item in items:
        found |= bookmarks(reader, item) if isinstance(item, list) else {
            item.title: reader.get_destination_page_number(item) + 1}
    return found


def test_sections_without_a_page_of_their_own_are_told_apart() -> None:
    """Sections that are only a heading in the navigation get ids of their own, whatever their titles."""
    pages = PRINT / "book"
    urls = yaml.safe_load((pages / assemble.URLS_FILE).read_text(encoding="utf-8"))
    nav = [{"人物": [{"甲": "index.md"}]}, {"文献": [{"乙": "section/index.md"}]}, {"文献": [{"丙": "section/wide.md"}]}]
    ids = [item.id for item in assemble.chapters(assemble.BookSource("书", nav, pages, urls))]
    assert len(ids) == 6 and len(set(ids)) == 6


def test_small_book_outline_follows_navigation(small_book: Path) -> None:
    assert outline_tree(pypdf.PdfReader(small_book))[1:] == BOOK["outline"]  # [0] is the table of contents


def test_small_book_toc_numbers_are_the_pages_of_the_bookmarks(small_book: Path) -> None:
    reader = pypdf.PdfReader(small_book)
    listed = dict(TOC_LINE.findall(text_of(small_book, "-layout", "-f", "2", "-l", "2")))
    pages = bookmarks(reader, reader.outline)
    assert listed == {title: str(pages[title]) for title in ["测试书", "章节", "宽表页", "元素页"]}


def link_destinations(reader: pypdf.PdfReader) -> list[tuple[int, float]]:
    """(page from 1, top in PDF points) of every in-book link, by named or explicit destination."""
    found = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if link.get("/Subtype") != "/Link" or "/Dest" not in link:
                continue
            dest = link["/Dest"]
            if isinstance(dest, str):
                named = reader.named_destinations[dest]
                found.append((reader.get_destination_page_number(named) + 1, float(named.top)))
            else:
                found.append((reader.get_page_number(dest[0].get_object()) + 1, float(dest[3])))
    return found


def words_on(path: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin from the top, xMax, word) of every word on a page."""
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                       text_of(path, "-bbox", "-f", str(page), "-l", str(page)))
    return [(float(x), float(y), float(x_max), html.unescape(word)) for x, y, x_max, word in found]


def test_small_book_links_lead_to_their_targets_in_the_book(small_book: Path) -> None:
    """Each in-book link lands on its target's page, just above its text: links between pages and to a
    paragraph anchor in the middle of a page."""
    destinations = link_destinations(pypdf.PdfReader(small_book))
    assert len(destinations) == BOOK["in_book_links"]
    texts = page_texts(small_book)
    for target in BOOK["link_targets"]:
        places = [(page, y) for page, text in enumerate(texts, start=1) if target in flat(text)
                  for _, y, _, word in words_on(small_book, page) if word.startswith(target[:3])]
        assert any(page == number and 0 <= y - (A4[1] - top) < 30
                   for page, y in places for number, top in destinations), target
    assert "¶" not in "".join(texts)


def test_small_book_has_running_headers_and_page_numbers(small_book: Path) -> None:
    texts = page_texts(small_book)
    reader = pypdf.PdfReader(small_book)
    starts = bookmarks(reader, reader.outline)
    for chapter, header in BOOK["headers"].items():
        first_line = texts[starts[chapter] - 1].strip().splitlines()[0]
        assert first_line.split() == [header, BOOK["site_name"]]
    assert texts[0].split()[0] == BOOK["site_name"]  # the cover: no header, no number
    for number, text in enumerate(texts[1:], start=2):
        assert text.strip().splitlines()[-1].strip() == str(number)


def test_small_book_long_table_repeats_its_header_on_every_page(small_book: Path) -> None:
    table = BOOK["long_table"]
    texts = page_texts(small_book)
    pages = {page_of(texts, table["row"] % row) for row in range(1, table["rows"] + 1)}
    assert len(pages) >= 2
    for page in pages:
        assert table["header"] in texts[page - 1]


def cell_text(words: list[tuple[float, float, float, str]], start: str) -> str:
    """The lines of the table cell whose text begins with `start`: words left-aligned with it, top to bottom."""
    x_min, y_min = next((x, y) for x, y, _, word in words if word.startswith(start))
    below = sorted((y, word) for x, y, _, word in words if abs(x - x_min) < 1 and 0 <= y - y_min < 100)
    return "".join(word for _, word in below)


def test_small_book_wide_table_stays_inside_the_page(small_book: Path) -> None:
    page = page_of(page_texts(small_book), "一张很宽的表")
    words = [(x, y, x_max, word.replace(htmltypst.ZWSP, "")) for x, y, x_max, word in words_on(small_book, page)]
    right_edge = max(x_max for _, _, x_max, _ in words)
    assert right_edge <= A4[0] - SIDE_MARGIN + 1, right_edge
    # Long strings wrap inside their cell instead of running off the page.
    for text in BOOK["long_cells"]:
        assert cell_text(words, text[:4]).startswith(text)


def alt_texts(node: Any) -> list[str]:
    """The /Alt of every element of a structure tree."""
    node = node.get_object() if isinstance(node, pypdf.generic.IndirectObject) else node
    if isinstance(node, list):
        return [alt for kid in node for alt in alt_texts(kid)]
    if not isinstance(node, dict):
        return []
    return ([str(node["/Alt"])] if "/Alt" in node else []) + alt_texts(node.get("/K", []))


def test_small_book_is_tagged_pdf_ua_with_the_chart_described(small_book: Path) -> None:
    root = pypdf.PdfReader(small_book).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    metadata = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part(>|=\")1", metadata)
    assert [alt for alt in alt_texts(root["/StructTreeRoot"]) if alt.startswith(BOOK["chart_alt"])]
    assert "2907.09" in text_of(small_book)  # the chart's labels are text


def test_small_book_fonts_are_embedded_subsets(small_book: Path) -> None:
    rows = fonts(small_book)
    assert {row["name"].split("+")[1] for row in rows} == {"NotoSansCJKsc-Regular-Identity-H",
                                                          "NotoSansCJKsc-Bold-Identity-H"}
    assert all(row["emb"] == row["sub"] == "yes" and row["type"] == "CID Type 0C" for row in rows)


def test_a_book_is_the_same_bytes_when_typeset_again(small_book: Path, tmp_path: Path) -> None:
    again = typeset.write_pdfs([small_volume()], REPO / "templates", [tmp_path / "book.pdf"], "zh-Hans")[0]
    assert again.read_bytes() == small_book.read_bytes()


def test_a_missing_font_fails_the_book(tmp_path: Path) -> None:
    """Typst falls back to another font, with a warning, where a family is missing: the book is refused."""
    volume = assemble.Volume('#set document(title: "x")\n#set text(font: "No Such Font")\n#"中新"', {})
    with pytest.raises(RuntimeError, match="unknown font family: no such font"):
        typeset.write_pdfs([volume], REPO / "templates", [tmp_path / "book.pdf"], "zh-Hans")
    assert not (tmp_path / "book.pdf").exists()


def test_book_volumes_are_kept_and_only_a_changed_one_typeset_again(tmp_path: Path, capsys) -> None:
    """A rebuild typesets only the volume whose pages changed, and the volume it keeps is the same bytes as a
    fresh one of the same book."""
    pages = tmp_path / "pages"
    shutil.copytree(PRINT / "book", pages)
    first_volume = small_volume(pages)
    kept = typeset.BookCache(Store(tmp_path / "kept", ".pdf"), "code and tools")

    def write(volumes: list[assemble.Volume], run: str, cache: typeset.BookCache | None = kept) -> list[bytes]:
        targets = [tmp_path / run / "a.pdf", tmp_path / run / "b.pdf"]
        return [path.read_bytes() for path in typeset.write_pdfs(volumes, REPO / "templates", targets, "zh-Hans", cache)]

    first = write([first_volume, first_volume], "first")
    index = pages / "index.md.html"
    index.write_text(index.read_text(encoding="utf-8").replace("首页正文", "首页的正文"), encoding="utf-8")
    capsys.readouterr()
    second = write([first_volume, small_volume(pages)], "second")
    log = capsys.readouterr().out.splitlines()
    assert [line.endswith("kept from an earlier build") for line in log] == [True, False]
    assert second[0] == first[0] and second[1] != first[1]
    assert "首页的正文" in flat(text_of(tmp_path / "second" / "b.pdf"))
    assert second == write([first_volume, small_volume(pages)], "fresh", None)
    assert len(list((tmp_path / "kept").glob("*.pdf"))) == 2  # what the last build used, no more


@pytest.fixture(scope="module")
def books(built_seeds: Path) -> dict[str, list[Path]]:
    """Each variant's volumes, in order."""
    paths = Paths.create(str(REPO / "site_data" / "sources"), str(built_seeds))
    return {variant: [built_seeds / "site" / "pdf" / name for name in pdf.book_names(paths, variant)]
            for variant in SEEDS}


def top_outline(reader: pypdf.PdfReader) -> dict[str, int]:
    """Title -> page number (from 1) of each top-level bookmark."""
    return {item.title: reader.get_destination_page_number(item) + 1
            for item in reader.outline if not isinstance(item, list)}


@pytest.mark.parametrize("variant", SEEDS)
def test_seed_book_text_is_in_the_variant_script(books: dict[str, list[Path]], variant: str) -> None:
    expected = SEEDS[variant]
    text = "".join(flat(text_of(volume)) for volume in books[variant])
    for heading in expected["headings"]:
        assert heading in text
    assert expected["fact"] in text
    assert expected["other_script"] not in text


@pytest.mark.parametrize("variant", SEEDS)
def test_seed_book_volumes_continue_each_other(books: dict[str, list[Path]], variant: str) -> None:
    """Each volume's cover says which it is; a volume that starts inside a section opens with its heading."""
    expected = SEEDS[variant]["volumes"]
    assert [path.name for path in books[variant]] == [volumes.pdf_name(variant, n) for n in range(1, len(expected) + 1)]
    for number, (volume, outline) in enumerate(zip(books[variant], expected, strict=True), start=1):
        assert list(top_outline(pypdf.PdfReader(volume))) == outline
        cover = flat(text_of(volume, "-f", "1", "-l", "1"))
        assert flat(SEEDS[variant]["volume_label"] % (number, len(expected))) in cover


@pytest.mark.parametrize("variant", SEEDS)
def test_seed_book_is_a4_with_outline_and_page_numbers_in_the_toc(books: dict[str, list[Path]], variant: str) -> None:
    tops: set[str] = set()
    for volume in books[variant]:
        reader = pypdf.PdfReader(volume)
        assert all(abs(float(p.mediabox.width) - A4[0]) < 1 and abs(float(p.mediabox.height) - A4[1]) < 1
                   for p in reader.pages)
        top = top_outline(reader)
        tops |= set(top)
        toc = text_of(volume, "-layout", "-f", "2", "-l", "4")
        listed = dict(re.findall(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$", toc, re.M))
        chapters = [title for title in top if title in listed]
        assert len(chapters) >= 2, volume.name
        for title in chapters:  # the TOC's number is the page the chapter's bookmark points at
            assert int(listed[title]) == top[title], (volume.name, title)
    assert set(SEEDS[variant]["outline"]) <= tops


@pytest.mark.parametrize("variant", SEEDS)
def test_seed_book_fonts_are_embedded_noto_cjk_of_the_variant(books: dict[str, list[Path]], variant: str) -> None:
    other = next(SEEDS[v]["font"] for v in SEEDS if v != variant)
    for volume in books[variant]:
        rows = fonts(volume)
        assert rows and all(row["emb"] == "yes" and row["sub"] == "yes" for row in rows)
        assert not [row for row in rows if "Type 3" in row["type"]]
        families = {re.sub(r"^[A-Z]{6}\+", "", row["name"]) for row in rows}
        assert {f'{SEEDS[variant]["font"]}-Regular', f'{SEEDS[variant]["font"]}-Bold'} <= {
            family.removesuffix("-Identity-H") for family in families}
        assert not [family for family in families if family.startswith(other)]


