"""The hooks' page conversion cache (generator/build/hooks.py), on a three-page site (tests/data/hooks/docs):
a page is converted again only when its Markdown or a link target changed, and a conversion that logged a
warning is never kept, so strict mode keeps seeing it."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA, REPO

from generator.site.site import HOOKS, mkdocs_build


def build(folder: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> tuple[str, int]:
    """The hooks' report line and the number of MkDocs warnings of one build of `folder`."""
    config = {"INHERIT": str(REPO / "mkdocs.yml"), "site_name": "测试", "docs_dir": str(folder / "docs"),
              "site_dir": str(folder / "site"), "hooks": [str(HOOKS)],
              "theme": {"name": "material", "custom_dir": str(REPO / "overrides")},
              "extra": {"variant": "zh-Hans", "render_cache": {"folder": str(folder / "kept"), "salt": "test"}}}
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        mkdocs_build(config_file, strict=False)
    report = [line for line in capsys.readouterr().out.splitlines() if line.startswith("pages ")]
    return report[-1], sum(1 for record in caplog.records if "missing.md" in record.getMessage())


def test_pages_are_converted_again_only_when_they_or_their_link_targets_change(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    shutil.copytree(DATA / "hooks" / "docs", tmp_path / "docs")
    assert build(tmp_path, capsys, caplog) == ("pages zh-Hans: 3 converted, 0 kept from an earlier build", 1)
    first = (tmp_path / "site" / "people" / "index.html").read_text(encoding="utf-8")
    # The page whose conversion warned is converted again, and warns again.
    assert build(tmp_path, capsys, caplog) == ("pages zh-Hans: 1 converted, 2 kept from an earlier build", 1)
    assert (tmp_path / "site" / "people" / "index.html").read_text(encoding="utf-8") == first
    # A link's target that now exists changes the page that links to it, though its Markdown did not change.
    (tmp_path / "docs" / "missing.md").write_text("# 补上的页面\n", encoding="utf-8")
    assert build(tmp_path, capsys, caplog) == ("pages zh-Hans: 2 converted, 2 kept from an earlier build", 0)
    assert 'href="../missing/"' in (tmp_path / "site" / "sources" / "index.html").read_text(encoding="utf-8")
    # Only what this build used stays kept.
    assert len(list((tmp_path / "kept").glob("*.page"))) == 4


def test_the_previews_dirty_builds_convert_only_changed_pages_and_forget_no_kept_conversion(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mkdocs.commands.build import build as mkdocs_dirty_build
    from mkdocs.config import load_config

    from generator.build.serve import preview_extra
    from generator.core.paths import Paths

    shutil.copytree(DATA / "hooks" / "docs", tmp_path / "docs")
    paths = Paths.create(str(tmp_path / "sources"), str(tmp_path / "out"))
    extra = preview_extra({"variant": "zh-Hans", "book_pages": str(tmp_path / "book"),
                           "render_cache": {"folder": str(tmp_path / "kept"), "salt": "test"}}, paths)
    assert "book_pages" not in extra and extra["render_cache"]["keep_unused"] and extra["regenerate"]
    del extra["regenerate"]  # nothing to regenerate: the pages are the test's own
    config = {"INHERIT": str(REPO / "mkdocs.yml"), "site_name": "测试", "docs_dir": str(tmp_path / "docs"),
              "site_dir": str(tmp_path / "site"), "hooks": [str(HOOKS)], "strict": False,
              "theme": {"name": "material", "custom_dir": str(REPO / "overrides")}, "extra": extra}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")

    def dirty_build() -> str:
        mkdocs_dirty_build(load_config(str(tmp_path / "mkdocs.yml")), dirty=True)
        return [line for line in capsys.readouterr().out.splitlines() if line.startswith("pages ")][-1]

    assert dirty_build() == "pages zh-Hans: 3 converted, 0 kept from an earlier build"  # the first builds all
    kept = sorted((tmp_path / "kept").glob("*.page"))
    assert dirty_build() == "pages zh-Hans: 0 converted, 0 kept from an earlier build"  # nothing newer
    page = tmp_path / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n补上一段。\n", encoding="utf-8")
    assert dirty_build() == "pages zh-Hans: 1 converted, 0 kept from an earlier build"
    assert "补上一段" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert set(kept) < set((tmp_path / "kept").glob("*.page"))  # the earlier conversions stay for `build`
    assert not (tmp_path / "book").exists()
