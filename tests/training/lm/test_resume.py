"""SFT and DPO resume exactly: a run stopped at step k and resumed writes the same metrics.jsonl lines
(and ends with the same weights) as the uninterrupted run, on CPU bit for bit."""

from __future__ import annotations

import json
import random
from pathlib import Path
from threading import Event
from typing import Any

import numpy as np
import pytest
import torch
from safetensors.torch import load_file

from rewardstack.training.dpo import DPOConfig, train_dpo
from rewardstack.training.lm.trainer import LMTrainingStopped
from rewardstack.training.ppo.checkpoint import STATE_DIR
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.sft import SFTConfig, train_sft


def _data(tmp_path: Path, kind: str, n: int) -> Path:
    path = tmp_path / f"{kind}{n}.jsonl"
    rows = [{"prompt": f"What is {a} plus 1?", "response": f"It is {a + 1}."} if kind == "sft" else
            {"prompt": f"What is {a} plus 1?", "chosen": f"It is {a + 1}.", "rejected": "I cannot help with that."}
            for a in range(n)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


# 6 steps: SFT 6 demonstrations, 2 per step, 2 epochs (3 steps each); DPO 2 pairs a step, 6 epochs
_SHAPES = {"sft": {"n": 6, "epochs": 2}, "dpo": {"n": 2, "epochs": 6}}


def _config(kind: str, tmp_path: Path, name: str, **extra: Any) -> SFTConfig | DPOConfig:
    shape = {**_SHAPES[kind], **extra}
    data = _data(tmp_path, kind, shape.pop("n"))
    # warm-up and decay make the LR schedule's state matter
    fields = {"data": {"train": str(data), "validation": str(data)}, "model": "tiny-lm",
              "output_dir": str(tmp_path / name), "batch_size": 2, "lr": 3e-3, "weight_decay": 0.01,
              "warmup_ratio": 0.25, "device": "cpu", "max_length": 24, "seed": 3, **shape}
    return (SFTConfig if kind == "sft" else DPOConfig).model_validate(fields)


def _train(config: SFTConfig | DPOConfig, **kwargs: Any) -> Any:
    return (train_sft if isinstance(config, SFTConfig) else train_dpo)(config, **kwargs)  # type: ignore[arg-type]


def _lines(config: SFTConfig | DPOConfig) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in (config.output_dir / "metrics.jsonl").read_text().splitlines()]
    return [{k: v for k, v in line.items() if not k.startswith("time/")} for line in lines]


class _StopAfter:
    """Progress that asks the run to stop once ``steps`` steps are done (as a SIGINT during that step would)."""

    def __init__(self, stop: Event, steps: int) -> None:
        self.stop, self.left = stop, steps

    def start(self, label: str, *, total_steps: int, done_steps: int) -> None: ...
    def log(self, line: str) -> None: ...
    def close(self) -> None: ...

    def step(self, loss: float) -> None:
        self.left -= 1
        if self.left == 0:
            self.stop.set()


# SFT stopped mid-epoch by a stop request; DPO ended at an epoch boundary by stop_at_step (its eval line
# has the resumed step's number, so the resumed run writes it again)
@pytest.mark.slow  # three short runs each (~8 s of CPU)
@pytest.mark.parametrize(("kind", "k", "by_signal"), [("sft", 1, True), ("dpo", 1, False)])
def test_a_run_resumed_at_step_k_writes_the_uninterrupted_runs_lines(tmp_path: Path, kind: str, k: int,
                                                                   by_signal: bool) -> None:
    straight = _config(kind, tmp_path, "straight")
    _train(straight)
    resumed = _config(kind, tmp_path, "resumed")
    if by_signal:
        stop = Event()
        with pytest.raises(LMTrainingStopped, match=f"stopped after step {k} of 6; the resume state is saved"):
            _train(resumed, progress=_StopAfter(stop, k), stop=stop)
    else:
        assert _train(resumed, stop_at_step=k).steps == k
    assert (resumed.output_dir / STATE_DIR / "trainer_state.json").is_file()
    assert not (resumed.output_dir / "model.safetensors").exists()
    torch.manual_seed(12345), random.seed(12345), np.random.seed(12345)  # the resume restores every generator
    assert _train(resumed, resume=True).steps == 6
    a, b = _lines(straight), _lines(resumed)
    assert len(a) == 6 + _SHAPES[kind]["epochs"]  # a line per step, an eval line per epoch
    assert a == b
    assert [line["step"] for line in b if "loss" in line][k:k + 5] == list(range(k, k + 5))  # steps k+1..k+5
    assert len({line["lr"] for line in a if "lr" in line}) > 3  # the schedule moved (so its state was needed)
    wa, wb = (load_file(str(c.output_dir / "model.safetensors")) for c in (straight, resumed))
    assert wa.keys() == wb.keys() and all(torch.equal(wa[name], wb[name]) for name in wa)
    assert not (resumed.output_dir / STATE_DIR).exists()  # a finished run keeps no resume state


def test_resume_refuses_a_changed_run_and_a_finished_one(tmp_path: Path) -> None:
    config = _config("sft", tmp_path, "out", n=4, epochs=1)
    _train(config, stop_at_step=1)
    with pytest.raises(ConfigKeyError, match="was 0.003 when the run started, now 0.1") as caught:
        _train(_config("sft", tmp_path, "out", n=4, epochs=1, lr=0.1), resume=True)
    assert caught.value.key == ("lr",)
    with pytest.raises(ConfigKeyError, match="unfinished run .*--resume.*overwrite replaces only a finished run"):
        _train(_config("sft", tmp_path, "out", n=4, epochs=1, overwrite=True))
    assert _train(_config("sft", tmp_path, "out", n=4, epochs=1, save_every=2), resume=True).steps == 2  # allowed
    with pytest.raises(ConfigKeyError, match="no resume state .*the run there finished"):
        _train(config, resume=True)
