"""Reward-hacking monitors inside the PPO loop: events in metrics.jsonl, raise_kl, stop at the best policy."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rewardstack.training.ppo import PPOConfig, train_ppo
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.progress import NullProgress


def _lines(run: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]


def test_monitors_log_events_raise_kl_and_stop_with_the_best_policy_kept(
        make_config: Callable[..., PPOConfig]) -> None:
    config = make_config(steps=5, kl={"estimator": "k3", "controller": {"kind": "fixed", "coef": 0.05}},
                         best_metric="reward/total/mean",
                         monitors=[
                             # k3 >= 0, and > 0 once the policy moved: any KL over two steps raises the coefficient
                             {"kind": "kl_runaway", "window": 2, "max_kl": 1e-12, "action": "raise_kl",
                              "kl_factor": 2.0, "cooldown": 10},
                             # the brevity source carries ~all of the total in the example stack: stop at step 3
                             {"kind": "component_dominance", "window": 3, "max_share": 0.01, "action": "stop"},
                         ])
    result = train_ppo(config, progress=NullProgress())
    lines = _lines(config.output_dir)
    events = [line for line in lines if line.get("event") == "monitor"]
    steps = [line for line in lines if "event" not in line]
    assert [(e["monitor"], e["action"], e["step"]) for e in events] == [("kl_runaway", "raise_kl", 2),
                                                                        ("component_dominance", "stop", 3)]
    assert steps[1]["kl_coef/next"] == pytest.approx(0.1)  # 0.05 doubled after step 2
    assert steps[2]["kl_coef"] == pytest.approx(0.1)
    assert result.steps_done == 3 and len(steps) == 3  # stopped early, as a finished run
    assert (config.output_dir / "policy" / "config.json").is_file()
    best = json.loads((config.output_dir / "best" / "best.json").read_text())
    totals = [line["reward/total/mean"] for line in steps]
    assert best["metric"] == "reward/total/mean" and best["value"] == max(t for t in totals if t is not None)
    assert best["step"] == 1 + totals.index(best["value"])


def test_an_unknown_best_metric_is_named(make_config: Callable[..., PPOConfig]) -> None:
    with pytest.raises(ConfigKeyError, match="'reward/nope/mean' is not a metric"):
        train_ppo(make_config(steps=1, best_metric="reward/nope/mean"), progress=NullProgress())


@pytest.mark.parametrize(("actions", "best_metric", "told"), [
    (["stop"], None, True), (["warn", "stop"], None, True), (["stop"], "reward/total/mean", False),
    (["warn", "raise_kl"], None, False), ([], None, False),
])
def test_who_is_told_that_a_stop_keeps_no_best_policy(make_config: Callable[..., PPOConfig], actions: list[str],
                                                       best_metric: str | None, told: bool) -> None:
    from rewardstack.training.ppo.train import _no_best_note

    config = make_config(best_metric=best_metric,
                         monitors=[{"kind": "kl_runaway", "max_kl": 1.0, "action": a} for a in actions])
    note = _no_best_note(config)
    assert (note is not None) == told
    assert note is None or ("best_metric is not set" in note and "no best/" in note)


@pytest.mark.slow  # two steps: ~6 s of CPU, 10-20 s on the loaded machine
def test_a_stop_without_best_metric_says_so_and_writes_no_best(make_config: Callable[..., PPOConfig],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    config = make_config(steps=3, save_every=10, log_samples_every=0, monitors=[
        {"kind": "component_dominance", "window": 2, "max_share": 0.01, "action": "stop"}])
    assert train_ppo(config, progress=NullProgress()).steps_done == 2
    assert "warning: monitor component_dominance has action stop, but best_metric is not set" in capsys.readouterr().err
    (event,) = [line for line in _lines(config.output_dir) if line.get("event") == "monitor"]
    assert event["action"] == "stop" and event["best"] is None and "best_metric is not set" in event["note"]
    assert not (config.output_dir / "best").exists() and (config.output_dir / "policy" / "config.json").is_file()
