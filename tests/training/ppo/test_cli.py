"""``rewardstack train ppo`` (the command function, run through Typer as the CLI runs it) and the example config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rewardstack.training.ppo import load_ppo_config, train_ppo
from rewardstack.training.ppo.cli import PPO_EPILOG, ppo_command
from rewardstack.training.rm.progress import NullProgress
from tests.support.cli import EXAMPLES
from tests.training.ppo.conftest import write_prompts

app = typer.Typer()
app.command("ppo", epilog=PPO_EPILOG)(ppo_command)


@app.callback()
def _group() -> None:
    """Stand-in for the ``rewardstack train`` group."""


def _config(tmp_path: Path, *, prompts: Path | None = None, extra: str = "") -> Path:
    """model on line 1, stack 2-6, prompts 7, output_dir 8, update 12, ``extra`` from line 14."""
    prompts = prompts or write_prompts(tmp_path / "prompts.jsonl")
    text = ("model: tiny-lm\n"
            "stack:\n"
            "  sources:\n"
            "    brevity: {kind: length, unit: words, target: 2}\n"
            "  fusion: {kind: weighted_sum, weights: {brevity: 1.0}}\n"
            "  cache: false\n"
            f"prompts: {prompts}\n"
            f"output_dir: {tmp_path / 'run'}\n"
            "steps: 1\nprompts_per_step: 2\nrollout: {max_new_tokens: 3}\nupdate: {epochs: 1, minibatch_size: 2}\n"
            "device: cpu\n" + extra)
    path = tmp_path / "ppo.yaml"
    path.write_text(text)
    return path


def _run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["ppo", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_trains_and_prints_the_output_dir(tmp_path: Path) -> None:
    code, out, err = _run("--config", _config(tmp_path), "--set", "seed=2")
    assert code == 0, err
    assert out.strip() == str(tmp_path / "run")
    assert "step 1/1: reward" in err and "done: 1 steps" in err
    line = json.loads((tmp_path / "run" / "metrics.jsonl").read_text())
    assert line["reward/brevity/status/ok"] == 1.0


@pytest.mark.parametrize(("extra", "overrides", "expected"), [
    ("optim: {lr: 2}\n", [], "ppo.yaml:14: optim.lr: Input should be less than or equal to 1"),
    ("", ["algorithm.kind=grpo", "algorithm.group_size=1"], "--set algorithm.group_size"),
    ("", ["steps=many"], "--set steps: Input should be a valid integer"),
])
def test_bad_config_exits_2_naming_file_line_and_key(tmp_path: Path, extra: str, overrides: list[str],
                                                      expected: str) -> None:
    args: list[str | Path] = ["--config", _config(tmp_path, extra=extra)]
    for override in overrides:
        args += ["--set", override]
    code, _, err = _run(*args)
    assert code == 2 and expected in err, err
    assert "Traceback" not in err


def test_a_bad_prompt_line_exits_2_naming_both_files(tmp_path: Path) -> None:
    prompts = tmp_path / "bad.jsonl"
    prompts.write_text('{"prompt": "fine"}\n{"prompt": 3}\n')
    code, _, err = _run("--config", _config(tmp_path, prompts=prompts))
    assert code == 2
    assert "ppo.yaml:7: prompts:" in err and "bad.jsonl:2" in err


def test_resume_without_a_state_exits_2(tmp_path: Path) -> None:
    code, _, err = _run("--config", _config(tmp_path), "--resume")
    assert code == 2 and "ppo.yaml:8: output_dir:" in err and "no resume state" in err


def test_a_broken_stack_file_is_named_with_its_line(tmp_path: Path) -> None:
    stack = tmp_path / "stack.yaml"
    stack.write_text("sources:\n  answer: {kind: math_answerr}\n")
    code, _, err = _run("--config", _config(tmp_path), "--set", f"stack={stack}")
    assert code == 2 and "stack.yaml:2" in err and "math_answerr" in err


def test_the_example_config_runs_one_step_and_scores_with_answer(tmp_path: Path) -> None:
    config = load_ppo_config(EXAMPLES / "ppo_math_tiny.yaml",
                             [f"output_dir={tmp_path / 'example'}", "steps=1", "prompts_per_step=2",
                              "rollout.max_new_tokens=3", "update.minibatch_size=2",
                              # the example's warm start and reward model are outputs of two earlier commands
                              "model=tiny-lm", "stack.sources.style.path=tiny-encoder", "monitors=[]",
                              f"prompts={EXAMPLES / 'data/ppo_math_prompts.jsonl'}"])
    train_ppo(config, progress=NullProgress())
    line = json.loads((tmp_path / "example" / "metrics.jsonl").read_text())
    assert {"reward/answer/mean", "reward/answer/status/ok", "reward/style/mean"} <= set(line)


def test_the_rewardstack_command_has_train_ppo(tmp_path: Path) -> None:
    from tests.support.inprocess import rewardstack  # the whole app, as mounted for users

    proc = rewardstack("train", "ppo", "--config", _config(tmp_path, extra="optim: {lr: 2}\n"))
    assert proc.returncode == 2 and "ppo.yaml:14: optim.lr" in proc.stderr and "Traceback" not in proc.stderr
    help_text = rewardstack("train", "ppo", "--help").stdout
    assert "examples/ppo_math_tiny.yaml" in help_text and "--resume" in help_text
