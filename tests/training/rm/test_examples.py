"""examples/preference and examples/stacks/preference.yaml stay valid and reproducible."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rewardstack import load_stack_config
from rewardstack.training.rm import load_rm_config, read_preferences
from tests.support.cli import EXAMPLES, REPO


def test_the_data_files_are_what_the_script_writes(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(EXAMPLES / "preference" / "make_pairs.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True, timeout=60)
    for name in ("train.jsonl", "heldout.jsonl"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / "preference" / name).read_bytes()
    data = read_preferences(EXAMPLES / "preference" / "train.jsonl")
    assert len(data.pairs) == 320 and not data.bad_lines


def test_the_train_config_and_the_stack_validate() -> None:
    config = load_rm_config(str(EXAMPLES / "preference" / "train.yaml"))
    assert (REPO / config.data.train).is_file() and config.data.validation is not None
    stack = load_stack_config(EXAMPLES / "stacks" / "preference.yaml")
    assert stack.sources["style"].kind == "preference_model"
    assert stack.sources["style"].path == str(config.output_dir)  # type: ignore[attr-defined]
