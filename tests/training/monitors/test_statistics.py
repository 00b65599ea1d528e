"""Window statistics against hand-computed values and their invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.training.monitors import dominance_shares, linear_rise, spearman


@pytest.mark.parametrize(("y", "expected"), [
    ([0.0, 1.0, 2.0, 3.0], 3.0),           # slope 1 over a span of 3
    ([2.0, 2.0, 2.0], 0.0),
    ([1.0, 0.0, 1.0, 0.0], -0.6),          # slope -0.2 (hand: sum dx*dy = -1, sum dx^2 = 5), span 3
    ([0.0, float("nan"), 2.0], 2.0),       # the missing middle point keeps x = 0, 2
    ([5.0, 3.0], -2.0),
])
def test_linear_rise_hand_values(y: list[float], expected: float) -> None:
    assert linear_rise(np.array(y)) == pytest.approx(expected)


def test_linear_rise_needs_two_points() -> None:
    assert math.isnan(linear_rise(np.array([1.0, float("nan")])))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=2, max_size=30), st.floats(-10, 10), st.floats(0.1, 5))
def test_linear_rise_is_affine_equivariant(y: list[float], shift: float, scale: float) -> None:
    base = linear_rise(np.array(y))
    assert linear_rise(np.array(y) * scale + shift) == pytest.approx(base * scale, abs=1e-6)


def test_spearman_hand_values() -> None:
    # ranks x: 1 2 3 4 5 5... hand: x=[1,2,3,4,5,6,7,8], y reversed pair at the end
    x = np.arange(8.0)
    y = np.array([0, 1, 2, 3, 4, 5, 7, 6], dtype=float)
    # d = rank differences: 0 ... 0, 1, -1 -> rho = 1 - 6*2 / (8*63) = 1 - 12/504
    assert spearman(x, y) == pytest.approx(1 - 12 / 504)


def test_spearman_ignores_unscored_and_needs_enough_pairs() -> None:
    x = np.array([1.0, 2.0, 3.0, float("nan"), 4.0, 5.0, 6.0, 7.0, 8.0])
    y = np.array([1.0, 2.0, 3.0, 100.0, 4.0, 5.0, 6.0, 7.0, 8.0])
    assert spearman(x, y) == pytest.approx(1.0)
    assert math.isnan(spearman(x[:5], y[:5]))
    with pytest.raises(ValueError, match="equal shapes"):
        spearman(np.arange(3.0), np.arange(4.0))


def test_dominance_shares_sum_to_one_and_read_magnitudes() -> None:
    shares = dominance_shares({"rm": np.array([2.0, -2.0, float("nan")]), "math": np.array([0.0, 2.0, 0.0])})
    # m_rm = 2, m_math = 2/3 -> 0.75, 0.25
    assert shares == pytest.approx({"rm": 0.75, "math": 0.25})
    assert dominance_shares({"a": np.zeros(3), "b": np.zeros(3)}) == {"a": 0.0, "b": 0.0}
