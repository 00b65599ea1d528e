"""The unbiased best-of-n estimator against full enumeration of n-subsets, ties included."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.benchmarks.metrics.best_of_n import best_of_n_curve, best_of_n_gold, best_of_n_weights
from rewardstack.benchmarks.metrics.ranking import order_values

NAN = float("nan")


def _brute(reward: np.ndarray, gold: np.ndarray, n: int) -> float:
    """Mean over every n-subset of the gold of its reward-max, a tie at the top split evenly."""
    r = order_values(reward)
    values = []
    for subset in itertools.combinations(range(len(r)), n):
        best = max(r[i] for i in subset)
        top = [i for i in subset if r[i] == best]
        values.append(np.mean(gold[top]))
    return float(np.mean(values))


@pytest.mark.parametrize(("reward", "n", "expected"), [
    ([0.3, 0.1, 0.2], 1, [1 / 3, 1 / 3, 1 / 3]),
    ([0.3, 0.1, 0.2], 2, [2 / 3, 0.0, 1 / 3]),      # ranks 3, 1, 2: C(2,1)/3, C(0,1)/3, C(1,1)/3
    ([0.3, 0.1, 0.2], 3, [1.0, 0.0, 0.0]),
    ([0.5, 0.5, 0.1], 2, [0.5, 0.5, 0.0]),          # the tied top block shares 1/3 + 2/3
    ([NAN, 0.2, 0.1], 2, [0.0, 2 / 3, 1 / 3]),      # no total ranks last
])
def test_weights_table(reward: list[float], n: int, expected: list[float]) -> None:
    assert best_of_n_weights(np.array(reward), n) == pytest.approx(np.array(expected))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.0, 1.0, 2.0, NAN]), st.floats(-3, 3)), min_size=1, max_size=7),
       st.integers(1, 7))
def test_estimator_equals_enumeration(rows: list[tuple[float, float]], n: int) -> None:
    reward = np.array([r for r, _ in rows])
    gold = np.array([g for _, g in rows])
    if n > len(rows):
        assert np.isnan(best_of_n_gold(reward, gold, n))
        return
    weights = best_of_n_weights(reward, n)
    assert weights.sum() == pytest.approx(1.0)
    assert best_of_n_gold(reward, gold, n) == pytest.approx(_brute(reward, gold, n), abs=1e-9)


def test_curve_is_monotone_for_the_gold_itself_and_exact_at_the_ends() -> None:
    rng = np.random.default_rng(1)
    gold = rng.normal(size=256)
    curve = best_of_n_curve(gold, gold, [1, 2, 4, 16, 64, 256, 512])
    assert curve[0] == pytest.approx(gold.mean())
    assert curve[5] == pytest.approx(gold.max())
    assert np.all(np.diff(curve[:6]) > 0)
    assert np.isnan(curve[6])  # the pool is smaller than n


def test_large_pool_is_numerically_stable() -> None:
    weights = best_of_n_weights(np.arange(1024.0), 300)
    assert np.isfinite(weights).all() and weights.sum() == pytest.approx(1.0)


def test_bad_n_is_refused() -> None:
    with pytest.raises(ValueError, match="1 <= n <= N"):
        best_of_n_weights(np.zeros(3), 0)
