"""A stopped SFT/DPO run: said once, its resume state saved, and ``--resume`` finishes it; an occupied
output_dir is named where it was set (the file's line, or --set)."""

from __future__ import annotations

import json
from pathlib import Path
from threading import Event

import pytest
import typer
import yaml
from pydantic import BaseModel
from typer.testing import CliRunner

from rewardstack.training.command import run_training_command
from rewardstack.training.lm.cli import dpo_command, sft_command
from rewardstack.training.lm.trainer import LMTrainingStopped
from rewardstack.training.ppo.checkpoint import STATE_DIR
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.sft import SFTConfig, train_sft

app = typer.Typer()
app.command("sft")(sft_command)
app.command("dpo")(dpo_command)


@app.callback()
def _group() -> None:
    """Stand-in for the ``rewardstack train`` group."""


def _demos(path: Path) -> Path:
    path.write_text("".join(json.dumps({"prompt": f"What is {a} plus 1?", "response": f"{a + 1}."}) + "\n"
                            for a in range(4)))
    return path


class _StopAfterFirstStep:
    """Progress that asks the run to stop once a step is done (as a SIGINT during that step would)."""

    def __init__(self, stop: Event) -> None:
        self.stop = stop

    def start(self, label: str, *, total_steps: int, done_steps: int) -> None: ...
    def step(self, loss: float) -> None: self.stop.set()
    def log(self, line: str) -> None: ...
    def close(self) -> None: ...


def test_a_stopped_run_saves_its_state_and_resume_finishes_it(tmp_path: Path) -> None:
    config = SFTConfig.model_validate({"data": {"train": str(_demos(tmp_path / "d.jsonl"))}, "model": "tiny-lm",
                                       "output_dir": str(tmp_path / "out"), "epochs": 1, "batch_size": 2,
                                       "device": "cpu", "max_length": 32})
    stop = Event()
    with pytest.raises(LMTrainingStopped, match="stopped after step 1 of 2; the resume state is saved"):
        train_sft(config, progress=_StopAfterFirstStep(stop), stop=stop)
    assert (config.output_dir / STATE_DIR / "trainer_state.json").is_file()
    with pytest.raises(ConfigKeyError, match="holds an unfinished run .*continue it with --resume"):
        train_sft(config)  # a plain rerun would throw the saved step away
    assert train_sft(config, resume=True).steps == 2
    assert not (config.output_dir / STATE_DIR).exists() and (config.output_dir / "training_config.json").is_file()


@pytest.mark.parametrize(("message", "expected"), [
    ("stopped after step 1 of 2; continue with --resume", "stop: stopped after step 1 of 2; continue with --resume\n"),
    ("stopped after step 1 of 2", "stop: stopped after step 1 of 2; continue with --resume\n"),
])
def test_the_stop_note_is_said_once(tmp_path: Path, capsys: pytest.CaptureFixture[str], message: str,
                                    expected: str) -> None:
    class Tiny(BaseModel):
        steps: int = 1

    def train(config: Tiny, *, progress: object, stop: Event) -> None:
        stop.set()
        raise LMTrainingStopped(message)

    path = tmp_path / "c.yaml"
    path.write_text("steps: 1\n")
    with pytest.raises(typer.Exit):
        run_training_command(path, [], model=Tiny, train=train, quiet=True, stopped=LMTrainingStopped,
                             stopped_note="continue with --resume")
    assert capsys.readouterr().err.endswith(expected)


@pytest.mark.parametrize("from_set", [False, True])
@pytest.mark.parametrize("command", ["sft", "dpo"])
def test_an_occupied_output_dir_is_named_where_it_was_set(tmp_path: Path, command: str, from_set: bool) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("earlier run")
    config = tmp_path / "c.yaml"
    config.write_text(f"data:\n  train: {_demos(tmp_path / 'd.jsonl')}\nmodel: tiny-lm\n"
                      f"output_dir: {tmp_path / 'elsewhere' if from_set else out}\n")
    overrides = ["--set", f"output_dir={out}"] if from_set else []
    result = CliRunner().invoke(app, [command, "--config", str(config), *overrides, "--quiet"])
    assert result.exit_code == 2, result.stderr
    where = "--set" if from_set else f"{config}:4"
    assert f"{where}: output_dir: {out} is not empty" in result.stderr
    assert (out / "keep.txt").read_text() == "earlier run"


def test_an_unfinished_run_in_output_dir_is_named_as_such(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "metrics.jsonl").write_text('{"step": 0, "loss": 3.0}\n')  # what a second Ctrl-C (exit at once) leaves
    config = tmp_path / "c.yaml"
    config.write_text(f"data:\n  train: {_demos(tmp_path / 'd.jsonl')}\nmodel: tiny-lm\noutput_dir: {out}\n")
    result = CliRunner().invoke(app, ["sft", "--config", str(config), "--quiet"])
    assert result.exit_code == 2, result.stderr
    assert f"{config}:4: output_dir: {out} holds an unfinished run" in result.stderr
    assert "set overwrite: true" in result.stderr and (out / "metrics.jsonl").exists()


@pytest.mark.parametrize("command", ["sft", "dpo"])
def test_resume_without_a_state_is_named(tmp_path: Path, command: str) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(f"data:\n  train: {_demos(tmp_path / 'd.jsonl')}\nmodel: tiny-lm\noutput_dir: {tmp_path}/out\n")
    result = CliRunner().invoke(app, [command, "--config", str(config), "--resume", "--quiet"])
    assert result.exit_code == 2, result.stderr
    assert f"{config}:4: output_dir: {tmp_path}/out holds no resume state (resume-state/)" in result.stderr


def test_the_cli_resumes_a_stopped_run(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(f"data:\n  train: {_demos(tmp_path / 'd.jsonl')}\nmodel: tiny-lm\noutput_dir: {tmp_path}/out\n"
                      "batch_size: 2\ndevice: cpu\nmax_length: 32\n")
    train_sft(SFTConfig.model_validate(yaml.safe_load(config.read_text())), stop_at_step=1)
    result = CliRunner().invoke(app, ["sft", "--config", str(config), "--resume", "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert "done: 2 steps" in result.stderr and (tmp_path / "out" / "training_config.json").is_file()
    steps = [json.loads(line)["step"] for line in (tmp_path / "out" / "metrics.jsonl").read_text().splitlines()]
    assert steps == [0, 1]
