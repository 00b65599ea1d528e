"""``rewardstack score --metrics-dir``: per-batch summaries through the tracking writers."""

from __future__ import annotations

import json
from pathlib import Path

from rewardstack.core.result import StackResult
from rewardstack.core.score import Score
from rewardstack.tracking.summaries import results_metrics
from tests.support.cli import REPO
from tests.support.inprocess import rewardstack


def test_results_metrics_hand_values() -> None:
    results = [StackResult(id="1", total=1.0, scores={"a": Score.ok(0.5), "b": Score.error("x")}),
               StackResult(id="2", total=None, status="abstain", scores={"a": Score.abstain("no ref")}),
               StackResult(id="3", total=3.0, scores={"a": Score.ok(1.5), "b": Score.ok(2.0)})]
    m = results_metrics(results)
    assert m["samples"] == 3 and m["reward/total/mean"] == 2.0 and m["reward/total/missing"] == 1 / 3
    assert m["reward/a/mean"] == 1.0 and m["reward/a/status/abstain"] == 1 / 3 and m["reward/a/status/ok"] == 2 / 3
    assert m["reward/b/mean"] == 2.0 and m["reward/b/status/error"] == 0.5


def test_score_writes_one_line_per_batch_and_tensorboard(tmp_path: Path) -> None:
    samples = REPO / "examples/data/basic_samples.jsonl"
    lines = sum(1 for line in samples.read_text().splitlines() if line.strip())
    proc = rewardstack("score", "-s", REPO / "examples/stacks/basic.yaml", "-i", samples, "-o", tmp_path / "out.jsonl",
                       "--no-cache", "--batch-size", "2", "--metrics-dir", tmp_path / "m", "--tensorboard")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in (tmp_path / "m" / "metrics.jsonl").read_text().splitlines()]
    assert sum(r["samples"] for r in records) == lines and [r["step"] for r in records] == list(range(len(records)))
    assert all("reward/total/mean" in r for r in records)
    assert list((tmp_path / "m" / "tensorboard").glob("events.out.tfevents.*"))


def test_tracking_flags_need_a_metrics_dir(tmp_path: Path) -> None:
    samples = REPO / "examples/data/basic_samples.jsonl"
    proc = rewardstack("score", "-s", REPO / "examples/stacks/basic.yaml", "-i", samples, "-o", tmp_path / "out.jsonl",
                       "--tensorboard")
    assert proc.returncode == 2 and "--metrics-dir" in proc.stderr
