"""The README a newcomer reads: short, the two set-up commands first, pictures of both sites and a book that
are in the repository and made by `make screenshots`, and the contributor material it links to."""

from __future__ import annotations

import re

from conftest import REPO

from generator.build import screenshots

README = REPO / "README.md"
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
PNG = b"\x89PNG\r\n\x1a\n"


def test_the_readme_is_at_most_8000_bytes() -> None:
    assert len(README.read_bytes()) <= 8000


def test_the_two_set_up_commands_come_first() -> None:
    text = README.read_text(encoding="utf-8")
    block = text.split("```")[1].split("\n")[1:]  # the first code block, after its language line
    commands = [line.split("#")[0].strip() for line in block if line.strip()]
    assert commands == ["make site", "make test"]
    assert text.index("```") < text.index("\n## ")  # before any section


def test_the_screenshots_exist_are_small_pngs_and_are_made_by_make_screenshots() -> None:
    images = IMAGE.findall(README.read_text(encoding="utf-8"))
    assert len(images) >= 2
    made = {f"screenshots/{name}" for name in screenshots.picture_names()}
    for image in images:
        assert image in made, image
        data = (REPO / image).read_bytes()
        assert data.startswith(PNG) and len(data) < 150_000, image
    assert {"-".join(image.removeprefix("screenshots/").split("-")[:2]) for image in images} == {"zh-Hans", "zh-Hant"}
    assert any(image.endswith(f"-{screenshots.BOOK}.png") for image in images)
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert f"-m {screenshots.__name__}" in makefile.split("\nscreenshots:")[1].split("\n\n")[0]


def test_the_contributor_material_is_linked() -> None:
    links = set(LINK.findall(README.read_text(encoding="utf-8")))
    contributing = set(LINK.findall((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")))
    assert "CONTRIBUTING.md" in links and (REPO / "CONTRIBUTING.md").is_file()
    design = sorted(path.relative_to(REPO).as_posix() for path in (REPO / "design").glob("*.md"))
    assert len(design) >= 5
    for path in design:
        assert path in links | contributing, path
