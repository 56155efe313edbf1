"""The datasets' CSV downloads open in Excel on a Chinese Windows: UTF-8 with a byte-order mark, read back
as `utf-8-sig` with the dataset's own fields as columns."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import REPO

from generator.data import export
from generator.data.schemas import SCHEMAS

BOM = b"\xef\xbb\xbf"
VARIANTS = ("zh-Hans", "zh-Hant")


def read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("dataset", sorted(SCHEMAS))
def test_committed_csv_starts_with_a_bom_and_reads_as_utf8_sig(variant: str, dataset: str) -> None:
    path = REPO / "docs" / variant / "data" / f"{dataset}.csv"
    assert path.read_bytes().startswith(BOM)
    rows = read(path)
    assert rows[0][0] in SCHEMAS[dataset]["items"]["properties"]  # the first column is a field, no stray mark
    assert len({len(row) for row in rows}) == 1 and len(rows) > 1


def test_one_mark_only_even_for_no_records() -> None:
    assert export.to_csv([]).encode("utf-8") == BOM + b"\n"
    assert export.to_csv([{"id": "a"}]).encode("utf-8").count(BOM) == 1


@pytest.mark.parametrize("variant", VARIANTS)
def test_built_csv_downloads_keep_the_mark(built_seeds: Path, variant: str) -> None:
    downloads = sorted((built_seeds / "site" / variant / "data").glob("*.csv"))
    assert len(downloads) == len(SCHEMAS)
    for path in downloads:
        assert path.read_bytes().startswith(BOM) and not path.read_bytes()[3:].startswith(BOM), path
        assert read(path)[0][0] in SCHEMAS[path.stem]["items"]["properties"]
