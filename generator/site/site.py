"""Build the two MkDocs sites from the generated Markdown, plus the root page that picks a variant.

Each variant gets a small generated configuration that INHERITs the shared `mkdocs.yml` and sets only
what differs: folders, language, site URL, navigation and the switcher to the other variant.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

import yaml

from generator.core import settings
from generator.core.cache import CACHE_DIR, code_fingerprint
from generator.core.paths import PACKAGE, SITE_NAME, VARIANTS, Paths
from generator.pages.pages import Navigation
from generator.pages.volumes import book_volumes
from generator.text.convert import hant_config

PAGES_CACHE_DIR = "pages"  # in the build cache: each variant's kept page conversions (generator/build/hooks.py)
HOOKS = PACKAGE / "build" / "hooks.py"  # the one MkDocs-specific module
LANGUAGE_NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文"}


def languages(variant: str) -> tuple[str, str]:
    """(Material UI language, <html lang>) of a variant. Pagefind picks its UI strings from <html lang>:
    zh-CN gives simplified ones, zh-TW traditional ones (zh-Hant would fall back to simplified)."""
    if variant == "zh-Hans":
        return "zh", "zh-CN"
    html_lang = settings.HANT_CONFIGS[hant_config()]
    return ("zh-TW" if html_lang == "zh-TW" else "zh-Hant"), html_lang


def site_root_url() -> str | None:
    """Public URL of the site root, from the one SITE_URL setting (e.g. https://owner.github.io/repo/)."""
    base = settings.current().site_url
    return base.rstrip("/") + "/" if base else None


def site_url_for(variant: str) -> str | None:
    base = site_root_url()
    return f"{base}{variant}/" if base else None


def variant_config(paths: Paths, variant: str, nav: Navigation, site_name: str, site_dir: Path) -> dict[str, Any]:
    """The variant's configuration, its folders where the build leaves them (docs/, not the staging docs.new/
    a build writes to), so that `mkdocs serve -f` or `mkdocs build -f` with it reads the real pages."""
    other = [v for v in VARIANTS if v != variant]
    config: dict[str, Any] = {
        "INHERIT": str(paths.mkdocs_config),
        "site_name": site_name,
        "docs_dir": str(paths.published().docs / variant),
        "site_dir": str(site_dir),
        "theme": {"language": languages(variant)[0], "custom_dir": str(paths.repo / "overrides")},
        "hooks": [str(HOOKS)],
        "nav": nav.site,
        "not_in_nav": "\n".join(nav.unlisted),
        "extra": {
            "book_nav": nav.book,
            "book_pages": str(book_pages(paths, variant)),
            "render_cache": {"folder": str(paths.build / CACHE_DIR / PAGES_CACHE_DIR / variant),
                             "salt": code_fingerprint(paths.repo, "site")},
            **book_volumes(paths.docs / variant, variant, nav),
            "variant": variant,
            "html_lang": languages(variant)[1],
            # Relative to the site root; the theme override appends the current page path.
            "alternate": [
                {"name": LANGUAGE_NAMES[v], "link": f"../{v}/", "lang": v} for v in (variant, *other)
            ],
        },
    }
    url = site_url_for(variant)
    if url:
        config["site_url"] = url
    return config


def book_pages(paths: Paths, variant: str) -> Path:
    """Where the site build keeps each page's converted content for the variant's book."""
    return paths.build / "book" / variant


def config_file(paths: Paths, variant: str) -> Path:
    return paths.build / f"mkdocs.{variant}.yml"


def write_variant_config(paths: Paths, variant: str, nav: Navigation, site_name: str, site_dir: Path) -> Path:
    path = config_file(paths, variant)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(variant_config(paths, variant, nav, site_name, site_dir), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def mkdocs_build(config_path: Path, strict: bool = True, docs_dir: Path | None = None,
                 site_dir: Path | None = None) -> Path:
    """Run MkDocs' own build on a variant configuration, from and to other folders than it names when given (a
    build's staging folders); warnings fail the build in strict mode. Returns the built site's folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    folders = {key: str(folder) for key, folder in (("docs_dir", docs_dir), ("site_dir", site_dir)) if folder}
    config = load_config(str(config_path), strict=strict, **folders)
    build(config)
    return Path(config.site_dir)


ROOT_TITLE = " · ".join(SITE_NAME.values())
REDIRECT_SCRIPT = """<script>
(function () {
  var langs = (navigator.languages || [navigator.language || ""]).join(",").toLowerCase();
  var hant = /zh-(hant|tw|hk|mo)/.test(langs) && !/^zh-(hans|cn|sg)/.test(langs);
  location.replace(hant ? "zh-Hant/" : "zh-Hans/");
})();
</script>"""


def root_page(head: str, body: str) -> str:
    """A page at the site root listing both variants; plain links work without script."""
    links = "\n".join(
        f'<li><a href="{v}/" hreflang="{v}" lang="{v}">{html.escape(LANGUAGE_NAMES[v])}</a></li>' for v in VARIANTS
    )
    return f"""<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{ROOT_TITLE}</title>
{head}
</head>
<body>
<h1>{ROOT_TITLE}</h1>
{body}
<ul>
{links}
</ul>
</body>
</html>
"""


def write_root_index(site: Path) -> None:
    """The root page picks a variant from the browser's languages."""
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(root_page(REDIRECT_SCRIPT, ""), encoding="utf-8")


def write_root_404(site: Path) -> None:
    """The page a static host (GitHub Pages) shows for any missing path. It can be served at any depth, so its
    links resolve against the public root when SITE_URL is set."""
    base = site_root_url()
    head = f'<base href="{html.escape(base)}">' if base else ""
    site.mkdir(parents=True, exist_ok=True)
    (site / "404.html").write_text(root_page(head, "<p>页面不存在 · 頁面不存在</p>"), encoding="utf-8")
