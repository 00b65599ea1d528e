"""``rewardstack train judge`` on real files with the tiny seeded encoder: in-process (the same app and arguments
as a user's command), and as a subprocess where the process is the point (SIGINT)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rewardstack.rewards.critic.adapted.checkpoint import META_FILE, WEIGHTS_FILE
from tests.support.cli import REPO
from tests.support.inprocess import rewardstack
from tests.training.judge.conftest import write_subset


def _config(tmp_path: Path, data: Path, **extra: object) -> Path:
    """data on line 1, output_dir on line 2, extra keys from line 7 (tests read these lines)."""
    fields: dict[str, object] = {"data": str(data), "output_dir": str(tmp_path / "judge"), "model": "tiny-encoder",
                                 "max_length": 128, "batch_size": 8, "epochs": 1}
    fields.update(extra)
    path = tmp_path / "judge.yaml"
    path.write_text("".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items()))
    return path


@pytest.mark.slow  # trains
def test_trains_reports_bad_lines_and_prints_the_checkpoint(tmp_path: Path) -> None:
    data = write_subset(tmp_path / "j.jsonl", extra_lines=("{broken",))
    proc = rewardstack("train", "judge", "--config", _config(tmp_path, data), "--set", "seed=3")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(tmp_path / "judge")
    assert f"{data}:61: skipped: not JSON" in proc.stderr and f"{data}: 1 bad line skipped, 60 used" in proc.stderr
    assert "judge epoch 1/1: train loss" in proc.stderr and "done: held-out ordering accuracy" in proc.stderr
    assert (tmp_path / "judge" / META_FILE).is_file() and (tmp_path / "judge" / WEIGHTS_FILE).is_file()
    report = json.loads((tmp_path / "judge" / "training_report.json").read_text())
    assert report["config"]["seed"] == 3 and report["data"]["bad_lines"] == 1


def test_bad_config_is_exit_2_with_file_line_and_key(tmp_path: Path) -> None:
    config = _config(tmp_path, write_subset(tmp_path / "j.jsonl"), lr=-1)
    proc = rewardstack("train", "judge", "-c", config, "--set", "lora.rank=4", "--set", "orders=all")
    assert proc.returncode == 2
    assert f"{config}:7: lr: Input should be greater than 0" in proc.stderr, proc.stderr
    assert "--set lora.rank: unknown key 'rank' (check the spelling; allowed keys: alpha, dropout, r, " in proc.stderr
    assert "--set orders: Input should be 'both' or 'random'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unusable_settings_are_exit_2_naming_the_key(tmp_path: Path) -> None:
    data = write_subset(tmp_path / "j.jsonl")
    config = _config(tmp_path, data)
    missing = rewardstack("train", "judge", "-c", config, "--set", f"data={tmp_path / 'nope.jsonl'}")
    assert missing.returncode == 2 and "--set: data: cannot read" in missing.stderr
    other = tmp_path / "other.jsonl"
    other.write_text(data.read_text().replace('"no_sycophancy"', '"kindness"'))
    unknown = rewardstack("train", "judge", "-c", _config(tmp_path, other))
    assert unknown.returncode == 2 and f"{tmp_path / 'judge.yaml'}:1: data: " in unknown.stderr
    assert "principle 'kindness' is not in constitution 'default'" in unknown.stderr
    typo = rewardstack("train", "judge", "-c", _config(tmp_path, data), "--set", "constitution=defualt")
    assert typo.returncode == 2 and "constitution: unknown constitution 'defualt'" in typo.stderr
    assert "Did you mean 'default'?" in typo.stderr
    model = rewardstack("train", "judge", "-c", _config(tmp_path, data, model="no-such-model"))
    assert model.returncode == 2 and f"{tmp_path / 'judge.yaml'}:3: model: " in model.stderr
    (tmp_path / "judge").mkdir()
    (tmp_path / "judge" / "x.txt").write_text("x")
    full = rewardstack("train", "judge", "-c", _config(tmp_path, data))
    assert full.returncode == 2 and f"{tmp_path / 'judge.yaml'}:2: output_dir: " in full.stderr
    assert "overwrite=true" in full.stderr
    for proc in (missing, unknown, typo, model, full):
        assert "Traceback" not in proc.stderr


@pytest.mark.slow  # a subprocess that loads torch and trains
def test_sigint_stops_after_a_step_and_saves_nothing(tmp_path: Path) -> None:
    config = _config(tmp_path, write_subset(tmp_path / "j.jsonl"), epochs=500)
    proc = subprocess.Popen([sys.executable, "-m", "rewardstack.cli", "train", "judge", "-c", str(config)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.stderr is not None
    started = ""
    while "steps" not in started:  # "judge: N steps" (after any truncation line): the loop runs
        line = proc.stderr.readline().decode()
        assert line, "the run ended before its first step"
        started = line
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=120)
    assert proc.returncode == 130, rest.decode()
    assert "nothing was saved" in rest.decode()
    assert not (tmp_path / "judge" / META_FILE).exists()
