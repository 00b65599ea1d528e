"""Bootstrap over prompts: stratification, NaN handling, intervals, paired differences, verdicts."""

from __future__ import annotations

import numpy as np
import pytest

from rewardstack.benchmarks.stats import Bootstrap, Estimate, weighted_means
from rewardstack.benchmarks.summary import Draws, paired_difference, scalar_draws, verdict


def test_weighted_means_skip_undefined_prompts() -> None:
    values = np.array([1.0, np.nan, 3.0])
    weights = np.array([[1, 1, 1], [0, 5, 0], [2, 0, 1]])
    got = weighted_means(values, weights)
    assert got[0] == 2.0 and np.isnan(got[1]) and got[2] == pytest.approx(5 / 3)


def test_stratified_draws_keep_each_seed_size_and_are_seeded() -> None:
    strata = np.array([0, 0, 0, 1, 1])
    boot = Bootstrap.draw(strata, samples=50, seed=3)
    assert (boot.counts[:, :3].sum(axis=1) == 3).all() and (boot.counts[:, 3:].sum(axis=1) == 2).all()
    assert np.array_equal(boot.counts, Bootstrap.draw(strata, samples=50, seed=3).counts)
    assert not np.array_equal(boot.counts, Bootstrap.draw(strata, samples=50, seed=4).counts)


def test_interval_covers_the_mean_of_a_known_population() -> None:
    rng = np.random.default_rng(0)
    values = rng.normal(1.0, 1.0, size=400)
    est = Bootstrap.draw(np.zeros(400, dtype=int), samples=2000, seed=0).estimate(values)
    half = 1.96 / np.sqrt(400)
    assert est.low == pytest.approx(values.mean() - half, abs=0.03)
    assert est.high == pytest.approx(values.mean() + half, abs=0.03)
    assert est.prompts == 400


def test_paired_difference_cancels_shared_prompt_variation() -> None:
    rng = np.random.default_rng(1)
    prompt_effect = rng.normal(0, 5, size=100)  # huge between-prompt spread both signals share
    a = prompt_effect + 0.1 + rng.normal(0, 0.01, size=100)
    b = prompt_effect
    boot = Bootstrap.draw(np.zeros(100, dtype=int), samples=500, seed=0)
    draws = scalar_draws({"x": a, "y": b}, boot, ["x", "y"], ns=())
    diff = paired_difference(draws["x"], draws["y"], "higher", boot)
    assert diff.value == pytest.approx(0.1, abs=0.01) and diff.low > 0.09
    assert verdict(diff, "higher") == "better" and verdict(diff, "lower") == "worse"
    assert draws["x"].estimate(boot).low < 0  # unpaired, the interval would not exclude 0


def test_zero_ideal_metrics_compare_absolute_values() -> None:
    boot = Bootstrap.draw(np.zeros(3, dtype=int), samples=20, seed=0)
    a = Draws(-0.5, np.full(20, -0.5), 3)
    b = Draws(0.1, np.full(20, 0.1), 3)
    diff = paired_difference(a, b, "zero", boot)
    assert diff.value == pytest.approx(0.4) and verdict(diff, "zero") == "worse"


@pytest.mark.parametrize(("est", "better", "expected"), [
    (Estimate(0.1, -0.01, 0.2, 5), "higher", "unclear"),
    (Estimate(-0.1, -0.2, -0.01, 5), "higher", "worse"),
    (Estimate(-0.1, -0.2, -0.01, 5), "lower", "better"),
    (Estimate(0.3, 0.1, 0.5, 5), None, "unclear"),
])
def test_verdict_table(est: Estimate, better: str | None, expected: str) -> None:
    assert verdict(est, better) == expected  # type: ignore[arg-type]


def test_kl_derived_metrics_follow_the_prompt_averaged_curve() -> None:
    # two prompts, three betas: the mean gold curve is [1, 2, 1.5] -> peak 2 at KL 0.5, final 1.5
    tables = {"kl_gold": np.array([[1.0, 3.0, 2.0], [1.0, 1.0, 1.0]]),
              "kl_kl": np.array([[0.0, 0.4, 1.0], [0.0, 0.6, 1.0]])}
    boot = Bootstrap.draw(np.zeros(2, dtype=int), samples=30, seed=0)
    draws = scalar_draws(tables, boot, ["peak_gold", "kl_at_peak", "final_gold"], ns=())
    assert draws["peak_gold"].point == 2.0 and draws["kl_at_peak"].point == pytest.approx(0.5)
    assert draws["final_gold"].point == 1.5


def test_estimate_json_turns_nan_into_null() -> None:
    assert Estimate(float("nan"), 0.0, 1.0, 0).to_json()["value"] is None
