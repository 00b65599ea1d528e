"""Ctrl-C and SIGTERM during a batch of infinite loops: stop within seconds, keep every finished result."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.cli import REPO, start_scoring, wait_for_lines, write_jsonl
from tests.support.procs import alive


@pytest.fixture
def _needs_bwrap() -> None:
    if shutil.which("bwrap") is None:
        pytest.skip("needs bubblewrap (apt-get install bubblewrap)")


@pytest.mark.bwrap
@pytest.mark.usefixtures("_needs_bwrap")
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


@pytest.mark.bwrap
@pytest.mark.usefixtures("_needs_bwrap")
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


REDOS_STACK = "sources:\n  re:\n    kind: regex_match\n    execution: {mode: process, timeout_s: 300, workers: 2}\n"


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_bytes()
            except OSError:
                continue
            children.setdefault(int(stat[stat.rindex(b")") + 2 :].split()[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def test_stuck_process_mode_workers_are_killed_and_the_command_still_exits(tmp_path: Path) -> None:
    # a regex with catastrophic backtracking: a worker process busy in C for far longer than any test
    stack = tmp_path / "redos.yaml"
    stack.write_text(REDOS_STACK)
    rows = [{"id": f"ok-{i}", "prompt": "p", "response": "abc", "reference": {"pattern": "b"}} for i in range(2)]
    rows += [{"id": f"redos-{i}", "prompt": "p", "response": "a" * 60 + "b", "reference": {"pattern": "(a+)+$"}}
             for i in range(2)]
    samples = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "rewardstack.cli", "score", "-s", str(stack), "-i", str(samples), "-o", str(out),
         "--no-cache", "--batch-size", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    wait_for_lines(out, 2, proc)
    time.sleep(2.0)
    started = _descendants(proc.pid)
    assert started, "the process-mode pool should have worker processes"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["ok-0", "ok-1"]
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in started if alive(pid)], "worker processes outlived the command"
