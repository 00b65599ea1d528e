"""Monitors over simulated training runs: a hacked run fires, an honest run stays silent."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from rewardstack.training.monitors import MonitorsConfig, MonitorSuite, StepObservation

BATCH = 16


def _step(step: int, rng: np.random.Generator, *, learned_mean: float, pass_rate: float, length_bias: float,
          kl: float = 0.1, canary_agree: float | None = None) -> StepObservation:
    lengths = rng.integers(5, 60, size=BATCH).astype(float)
    learned = learned_mean + length_bias * (lengths - lengths.mean()) / 20 + rng.normal(0, 0.05, BATCH)
    answer = (rng.random(BATCH) < pass_rate).astype(float)
    canary = None
    if canary_agree is not None:
        canary = np.full(BATCH, np.nan)
        canary[:4] = (rng.random(4) < canary_agree).astype(float)
    return StepObservation(step=step, total=learned + answer, response_length=lengths, kl=kl,
                           values={"helpfulness": learned, "answer": answer},
                           contributions={"helpfulness": learned, "answer": answer}, canary_agreement=canary)


ALL_MONITORS = {"monitors": [
    {"kind": "proxy_gaming", "learned": "helpfulness", "verifier": "answer", "window": 8,
     "min_learned_rise": 0.3, "max_verifier_rise": 0.05, "action": "stop"},
    {"kind": "length_correlation", "source": "helpfulness", "window": 4, "max_spearman": 0.3},
    {"kind": "sycophancy_canary", "window": 4, "max_agreement": 0.25},
    {"kind": "component_dominance", "window": 4, "max_share": 0.9},
    {"kind": "kl_runaway", "window": 3, "max_kl": 5.0, "action": "raise_kl", "kl_factor": 2.0},
]}


def _run(hacked: bool, steps: int = 20) -> MonitorSuite:
    rng = np.random.default_rng(0)
    suite = MonitorSuite.from_config(ALL_MONITORS)
    for t in range(steps):
        if hacked:  # proxy climbs through length, verifier flat, agreement and KL grow
            obs = _step(t, rng, learned_mean=0.1 * t, pass_rate=0.3, length_bias=1.0, kl=0.5 * t,
                        canary_agree=min(1.0, 0.05 * t))
        else:  # learned and verifier rise together, no length link, KL small
            obs = _step(t, rng, learned_mean=0.02 * t, pass_rate=min(0.9, 0.3 + 0.03 * t), length_bias=0.0,
                        canary_agree=0.0)
        suite.observe(obs)
    return suite


def test_hacked_run_fires_every_hacking_monitor() -> None:
    suite = _run(hacked=True)
    fired = {e.monitor for e in suite.events}
    assert fired == {"proxy_gaming", "length_correlation", "sycophancy_canary", "kl_runaway"}
    first_stop = next(e for e in suite.events if e.action == "stop")
    assert first_stop.step < 12  # within a few steps of the first full 8-step window
    assert "helpfulness rose" in first_stop.message


def test_honest_run_stays_silent() -> None:
    assert _run(hacked=False).events == []


def test_cooldown_and_actions() -> None:
    suite = MonitorSuite.from_config({"monitors": [
        {"kind": "kl_runaway", "window": 2, "max_kl": 1.0, "action": "raise_kl", "kl_factor": 2.0, "cooldown": 3}]})
    multipliers = []
    for t in range(10):
        suite.observe(StepObservation(t, np.zeros(2), np.ones(2), kl=2.0))
        multipliers.append(suite.kl_multiplier)
    assert [e.step for e in suite.events] == [1, 5, 9]  # fires, then silent for 3 steps
    assert multipliers[1] == 2.0 and multipliers[2] == 1.0
    assert suite.events[0].as_record()["kl_factor"] == 2.0


def test_state_round_trip_keeps_cooldowns_and_events() -> None:
    config = {"monitors": [{"kind": "kl_runaway", "window": 2, "max_kl": 1.0}]}
    suite = MonitorSuite.from_config(config)
    for t in range(3):
        suite.observe(StepObservation(t, np.zeros(2), np.ones(2), kl=2.0))
    resumed = MonitorSuite.from_config(config)
    resumed.load_state_dict(suite.state_dict())
    assert resumed.events == suite.events
    resumed.observe(StepObservation(3, np.zeros(2), np.ones(2), kl=2.0))
    assert len(resumed.events) == len(suite.events)  # still cooling down from step 1


def test_missing_source_is_named() -> None:
    suite = MonitorSuite.from_config({"monitors": [{"kind": "length_correlation", "source": "rm", "window": 2}]})
    suite.observe(StepObservation(0, np.zeros(2), np.ones(2), kl=0.0, values={"answer": np.zeros(2)}))
    with pytest.raises(KeyError, match="'rm'.*answer"):
        suite.observe(StepObservation(1, np.zeros(2), np.ones(2), kl=0.0, values={"answer": np.zeros(2)}))


@pytest.mark.parametrize("bad", [
    {"kind": "nope"},
    {"kind": "kl_runaway"},                                    # max_kl is required
    {"kind": "kl_runaway", "max_kl": 1.0, "action": "panic"},
    {"kind": "kl_runaway", "max_kl": 1.0, "typo": 1},
    {"kind": "length_correlation", "window": 1},
])
def test_bad_configs_are_refused(bad: dict) -> None:
    with pytest.raises(ValidationError):
        MonitorsConfig.model_validate({"monitors": [bad]})


def test_observation_shapes_are_checked() -> None:
    with pytest.raises(ValueError, match=r"response_length must have shape \(2,\)"):
        StepObservation(0, np.zeros(2), np.ones(3), kl=0.0)
