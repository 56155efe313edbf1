"""The printable books: navigation flattening, in-book links, heading levels, layout of a small book, and the
seed books' text, outline, table of contents and fonts (poppler's pdftotext/pdffonts, pypdf for outline and
links)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from conftest import DATA, REPO
from fontTools.ttLib import TTFont

from generator import pdf, printfonts
from generator.paths import Paths

PRINT = DATA / "print"
CASES = yaml.safe_load((PRINT / "cases.yml").read_text(encoding="utf-8"))
SEEDS = yaml.safe_load((PRINT / "seeds.yml").read_text(encoding="utf-8"))
BOOK = yaml.safe_load((PRINT / "book" / "nav.yml").read_text(encoding="utf-8"))
A4 = (595.3, 841.9)
MM = 72 / 25.4
SIDE_MARGIN = 18 * MM  # templates/print/book.css


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
        rows.append({"name": name, "type": kind.group(1) if kind else "", "emb": fields[-5]})
    return rows


@pytest.mark.parametrize("case", CASES["nav"], ids=[c["name"] for c in CASES["nav"]])
def test_flatten_nav(case: dict[str, Any]) -> None:
    assert [list(e) for e in pdf.flatten_nav(case["nav"])] == case["entries"]


@pytest.mark.parametrize("case", CASES["localise"], ids=[c["name"] for c in CASES["localise"]])
def test_localise(case: dict[str, Any]) -> None:
    urls = {"index.md": "", "sources/a.md": "sources/a/", "people/han-zheng.md": "people/han-zheng/"}
    in_book = {pdf.url_key(url): path for path, url in urls.items()}
    assert pdf.localise(case["html"], case["page"], urls[case["page"]], in_book, case.get("web")) == case["expected"]


@pytest.mark.parametrize("case", CASES["volumes"], ids=[c["name"] for c in CASES["volumes"]])
def test_plan_volumes(case: dict[str, Any]) -> None:
    entries = [(title, path, depth) for title, path, depth, _ in case["entries"]]
    starts = pdf.plan_volumes(entries, [size for *_, size in case["entries"]], case["budget"])
    assert starts == case["starts"]
    volumes = [pdf.volume_entries(entries, starts, number) for number in range(1, len(starts) + 1)]
    assert [[list(entry) for entry in volume] for volume in volumes] == case["volumes"]
    assert [list(span) for span in pdf.volume_spans(entries, starts)] == case["spans"]


@pytest.mark.parametrize("case", CASES["headings"], ids=[c["name"] for c in CASES["headings"]])
def test_shift_headings(case: dict[str, Any]) -> None:
    assert pdf.shift_headings(case["html"], case["depth"]) == case["expected"]


def test_renumber_node_ids() -> None:
    case = CASES["renumber"]
    assert pdf.renumber_node_ids(case["pdf"].encode()) == case["expected"].encode()


@pytest.fixture(scope="module")
def small_prints(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A three-page book with a table too wide for the page if laid out naively; its pages are given as the
    site build keeps them (content HTML with permalinks, links relative to the page URLs). The book as
    Chromium printed it, and as the build keeps it."""
    folder = tmp_path_factory.mktemp("book")
    printed: list[bytes] = []
    print_book = pdf.print_book
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(pdf, "print_book",
                        lambda browser, file: printed.append(print_book(browser, file)) or printed[-1])
        book = pdf.write_pdfs([small_book_html()], REPO / "templates", [folder / "book.pdf"], "zh-Hans")[0]
    (folder / "printed.pdf").write_bytes(printed[0])
    return folder / "printed.pdf", book


@pytest.fixture(scope="module")
def small_book(small_prints: tuple[Path, Path]) -> Path:
    return small_prints[1]


def test_the_kept_book_is_the_print_compacted_with_nothing_lost(small_prints: tuple[Path, Path]) -> None:
    printed, kept = small_prints
    before, after = pypdf.PdfReader(printed), pypdf.PdfReader(kept)
    assert kept.stat().st_size < printed.stat().st_size
    assert pdf.page_count(printed.read_bytes()) == len(after.pages) == len(before.pages)  # as the log reports it
    assert text_of(kept, "-layout") == text_of(printed, "-layout")
    assert outline_tree(after) == outline_tree(before)
    assert set(after.named_destinations) == set(before.named_destinations)
    links = [[len(page.get("/Annots") or []) for page in reader.pages] for reader in (before, after)]
    assert links[0] == links[1]
    assert "/StructTreeRoot" in after.trailer["/Root"]  # still tagged


def small_book_html() -> str:
    pages = PRINT / "book"
    urls = yaml.safe_load((pages / pdf.URLS_FILE).read_text(encoding="utf-8"))
    source = pdf.BookSource(BOOK["site_name"], BOOK["nav"], pages, urls)
    return pdf.book_html(REPO / "templates", source, "zh-Hans", str)


def test_small_book_outline_follows_navigation(small_book: Path) -> None:
    assert outline_tree(pypdf.PdfReader(small_book))[1:] == BOOK["outline"]  # [0] is the table of contents


def test_small_book_links_are_in_book_and_clickable(small_book: Path) -> None:
    reader = pypdf.PdfReader(small_book)
    links = [annot.get_object() for page in reader.pages for annot in page.get("/Annots") or []]
    # Chromium names its destinations with PDF name objects (/pg-index), hence the slash.
    targets = {str(link["/Dest"]).lstrip("/") for link in links if link.get("/Subtype") == "/Link" and "/Dest" in link}
    assert targets == set(BOOK["link_targets"])
    assert targets <= {name.lstrip("/") for name in reader.named_destinations}
    assert "¶" not in text_of(small_book)


def cell_text(words: list[tuple[float, float, float, str]], start: str) -> str:
    """The lines of the table cell whose text begins with `start`: words left-aligned with it, top to bottom."""
    x_min, y_min = next((x, y) for x, y, _, word in words if word.startswith(start))
    below = sorted((y, word) for x, y, _, word in words if abs(x - x_min) < 1 and 0 <= y - y_min < 100)
    return "".join(word for _, word in below)


def test_small_book_wide_table_stays_inside_the_page(small_book: Path) -> None:
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                       text_of(small_book, "-bbox"))
    words = [(float(x), float(y), float(x_max), word) for x, y, x_max, word in found]
    right_edge = max(x_max for _, _, x_max, _ in words)
    assert right_edge <= A4[0] - SIDE_MARGIN + 1, right_edge
    # Long strings wrap inside their cell instead of running off the page.
    for text in BOOK["long_cells"]:
        assert cell_text(words, text[:8]).startswith(text)


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
    assert [path.name for path in books[variant]] == [pdf.pdf_name(variant, n) for n in range(1, len(expected) + 1)]
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
        assert rows and all(row["emb"] == "yes" for row in rows)
        assert not [row for row in rows if "Type 3" in row["type"]]
        families = {re.sub(r"^[A-Z]{6}\+", "", row["name"]) for row in rows}
        assert f'{SEEDS[variant]["font"]}-Regular' in families
        assert not [family for family in families if family.startswith(other)]


def font_characters(font: Path) -> set[str]:
    return {chr(code) for code in TTFont(str(font)).getBestCmap()}


def test_book_fonts_are_kept_and_made_again_only_for_new_characters(tmp_path: Path, monkeypatch) -> None:
    face = printfonts.find_face(printfonts.FAMILIES["zh-Hans"], "regular")
    kept = tmp_path / "kept"
    printfonts.make_fonts([(face, "中新合作", tmp_path / "first" / "regular.ttf")], kept)
    first = (tmp_path / "first" / "regular.ttf").read_bytes()
    assert {"中", "新", "合", "作"} <= font_characters(tmp_path / "first" / "regular.ttf")
    assert [font.read_bytes() for font in kept.glob("*.ttf")] == [first]

    with monkeypatch.context() as patched:  # the same characters again: copied, not cut
        patched.setattr(printfonts, "truetype_subset", lambda *job: pytest.fail(f"font made again: {job[1]}"))
        printfonts.make_fonts([(face, "中新合作", tmp_path / "again" / "regular.ttf")], kept)
    assert (tmp_path / "again" / "regular.ttf").read_bytes() == first

    printfonts.make_fonts([(face, "中新合作园区", tmp_path / "more" / "regular.ttf")], kept)
    assert {"园", "区"} <= font_characters(tmp_path / "more" / "regular.ttf")
    assert [font.read_bytes() for font in kept.glob("*.ttf")] == [(tmp_path / "more" / "regular.ttf").read_bytes()]


def test_book_volumes_are_kept_and_only_a_changed_one_printed_again(tmp_path: Path, monkeypatch) -> None:
    """A rebuild reprints only the volume whose HTML changed (same characters, so the same fonts), and the
    volume it keeps is the same bytes as a fresh print of the same book."""
    book = small_book_html()
    volumes = [book, book.replace("</body>", "<p>中新</p></body>")]
    changed = [volumes[0], volumes[1].replace("<p>中新</p>", "<p>新中</p>")]
    kept = pdf.PrintCache(tmp_path / "kept", "code and tools")

    def write(books: list[str], run: str, cache: pdf.PrintCache | None = kept) -> list[bytes]:
        targets = [tmp_path / run / "a.pdf", tmp_path / run / "b.pdf"]
        return [path.read_bytes() for path in pdf.write_pdfs(books, REPO / "templates", targets, "zh-Hans", cache)]

    first = write(volumes, "first")
    printed: list[str] = []
    print_book = pdf.print_book
    monkeypatch.setattr(pdf, "print_book", lambda browser, file: printed.append(file.name) or print_book(browser, file))
    second = write(changed, "second")
    assert printed == ["book-2.html"]
    assert second[0] == first[0] and second[1] != first[1]
    assert second == write(changed, "fresh", None)
    assert len(list((tmp_path / "kept" / pdf.VOLUMES_DIR).glob("*.pdf"))) == 2  # the first run's volume 2 is gone
