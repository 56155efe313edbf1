"""GitHub Pages deployment: the workflow runs the README's build command and publishes site/; the built site
works from a sub-path (as project pages are served), with every link and asset relative."""

from __future__ import annotations

import functools
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urldefrag, urljoin

import pytest
import yaml
from conftest import REPO

from generator.pages import volumes
from generator.site import site

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)
SUB_PATH = "/repo/"


def readme_commands() -> tuple[str, str]:
    """The README's two set-up commands, in the order the workflow needs them: (test, site)."""
    block = re.search(r"```sh\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
    assert block
    site_command, test_command = (line.split("#")[0].strip() for line in block.group(1).splitlines()[:2])
    return test_command, site_command


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict[str, Any], action: str) -> dict[str, Any]:
    found = [step for step in steps(workflow) if step.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, action
    return found[0]


def job_running(workflow: dict[str, Any], command: str) -> str:
    found = [name for name, job in workflow["jobs"].items() if any(s.get("run") == command for s in job["steps"])]
    assert len(found) == 1, command
    return found[0]


def upstream(workflow: dict[str, Any], job: str) -> set[str]:
    """The jobs that must succeed before `job` runs."""
    needs = workflow["jobs"][job].get("needs", [])
    direct = {needs} if isinstance(needs, str) else set(needs)
    return direct.union(*(upstream(workflow, name) for name in direct)) if direct else set()


def test_workflow_deploys_only_what_the_readme_commands_tested_and_built() -> None:
    """Publishing waits for the whole test suite (the README's second command) and the site build (its
    first), so a failing test never reaches the public site."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    test, build = (job_running(workflow, command) for command in readme_commands())
    deploy = next(name for name, job in workflow["jobs"].items()
                  if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job.get("steps", [])))
    assert {test, build} <= upstream(workflow, deploy) and test in upstream(workflow, build)
    assert uses(workflow, "actions/upload-pages-artifact")["with"]["path"] == "site"


def test_site_url_and_404_from_the_one_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://owner.github.io/repo")
    assert site.site_url_for("zh-Hant") == "https://owner.github.io/repo/zh-Hant/"
    site.write_root_404(tmp_path)
    page = (tmp_path / "404.html").read_text(encoding="utf-8")
    assert '<base href="https://owner.github.io/repo/">' in page and 'href="zh-Hans/"' in page
    monkeypatch.delenv("SITE_URL")
    assert site.site_url_for("zh-Hans") is None


class Links(HTMLParser):
    """Every URL an HTML page refers to: links, scripts, styles, images, icons."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None and tag != "base":
                self.urls.append(value)


def page_urls(path: Path) -> list[str]:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.urls


@pytest.fixture(scope="module")
def served(built_seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site/ served at http://127.0.0.1:PORT/repo/, like a GitHub project page."""
    parent = tmp_path_factory.mktemp("pages")
    (parent / SUB_PATH.strip("/")).symlink_to(built_seeds / "site", target_is_directory=True)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(parent))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    server.shutdown()


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(quote(url, safe=":/?=&%#"), method="HEAD")) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def test_site_has_root_pages_and_books(built_seeds: Path) -> None:
    root = built_seeds / "site"
    assert 'location.replace(hant ? "zh-Hant/" : "zh-Hans/")' in (root / "index.html").read_text(encoding="utf-8")
    assert 'href="zh-Hant/"' in (root / "404.html").read_text(encoding="utf-8")
    for variant in ("zh-Hans", "zh-Hant"):
        assert (root / volumes.PDF_DIR / volumes.pdf_name(variant)).stat().st_size > 100_000
        home = (root / variant / "index.html").read_text(encoding="utf-8")
        assert f'href="{volumes.pdf_link(variant)}"' in home  # the download button, relative to the variant root
        # In a book of volumes (conftest.BOOK_VOLUME_BYTES: four), a page's button fetches the one it is in.
        glossary = (root / variant / "glossary" / "index.html").read_text(encoding="utf-8")
        assert f'href="../{volumes.pdf_link(variant, 4)}"' in glossary
        assert ("第 4 冊，共 4 冊" if variant == "zh-Hant" else "第 4 册，共 4 册") in glossary


def test_every_internal_link_and_asset_resolves_under_a_sub_path(built_seeds: Path, served: str) -> None:
    root = built_seeds / "site"
    targets: set[str] = set()
    rooted: list[str] = []
    for page in root.rglob("*.html"):
        if page.name == "404.html":  # served for missing paths at any depth; checked above
            continue
        page_url = served + page.relative_to(root).as_posix()
        for url in page_urls(page):
            if EXTERNAL.match(url) or url.startswith("#") or not url:
                continue
            if url.startswith("/"):
                rooted.append(f"{page_url}: {url}")
            targets.add(urldefrag(urljoin(page_url, url)).url)
    assert not rooted, rooted[:5]
    outside = [t for t in targets if not t.startswith(served)]
    assert not outside, outside[:5]
    broken = [t for t in sorted(targets) if status(t) != 200]
    assert not broken, broken[:10]
    assert len(targets) > 100
    assert any(t.endswith(".pdf") for t in targets)
