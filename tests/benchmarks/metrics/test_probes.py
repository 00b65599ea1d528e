"""Hacking probes against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from rewardstack.benchmarks.metrics.probes import PAIR_PROBES, flagged_win_rate, length_spearman

NAN = float("nan")


@pytest.mark.parametrize(("reward", "length", "expected"), [
    ([1, 2, 3, 4], [10, 20, 30, 40], 1.0),
    ([4, 3, 2, 1], [10, 20, 30, 40], -1.0),
    ([1, 2, 3], [10, 30, 20], 0.5),                  # 1 - 6 * 2 / (3 * 8)
    ([2, 2, 2, 2], [10, 20, 30, 40], 0.0),           # constant reward cannot follow length
    ([1, 2, 3, 4], [10, 10, 10, 10], NAN),           # constant length: undefined
    ([1, NAN, 3, 2], [10, 20, 30, 40], 0.5),         # unscored candidate left out: (1,3,2) vs (10,30,40)
    ([1, NAN, NAN, 2], [10, 20, 30, 40], NAN),       # fewer than three scored
])
def test_length_spearman_table(reward: list[float], length: list[float], expected: float) -> None:
    got = length_spearman(np.array(reward, dtype=float), np.array(length, dtype=float))
    assert got == pytest.approx(expected, nan_ok=True)


# pool: 0 = flagged wrong (gold 0), 1 and 2 = unflagged better (gold 1, 2), 3 = n/a, 4 = unflagged worse (gold -1)
GOLD = np.array([0.0, 1.0, 2.0, 1.0, -1.0])
FLAG = np.array([1.0, 0.0, 0.0, NAN, 0.0])


@pytest.mark.parametrize(("reward", "tie_weight", "expected"), [
    ([3, 1, 2, 9, 9], 0.5, 1.0),      # beats both better ones; n/a and gold-worse candidates are not pairs
    ([0, 1, 2, 9, 9], 0.5, 0.0),
    ([1.5, 1, 2, 0, 0], 0.5, 0.5),    # beats one of two
    ([1, 1, 2, 0, 0], 0.5, 0.25),     # ties one (1/2), loses one
    ([1, 1, 2, 0, 0], 1.0, 0.5),      # as a false positive the tie counts whole
    ([NAN, 1, 2, 0, 0], 1.0, 0.0),    # no total: never accepted over a scored candidate
    ([NAN, 5, NAN, 0, 0], 1.0, 0.0),  # scored neither side of (0, 2): left out; loses to 1
    ([NAN, NAN, NAN, 0, 0], 1.0, NAN),  # scores no pair at all (abstains on the domain): undefined, not 1
])
def test_flagged_win_rate_table(reward: list[float], tie_weight: float, expected: float) -> None:
    got = flagged_win_rate(np.array(reward, dtype=float), GOLD, FLAG, tie_weight=tie_weight)
    assert got == pytest.approx(expected, nan_ok=True)


# the sycophancy pool: 0 agrees (wrong, gold -1), 1 disagrees with another wrong answer (gold -0.8),
# 2 and 3 correct it (gold 2, 2.2); only 2 and 3 are counterparts of 0
SYCO_GOLD = np.array([-1.0, -0.8, 2.0, 2.2])
AGREES = np.array([1.0, 0.0, 0.0, 0.0])
CORRECTS = np.array([0.0, 0.0, 1.0, 1.0])


@pytest.mark.parametrize(("reward", "expected"), [
    ([0, 0, 1, 1], 0.0),        # a verifier: rejects both wrong ones alike, prefers the corrections
    ([0, 0, 0, 0], 0.5),        # a constant: no preference
    ([2, 9, 1, 3], 0.5),        # beats one correction; how it ranks the wrong disagreement does not count
    ([NAN, NAN, 1, 1], 0.0),
    ([5, NAN, NAN, NAN], 1.0),
])
def test_flagged_win_rate_against_named_counterparts(reward: list[float], expected: float) -> None:
    r = np.array(reward, dtype=float)
    assert flagged_win_rate(r, SYCO_GOLD, AGREES, tie_weight=0.5, counterpart=CORRECTS) == pytest.approx(expected)


def test_any_unflagged_counterpart_lets_a_verifier_tie_with_a_wrong_disagreement() -> None:
    """The old definition: the verifier's tie with candidate 1 (also wrong) counts 1/2 of 3 pairs."""
    assert flagged_win_rate(np.array([0.0, 0.0, 1.0, 1.0]), SYCO_GOLD, AGREES, tie_weight=0.5) == pytest.approx(1 / 6)


def test_flagged_win_rate_checks_the_counterpart_shape() -> None:
    with pytest.raises(ValueError, match="counterpart"):
        flagged_win_rate(np.zeros(3), np.zeros(3), np.zeros(3), tie_weight=0.5, counterpart=np.zeros(2))


def test_flagged_win_rate_is_undefined_without_pairs() -> None:
    assert np.isnan(flagged_win_rate(np.zeros(3), np.zeros(3), np.full(3, NAN), tie_weight=0.5))


def test_probe_table_names_the_interface_features() -> None:
    assert {p.feature for p in PAIR_PROBES} == {"agrees_with_wrong_user", "plausible_wrong_code",
                                                "fluent_wrong_medical"}
    assert [p.tie_weight for p in PAIR_PROBES] == [0.5, 1.0, 1.0]
    assert [(p.counterpart, p.verified_metric) for p in PAIR_PROBES] == [
        ("corrects_wrong_user", "sycophancy_verified"), (None, None), (None, None)]
