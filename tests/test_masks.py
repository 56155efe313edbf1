"""Masked words: restored from the one known name that fits around them, else shown as masked with a note."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from generator.build import ingesting
from generator.core.model import Flag, Line, RawDocument
from generator.core.paths import Paths
from generator.knowledge.curated import load_curated
from generator.pages.render import flag_notes, flagged, masked
from generator.text.convert import Converter
from generator.text.ingest import ingest_document
from generator.text.masks import KnownNames
from generator.text.repair import apply_rules, rules_knowing

DATA = Path(__file__).parent / "data" / "masks"
CASES = yaml.safe_load((DATA / "lines.yml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["name"])
def test_mask_on_a_line(case: dict) -> None:
    flags: list[tuple[int, Flag]] = []
    lines, changes = apply_rules([Line(5, case["in"])], rules_knowing(KnownNames(case["names"])), flags)
    assert lines[0].text == case["out"]
    assert [change.rule for change in changes] == [case["rule"]]
    change = changes[0]
    assert change.line == 5 and change.before in case["in"] and change.after in case["out"]
    assert [line for line, _ in flags] == [5]
    flag = flags[0][1]
    assert flag.rule == case["rule"] and flag.text in case["out"]
    for name in case["names_given"]:
        assert name in change.reason and name in flag.note
    others = [name for name in case["names"] if not any(name in given for given in case["names_given"])]
    assert not any(name in change.reason or name in flag.note for name in others)
    if case["rule"] == "censored-mask":
        assert "□" in flag.text and "处原文有字词被遮蔽" in flag.note
    else:
        assert "补全" in flag.note and change.after in flag.text


def test_no_known_names_restores_nothing() -> None:
    lines, changes = apply_rules([Line(1, "中新(重庆)战略***互联互通示范项目")])
    assert lines[0].text == "中新(重庆)战略□互联互通示范项目"
    assert [change.rule for change in changes] == ["censored-mask"]


def raw(path: Path) -> RawDocument:
    data = path.read_bytes()
    return RawDocument(path.stem, path.name, hashlib.sha256(data).hexdigest(), "utf-8", data.decode("utf-8"))


def test_document_restores_the_unique_fit_and_notes_the_others() -> None:
    curated, problems = load_curated(DATA / "curated")
    assert not problems
    source = raw(DATA / "masked.txt")
    doc = ingest_document(source, KnownNames(ingesting.curated_names(curated)))
    paragraphs = [block for block in doc.blocks if block.kind == "paragraph"]
    restored, doubtful, unknown = paragraphs
    # One name fits: restored in the text, logged as a repair with its reason, marked on the page with a note.
    assert "中新(重庆)战略性互联互通示范项目落户重庆" in restored.text
    change = next(c for c in doc.changes if c.rule == "masked-word-restored")
    assert (change.before, change.after) == ("***", "性")
    assert "中新（重庆）战略性互联互通示范项目" in change.reason
    assert [flag.rule for flag in restored.flags] == ["masked-word-restored"]
    # Two names fit (合作, 投资; 合作服务 is more than three characters): shown masked, the note names both.
    assert "新加坡国际商务□中心" in doubtful.text
    note = doubtful.flags[0].note
    assert "新加坡国际商务合作中心" in note and "新加坡国际商务投资中心" in note
    assert "新加坡国际商务合作服务中心" not in note
    # No name fits: shown masked, with a note.
    assert "战略□新兴产业" in unknown.text and "无法确定原文" in unknown.flags[0].note
    # Every character stays accounted: the restored one is kept, the two asterisks it replaced are removed.
    assert sum(doc.accounting.values()) == len(source.text)
    assert doc.accounting["removed:masked-word-restored"] == 2
    assert doc.accounting["removed:censored-mask"] == 4
    assert doc.accounting["kept"] == sum(len(b.text) for b in doc.blocks if b.kind in ("heading", "paragraph"))


def test_page_marks_the_masked_and_restored_words_with_notes() -> None:
    curated, _ = load_curated(DATA / "curated")
    doc = ingest_document(raw(DATA / "masked.txt"), KnownNames(ingesting.curated_names(curated)))
    restored, doubtful, _ = ({"text": b.text, "flags": [vars(f) for f in b.flags]} for b in doc.blocks
                             if b.kind == "paragraph")
    assert '<mark class="kb-restored">中新\\(重庆\\)战略性互联互通示范项目</mark>' in flagged(restored)
    assert flagged(doubtful).count('<mark class="kb-mask">□</mark>') == 1
    assert len(flag_notes(doubtful)) == 1 and "新加坡国际商务投资中心" in flag_notes(doubtful)[0]
    assert masked("战略□新兴产业") == '战略<mark class="kb-mask">□</mark><small>（原文遮蔽）</small>新兴产业'


def test_a_name_extracted_from_another_document_restores_a_mask(tmp_path: Path) -> None:
    """The corpus's second pass: 中新南京生态科技岛 is in no curated list; one document names it, another masks
    part of it."""
    sources = tmp_path / "sources"
    shutil.copytree(DATA / "corpus", sources)
    paths = Paths.create(str(sources), str(tmp_path / "out"))
    ingesting.ingest(paths)
    text = yaml.safe_load((paths.data / "texts" / "b_report.yml").read_text(encoding="utf-8"))
    assert any("中新南京生态科技岛建设一周年" in block["text"] for block in text["blocks"])
    change = next(c for c in text["changes"] if c["rule"] == "masked-word-restored")
    assert change["after"] == "科技" and "中新南京生态科技岛" in change["reason"]
    projects = yaml.safe_load((paths.data / "projects.yml").read_text(encoding="utf-8"))
    named = next(p for p in projects if p["name"] == "中新南京生态科技岛")
    assert {mention["doc"] for mention in named["mentions"]} == {"a_nanjing", "b_report"}
    # Built again with nothing changed, the documents are taken from the cache, the second pass's too.
    before = {p: p.read_bytes() for p in paths.data.rglob("*.yml")}
    ingesting.ingest(paths)
    assert {p: p.read_bytes() for p in paths.data.rglob("*.yml")} == before


def test_a_traditional_source_fits_the_simplified_names() -> None:
    """Extraction keeps names in simplified script: the text around a mask in a traditional source is seen in
    simplified too; the text keeps its own script around the restored characters."""
    known = KnownNames(["中新（重庆）战略性互联互通示范项目"])
    lines, changes = apply_rules([Line(1, "中新(重慶)戰略***互聯互通示範項目落戶重慶")],
                                 rules_knowing(known, simplify=Converter("t2s")))
    assert lines[0].text == "中新(重慶)戰略性互聯互通示範項目落戶重慶"
    assert [change.rule for change in changes] == ["masked-word-restored"]
