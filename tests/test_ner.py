"""The named-entity model's wrapper: its batched decoding is the textbook one, sentence by sentence."""

from __future__ import annotations

import numpy
import pytest
from conftest import DATA

from generator.knowledge import ner

SENTENCES = (DATA / "ner" / "sentences.txt").read_text(encoding="utf-8").splitlines()


def textbook_viterbi(emissions: numpy.ndarray, transitions: numpy.ndarray) -> list[int]:
    """One sentence's best tag path, (length, tags) scores, written plainly."""
    score, back = emissions[0].astype(numpy.float32), []
    for row in emissions[1:]:
        candidates = score[:, None] + transitions
        back.append(candidates.argmax(axis=0))
        score = candidates.max(axis=0) + row
    path = [int(score.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]


@pytest.mark.parametrize("scale", [0.05, 1.0, 20.0])  # close scores (no short cut) to clear leads (short cut)
def test_batched_decoding_is_the_textbook_one(scale: float) -> None:
    model = ner.load()
    random = numpy.random.default_rng(7)
    tags = model.transitions.shape[0]
    lengths = random.integers(1, 40, size=60)
    rows = [(random.standard_normal((length, tags)) * scale).astype(numpy.float32) for length in lengths]
    padded = numpy.zeros((len(rows), lengths.max(), tags), dtype=numpy.float32)
    for index, row in enumerate(rows):
        padded[index, :len(row)] = row
    decoded = model._viterbi(padded, lengths)
    assert [path[:length] for path, length in zip(decoded, lengths, strict=True)] == \
        [textbook_viterbi(row, model.transitions) for row in rows]


def test_sentences_analysed_together_as_alone() -> None:
    alone = []
    for sentence in SENTENCES:
        ner._known.clear()
        ner.prepare([sentence])
        alone.append(ner._known[sentence])
    ner._known.clear()
    ner.prepare(SENTENCES)
    assert [ner._known[sentence] for sentence in SENTENCES] == alone
    assert ("李显龙", "PER", 24) in alone[0]
