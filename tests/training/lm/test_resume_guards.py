"""``train sft|dpo --resume`` refuses what would not be the same run, each as exit 2 with a message and no
traceback: changed data, a damaged resume-state/, another command's state, a finished run; and it resumes
the previous state a crashed save left aside."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from rewardstack.training.lm.cli import dpo_command, sft_command
from rewardstack.training.ppo.checkpoint import STATE_DIR
from rewardstack.training.sft import SFTConfig, train_sft

app = typer.Typer()
app.command("sft")(sft_command)
app.command("dpo")(dpo_command)


@app.callback()
def _group() -> None:
    """Stand-in for the ``rewardstack train`` group."""


@pytest.fixture(scope="module")
def stopped_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SFT run stopped after step 1 of 2 (folder with c.yaml, d.jsonl and out/), trained once per module."""
    root = tmp_path_factory.mktemp("stopped")
    (root / "d.jsonl").write_text("".join(json.dumps({"prompt": f"What is {a} plus 1?", "response": f"{a + 1}."})
                                          + "\n" for a in range(4)))
    (root / "c.yaml").write_text("data:\n  train: d.jsonl\nmodel: tiny-lm\noutput_dir: out\nbatch_size: 2\n"
                                 "device: cpu\nmax_length: 32\n")
    here = Path.cwd()
    os.chdir(root)  # the saved config keeps the relative paths, as a run started from the command line does
    try:
        train_sft(SFTConfig.model_validate(yaml.safe_load(Path("c.yaml").read_text())), stop_at_step=1)
    finally:
        os.chdir(here)
    return root


@pytest.fixture
def run_dir(stopped_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the stopped run, as the current folder (the config's paths are relative)."""
    shutil.copytree(stopped_run, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _resume(command: str = "sft") -> tuple[int, str]:
    result = CliRunner().invoke(app, [command, "--config", "c.yaml", "--resume", "--quiet"])
    return result.exit_code, result.stderr


def _truncate_data(root: Path) -> None:
    path = root / "d.jsonl"
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:2]))


def _damage(name: str, damage: Callable[[Path], object]) -> Callable[[Path], object]:
    return lambda root: damage(root / "out" / STATE_DIR / name)


@pytest.mark.parametrize(("change", "command", "said"), [
    (_truncate_data, "sft", "c.yaml:2: data.train: d.jsonl changed since the run started (sha256"),
    (_damage("trainer_state.json", lambda p: p.write_text("{")), "sft",
     f"c.yaml:4: output_dir: out/{STATE_DIR}/trainer_state.json cannot be read"),
    (_damage("optimizer.pt", Path.unlink), "sft", f"output_dir: out/{STATE_DIR}/optimizer.pt is missing"),
    (_damage("model.safetensors", lambda p: p.write_bytes(b"")), "sft",
     f"output_dir: out/{STATE_DIR}/model.safetensors cannot be read (SafetensorError"),
    (lambda root: None, "dpo", "c.yaml:4: output_dir: out holds a run of 'train sft', not 'train dpo': resume it "
     "with 'rewardstack train sft --resume'"),
])
def test_a_resume_that_would_not_be_the_same_run_is_refused(run_dir: Path, change: Callable[[Path], object],
                                                           command: str, said: str) -> None:
    change(run_dir)
    code, stderr = _resume(command)
    assert code == 2, stderr
    assert said in stderr and "Traceback" not in stderr
    assert (run_dir / "out" / STATE_DIR).is_dir() and not (run_dir / "out" / "training_config.json").exists()


def test_a_crashed_save_resumes_the_previous_state_and_a_finished_run_says_what_works(run_dir: Path) -> None:
    # a crash between save_checkpoint's two renames leaves the previous state aside, the new one unplaced
    (run_dir / "out" / STATE_DIR).rename(run_dir / "out" / f".{STATE_DIR}.old")
    (run_dir / "out" / f".{STATE_DIR}.tmp").mkdir()
    code, stderr = _resume()
    assert code == 0, stderr
    assert "done: 2 steps" in stderr and (run_dir / "out" / "training_config.json").is_file()
    code, stderr = _resume()
    assert code == 2 and "the run there finished" in stderr and "set overwrite: true" in stderr
    result = CliRunner().invoke(app, ["sft", "--config", "c.yaml", "--set", "overwrite=true", "--quiet"])
    assert result.exit_code == 0, result.stderr  # what the message says works
