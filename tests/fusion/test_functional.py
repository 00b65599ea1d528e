"""The pure fusion math against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rewardstack.fusion import functional as F

NAN = np.nan


@pytest.mark.parametrize(
    ("fn", "rows", "expected"),
    [
        (F.nan_min, [[1.0, 3.0], [NAN, 2.0], [NAN, NAN]], [1.0, 2.0, NAN]),
        (F.product, [[2.0, 3.0], [NAN, 4.0], [NAN, NAN]], [6.0, 4.0, NAN]),
        (F.geometric_mean, [[2.0, 8.0], [NAN, 9.0], [-1.0, 4.0]], [4.0, 9.0, 0.0]),
        (F.ensemble_mean, [[1.0, 2.0, 6.0], [NAN, 2.0, NAN]], [3.0, 2.0]),
        (F.ensemble_min, [[1.0, 2.0, 6.0]], [1.0]),
    ],
)
def test_row_functions(fn, rows, expected) -> None:  # type: ignore[no-untyped-def]
    np.testing.assert_allclose(fn(np.array(rows)), expected, equal_nan=True)


def test_soft_min_between_min_and_mean() -> None:
    v = np.array([[0.0, 1.0]])
    # -tau * log((e^0 + e^-1/tau) / 2) with tau = 1: -log((1 + e^-1)/2)
    assert F.soft_min(v, 1.0)[0] == pytest.approx(-math.log((1 + math.exp(-1)) / 2))
    assert F.soft_min(v, 1e-6)[0] == pytest.approx(0.0, abs=1e-5)
    assert F.soft_min(v, 1e6)[0] == pytest.approx(0.5, abs=1e-5)


def test_uncertainty_ensemble() -> None:
    # mean 2, population std of (1, 3) = 1 -> 2 - 0.5 * 1
    assert F.ensemble_uncertainty(np.array([[1.0, 3.0]]), 0.5)[0] == pytest.approx(1.5)


def test_lexicographic() -> None:
    out = F.lexicographic(np.array([[1.0, 0.5], [1.0, NAN], [NAN, NAN]]), 0.01)
    np.testing.assert_allclose(out, [1.005, 1.0, NAN], equal_nan=True)


def test_sigmoid_stable() -> None:
    np.testing.assert_allclose(F.sigmoid(np.array([0.0, 1000.0, -1000.0])), [0.5, 1.0, 0.0])


def test_group_stats_and_zscore() -> None:
    x = np.array([1.0, 3.0, 10.0, NAN, 10.0])
    groups = np.array([0, 0, 1, 1, 2])
    mean, std = F.group_stats(x, groups)
    np.testing.assert_allclose(mean, [2.0, 2.0, 10.0, 10.0, 10.0])
    np.testing.assert_allclose(std, [1.0, 1.0, 0.0, 0.0, 0.0])
    z = F.group_zscore(x, groups, eps=0.0 + 1e-12)
    np.testing.assert_allclose(z, [-1.0, 1.0, 0.0, NAN, 0.0], equal_nan=True, atol=1e-9)


def test_rank_normalize_ties() -> None:
    np.testing.assert_allclose(F.rank_normalize(np.array([3.0, 1.0, 1.0, NAN, 5.0])),
                               [2 / 3, 1 / 6, 1 / 6, NAN, 1.0], equal_nan=True)


def test_welford_matches_numpy() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=7), rng.normal(size=11)
    n, mean, m2 = F.welford_update(0.0, 0.0, 0.0, a)
    n, mean, m2 = F.welford_update(n, mean, m2, np.append(b, NAN))
    both = np.concatenate([a, b])
    assert (n, mean, m2 / n) == pytest.approx((18, both.mean(), both.var()))


def test_ema_update() -> None:
    mean, var = F.ema_update(0.0, 0.0, np.array([2.0, 4.0]), 0.5, initialised=False)
    assert (mean, var) == (3.0, 1.0)
    # mean' = .5*3 + .5*5 = 4; var' = .5*1 + .5*(0 + .5*(5-3)^2) = 1.5
    assert F.ema_update(mean, var, np.array([5.0]), 0.5, initialised=True) == pytest.approx((4.0, 1.5))


def test_lagrangian_and_dual_ascent() -> None:
    r = np.array([1.0, 2.0])
    c = np.array([[0.5], [1.0]])
    lam = np.array([1.0])
    np.testing.assert_allclose(F.lagrangian(r, c, lam, normalize=True), [0.25, 0.5])
    np.testing.assert_allclose(F.lagrangian(r, c, lam, normalize=False), [0.5, 1.0])
    np.testing.assert_allclose(F.dual_ascent(np.array([0.0, 1.0]), np.array([0.5, 0.1]), np.array([0.3, 0.3]),
                                             lr=1.0, lam_max=10), [0.2, 0.8])
    np.testing.assert_allclose(F.dual_ascent(np.array([0.0]), np.array([0.0]), np.array([0.3]), 1.0, 10), [0.0])


def test_pid_update() -> None:
    # e = 0.2, I' = 0.2, lam = 1*0.2 + 2*0.2 + 3*max(0, 0.2 - 0.1) = 0.9
    lam, integral = F.pid_update(np.zeros(1), np.array([0.1]), np.array([0.2]), 1.0, 2.0, 3.0, 10.0)
    assert lam[0] == pytest.approx(0.9) and integral[0] == pytest.approx(0.2)


def test_shape_checks() -> None:
    with pytest.raises(ValueError):
        F.nan_min(np.zeros(3))
    with pytest.raises(ValueError):
        F.lagrangian(np.zeros(2), np.zeros((3, 1)), np.zeros(1), normalize=True)
