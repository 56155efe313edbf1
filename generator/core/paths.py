"""Where inputs come from and outputs go: the repository's folders by default, or any --sources/--out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
REPO = PACKAGE.parent
RESOURCES = PACKAGE / "resources"  # word lists kept as data
VARIANTS = ("zh-Hans", "zh-Hant")
# The site's name in each script (its fixed traditional form, not a conversion's)
SITE_NAME = {"zh-Hans": "中新合作知识库", "zh-Hant": "中新合作知識庫"}
STAGING_SUFFIX = ".new"  # a build writes beside the outputs and renames into place only when it succeeds


@dataclass(frozen=True)
class Paths:
    sources: Path
    out: Path
    repo: Path = REPO
    staged: frozenset[str] = frozenset()  # outputs ("data", "docs") written to their staging siblings

    @classmethod
    def create(cls, sources: str | None = None, out: str | None = None) -> Paths:
        return cls(sources=Path(sources or REPO / "site_data" / "sources").resolve(),
                   out=Path(out).resolve() if out else REPO)

    def published(self) -> Paths:
        """The same paths with every output in its real folder, where a build's outputs end up."""
        return replace(self, staged=frozenset())

    @property
    def manifest(self) -> Path:
        own = self.sources / "sources.yml"
        return own if own.exists() else self.sources.parent / "sources.yml"

    @property
    def corrections(self) -> Path:
        """The editors' corrections (generator/editing/corrections.py), found like the manifest."""
        own = self.sources / "corrections.yml"
        return own if own.exists() else self.sources.parent / "corrections.yml"

    @property
    def curated(self) -> Path:
        return self.repo / "site_data" / "curated"

    @property
    def data(self) -> Path:
        return self._output("data", "site_data")

    @property
    def docs(self) -> Path:
        return self._output("docs", "docs")

    def _output(self, key: str, name: str) -> Path:
        return self.out / (name + STAGING_SUFFIX if key in self.staged else name)

    @property
    def site(self) -> Path:
        return self.out / "site"

    @property
    def build(self) -> Path:
        return self.out / "build"

    @property
    def templates(self) -> Path:
        return self.repo / "templates"

    @property
    def mkdocs_config(self) -> Path:
        return self.repo / "mkdocs.yml"
