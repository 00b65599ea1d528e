"""The score summary: engine notes, cache hits apart from fresh latency, statuses as the results say."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.console import Console

from rewardstack.core.registry import SOURCES
from rewardstack.core.result import StackResult
from rewardstack.core.score import Score
from rewardstack.score_command import ScoreOptions, run_score
from rewardstack.summary import RunSummary
from tests.support.cli import write_jsonl
from tests.support.engine_sources import BatchRecorder

KIND = "recorder"  # the config class's own kind


@pytest.fixture
def recorder_kind() -> Iterator[str]:
    if KIND in SOURCES.names():
        pytest.skip(f"source kind {KIND!r} is taken in this process")
    SOURCES.register(KIND, BatchRecorder)
    try:
        yield KIND
    finally:
        SOURCES.unregister(KIND)


@contextmanager
def _no_progress(total: int) -> Iterator[object]:
    yield lambda n: None


def test_summary_prints_engine_notes(tmp_path: Path, recorder_kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    stack = tmp_path / "s.yaml"
    stack.write_text(f"sources:\n  rec:\n    kind: {recorder_kind}\n    memory_limit: 4\n")
    samples = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "prompt": "p", "response": "x" * i}
                                                  for i in range(1, 17)])
    err = Console(file=io.StringIO(), width=250)
    options = ScoreOptions(stack=stack, input=str(samples), output=str(tmp_path / "o.jsonl"), no_cache=True,
                           batch_size=16)
    assert run_score(options, err, _no_progress) == 0  # type: ignore[arg-type]
    printed = capsys.readouterr().out
    notes = [line for line in printed.splitlines() if line.startswith("note: ")]
    assert notes and any("rec" in line for line in notes), printed
    results = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert [r["scores"]["rec"]["value"] for r in results] == [float(i) for i in range(1, 17)]


def test_cached_scores_count_as_hits_not_latency() -> None:
    fresh, cached = Score.ok(1.0).stamped(source="a", source_version="1", latency_s=0.5), Score.ok(1.0)
    summary = RunSummary(from_cache=lambda score: score is cached)
    summary.add(StackResult(id="1", total=1.0, scores={"a": fresh}))
    summary.add(StackResult(id="2", total=1.0, scores={"a": cached}))
    name, mean, statuses, hits, p50, p95 = summary.rows()[0]
    assert (name, mean, statuses, hits, p50, p95) == ("a", "1.000", "ok=2", "1", "500.000", "500.000")


def test_missing_totals_are_counted_by_reason() -> None:
    summary = RunSummary()
    for i in range(3):
        summary.add(StackResult(id=str(i), total=None, status="abstain", reason="no total: tests abstain: no tests"))
    summary.add(StackResult(id="x", total=None, status="error", reason="no total: judge error: HTTP 500"))
    assert summary.missing_totals() == ["3 x abstain: tests abstain: no tests", "1 x error: judge error: HTTP 500"]
    assert summary.rows()[-1][2] == "abstain=3 error=1"
