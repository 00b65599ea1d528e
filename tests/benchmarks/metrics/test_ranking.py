"""Ranking metrics against hand-computed values and brute-force enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.benchmarks.metrics.ranking import best_of_4_accuracy, kendall_tau, order_values, pairwise_accuracy

NAN = float("nan")
GOLD4 = np.array([0.0, 1.0, 2.0, 3.0])


@pytest.mark.parametrize(("reward", "gold", "expected"), [
    ([1, 2, 3, 4], GOLD4, 1.0),                    # perfect order
    ([4, 3, 2, 1], GOLD4, 0.0),                    # reversed
    ([0, 0, 0, 0], GOLD4, 0.5),                    # constant: every pair a tie, 1/2 each
    ([1, 2, 4, 3], GOLD4, 5 / 6),                  # one of six pairs swapped
    ([1, 1, 3, 4], GOLD4, 5.5 / 6),                # one tie among six pairs
    ([NAN, 1, 2, 3], GOLD4, 1.0),                  # no total ranks last: right here
    ([1, 2, 3, NAN], GOLD4, 0.5),                  # ...and wrong here: 3 of 6 pairs
    ([1, 2, 3], [1.0, 1.0, 2.0], 1.0),             # gold-tied pair (0, 1) is left out
    ([1, 2, 3], [1.0, 1.0, 1.0], NAN),             # nothing to rank
])
def test_pairwise_accuracy_table(reward: list[float], gold: np.ndarray, expected: float) -> None:
    got = pairwise_accuracy(np.array(reward, dtype=float), np.asarray(gold, dtype=float))
    assert got == pytest.approx(expected, nan_ok=True)


@pytest.mark.parametrize(("reward", "gold", "expected"), [
    ([1, 2, 3, 4], GOLD4, 1.0),
    ([1, 2, 4, 3], GOLD4, 0.0),                     # the only subset picks gold 2
    ([4, 0, 0, 4], GOLD4, 0.5),                     # chosen ties with one rejected at the top
    ([1, 1, 1, 1], GOLD4, 0.25),                    # all tie: random pick
    ([1, 2, 3, 4], [0.0, 1.0, 2.0, 2.0], NAN),      # the gold maximum is not unique
    # five candidates: subsets {0,1,2,3} (best 3, r 4 beats 1,2,3 -> right), {0,1,2,4} (best 4, r 0 -> wrong),
    # {0,1,3,4}, {0,2,3,4}, {1,2,3,4} (best 4 with r 0 -> wrong): 1 of 5
    ([1, 2, 3, 4, 0], [0.0, 1.0, 2.0, 3.0, 4.0], 0.2),
])
def test_best_of_4_table(reward: list[float], gold: list[float] | np.ndarray, expected: float) -> None:
    got = best_of_4_accuracy(np.array(reward, dtype=float), np.asarray(gold, dtype=float))
    assert got == pytest.approx(expected, nan_ok=True)


def _best_of_4_brute(reward: np.ndarray, gold: np.ndarray) -> float:
    r = order_values(reward)
    right, items = 0.0, 0
    for subset in itertools.combinations(range(len(r)), 4):
        g = gold[list(subset)]
        if (g == g.max()).sum() != 1:
            continue
        items += 1
        chosen = subset[int(np.argmax(g))]
        top = [i for i in subset if r[i] == max(r[j] for j in subset)]
        right += (chosen in top) / len(top)
    return right / items if items else float("nan")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from([0.0, 1.0, 2.0, NAN])), min_size=4, max_size=7))
def test_best_of_4_equals_enumeration(rows: list[tuple[int, float]]) -> None:
    gold = np.array([g for g, _ in rows], dtype=float)
    reward = np.array([r for _, r in rows], dtype=float)
    assert best_of_4_accuracy(reward, gold) == pytest.approx(_best_of_4_brute(reward, gold), nan_ok=True)


def test_random_reward_best_of_4_is_a_quarter_on_average() -> None:
    rng = np.random.default_rng(0)
    gold = rng.normal(size=12)
    values = [best_of_4_accuracy(rng.normal(size=12), gold) for _ in range(400)]
    assert np.mean(values) == pytest.approx(0.25, abs=0.02)


@pytest.mark.parametrize(("reward", "gold", "expected"), [
    ([1, 2, 3, 4], GOLD4, 1.0),
    ([4, 3, 2, 1], GOLD4, -1.0),
    ([1, 2, 4, 3], GOLD4, 4 / 6),                   # (5 concordant - 1 discordant) / 6
    ([5, 5, 5, 5], GOLD4, 0.0),                     # constant reward: no information, counted as 0
    ([1, 2, 3, 4], [1.0, 1.0, 1.0, 1.0], NAN),      # constant gold: undefined
    ([NAN, 1, 2, 3], GOLD4, 1.0),                   # no total ranks last
])
def test_kendall_tau_table(reward: list[float], gold: np.ndarray | list[float], expected: float) -> None:
    got = kendall_tau(np.array(reward, dtype=float), np.asarray(gold, dtype=float))
    assert got == pytest.approx(expected, nan_ok=True)


def test_shapes_are_checked() -> None:
    with pytest.raises(ValueError, match="1-D of one length"):
        pairwise_accuracy(np.zeros(3), np.zeros(4))
