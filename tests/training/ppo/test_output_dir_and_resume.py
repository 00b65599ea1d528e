"""What a rerun may do with an output_dir: overwrite replaces only a finished run; a resume state
written before a config key existed still resumes when that key is at its default."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from rewardstack.training.ppo import PPOConfig, train_ppo
from rewardstack.training.ppo.checkpoint import STATE_DIR
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.progress import NullProgress


def _state(config: PPOConfig) -> dict[str, Any]:
    return json.loads((config.output_dir / STATE_DIR / "trainer_state.json").read_text())


def test_overwrite_refuses_an_unfinished_run_and_keeps_its_state(make_config: Callable[..., PPOConfig]) -> None:
    config = make_config(steps=2, overwrite=True)
    train_ppo(config, progress=NullProgress(), stop_at_step=1)  # as a Ctrl-C after step 1 leaves it
    with pytest.raises(ConfigKeyError, match=r"unfinished run .*--resume.*another output_dir") as caught:
        train_ppo(make_config(steps=1, overwrite=True), progress=NullProgress())
    assert caught.value.key == ("output_dir",)
    assert _state(config)["step"] == 1
    assert train_ppo(config, resume=True, progress=NullProgress()).steps_done == 2  # --resume still goes on


def test_overwrite_replaces_a_finished_run(make_config: Callable[..., PPOConfig]) -> None:
    train_ppo(make_config(steps=1, overwrite=True), progress=NullProgress())
    rerun = make_config(steps=1, overwrite=True, seed=3)
    assert train_ppo(rerun, progress=NullProgress()).steps_done == 1
    assert _state(rerun)["config"]["seed"] == 3


@pytest.mark.parametrize(("dropped", "overrides", "resumes"), [
    (("monitors", "best_metric"), {}, True),  # a state from before the keys existed, defaults now
    (("monitors",), {"monitors": [{"kind": "length_correlation"}]}, False),  # a real change is still refused
])
def test_a_key_missing_from_the_saved_config_counts_as_its_default(
        make_config: Callable[..., PPOConfig], dropped: tuple[str, ...], overrides: dict[str, Any],
        resumes: bool) -> None:
    config = make_config(steps=2)
    train_ppo(config, progress=NullProgress(), stop_at_step=1)
    state_file = config.output_dir / STATE_DIR / "trainer_state.json"
    state = _state(config)
    for key in dropped:
        state["config"].pop(key)
    state_file.write_text(json.dumps(state))
    resumed = make_config(steps=2, **overrides)
    if resumes:
        assert train_ppo(resumed, resume=True, progress=NullProgress()).steps_done == 2
    else:
        with pytest.raises(ConfigKeyError, match="monitors.*was not set when the run started"):
            train_ppo(resumed, resume=True, progress=NullProgress())


def test_overwrite_removes_the_previous_runs_artefacts_only(make_config: Callable[..., PPOConfig]) -> None:
    from rewardstack.training.ppo.setup import RUN_OUTPUTS, prepare_output

    config = make_config(steps=2, overwrite=True)
    out = config.output_dir
    (out / STATE_DIR).mkdir(parents=True)  # a finished run: its state has every step done
    (out / STATE_DIR / "trainer_state.json").write_text(json.dumps({"step": 2, "config": {"steps": 2}}))
    for name in ("best", "policy", "tensorboard"):
        (out / name).mkdir()
        (out / name / "config.json").write_text("{}")
    for name in ("metrics.jsonl", "curves.png", "notes.txt"):
        (out / name).write_text("previous")
    (out / "mine").mkdir()
    prepare_output(config, resume=False)
    assert sorted(p.name for p in out.iterdir()) == ["mine", "notes.txt"]  # what no run writes is left alone
    assert {"best", "curves.png"} <= set(RUN_OUTPUTS)
