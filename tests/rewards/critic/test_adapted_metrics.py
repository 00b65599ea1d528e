"""Judge-quality metrics: hand values, edge cases, and properties against brute-force definitions."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.rewards.critic.adapted.metrics import (
    auroc,
    expected_calibration_error,
    flip_rate,
    ordering_accuracy,
)

probabilities = st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 1.0]), min_size=1, max_size=30)


@pytest.mark.parametrize(("scores", "labels", "expected"), [
    ([0.9, 0.8, 0.3, 0.1], [True, True, False, False], 1.0),
    ([0.1, 0.3, 0.8, 0.9], [True, True, False, False], 0.0),
    ([0.5, 0.5], [True, False], 0.5),                       # a tie counts 1/2
    ([0.9, 0.2, 0.6], [True, False, True], 1.0),
    ([0.9, 0.7, 0.8], [True, False, False], 1.0),
    ([0.9, 0.9], [True, True], None),                       # one class only: no AUROC, never a made-up 0.5
    ([], [], None),
])
def test_auroc_hand_values(scores: list[float], labels: list[bool], expected: float | None) -> None:
    assert auroc(scores, labels) == expected


@pytest.mark.parametrize(("pairs", "expected"), [
    ([(0.9, 0.2)], 1.0), ([(0.2, 0.9)], 0.0), ([(0.4, 0.4)], 0.5), ([(0.9, 0.2), (0.1, 0.7)], 0.5), ([], None),
])
def test_ordering_accuracy_hand_values(pairs: list[tuple[float, float]], expected: float | None) -> None:
    assert ordering_accuracy(pairs) == expected


@pytest.mark.parametrize(("first", "second", "expected"), [
    ([0.6, 0.4, 0.9], [0.4, 0.3, 0.8], 1 / 3), ([0.5], [0.49], 1.0), ([0.5], [0.5], 0.0), ([], [], None),
])
def test_flip_rate_hand_values(first: list[float], second: list[float], expected: float | None) -> None:
    assert flip_rate(first, second) == expected


def test_flip_rate_refuses_unequal_lengths() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        flip_rate([0.1, 0.2], [0.3])


@pytest.mark.parametrize(("p", "y", "expected"), [
    ([1.0, 0.0], [True, False], 0.0),
    ([0.95, 0.05], [True, False], 0.05),
    ([0.7, 0.7, 0.7, 0.7], [True, True, True, False], 0.05),   # one bin: |0.75 - 0.7|
    ([1.0], [False], 1.0),
    ([], [], None),
])
def test_ece_hand_values(p: list[float], y: list[bool], expected: float | None) -> None:
    value = expected_calibration_error(p, y)
    assert value == (None if expected is None else pytest.approx(expected))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_auroc_is_the_share_of_positive_negative_pairs_ranked_right(data: st.DataObject) -> None:
    scores = data.draw(probabilities)
    labels = data.draw(st.lists(st.booleans(), min_size=len(scores), max_size=len(scores)))
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    value = auroc(scores, labels)
    if not pos or not neg:
        assert value is None
        return
    brute = np.mean([1.0 if a > b else 0.5 if a == b else 0.0 for a, b in itertools.product(pos, neg)])
    assert value == pytest.approx(brute)
    flipped = auroc([1 - s for s in scores], labels)
    assert flipped == pytest.approx(1 - value)  # reversing the scores mirrors the curve


@settings(max_examples=200, deadline=None)
@given(probabilities, st.data())
def test_flip_rate_is_symmetric_and_ece_is_bounded(first: list[float], data: st.DataObject) -> None:
    second = data.draw(st.lists(st.floats(0, 1), min_size=len(first), max_size=len(first)))
    labels = data.draw(st.lists(st.booleans(), min_size=len(first), max_size=len(first)))
    rate = flip_rate(first, second)
    assert rate == flip_rate(second, first) and rate is not None and 0.0 <= rate <= 1.0
    assert flip_rate(first, first) == 0.0
    ece = expected_calibration_error(first, labels)
    assert ece is not None and 0.0 <= ece <= 1.0 + 1e-12
