"""The benchmark's probes: work done in forked workers is counted, not lost with the worker."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from generator import bench, parallel

PAUSE = 0.05


def pause(item: int) -> int:
    time.sleep(PAUSE)
    return item


def test_work_in_forked_workers_is_summed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "STAGES", [])  # no generator stage: only the one wrapped here
    monkeypatch.setattr(parallel, "_child", parallel._child)  # put back after the probe wraps it
    probe = bench.Probe()
    probe.install(tmp_path)
    timed_pause = probe.wrap("pausing", pause)
    assert parallel.map_forked("pausing", timed_pause, list(range(6)), 2) == list(range(6))
    assert "pausing" not in probe.seconds  # the parent did none of the work
    reports = sorted(tmp_path.glob("*.json"))
    assert len(reports) == 2  # one per worker
    for report in reports:
        probe.merge(json.loads(report.read_text(encoding="utf-8")))
    assert probe.seconds["pausing"] >= 6 * PAUSE  # all six pauses, though each worker made three
    assert probe.peak_mb["pausing"] > 0
