"""``train ppo --resume`` through the shared checkpoint: changed prompts and a damaged state are named errors
(exit 2 on the command line), and a save that crashed between its renames resumes the previous state."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable

import pytest

from rewardstack.training.ppo import PPOConfig, train_ppo
from rewardstack.training.ppo.checkpoint import STATE_DIR, read_state
from rewardstack.training.ppo.setup import prepare_output
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.progress import NullProgress


def test_resume_refuses_changed_prompts_and_a_damaged_state_and_survives_a_crashed_save(
        make_config: Callable[..., PPOConfig]) -> None:
    config = make_config(steps=2)
    train_ppo(config, progress=NullProgress(), stop_at_step=1)
    state, prompts = config.output_dir / STATE_DIR, config.prompts
    kept, kept_prompts = state.parent / "kept", prompts.read_bytes()
    shutil.copytree(state, kept)

    prompts.write_bytes(b"".join(kept_prompts.splitlines(keepends=True)[:-1]))  # one prompt fewer
    with pytest.raises(ConfigKeyError, match=f"{prompts} changed since the run started") as caught:
        train_ppo(config, resume=True, progress=NullProgress())
    assert caught.value.key == ("prompts",)
    prompts.write_bytes(kept_prompts)

    (state / "trainer_state.json").write_text("{")
    with pytest.raises(ConfigKeyError, match="trainer_state.json cannot be read .*another output_dir") as caught:
        train_ppo(config, resume=True, progress=NullProgress())
    assert caught.value.key == ("output_dir",)

    shutil.rmtree(state)  # a crash between the renames: the previous state aside, the new one not in place
    kept_copy = shutil.copytree(kept, state.parent / "kept-copy")
    kept.rename(state.parent / f".{STATE_DIR}.old")
    prepare_output(config, resume=True)  # what --resume does first; the loader then reads the state back
    assert read_state(config.output_dir) == json.loads((kept_copy / "trainer_state.json").read_text())
