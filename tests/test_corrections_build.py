"""Corrections through whole builds: a copy of the seeds with a corrections file beside its sources folder (as
an outside tool would keep it) builds with every correction on its pages in both variants and in the books, a
rejected record leaves no page, link or search entry, the one stale entry is the one warning, and the
corrections survive a rebuild, an added document and a change of the corrections file alone."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cli

CASES = REPO / "tests" / "data" / "corrections"
SEEDS = REPO / "site_data" / "sources"
ADDED = REPO / "tests" / "data" / "golden" / "sources" / "unseen_tianjin_2019.txt"
STALE = ("corrections.yml:39: warning: reject event: no event citing 004_9f0bbe058c927b76 line 9999 "
         "(its source changed?); not applied")
REASONS = {"zh-Hans": ("编辑更正", "据园区档案，首根桩打于1996年5月", "通道的运营中心在重庆"),
           "zh-Hant": ("編輯更正", "據園區檔案，首根樁打於1996年5月", "通道的運營中心在重慶")}

pytestmark = pytest.mark.slow


def seeds_with_corrections(root: Path, corrections: Path = CASES / "seeds.yml") -> Path:
    """A copy of the seed corpus, its manifest and a corrections file beside the sources folder; the folder."""
    sources = root / "in" / "sources"
    shutil.copytree(SEEDS, sources)
    shutil.copy(REPO / "site_data" / "sources.yml", root / "in" / "sources.yml")
    shutil.copy(corrections, root / "in" / "corrections.yml")
    return sources


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line or ": error: " in line]


@pytest.fixture(scope="module")
def corrected_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("corrected")
    sources = seeds_with_corrections(root)
    result = run_cli("build", "--sources", str(sources), "--out", str(root / "out"))
    assert result.returncode == 0, result.stderr
    return root / "out", result.stderr


def test_the_one_stale_correction_is_the_one_warning(corrected_site: tuple[Path, str]) -> None:
    out, stderr = corrected_site
    assert warnings(stderr) == [STALE]
    strict = run_cli("build", "--sources", str(out.parent / "in" / "sources"), "--out", str(out), "--strict")
    assert strict.returncode == 1 and warnings(strict.stderr) == [STALE]  # replayed from the cache, still failing


@pytest.mark.parametrize("variant", ["zh-Hans", "zh-Hant"])
def test_each_correction_is_on_the_pages_with_its_reason(corrected_site: tuple[Path, str], variant: str) -> None:
    out, _ = corrected_site
    mark, dated, project = REASONS[variant]
    site = out / "site" / variant
    chronology = (site / "chronology" / "index.html").read_text(encoding="utf-8")
    assert f'<mark class="kb-edited">{mark}</mark>：{dated}' in chronology
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in chronology  # the reason shown, not run
    assert "<script>alert" not in chronology and "<b>" not in chronology
    assert "<strong>1996年5月</strong> 早在1995年" in chronology  # the fixed date; the text as it was
    assert project in (site / "projects" / "lu-hai-xin-tong-dao" / "index.html").read_text(encoding="utf-8")
    body = (site / "bodies" / "xin-jia-po-jiang-su-he-zuo-li-shi-hui" / "index.html").read_text(encoding="utf-8")
    assert "corrections.yml:25" in body  # the fixed session's row
    person = (site / "people" / "wu-qing-wen" / "index.html").read_text(encoding="utf-8")
    assert "corrections.yml:22" in person  # the merge
    assert not (site / "people" / "wu-peng-yi").exists()


@pytest.mark.parametrize("variant", ["zh-Hans", "zh-Hant"])
def test_a_rejected_record_leaves_no_page_link_or_search_entry(corrected_site: tuple[Path, str], variant: str) -> None:
    out, _ = corrected_site
    site = out / "site" / variant
    for gone in ("people/yang-jing", "people/wu-peng-yi", "bodies/zhong-xin-jin-rong-feng-hui"):
        assert not (site / gone).exists()
        assert not (out / "docs" / variant / f"{gone}.md").exists()
        linking = [page for page in site.rglob("*.html") if f"{gone}/" in page.read_text(encoding="utf-8")]
        assert linking == []
        names = json.loads((site / "kb-names.json").read_text(encoding="utf-8"))
        assert not [pair for pair in names if pair[1] == f"{gone}/"]
        indexed = search_urls(site)
        assert "/people/wu-qing-wen/" in indexed and f"/{gone}/" not in indexed


def search_urls(site: Path) -> set[str]:
    """The page of every entry of the site's search index (Pagefind's fragments: gzip, a signature, JSON)."""
    urls = set()
    for fragment in site.glob("pagefind/**/*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(data[data.index(b"{"):])["url"])
    return urls


@pytest.mark.parametrize("variant", ["zh-Hans", "zh-Hant"])
def test_the_book_shows_the_corrections(corrected_site: tuple[Path, str], variant: str) -> None:
    out, _ = corrected_site
    mark, dated, _ = REASONS[variant]
    books = sorted((out / "site" / "pdf").glob(f"zhongxin-kb-{variant}*.pdf"))
    text = "".join(subprocess.run(["pdftotext", str(book), "-"], capture_output=True, text=True,
                                  check=True).stdout for book in books)
    flat = re.sub(r"\s+", "", text)
    assert mark in flat and dated in flat


def test_corrections_survive_a_rebuild_an_added_document_and_their_own_change(tmp_path: Path) -> None:
    sources = seeds_with_corrections(tmp_path)
    out = tmp_path / "out"

    def ingest() -> tuple[list[dict], list[str]]:
        result = run_cli("ingest", "--sources", str(sources), "--out", str(out))
        assert result.returncode == 0, result.stderr
        return yaml.safe_load((out / "site_data" / "events.yml").read_text(encoding="utf-8")), warnings(result.stderr)

    def edited(events: list[dict]) -> list[str]:
        return sorted(edit["at"] for event in events for edit in event.get("edited", []))

    first, problems = ingest()
    assert edited(first) == ["corrections.yml:10", "corrections.yml:14", "corrections.yml:6"] and problems == [STALE]
    again, problems = ingest()  # nothing changed: the stage is kept, and says the same
    assert again == first and problems == [STALE]
    shutil.copy(ADDED, sources)
    added, problems = ingest()
    assert edited(added) == edited(first) and problems == [STALE]
    assert len(added) > len(first) and any(e["source"]["doc"] == "unseen_tianjin_2019" for e in added)
    # the corrections file alone changes: its stale entry removed, the datasets are made again
    text = (tmp_path / "in" / "corrections.yml").read_text(encoding="utf-8")
    (tmp_path / "in" / "corrections.yml").write_text(text[:text.index("- reject: event\n  source: {doc: 004")],
                                                     encoding="utf-8")
    fresh, problems = ingest()
    assert problems == [] and edited(fresh) == edited(first)
    (tmp_path / "in" / "corrections.yml").write_text(text.replace("首根桩打于1996年5月", "首根桩打于1996年6月"),
                                                     encoding="utf-8")
    changed, _ = ingest()
    assert any(edit["reason"].endswith("1996年6月") for event in changed for edit in event.get("edited", []))


@pytest.mark.parametrize(("variant", "title"), [("zh-Hans", "待复核的事实"), ("zh-Hant", "待複核的事實")])
def test_the_review_page_is_for_editors_only(corrected_site: tuple[Path, str], variant: str, title: str) -> None:
    out, _ = corrected_site
    site = out / "site" / variant
    page = (site / "data" / "review" / "index.html").read_text(encoding="utf-8")
    assert title in page and "<pre><code>- reject: event\n  source: {doc: " in page
    assert "corrections.yml:10" not in page  # an edited fact is reviewed already
    assert 'href="review/"' in (site / "data" / "index.html").read_text(encoding="utf-8")
    assert "/data/review/" not in search_urls(site) and "/data/" in search_urls(site)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "data/review/" not in home  # not in the navigation
