"""Training runs on the seeded tiny encoder (seconds each): outputs, determinism, resume, report, ensembles.

The tiny models know nothing, so these tests check mechanics (weights move, same seed same
weights, a resumed run equals an uninterrupted one, every count in the report); what a
trained model learns is tests/training/rm/test_accuracy.py's job.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import load_file

from rewardstack import ConfigError, RewardStack, Sample
from rewardstack.models import resolve_model
from rewardstack.rewards.preference import ENSEMBLE_FILE, META_FILE, PreferenceModelSource, read_meta
from rewardstack.training.rm import (
    NullProgress,
    PreferenceDataError,
    RMTrainConfig,
    TrainingStopped,
    read_preferences,
    split_by_prompt,
    train,
)
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.state import STATE_DIR
from tests.training.rm.helpers import write_pairs

MakeConfig = Callable[..., RMTrainConfig]


def _weights(folder: Path) -> dict[str, torch.Tensor]:
    return load_file(str(folder / "model.safetensors"))


def _same(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


class StopAfter(NullProgress):
    """Sets ``stop`` after ``steps`` steps (what SIGINT does in the CLI), or raises KeyboardInterrupt."""

    def __init__(self, steps: int, *, interrupt: bool = False):
        self.steps, self.interrupt, self.seen = steps, interrupt, 0
        self.stop = threading.Event()

    def step(self, loss: float) -> None:
        self.seen += 1
        if self.seen == self.steps:
            if self.interrupt:
                raise KeyboardInterrupt
            self.stop.set()


def test_a_run_moves_the_weights_and_writes_a_checkpoint_that_scores(make_config: MakeConfig) -> None:
    config = make_config()
    result = train(config, progress=NullProgress())
    backbone = load_file(str(resolve_model("tiny-encoder") / "model.safetensors"))
    trained = _weights(config.output_dir)
    moved = [k for k in backbone if not torch.equal(backbone[k], trained[f"bert.{k}"])]
    assert len(moved) > len(backbone) // 2
    meta = read_meta(config.output_dir)
    assert meta is not None and meta.max_length == 64 and meta.normalization.responses == 2 * 21
    assert not (config.output_dir / STATE_DIR / "optimizer.pt").exists()  # trimmed once finished
    report = json.loads(result.report_path.read_text())
    assert report["data"]["validation_source"] == "split_by_prompt"
    assert report["data"]["train_prompts"] + report["data"]["validation_prompts"] == 8
    assert [e["epoch"] for e in report["members"][0]["epochs"]] == [1, 2]
    assert set(report["members"][0]["epochs"][0]["validation"]["accuracy_by_labeler"]) == {"ann", "bob"}
    assert report["members"][0]["pairs_trained"] == 2 * 21 and report["members"][0]["pairs_per_second"] > 0
    # the checkpoint's training responses score mean 0, std 1 (the statistics the source applies)
    source = PreferenceModelSource(path=str(config.output_dir), device="cpu")
    train_pairs, _ = split_by_prompt(read_preferences(config.data.train).pairs, 0.1, seed=0)
    samples = [Sample(id=f"{i}{side}", prompt=p.prompt, response=getattr(p, side))
               for i, p in enumerate(train_pairs) for side in ("chosen", "rejected")]
    values = np.array([s.value for s in source.score(samples)])
    assert values.mean() == pytest.approx(0.0, abs=1e-4) and values.std() == pytest.approx(1.0, abs=1e-3)


def test_same_seed_same_weights_other_seed_other_weights(make_config: MakeConfig, tmp_path: Path) -> None:
    first = make_config(output_dir=str(tmp_path / "a"))
    train(first, progress=NullProgress())
    train(make_config(output_dir=str(tmp_path / "b")), progress=NullProgress())
    train(make_config(output_dir=str(tmp_path / "c"), seed=1), progress=NullProgress())
    assert _same(_weights(tmp_path / "a"), _weights(tmp_path / "b"))
    assert not _same(_weights(tmp_path / "a"), _weights(tmp_path / "c"))
    assert read_meta(tmp_path / "a") == read_meta(tmp_path / "b")


@pytest.mark.parametrize("interrupt", [False, True], ids=["stop-event", "keyboard-interrupt"])
def test_a_resumed_run_ends_with_the_weights_of_an_uninterrupted_one(make_config: MakeConfig, tmp_path: Path,
                                                                     interrupt: bool) -> None:
    straight = make_config(output_dir=str(tmp_path / "straight"), epochs=3)
    train(straight, progress=NullProgress())
    config = make_config(output_dir=str(tmp_path / "resumed"), epochs=3)
    watcher = StopAfter(8, interrupt=interrupt)  # 6 steps an epoch: stops inside epoch 2
    with pytest.raises(KeyboardInterrupt if interrupt else TrainingStopped):
        train(config, progress=watcher, stop=watcher.stop)
    state = json.loads((config.output_dir / STATE_DIR / "trainer_state.json").read_text())
    assert (state["epoch"], state["step"], state["global_step"]) == (1, 2, 8)
    assert not (config.output_dir / META_FILE).exists()  # not a finished checkpoint yet
    result = train(config, resume=True, progress=NullProgress())
    assert _same(_weights(straight.output_dir), _weights(config.output_dir))
    assert result.report["members"][0]["resumed_after_step"] == 8
    straight_history = json.loads((straight.output_dir / "training_report.json").read_text())["members"][0]
    assert straight_history["epochs"] == result.report["members"][0]["epochs"]


def test_the_report_counts_bad_truncated_and_dropped_pairs(make_config: MakeConfig, tmp_path: Path) -> None:
    long = "word " * 200
    extra = ['{"prompt": "p", "chosen": "a"}', "not json",
             json.dumps({"prompt": "Long?", "chosen": "good " + long, "rejected": "bad " + long}),  # cut from the left
             json.dumps({"prompt": "Long answer?", "chosen": "Short and good.", "rejected": long})]
    data = {"train": str(write_pairs(tmp_path / "p.jsonl", extra_lines=extra)), "validation_fraction": 0.0}
    result = train(make_config(data=data), progress=NullProgress())
    report = result.report["data"]
    assert report["train_file"]["bad_lines"] == 2
    assert [b["line"] for b in report["train_file"]["bad_line_details"]] == [25, 26]
    assert report["truncation"]["train"] == {"pairs": 26, "truncated": 2,
                                             "dropped": {"identical_after_truncation": 1},
                                             "dropped_lines": {"identical_after_truncation": [27]}}
    drop = train(make_config(data=data, on_truncation="drop", output_dir=str(tmp_path / "drop")),
                 progress=NullProgress())
    assert drop.report["data"]["truncation"]["train"]["dropped"] == {
        "identical_after_truncation": 1, "truncated_and_on_truncation_drop": 1}
    assert drop.report["members"][0]["pairs_trained"] == 2 * 24


def test_output_dir_is_never_silently_overwritten(make_config: MakeConfig) -> None:
    config = make_config(epochs=1)
    train(config, progress=NullProgress())
    (config.output_dir / "notes.json").write_text("mine")
    with pytest.raises(ConfigKeyError, match="not empty.*--resume.*overwrite=true") as caught:
        train(config, progress=NullProgress())
    assert caught.value.key == ("output_dir",)
    train(make_config(epochs=1, overwrite=True), progress=NullProgress())
    assert (config.output_dir / "notes.json").read_text() == "mine"  # overwrite removes only what a run writes


def test_no_usable_pair_is_a_data_error(make_config: MakeConfig, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"prompt": "p"}\nnope\n')
    with pytest.raises(PreferenceDataError, match="no usable preference pair.*line 1: missing chosen"):
        train(make_config(data={"train": str(path)}), progress=NullProgress())


def test_a_three_member_ensemble_trains_and_loads_as_one_source(make_config: MakeConfig) -> None:
    config = make_config(epochs=1, ensemble={"members": 3, "bootstrap": True})
    result = train(config, progress=NullProgress())
    assert [p.name for p in result.members] == ["member-0", "member-1", "member-2"]
    assert (config.output_dir / ENSEMBLE_FILE).is_file()
    seeds = [read_meta(p).training["seed"] for p in result.members]  # type: ignore[union-attr]
    assert seeds == [0, 1, 2]
    assert not _same(_weights(result.members[0]), _weights(result.members[1]))
    assert result.report["ensemble"]["members"] == 3 and result.validation_accuracy is not None
    with RewardStack({"rm": PreferenceModelSource(path=str(config.output_dir), aggregate="mean_minus_std",
                                                  device="cpu")}, cache=None) as stack:
        score = stack.score([Sample(id="1", prompt="Question 1?", response="Yes: it works like this.")])[0]
    assert {"member_0", "member_1", "member_2", "spread"} <= set(score.scores["rm"].components)
    # resuming a finished ensemble re-reads it: nothing is trained again
    before = [(p / "model.safetensors").stat().st_mtime_ns for p in result.members]
    again = train(config, resume=True, progress=NullProgress())
    assert [(p / "model.safetensors").stat().st_mtime_ns for p in result.members] == before
    for old, new in zip(result.report["members"], again.report["members"], strict=True):
        assert new.pop("resumed_after_step") == 6 and old.pop("resumed_after_step") == 0
        assert new == old


def test_more_epochs_after_a_trimmed_finish_is_refused(make_config: MakeConfig) -> None:
    train(make_config(epochs=1), progress=NullProgress())
    with pytest.raises(ConfigKeyError, match="finished 1 epoch") as caught:
        train(make_config(epochs=2), resume=True, progress=NullProgress())
    assert caught.value.key == ("epochs",)


def test_a_causal_backbone_with_margin_centring_and_gradient_checkpointing(make_config: MakeConfig) -> None:
    config = make_config(model="tiny-lm", epochs=1, margin=True, center_rewards_coefficient=0.1,
                         gradient_checkpointing=True, warmup_ratio=0.2, keep_resume_state=True)
    result = train(config, progress=NullProgress())
    meta = read_meta(config.output_dir)
    assert meta is not None and meta.architecture == "causal" and meta.layout == "chat_template"
    assert (config.output_dir / STATE_DIR / "optimizer.pt").is_file()  # kept on request
    backbone = load_file(str(resolve_model("tiny-lm") / "model.safetensors"))
    trained = _weights(config.output_dir)
    key = "model.layers.0.self_attn.q_proj.weight"
    assert not torch.equal(backbone[key], trained[key])
    assert result.report["members"][0]["epochs"][0]["train_loss"] > 0


def test_bad_device_is_a_config_error_naming_the_key(make_config: MakeConfig) -> None:
    with pytest.raises(ConfigKeyError, match="device") as caught:
        train(make_config(device="tpu"), progress=NullProgress())
    assert caught.value.key == ("device",)
    with pytest.raises(ConfigError, match="dtype"):
        train(make_config(dtype="int8"), progress=NullProgress())
