"""The runnable source examples in examples/sources/ run and say what the docs say they say."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(name: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "sources" / name), *args], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_batch_native_example_isolates_the_bad_sample() -> None:
    lines = _run("batch_native.py").splitlines()
    assert lines[0].startswith("a: ok       1.0")
    assert lines[1].startswith("b: ok       0.666")
    assert lines[2].startswith("c: error") and "reference keywords must be a list" in lines[2]
    assert lines[3].startswith("d: abstain")


def test_async_http_judge_example_scores_with_both_concurrencies() -> None:
    lines = _run("async_http_judge.py").splitlines()
    assert [line.split(":")[0] for line in lines] == ["concurrency  1", "concurrency 16"]
    assert all(line.endswith("first total 0.46") for line in lines)


def test_model_backed_example_ranks_relevant_answers_higher_whatever_the_batch() -> None:
    lines = _run("model_backed.py").splitlines()  # the embedded all-MiniLM-L6-v2
    totals = [float(line.split()[1]) for line in lines[:4]]
    assert totals[0] > totals[1] and totals[2] > totals[3]  # on-topic answers beat off-topic ones
    assert lines[4] == "same alone and batched: True"
