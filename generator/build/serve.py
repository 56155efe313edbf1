"""Preview the simplified variant with `mkdocs serve`, regenerating pages when sources, templates or the editors'
corrections change.

After the first build, each rebuild is MkDocs' dirty one: the regeneration rewrites only the pages whose Markdown
changed (generator/data/datasets.py `write_text_if_changed`), and only those, newer than their HTML, are built
again; the pages of the rest are left as they were, navigation included (MkDocs warns of that). The preview
neither prunes the build's kept page conversions nor writes the book's pages: a later `build` finds the cache
as its last run left it.
"""

from __future__ import annotations

import logging
from typing import Any

import yaml

from generator.build import ingesting, rendering
from generator.core.paths import SITE_NAME, Paths
from generator.pages import pages
from generator.site import site


def serve(paths: Paths, port: int) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    ingesting.ingest(paths)
    rendering.render_docs(paths)
    config_path = site.write_variant_config(
        paths, "zh-Hans", pages.plan_nav(ingesting.load_model(paths)), SITE_NAME["zh-Hans"], paths.build / "serve-site"
    )
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["watch"] = [str(paths.sources), str(paths.templates), str(paths.curated),
                       *(str(path) for path in (paths.corrections,) if path.exists())]
    config["extra"] = preview_extra(config["extra"], paths)
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # MkDocs warns of every dirty build, which strict mode would stop at: the preview says so once, here.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
    print("preview: only the pages whose Markdown changed are built again; restart to rebuild all", flush=True)
    mkdocs_serve(str(config_path), dev_addr=f"127.0.0.1:{port}", livereload=True, build_type="dirty")


def preview_extra(extra: dict[str, Any], paths: Paths) -> dict[str, Any]:
    """The variant's `extra` for the preview: regenerating before each build, keeping conversions without
    forgetting the unused ones (a dirty build uses few), and no book pages (those are the last build's)."""
    kept = {**extra["render_cache"], "keep_unused": True}
    regenerate = {"sources": str(paths.sources), "out": str(paths.out)}
    return {**{k: v for k, v in extra.items() if k != "book_pages"}, "render_cache": kept, "regenerate": regenerate}
