"""Property-based tests over whole generated documents: random mixes of real sentence shapes, markup, debris and
encodings (tests/data/robust/shapes.yml) go through ingest and render. Whatever the mix, nothing raises, every
character of the source is accounted for, and every source a dataset cites is a paragraph of the source page."""

from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.adversarial import Filler, load_shapes
from generator.build import ingesting, rendering
from generator.core.paths import Paths
from generator.data import check
from generator.text.read import decode, normalise_whitespace

SHAPES = load_shapes()
KINDS = sorted(SHAPES["shapes"])
PIECES = ["sentence", "html", "markdown", "debris", "month", "impossible"]
ANCHOR = re.compile(r"\{ #([\w-]+)")


def piece(kind: str, seed: int) -> str:
    """One paragraph's text of the given kind, its choices made by `seed`."""
    filler = Filler(SHAPES, random.Random(seed))
    choose = filler.rng.choice
    sentence = filler.sentence(choose(KINDS))
    if kind == "html":
        return choose(SHAPES["markup"]["html"]).format(text=sentence, n=seed % 100)
    if kind == "markdown":
        return choose(SHAPES["markup"]["markdown"]).format(text=sentence, short=sentence[:8], n=seed % 100)
    if kind == "debris":
        return choose(SHAPES["debris"]).format(n=seed % 300)
    if kind == "month":
        return f"{seed % 12 + 1}月"
    if kind == "impossible":
        case = choose(SHAPES["impossible"])
        return f"{case['month']}月\n\n" + case["entry"].format(n=seed % 30)
    return sentence


DOCUMENTS = st.tuples(
    st.lists(st.tuples(st.sampled_from(PIECES), st.integers(0, 10**6)), min_size=1, max_size=30),
    st.sampled_from(["\n\n", "\n", "\r\n\r\n"]),
    st.sampled_from(SHAPES["encodings"]),
    st.sampled_from([".txt", ".md", ".html"]),
    st.booleans(),  # a year header first, so that chronology entries can be dated
)


def write_document(folder: Path, document: tuple) -> Path:
    pieces, separator, encoding, suffix, year = document
    text = ("2020年\n\n" if year else "") + separator.join(piece(kind, seed) for kind, seed in pieces) + "\n"
    path = folder / f"generated{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding, errors="replace"))  # Big5 has no simplified characters: '?' for them
    return path


def cited_sources(data: Path) -> list[dict]:
    return [source for name in ("events", "bodies", "projects", "people")
            for source in check._sources_in(yaml.safe_load((data / f"{name}.yml").read_text(encoding="utf-8")))]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(DOCUMENTS)
def test_whole_documents_ingest_account_and_cite_paragraphs_of_their_page(document: tuple) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        source = write_document(Path(scratch) / "sources", document)
        paths = Paths.create(str(source.parent), str(Path(scratch) / "out"))
        _, result = ingesting.ingest(paths)
        assert [p for p in result.problems if p.kind == "not processed"] == []
        named = [(p.file, p.place, p.kind) for p in result.problems]
        assert len(set(named)) == len(named), f"a problem named twice: {result.problems}"
        assert rendering.render_docs(paths).problems == []
        record = yaml.safe_load((paths.data / "documents.yml").read_text(encoding="utf-8"))[0]
        text = normalise_whitespace(decode(source.read_bytes())[0])
        assert sum(record["accounting"].values()) == len(text), record["accounting"]
        page = (paths.docs / "zh-Hans" / "sources" / f"{record['id']}.md").read_text(encoding="utf-8")
        on_page = set(ANCHOR.findall(page))
        for cited in cited_sources(paths.data):
            assert cited["doc"] == record["id"]
            assert cited["anchor"] in on_page, f"{cited} is no paragraph of the source page"
        assert check.check(paths) == []
