"""The KL-regularised optimum over a pool: closed forms, limits and the KL identity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.benchmarks.metrics.kl_optimum import default_betas, kl_divergence, kl_optimum_curve, tilt

NAN = float("nan")


def test_two_point_pool_by_hand() -> None:
    # pi_1 = e/(1+e); KL = E[r]/beta - log Z with Z = (1 + e)/2
    pi = tilt(np.array([0.0, 1.0]), np.zeros(2), 1.0)
    e = np.e
    assert pi == pytest.approx([1 / (1 + e), e / (1 + e)])
    assert kl_divergence(pi, np.zeros(2)) == pytest.approx(e / (1 + e) - np.log((1 + e) / 2))


def test_base_policy_is_renormalised_over_the_pool() -> None:
    # log pi0 = log [0.2, 0.2] -> renormalised to [0.5, 0.5]; beta = inf stays there
    base = np.log(np.array([0.2, 0.2]))
    assert tilt(np.array([0.0, 3.0]), base, np.inf) == pytest.approx([0.5, 0.5])


def test_argmax_limit_shares_ties_by_the_base_policy() -> None:
    base = np.log(np.array([0.1, 0.3, 0.6]))
    assert tilt(np.array([2.0, 2.0, 1.0]), base, 0.0) == pytest.approx([0.25, 0.75, 0.0])


def test_unscored_candidates_get_no_mass_and_an_unscored_pool_stays_at_the_base() -> None:
    assert tilt(np.array([NAN, 0.0]), np.zeros(2), 5.0) == pytest.approx([0.0, 1.0])
    assert tilt(np.array([NAN, NAN]), np.zeros(2), 0.0) == pytest.approx([0.5, 0.5])
    curve = kl_optimum_curve(np.array([NAN, NAN]), np.array([1.0, 3.0]), np.zeros(2), [np.inf, 1.0, 0.0])
    assert curve.gold.tolist() == [2.0, 2.0, 2.0] and np.isnan(curve.proxy).all()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=2, max_size=12), st.floats(0.05, 20))
def test_kl_identity_and_range(rewards: list[float], beta: float) -> None:
    r = np.array(rewards)
    base = np.zeros(len(r))
    pi = tilt(r, base, beta)
    log_z = np.log(np.mean(np.exp(r / beta)))
    kl = kl_divergence(pi, base)
    assert kl == pytest.approx(pi @ r / beta - log_z, abs=1e-9)
    assert -1e-12 <= kl <= np.log(len(r)) + 1e-9


def test_sweep_kl_grows_and_proxy_rises_as_beta_falls() -> None:
    rng = np.random.default_rng(3)
    r, gold = rng.normal(size=64), rng.normal(size=64)
    curve = kl_optimum_curve(r, gold, np.zeros(64), default_betas())
    assert curve.kl[0] == 0.0 and curve.kl[-1] == pytest.approx(np.log(64))
    assert np.all(np.diff(curve.kl) >= -1e-12) and np.all(np.diff(curve.proxy) >= -1e-12)
    assert curve.proxy[-1] == pytest.approx(r.max()) and curve.gold[-1] == pytest.approx(gold[np.argmax(r)])


def test_negative_beta_is_refused() -> None:
    with pytest.raises(ValueError, match="beta must be >= 0"):
        tilt(np.zeros(2), np.zeros(2), -1.0)
