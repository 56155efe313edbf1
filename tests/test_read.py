"""Decoding and whitespace normalisation, from data cases."""

from __future__ import annotations

import pytest
from textdata import cases

from generator.text.read import DecodeError, decode, normalise_whitespace

CASES = cases("read.yml")


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: f"{c['encoding']}:{c['text'][:6]}")
def test_decode(case: dict) -> None:
    data = case["text"].encode(case["encoding"])
    if "error" in case:
        with pytest.raises(DecodeError, match=case["error"]):
            decode(data)
        return
    assert decode(data) == (case["text"], case["detected"])


@pytest.mark.parametrize("case", CASES["whitespace"], ids=lambda c: c["out"][:6])
def test_whitespace(case: dict) -> None:
    assert normalise_whitespace(case["in"]) == case["out"]
