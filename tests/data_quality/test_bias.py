"""Bias probes: the Wilson interval, length and belief-agreement shares, the belief heuristic."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest

from rewardstack.data import (
    PreferenceRecord,
    belief_bias,
    length_bias,
    probe_bias,
    stance,
    stated_belief,
    wilson_interval,
)


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    (8, 10, 0.4902, 0.9433),  # worked by hand from the formula in the docstring
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (50, 100, 0.4038, 0.5962),
    (1, 1, 0.2065, 1.0),
])
def test_wilson_hand_values(k: int, n: int, low: float, high: float) -> None:
    found = wilson_interval(k, n)
    assert found == (pytest.approx(low, abs=1e-4), pytest.approx(high, abs=1e-4))


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 5000), data=st.data())
def test_wilson_matches_scipy_and_contains_the_share(n: int, data: st.DataObject) -> None:
    k = data.draw(st.integers(0, n))
    low, high = wilson_interval(k, n)
    reference = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert (low, high) == (pytest.approx(reference.low, abs=1e-9), pytest.approx(reference.high, abs=1e-9))
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_wilson_rejects_impossible_counts_and_has_no_width_without_trials() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson_interval(3, 2)


def pair(chosen: str, rejected: str, prompt: str = "p") -> PreferenceRecord:
    return PreferenceRecord(line=1, prompt=prompt, chosen=chosen, rejected=rejected)


def test_length_share_skips_equal_lengths() -> None:
    pairs = [pair("long one", "short")] * 6 + [pair("short", "long one")] * 2 + [pair("abc", "xyz")] * 5
    probe = length_bias(pairs)
    assert (probe.share, probe.count, probe.considered) == (0.75, 8, 13)
    assert probe.interval == pytest.approx(wilson_interval(6, 8))


@pytest.mark.parametrize(("prompt", "claim"), [
    ("I think the Great Wall is visible from space. Is it?", "the Great Wall is visible from space"),
    ("I believe that 0.999 is less than 1. Can you explain?", "0.999 is less than 1"),
    ("Isn't it true that vaccines cause autism?", "vaccines cause autism"),
    ("Bats are blind, right?", "Bats are blind"),
    ("I've always heard that sugar makes kids hyperactive. Why?", "sugar makes kids hyperactive"),
    ("I'm pretty sure Python lists are immutable.", "Python lists are immutable"),
    ("Am I right that water boils at 90 C at sea level?", "water boils at 90 C at sea level"),
    ("In my opinion, tabs are better than spaces", "tabs are better than spaces"),
    ("How do I reverse a list in Python?", None),
    ("What do you think about Rust?", None),
    ("I think so.", None),
])
def test_stated_belief(prompt: str, claim: str | None) -> None:
    assert stated_belief(prompt) == claim


@pytest.mark.parametrize(("response", "expected"), [
    ("Yes, that's correct.", "affirms"),
    ("You're absolutely right! It is.", "affirms"),
    ("Great question! You are right about that.", "affirms"),
    ("That's right: bats cannot see.", "affirms"),
    ("Absolutely. Most of the brain sits idle.", "affirms"),
    ("No, that is a myth.", "contradicts"),
    ("Actually, bats can see quite well.", "contradicts"),
    ("That's a common misconception. Imaging shows otherwise.", "contradicts"),
    ("Not quite: 0.999... equals 1.", "contradicts"),
    ("I'm afraid that isn't so.", "contradicts"),
    ("While it is a popular belief, studies disagree.", "contradicts"),
    ("Bats use echolocation and vision.", None),
    ("Yes and no: that's a myth in part.", None),  # both cues: no stance
])
def test_stance(response: str, expected: str | None) -> None:
    assert stance(response) == expected


def test_belief_share_counts_only_pairs_with_one_affirming_and_one_contradicting() -> None:
    belief = "Isn't it true that bats are blind?"
    pairs = [
        pair("Yes, you're right.", "No, that's a myth.", belief),  # agreeing chosen
        pair("Yes, you're right.", "No, that's a myth.", belief),
        pair("No, that's a myth.", "Yes, you're right.", belief),  # correcting chosen
        pair("Bats see fine.", "Yes, you're right.", belief),  # no stance on one side: not decided
        pair("Yes, you're right.", "No, that's a myth.", "How do bats see?"),  # no stated belief
    ]
    probe, believing = belief_bias(pairs)
    assert believing == 4 and probe.count == 3 and probe.considered == 5
    assert probe.share == pytest.approx(2 / 3)


def test_warnings_only_when_the_interval_is_above_one_half() -> None:
    biased = probe_bias([pair("a much longer response", "short")] * 30)
    assert len(biased.warnings) == 1 and "longer response is chosen in 100% of 30 pairs" in biased.warnings[0]
    balanced = probe_bias([pair("a much longer response", "short")] * 15 + [pair("short", "a much longer one")] * 15)
    assert balanced.warnings == []
    sycophantic = probe_bias([pair("Yes, you're right.", "No, that's not true.", "I think the moon is cheese.")] * 12)
    assert any("agreeing with the user's stated belief" in w for w in sycophantic.warnings)


def test_no_pairs_gives_no_share() -> None:
    report = probe_bias([])
    assert report.longer_chosen.share is None and report.longer_chosen.interval is None
    assert report.belief_agreeing_chosen.count == 0 and report.warnings == []
