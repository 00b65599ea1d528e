"""``rewardstack train rm`` on real files with the tiny seeded encoder: in-process (the same app and arguments as a
user's command), and as a subprocess where the process is the point (SIGINT)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rewardstack.rewards.preference import META_FILE
from rewardstack.training.rm.state import STATE_DIR
from tests.support.cli import REPO
from tests.support.inprocess import rewardstack
from tests.training.rm.helpers import write_pairs


def _config(tmp_path: Path, pairs: Path, **extra: object) -> Path:
    """data.train on line 2, output_dir on line 4, extra keys from line 8 (tests read these lines)."""
    fields: dict[str, object] = {"model": "tiny-encoder", "output_dir": str(tmp_path / "rm"), "max_length": 64,
                                 "batch_size": 4, "epochs": 1}
    fields.update(extra)
    lines = ["data:", f"  train: {pairs}"] + [f"{key}: {json.dumps(value)}" for key, value in fields.items()]
    path = tmp_path / "rm.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_trains_reports_bad_lines_and_prints_the_checkpoint(tmp_path: Path) -> None:
    pairs = write_pairs(tmp_path / "pairs.jsonl", extra_lines=["{broken", '{"prompt": "p", "chosen": "x"}'])
    proc = rewardstack("train", "rm", "--config", _config(tmp_path, pairs), "--set", "seed=3")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(tmp_path / "rm")
    assert f"{pairs}:25: skipped: not JSON" in proc.stderr and f"{pairs}:26: skipped: missing rejected" in proc.stderr
    assert "training epoch 1/1: train loss" in proc.stderr and "done: validation accuracy" in proc.stderr
    assert (tmp_path / "rm" / META_FILE).is_file()
    report = json.loads((tmp_path / "rm" / "training_report.json").read_text())
    assert report["config"]["seed"] == 3 and report["data"]["train_file"]["bad_lines"] == 2


def test_bad_config_is_exit_2_with_file_line_and_key(tmp_path: Path) -> None:
    config = _config(tmp_path, tmp_path / "pairs.jsonl", lr=-1)
    proc = rewardstack("train", "rm", "-c", config, "--set", "ensemble.members=0")
    assert proc.returncode == 2
    assert f"{config}:8: lr: Input should be greater than 0" in proc.stderr, proc.stderr
    assert "--set ensemble.members: Input should be greater than or equal to 1" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unusable_data_and_a_full_output_dir_are_exit_2_naming_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "p", "chosen": "same", "rejected": "same"}\n')
    config = _config(tmp_path, bad)
    proc = rewardstack("train", "rm", "-c", config)
    assert proc.returncode == 2 and f"{config}:2: data.train: {bad}: no usable preference pair" in proc.stderr
    assert "line 1: chosen and rejected are the same text" in proc.stderr
    missing = rewardstack("train", "rm", "-c", config, "--set", f"data.train={tmp_path / 'nope.jsonl'}")
    assert missing.returncode == 2 and "--set: data.train: cannot read" in missing.stderr
    (tmp_path / "rm").mkdir()
    (tmp_path / "rm" / "x.txt").write_text("x")
    full = rewardstack("train", "rm", "-c", _config(tmp_path, write_pairs(tmp_path / "ok.jsonl")))
    assert full.returncode == 2 and f"{tmp_path / 'rm.yaml'}:4: output_dir: " in full.stderr
    assert "--resume" in full.stderr and "Traceback" not in full.stderr


def test_sigint_stops_after_a_step_with_the_state_saved(tmp_path: Path) -> None:
    pairs = write_pairs(tmp_path / "pairs.jsonl", n=300)
    config = _config(tmp_path, pairs, epochs=200)
    proc = subprocess.Popen([sys.executable, "-m", "rewardstack.cli", "train", "rm", "-c", str(config)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.stderr is not None
    started = proc.stderr.readline().decode()  # "training: N steps": the loop runs
    assert "steps" in started, started
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=120)
    assert proc.returncode == 130, rest.decode()
    assert "continue with --resume" in rest.decode()
    state = json.loads((tmp_path / "rm" / STATE_DIR / "trainer_state.json").read_text())
    assert 0 < state["global_step"] < 200 * 75
    assert not (tmp_path / "rm" / META_FILE).exists()
