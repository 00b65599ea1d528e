"""examples/outcomes/ runs as its comments say: the YAML stack through the CLI (in-process), the SQLite script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.inprocess import rewardstack

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "examples/outcomes"


def _run(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, timeout=300, cwd=cwd)


def test_yaml_stack_scores_the_example_log(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = rewardstack("score", "--stack", "examples/outcomes/stack.yaml", "--input", "examples/outcomes/samples.jsonl",
                       "--output", out, "--cache", tmp_path / "c.sqlite", cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    outcome = {r["id"]: r["scores"]["outcome"] for r in map(json.loads, out.read_text().splitlines())}
    assert outcome["r101"]["value"] == 1.0 and outcome["r101"]["details"]["clipped"] is True
    # escalated 45 min after the answer, half-life one day: -1 * 0.5 ** (2700 / 86400)
    assert outcome["r102"]["value"] == pytest.approx(-(0.5 ** (2700 / 86400)))
    # resolved after 4 h (+01:00 time), re-contacted after 22 h (unix seconds): 0.5**(4/24) - 0.5 * 0.5**(22/24)
    assert outcome["r103"]["value"] == pytest.approx(0.5 ** (4 / 24) - 0.5 * 0.5 ** (22 / 24))
    assert outcome["r105"]["evidence"] == "no outcome yet for conversation conv-105 (1 outside the window)"
    assert outcome["r106"]["status"] == "abstain"


def test_sqlite_script_shows_a_new_outcome_at_once() -> None:
    proc = _run(EXAMPLE / "sqlite_log.py", cwd=Path("/"))
    assert proc.returncode == 0, proc.stderr
    before, after = proc.stdout.split("after conv-106 got a thumbs-up:")
    assert "r106: outcome  abstain" in before
    assert "r106: outcome   +0.493" in after  # 0.5 * 0.5 ** (1800 / 86400)


def test_a_missing_log_is_exit_2_with_the_fix(tmp_path: Path) -> None:
    stack = tmp_path / "stack.yaml"
    log = f"{{kind: sqlite, path: {tmp_path}/none.db}}"
    stack.write_text(f"sources:\n  outcome: {{kind: outcome_signals, log: {log}}}\n")
    proc = rewardstack("score", "-s", stack, "-i", EXAMPLE / "samples.jsonl", "-o", tmp_path / "out.jsonl", cwd=REPO)
    assert proc.returncode == 2
    assert "none.db does not exist. Point log.path at the SQLite file" in proc.stderr
    assert "Traceback" not in proc.stderr
