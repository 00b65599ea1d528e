"""``rewardstack cai revise|label`` on real files with the tiny seeded LM: in-process (the same app and arguments
without a subprocess's start-up cost), and a subprocess where the process is the point (a real Ctrl-C)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rewardstack.cli import app
from rewardstack.training.rm import read_preferences
from tests.cai.conftest import PROMPTS, read_jsonl, write_jsonl
from tests.support.cli import REPO, wait_for_lines
from tests.support.inprocess import rewardstack

TINY = ("--model", "tiny-lm", "--max-new-tokens", "4", "--threads", "1", "--batch-size", "5")


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stderr


@pytest.mark.slow  # three runs, two model loads
def test_revise_then_label_then_resume(tmp_path: Path, prompts_file: Path) -> None:
    pairs, prefs = tmp_path / "pairs.jsonl", tmp_path / "prefs.jsonl"
    proc = rewardstack("cai", "revise", "--prompts", prompts_file, "--out", pairs, *TINY, "--seed", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(pairs)
    assert f"done: {len(PROMPTS)} pairs written to {pairs} (0 already there, 0 skipped)" in proc.stderr
    assert "revise: 5/5" in proc.stderr  # not a terminal: progress as lines
    assert {row["metadata"]["seed"] for row in read_jsonl(pairs)} == {2}

    proc = rewardstack("cai", "label", "--pairs", pairs, "--out", prefs, "--judge", "tiny-lm", "--band", "0.3,0.7",
                       "--threads", "1")
    assert proc.returncode == 0, proc.stderr
    rows = read_jsonl(prefs)
    assert len(rows) == len(PROMPTS) and all(0.5 <= row["label_prob"] <= 0.7 for row in rows)
    assert read_preferences(prefs).bad_lines == []

    again = rewardstack("cai", "label", "--pairs", pairs, "--out", prefs, "--judge", "tiny-lm", "--band", "0.3,0.7")
    assert again.returncode == 0, again.stderr
    assert f"done: 0 labelled pairs written to {prefs} ({len(PROMPTS)} already there, 0 skipped)" in again.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("--band", "0.6,0.9"), "error: --band 0.6,0.9: the band must hold 0.5"),
    (("--judge", "{kind: nope}"), "error: --judge: unknown judge backend 'nope'"),
    (("--constitution", "defualt"), "--constitution: unknown constitution 'defualt'"),
    (("--mode", "pairwise"), "--mode: Input should be 'compare' or 'pointwise'"),
])
def test_label_bad_options_exit_2(tmp_path: Path, pairs_file: Path, args: tuple[str, ...], message: str) -> None:
    code, stderr = _invoke("cai", "label", "--pairs", pairs_file, "--out", tmp_path / "o.jsonl", *args)
    assert code == 2 and message in stderr, stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_bad_input_lines_exit_2_with_file_and_line_before_any_model_loads(tmp_path: Path) -> None:
    prompts = write_jsonl(tmp_path / "prompts.jsonl", [{"prompt": "ok"}, "{broken", {"id": "x"}])
    proc = rewardstack("cai", "revise", "--prompts", prompts, "--out", tmp_path / "o.jsonl",
                       "--model", "no-such-model")
    assert proc.returncode == 2, proc.stderr
    assert f"{prompts}:2: not JSON" in proc.stderr and f"{prompts}:3: missing prompt" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_resuming_with_other_settings_exits_2(tmp_path: Path, prompts_file: Path) -> None:
    out = write_jsonl(tmp_path / "pairs.jsonl", [{"id": "egg", "metadata": {"model": "tiny-lm", "seed": 1}}])
    code, stderr = _invoke("cai", "revise", "--prompts", prompts_file, "--out", out, *TINY)
    assert code == 2, stderr
    assert f"{out}:1: metadata.constitution is null, this run has \"default\"" in stderr
    assert json.loads(out.read_text())["id"] == "egg"  # left as it was


def test_out_cannot_be_the_input_file(pairs_file: Path) -> None:
    before = pairs_file.read_bytes()
    code, stderr = _invoke("cai", "label", "--pairs", pairs_file, "--out", pairs_file, "--overwrite")
    assert code == 2 and f"--out {pairs_file} is the --pairs file" in stderr, stderr
    assert pairs_file.read_bytes() == before


def test_an_unknown_model_exits_2_naming_it(tmp_path: Path, prompts_file: Path) -> None:
    code, stderr = _invoke("cai", "revise", "--prompts", prompts_file, "--out", tmp_path / "o.jsonl",
                           "--model", "no-such-model")
    assert code == 2 and "model 'no-such-model' not found" in stderr, stderr


@pytest.mark.slow  # a real Ctrl-C mid-run in a subprocess, then the resume
def test_ctrl_c_leaves_whole_lines_and_the_rerun_completes(tmp_path: Path) -> None:
    prompts = write_jsonl(tmp_path / "prompts.jsonl", [{"prompt": f"Question number {i}?"} for i in range(20)])
    out = tmp_path / "pairs.jsonl"
    args = ["cai", "revise", "--prompts", str(prompts), "--out", str(out), "--model", "tiny-lm",
            "--max-new-tokens", "12", "--batch-size", "2", "--threads", "1"]
    proc = subprocess.Popen([sys.executable, "-m", "rewardstack.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)})
    wait_for_lines(out, 2, proc)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr.decode()
    assert b"stopped: " in stderr and b"run the same command again to go on" in stderr
    content = out.read_bytes()
    assert content.endswith(b"\n") and 2 <= len(read_jsonl(out)) < 20
    again = rewardstack(*args)
    assert again.returncode == 0, again.stderr
    assert sorted(int(row["id"]) for row in read_jsonl(out)) == list(range(1, 21))
