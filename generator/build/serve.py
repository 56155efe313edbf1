"""Preview the simplified variant with `mkdocs serve`, regenerating pages when sources, templates or the editors'
corrections change."""

from __future__ import annotations

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
    config["extra"]["regenerate"] = {"sources": str(paths.sources), "out": str(paths.out)}
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    mkdocs_serve(str(config_path), dev_addr=f"127.0.0.1:{port}", livereload=True)
