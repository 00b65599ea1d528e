"""PPO runs in a suite: every rollout graded against gold per window of steps, or skipped with the reason."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rewardstack.benchmarks import runner
from rewardstack.benchmarks.ppo_runs import PPORunSpec, grade_ppo_run
from rewardstack.cli import app

sys.path.insert(0, str(Path(__file__).parent))
import fake_world  # noqa: E402

PROMPTS = [{"id": "a", "prompt": "What is 4 + 8?", "reference": {"answer": "12"}},
           {"id": "b", "prompt": "What is 2 + 2?", "reference": {"answer": "4"}}]
# step -> (KL, [(prompt index, response, total)]): right answers are gold 2, wrong ones -1
STEPS = {1: (0.0, [(0, "12", 0.1), (1, "4", 0.2)]),
         2: (0.25, [(0, "12", 0.3), (1, "5", 0.4)]),
         3: (1.0, [(0, "The answer is 13", 0.9), (1, "5 or so", 1.0)]),
         4: (4.0, [(0, "twelve-ish 11", 1.2), (1, "4", 1.4)])}

MONITOR_LINE = {"event": "monitor", "step": 3, "monitor": "length_correlation", "message": "Spearman 0.98"}


def _write_run(run: Path, *, rows_per_step: int | None = None, prompts: Path | None = None) -> Path:
    run.mkdir(parents=True)
    (run / "metrics.jsonl").write_text("".join(
        json.dumps({"step": step, "samples": len(rows), "kl": kl, "reward/total/mean": 0.0}) + "\n"
        for step, (kl, rows) in STEPS.items()) + json.dumps(MONITOR_LINE) + "\n")
    (run / "samples.jsonl").write_text("".join(
        json.dumps({"step": step, "id": f"{PROMPTS[i]['id']}@{step}", "prompt": PROMPTS[i]["prompt"], "response": text,
                    "total": total, "status": "ok", "values": {}}) + "\n"
        for step, (_, rows) in STEPS.items() for i, text, total in rows[:rows_per_step]))
    if prompts is not None:
        state = run / "resume-state"
        state.mkdir()
        (state / "trainer_state.json").write_text(json.dumps({"step": 4, "config": {"prompts": str(prompts)}}))
    return run


@pytest.fixture()
def prompts_file(tmp_path: Path) -> Path:
    path = tmp_path / "prompts.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PROMPTS))
    return path


def _grade(tmp_path: Path, **spec: Any) -> dict[str, Any]:
    return grade_ppo_run(PPORunSpec.model_validate(spec), base=tmp_path, samples=400, seed=0)


def test_windows_hold_hand_computed_gold_proxy_and_kl(tmp_path: Path, prompts_file: Path) -> None:
    _write_run(tmp_path / "run", prompts=prompts_file)
    graded = _grade(tmp_path, path="run", window=2)
    assert graded["status"] == "graded" and graded["steps"] == 4 and graded["rollouts"] == 8
    first, last = graded["windows"]
    assert first["steps"] == [1, 2] and last["steps"] == [3, 4]
    assert first["gold"]["value"] == pytest.approx((2 + 2 + 2 - 1) / 4)  # one wrong answer (5) of four
    assert last["gold"]["value"] == pytest.approx((-1 - 1 - 1 + 2) / 4)  # 13, 5, 11 wrong; 4 right
    assert first["proxy"] == pytest.approx(0.25) and last["proxy"] == pytest.approx(1.125)
    assert first["sqrt_kl"] == pytest.approx(math.sqrt(0.125)) and last["sqrt_kl"] == pytest.approx(math.sqrt(2.5))
    assert graded["gold_change"]["value"] == pytest.approx(-1.5) and graded["peak_window"] == 0
    for estimate in (first["gold"], last["gold"], graded["gold_change"]):
        assert estimate["low"] <= estimate["value"] <= estimate["high"]
    assert _grade(tmp_path, path="run", window=2) == graded  # seeded: the same intervals every time


def test_prompts_given_in_the_suite_are_relative_to_it(tmp_path: Path, prompts_file: Path) -> None:
    _write_run(tmp_path / "run")  # no saved state to read the prompts path from
    assert _grade(tmp_path, path="run", prompts="prompts.jsonl", window=2)["status"] == "graded"
    assert "give `prompts:` in the suite" in _grade(tmp_path, path="run")["reason"]
    reason = _grade(tmp_path, path="run", prompts="nope.jsonl")["reason"]
    assert reason == (f"the suite's prompts file {tmp_path / 'nope.jsonl'} is not there (`prompts:` is relative "
                      "to the suite file)")


def test_saved_relative_prompts_are_read_from_the_working_directory(tmp_path: Path, prompts_file: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _write_run(tmp_path / "run", prompts=Path("prompts.jsonl"))  # as training saw it, from tmp_path
    monkeypatch.chdir(tmp_path)
    assert _grade(tmp_path, path="run", window=2)["status"] == "graded"
    monkeypatch.chdir(tmp_path / "run")
    reason = _grade(tmp_path, path="run")["reason"]
    assert f"looked for {tmp_path / 'run' / 'prompts.jsonl'}" in reason and "give `prompts:` in the suite" in reason


@pytest.mark.parametrize(("window", "reason"), [
    (3, "window 3 leaves fewer than two windows to compare; use window <= 2"), (4, "use window <= 2")])
def test_fewer_than_two_windows_is_a_skip(tmp_path: Path, prompts_file: Path, window: int, reason: str) -> None:
    _write_run(tmp_path / "run", prompts=prompts_file)
    graded = _grade(tmp_path, path="run", window=window)
    assert graded["status"] == "skipped" and reason in graded["reason"]


def test_a_short_last_window_is_labelled_by_its_steps(tmp_path: Path, prompts_file: Path) -> None:
    _write_run(tmp_path / "run", prompts=prompts_file)
    graded = _grade(tmp_path, path="run", window=1)
    assert [w["steps"] for w in graded["windows"]] == [[1, 1], [2, 2], [3, 3], [4, 4]]


@pytest.mark.parametrize(("setup", "reason"), [
    ("missing", "does not exist (or is not a folder): check `path` (relative to the suite file)"),
    ("no_metrics", "no finished PPO run at"),
    ("partial", "samples.jsonl keeps 1 of 2 rollouts at step 1 (4 of 4 steps incomplete)"),
    ("no_answer", "has no reference.answer: gold for PPO rollouts is defined for plain-text math prompts"),
    ("not_samples", "samples.jsonl: row 1 lacks an integer step or a prompt and response text"),
    ("chat_prompts", "is not plain text (chat messages?)"),
    ("list_line", "prompts.jsonl:1: a JSON object per line was expected, got list"),
])
def test_a_run_that_cannot_be_graded_is_skipped_with_the_reason(tmp_path: Path, prompts_file: Path, setup: str,
                                                                reason: str) -> None:
    if setup == "partial":
        _write_run(tmp_path / "run", rows_per_step=1, prompts=prompts_file)
    elif setup == "no_metrics":
        _write_run(tmp_path / "run", prompts=prompts_file)
        (tmp_path / "run" / "metrics.jsonl").unlink()
    elif setup == "not_samples":
        _write_run(tmp_path / "run", prompts=prompts_file)
        (tmp_path / "run" / "samples.jsonl").write_text(json.dumps({"step": "1", "text": "12"}) + "\n")
    elif setup in ("chat_prompts", "list_line"):
        first = [{"role": "user", "content": "What is 4 + 8?"}] if setup == "chat_prompts" else None
        line = {"id": "a", "prompt": first, "reference": {"answer": "12"}} if first else [1, 2]
        prompts_file.write_text(json.dumps(line) + "\n")
        _write_run(tmp_path / "run", prompts=prompts_file)
    elif setup == "no_answer":
        prompts_file.write_text(json.dumps({"id": "a", "prompt": "What is 4 + 8?"}) + "\n")
        _write_run(tmp_path / "run", prompts=prompts_file)
    graded = _grade(tmp_path, path="run")
    assert graded["status"] == "skipped" and reason in graded["reason"]
    assert graded["path"] == "run"  # as the suite wrote it
    if setup in ("missing", "no_metrics", "partial"):
        assert "log_samples_rows: all" in graded["reason"]  # and what to do about it


def test_suite_reports_graded_and_skipped_runs(tmp_path: Path, prompts_file: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "_default_builder", lambda: fake_world.build_fake_world)
    _write_run(tmp_path / "runs" / "gated", prompts=prompts_file)
    suite, out = tmp_path / "suite.yaml", tmp_path / "out"
    suite.write_text("name: ppo\nworld: {name: fake, seeds: [0]}\nsignals: {len: {sources: {l: {kind: length}}}}\n"
                     "best_of_n: [1, 2]\nbootstrap: {samples: 50}\n"
                     "ppo_runs:\n  gated: {path: runs/gated, window: 2}\n  absent: {path: runs/absent}\n")
    result = CliRunner().invoke(app, ["bench", str(suite), "--out", str(out), "--workdir", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    assert "PPO run gated: gold 1.250 (steps 1-2) -> -0.250 (steps 3-4), change -1.500 [" in result.output
    assert "skipped PPO run absent: " in result.output and "does not exist" in result.output
    runs = json.loads((out / "results.json").read_text())["ppo_runs"]
    assert list(runs) == ["gated", "absent"] and runs["gated"]["status"] == "graded"
    assert runs["absent"]["status"] == "skipped"
    report = (out / "report.md").read_text()
    assert "| `gated` | 4 | 8 | 1.58 | 0.250 → 1.125 | 1.250 [" in report
    assert f"- `absent`: **skipped**: {tmp_path / 'runs' / 'absent'} does not exist" in report
    assert (out / "ppo_runs.png").read_bytes()[:4] == b"\x89PNG" and "![ppo_runs.png](ppo_runs.png)" in report


def test_unknown_keys_of_a_run_are_refused(tmp_path: Path) -> None:
    suite = tmp_path / "suite.yaml"
    suite.write_text("world: {name: fake}\nsignals: {len: {sources: {l: {kind: length}}}}\n"
                     "ppo_runs:\n  gated: {path: runs/gated, windw: 2}\n")
    result = CliRunner().invoke(app, ["bench", str(suite), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "suite.yaml:4: ppo_runs.gated.windw" in result.output


@pytest.mark.slow
def test_a_real_ppo_run_is_graded_rollout_by_rollout(tmp_path: Path, prompts_file: Path) -> None:
    from rewardstack.training.ppo.config import PPOConfig
    from rewardstack.training.ppo.train import train_ppo
    from rewardstack.training.rm.progress import NullProgress

    config = PPOConfig.model_validate({
        "model": "tiny-lm", "prompts": str(prompts_file), "output_dir": str(tmp_path / "run"), "steps": 2,
        "prompts_per_step": 4, "seed": 0, "stack": {"sources": {"len": {"kind": "length"}}, "cache": False},
        "rollout": {"max_new_tokens": 4}, "update": {"epochs": 1, "minibatch_size": 4}, "device": "cpu",
        "log_samples_every": 1, "log_samples_rows": "all"})
    train_ppo(config, progress=NullProgress())
    graded = _grade(tmp_path, path="run", window=1)
    assert graded["status"] == "graded", graded.get("reason")
    assert graded["rollouts"] == 8 and [w["rollouts"] for w in graded["windows"]] == [4, 4]
    assert graded["windows"][0]["kl"] == pytest.approx(0.0, abs=1e-4)  # step 1 samples the reference itself
    assert all(w["gold"]["value"] in (-1.0, -0.25, 0.5, 1.25, 2.0) for w in graded["windows"])  # 4 of {2, -1}
