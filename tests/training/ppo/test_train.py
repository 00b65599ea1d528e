"""The PPO / GRPO / RLOO loop end to end on tiny-lm (CPU): it learns something, logs every key, resumes exactly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file

from rewardstack.core.errors import ConfigError
from rewardstack.models import load_causal_lm
from rewardstack.training.ppo import PPOConfig, train_ppo
from rewardstack.training.ppo.checkpoint import STATE_DIR
from rewardstack.training.ppo.train import _check_same_run
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.progress import NullProgress
from tests.training.ppo.conftest import STACK

REQUIRED = ["step", "reward/total/mean", "kl", "entropy", "clip_fraction", "value_loss", "response_length/mean",
            "time/generate", "time/reward", "time/reference", "time/update", "tokens_per_s", "kl_coef"]


def _metrics(run: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]


def test_ppo_step_moves_the_policy_and_logs_every_key(make_config: Callable[..., PPOConfig]) -> None:
    config = make_config(steps=1, tracking={"tensorboard": True})
    result = train_ppo(config, progress=NullProgress())
    assert result.steps_done == 1
    (line,) = _metrics(config.output_dir)
    assert all(key in line for key in REQUIRED), sorted(set(REQUIRED) - set(line))
    for source in ("answer", "brevity"):
        assert f"reward/{source}/mean" in line
        assert sum(line[f"reward/{source}/status/{s}"] for s in ("ok", "abstain", "error", "timeout")) == 1.0
    assert line["step"] == 1 and line["value_loss"] is not None and 0.0 <= line["clip_fraction"] <= 1.0
    assert line["kl"] == pytest.approx(0.0, abs=1e-4)  # the first rollout is sampled from the reference itself
    assert 1 <= line["response_length/mean"] <= 4
    trained = load_file(str(config.output_dir / "policy" / "model.safetensors"))
    start, _ = load_causal_lm("tiny-lm", device="cpu")
    moved = [name for name, p in start.state_dict().items() if name in trained and not torch.equal(p, trained[name])]
    assert moved, "no parameter of the policy changed"
    head = load_file(str(config.output_dir / STATE_DIR / "model.safetensors"))["value_head.weight"]
    assert head.abs().sum() > 0  # the zero-initialised critic learned
    samples = [json.loads(row) for row in (config.output_dir / "samples.jsonl").read_text().splitlines()]
    assert samples and {"step", "prompt", "response", "total", "values"} <= set(samples[0])
    assert (config.output_dir / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert list((config.output_dir / "tensorboard").glob("events.out.tfevents.*"))


@pytest.mark.parametrize(("algorithm", "kl"), [
    ({"kind": "grpo", "group_size": 2}, {"estimator": "k3", "placement": "loss"}),
    ({"kind": "rloo", "group_size": 2}, {"estimator": "k1", "placement": "reward",
                                         "controller": {"kind": "adaptive", "init": 0.1, "target": 1.0}}),
])
def test_critic_free_algorithms_run_without_a_value_head(make_config: Callable[..., PPOConfig],
                                                         algorithm: dict[str, Any], kl: dict[str, Any]) -> None:
    config = make_config(steps=1, prompts_per_step=1, algorithm=algorithm, kl=kl)
    train_ppo(config, progress=NullProgress())
    (line,) = _metrics(config.output_dir)
    assert line["value_loss"] is None and line["policy_loss"] is not None
    assert "value_head.weight" not in load_file(str(config.output_dir / STATE_DIR / "model.safetensors"))
    samples = [json.loads(row) for row in (config.output_dir / "samples.jsonl").read_text().splitlines()]
    assert len({s["prompt"] for s in samples}) == 1 and len(samples) == 2  # one prompt, a group of two


@pytest.mark.parametrize("kind", ["grpo", "ppo"])
def test_group_normalisation_has_one_owner(make_config: Callable[..., PPOConfig], kind: str) -> None:
    stack = {**STACK, "fusion": {"kind": "group_normalize", "key": "group", "input": STACK["fusion"]}}
    algorithm = {"kind": kind, "group_size": 2} if kind == "grpo" else {"kind": kind}
    with pytest.raises(ConfigKeyError, match="one owner") as info:
        train_ppo(make_config(stack=stack, algorithm=algorithm), progress=NullProgress())
    assert info.value.key == ("stack",)


def test_output_dir_is_never_clobbered_and_resume_needs_a_state(make_config: Callable[..., PPOConfig]) -> None:
    config = make_config()
    config.output_dir.mkdir()
    (config.output_dir / "notes.txt").write_text("mine")
    with pytest.raises(ConfigKeyError, match="not empty"):
        train_ppo(config, progress=NullProgress())
    with pytest.raises(ConfigKeyError, match="no resume state"):
        train_ppo(config, resume=True, progress=NullProgress())


def test_a_missing_stack_file_is_a_config_error(make_config: Callable[..., PPOConfig], tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="stack.yaml"):
        train_ppo(make_config(stack=str(tmp_path / "stack.yaml")), progress=NullProgress())


_TIMES = ("time/", "tokens_per_s")


def _comparable(line: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in line.items() if not k.startswith(_TIMES)}


@pytest.mark.slow
def test_resume_at_k_matches_the_uninterrupted_run_at_k_plus_2(make_config: Callable[..., PPOConfig],
                                                                tmp_path: Path) -> None:
    # adaptive KL, a schedule and a Lagrange multiplier in the stack: the controller, the scheduler and the
    # fusion state must travel with the checkpoint too
    stack = {**STACK, "sources": {**STACK["sources"], "words": {"kind": "length", "unit": "words"}},
             "fusion": {"kind": "constraint", "reward": STACK["fusion"], "lambda_init": 0.01, "lr": 0.05,
                        "lambda_max": 1.0, "costs": [{"input": "words", "budget": 1, "name": "length"}]}}
    extra: dict[str, Any] = {"steps": 3, "stack": stack, "optim": {"lr": 1e-3, "schedule": "linear"},
                             "kl": {"controller": {"kind": "adaptive", "init": 0.2, "target": 0.01, "horizon": 10}}}
    straight = make_config(**extra, output_dir=str(tmp_path / "straight"))
    train_ppo(straight, progress=NullProgress())
    resumed = make_config(**extra, output_dir=str(tmp_path / "resumed"))
    first = train_ppo(resumed, progress=NullProgress(), stop_at_step=1)
    assert first.steps_done == 1 and not (resumed.output_dir / "policy").exists()
    torch.manual_seed(12345)  # whatever happens in between, the resume restores the random state
    train_ppo(resumed, resume=True, progress=NullProgress())
    a, b = _metrics(straight.output_dir), _metrics(resumed.output_dir)
    assert [line["step"] for line in b] == [1, 2, 3]
    assert [_comparable(line) for line in a] == [_comparable(line) for line in b]
    # the controller and the multiplier did move (so their restored states were really needed)
    assert a[-1]["kl_coef"] != a[0]["kl_coef"]
    assert a[-1]["fusion/lambda/length"] != a[0]["fusion/lambda/length"]
    wa = load_file(str(straight.output_dir / "policy" / "model.safetensors"))
    wb = load_file(str(resumed.output_dir / "policy" / "model.safetensors"))
    assert all(torch.equal(wa[name], wb[name]) for name in wa)


def test_lora_trains_adapters_only_and_uses_the_base_as_reference(make_config: Callable[..., PPOConfig]) -> None:
    config = make_config(steps=1, lora={"r": 4, "alpha": 8, "target_modules": ["q_proj", "v_proj"]})
    train_ppo(config, progress=NullProgress())
    (line,) = _metrics(config.output_dir)
    assert line["kl"] == pytest.approx(0.0, abs=1e-4)  # lora_B starts at 0: policy == base == reference
    state = load_file(str(config.output_dir / STATE_DIR / "model.safetensors"))
    start, _ = load_causal_lm("tiny-lm", device="cpu")
    base = {name.removeprefix("lm.base_model.model.").replace(".base_layer", ""): tensor
            for name, tensor in state.items() if "lora_" not in name and not name.startswith("value_head")}
    assert all(torch.equal(base[name], p) for name, p in start.state_dict().items() if name in base)
    assert len(base) >= len(start.state_dict()) - 1  # (the tied lm_head may be stored once)
    assert any("lora_B" in name and tensor.abs().sum() > 0 for name, tensor in state.items())
    merged = load_file(str(config.output_dir / "policy" / "model.safetensors"))
    assert not torch.equal(merged["model.layers.0.self_attn.q_proj.weight"],
                           start.state_dict()["model.layers.0.self_attn.q_proj.weight"])


@pytest.mark.parametrize(("change", "key"), [({"optim": {"lr": 0.5}}, ("optim", "lr")),
                                             ({"model": "tiny-encoder"}, ("model",)),
                                             ({"algorithm": {"kind": "rloo"}}, ("algorithm", "kind"))])
def test_resume_refuses_a_changed_run(make_config: Callable[..., PPOConfig], change: dict[str, Any],
                                      key: tuple[str, ...]) -> None:
    started = make_config()
    state = started.output_dir / STATE_DIR
    state.mkdir(parents=True)
    (state / "trainer_state.json").write_text(json.dumps({"config": started.model_dump(mode="json")}))
    with pytest.raises(ConfigKeyError, match="when the run started") as info:
        train_ppo(make_config(**change), resume=True, progress=NullProgress())
    assert info.value.key == key
    _check_same_run(started.model_dump(mode="json"), make_config(steps=50, save_every=3))  # these may change


def test_a_stop_request_ends_after_the_step_with_the_state_saved(make_config: Callable[..., PPOConfig]) -> None:
    from threading import Event

    from rewardstack.training.ppo import PPOStopped

    stop = Event()
    stop.set()  # as if SIGINT came during the first step
    config = make_config(steps=2, save_every=10)
    with pytest.raises(PPOStopped, match="after step 1 of 2"):
        train_ppo(config, progress=NullProgress(), stop=stop)
    assert json.loads((config.output_dir / STATE_DIR / "trainer_state.json").read_text())["step"] == 1
    assert len(_metrics(config.output_dir)) == 1 and not (config.output_dir / "policy").exists()


@pytest.mark.parametrize(("rows", "expected"), [(None, 4), (1, 1), ("all", 6)])
def test_samples_table_keeps_the_asked_rollouts_per_step(make_config: Callable[..., PPOConfig], rows: Any,
                                                         expected: int) -> None:
    extra = {} if rows is None else {"log_samples_rows": rows}
    config = make_config(steps=1, prompts_per_step=6, **extra)
    train_ppo(config, progress=NullProgress())
    samples = [json.loads(row) for row in (config.output_dir / "samples.jsonl").read_text().splitlines()]
    assert len(samples) == expected and {s["step"] for s in samples} == {1}


@pytest.mark.parametrize("rows", [0, "some", -2])
def test_samples_rows_must_be_a_count_or_all(make_config: Callable[..., PPOConfig], rows: Any) -> None:
    with pytest.raises(ValueError, match="log_samples_rows"):
        make_config(log_samples_rows=rows)
