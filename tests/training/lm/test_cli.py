"""``rewardstack train sft|dpo`` run as a user runs them: a subprocess on the shipped examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import REPO, rewardstack


@pytest.mark.parametrize("command", ["sft", "dpo"])
def test_example_config_trains_and_prints_the_output_dir(tmp_path: Path, command: str) -> None:
    out = tmp_path / command
    proc = rewardstack("train", command, "--config", REPO / f"examples/training/{command}_tiny.yaml",
                       "--set", f"output_dir={out}", "--set", "epochs=1", "--quiet", cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(out)
    assert "done: 3 steps" in proc.stderr  # 24 examples, 8 per step
    records = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    assert [r["step"] for r in records] == [0, 1, 2]
    assert (out / "config.json").is_file() and (out / "training_config.json").is_file()


def test_bad_values_name_the_file_line_and_key(tmp_path: Path) -> None:
    config = tmp_path / "dpo.yaml"
    config.write_text("data:\n  train: p.jsonl\noutput_dir: out\nbeta: -1\n")
    proc = rewardstack("train", "dpo", "--config", config)
    assert proc.returncode == 2
    assert f"{config}:4: beta:" in proc.stderr
    proc = rewardstack("train", "sft", "--config", config, "--set", "epochs=0")
    assert proc.returncode == 2 and "--set epochs" in proc.stderr


def test_a_missing_data_file_is_named(tmp_path: Path) -> None:
    config = tmp_path / "sft.yaml"
    config.write_text(f"data:\n  train: {tmp_path / 'nope.jsonl'}\noutput_dir: {tmp_path / 'out'}\nmodel: tiny-lm\n")
    proc = rewardstack("train", "sft", "--config", config)
    assert proc.returncode == 2
    assert "data.train" in proc.stderr and "nope.jsonl" in proc.stderr
