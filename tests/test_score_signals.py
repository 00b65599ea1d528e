"""Ctrl-C and SIGTERM during a batch of infinite loops: stop within seconds, keep every finished result."""

from __future__ import annotations

import json
import shutil
import signal
import time
from pathlib import Path

import pytest

from tests.support.cli import start_scoring, wait_for_lines

pytestmark = pytest.mark.bwrap


@pytest.fixture(autouse=True)
def _needs_bwrap() -> None:
    if shutil.which("bwrap") is None:
        pytest.skip("needs bubblewrap (apt-get install bubblewrap)")


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_during_a_batch_of_loops_keeps_finished_results(tmp_path: Path, signum: int, code: int) -> None:
    out = tmp_path / "out.jsonl"
    proc = start_scoring(tmp_path, out, "--batch-size", "2")  # batch 1: two quick samples; batch 2: loops
    wait_for_lines(out, 2, proc)
    time.sleep(1.0)  # the loop batch is running in its sandboxes now
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)  # a generous bound: today it stops in about a second
    assert proc.returncode == code, stderr.decode()
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["fast-0", "fast-1"]
    message = stderr.decode()
    assert f"stopped by {signal.Signals(signum).name}: 2 result(s) written" in message
    assert "2 sample(s) being scored were dropped" in message and "--resume" in message
    assert "Traceback" not in message


def test_signal_before_any_result_writes_nothing_and_exits(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "old", "total": 1.0, "status": "ok"}\n')
    proc = start_scoring(tmp_path, out, "--batch-size", "100", fast=1, loops=3)
    time.sleep(4)  # scoring the one batch, which cannot finish
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert out.read_text() == '{"id": "old", "total": 1.0, "status": "ok"}\n'  # the earlier output stays
    assert not list(tmp_path.glob(".*partial"))
