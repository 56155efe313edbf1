"""The README's pictures (`make screenshots`): the home page, a body's page and a person's page of both built
variants, taken by headless Chromium, and a page of each book turned into PNG by poppler's pdftoppm, written to
`screenshots/`. The body is the one with the most sessions and the person the one with the most roles, so the
pictures show full pages whatever the corpus; the book's page is the one where that body's page starts.

Run after `make site`: `python -m generator.build.screenshots [SITE_DIR] [OUT_DIR]`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdf
import yaml

from generator.core.paths import REPO, VARIANTS
from generator.pages.volumes import PDF_DIR, pdf_name

OUT = REPO / "screenshots"
WINDOW = (1200, 760)  # CSS pixels at scale 1: the desktop layout with navigation and table of contents
BOOK_DPI = 60  # an A4 page at 496 × 702 pixels
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
PAGES = ("home", "body", "person")  # pictures of site pages; with "book", f"{variant}-{name}.png" in screenshots/
BOOK = "book"


def picture_names() -> list[str]:
    return [f"{variant}-{name}.png" for variant in VARIANTS for name in (*PAGES, BOOK)]


def chosen_pages(data: Path) -> dict[str, str]:
    """{picture name: page path under a variant's root} from the datasets."""
    bodies = yaml.safe_load((data / "bodies.yml").read_text(encoding="utf-8"))
    people = yaml.safe_load((data / "people.yml").read_text(encoding="utf-8"))
    body = max(bodies, key=lambda b: (len(b["sessions"]), len(b["mentions"]), b["id"]))
    person = max(people, key=lambda p: (len(p["roles"]), len(p["mentions"]), p["id"]))
    return {"home": "index.html", "body": f"bodies/{body['id']}/index.html",
            "person": f"people/{person['id']}/index.html", "zh-Hans": body["name"], "zh-Hant": body["name_hant"]}


def browser() -> str:
    found = next((shutil.which(name) for name in CHROMIUM if shutil.which(name)), None)
    if found is None:
        sys.exit("missing: Chromium (Debian: apt-get install chromium; `make test` as root installs it)")
    return found


def page_picture(chromium: str, page: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="kb-shot-") as profile:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={profile}", "--force-device-scale-factor=1",
                        f"--window-size={WINDOW[0]},{WINDOW[1]}", f"--screenshot={target}", page.as_uri()],
                       check=True, capture_output=True)


def book_page(pdf: Path, heading: str) -> int:
    """The number of the page where the book's bookmark named `heading` (a page's title) leads; 1 if none."""
    reader = pypdf.PdfReader(pdf)
    pending = list(reader.outline)
    while pending:
        entry = pending.pop(0)
        if isinstance(entry, list):
            pending[:0] = entry
        elif entry.title.strip() == heading:
            return reader.get_destination_page_number(entry) + 1
    return 1


def book_picture(pdf: Path, number: int, target: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", str(BOOK_DPI), "-f", str(number), "-l", str(number),
                    "-singlefile", str(pdf), str(target.with_suffix(""))], check=True)


def main(site: Path, out: Path) -> list[Path]:
    pages = chosen_pages(REPO / "site_data")
    chromium = browser()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for variant in VARIANTS:
        for name in PAGES:
            target = out / f"{variant}-{name}.png"
            page_picture(chromium, site / variant / pages[name], target)
            written.append(target)
    for variant in VARIANTS:
        pdf = site / PDF_DIR / pdf_name(variant, 1)
        target = out / f"{variant}-{BOOK}.png"
        book_picture(pdf, book_page(pdf, pages[variant]), target)
        written.append(target)
    return written


if __name__ == "__main__":
    arguments = sys.argv[1:]
    site_dir = Path(arguments[0]) if arguments else REPO / "site"
    for path in main(site_dir, Path(arguments[1]) if len(arguments) > 1 else OUT):
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {path.stat().st_size // 1024} KiB")
