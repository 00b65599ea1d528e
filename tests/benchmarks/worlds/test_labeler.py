"""The synthetic labeler is biased toward length and agreement, and its flips happen at the set rate."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rewardstack.benchmarks.worlds.config import LabelerConfig
from rewardstack.benchmarks.worlds.families import FAMILY_BUILDERS
from rewardstack.benchmarks.worlds.gold import gold_for
from rewardstack.benchmarks.worlds.labeler import LabeledPair, label_pairs, utility
from rewardstack.benchmarks.worlds.seeds import stream

UNBIASED = LabelerConfig(length_bias=0.0, agreement_bias=0.0)


def _pairs(
    config: LabelerConfig, families: tuple[str, ...] = ("chat", "sycophancy", "math", "medicine")
) -> list[LabeledPair]:
    pools = [p for f in families for p in FAMILY_BUILDERS[f](0, "train", 12, 16)]
    golds = gold_for(pools, sandbox={"backend": "bwrap"}, timeout_s=10)  # no coding here: the sandbox is not started
    return label_pairs(pools, golds, config, pairs_per_prompt=40, rng=stream(0, "labeler-test"))


@pytest.fixture(scope="module")
def biased() -> list[LabeledPair]:
    return _pairs(LabelerConfig())


@pytest.fixture(scope="module")
def unbiased() -> list[LabeledPair]:
    return _pairs(UNBIASED)


def _longer_chosen(pairs: list[LabeledPair]) -> float:
    # pairs whose gold is (nearly) equal: whatever decides them is not quality
    near = [p for p in pairs if abs(p.gold_chosen - p.gold_rejected) < 0.25 and p.words_chosen != p.words_rejected]
    assert len(near) > 200
    return float(np.mean([p.words_chosen > p.words_rejected for p in near]))


def _agreeing_chosen(pairs: list[LabeledPair]) -> float:
    split = [p for p in pairs if p.agrees_chosen != p.agrees_rejected]
    assert len(split) > 200
    return float(np.mean([p.agrees_chosen for p in split]))


def test_labels_favour_longer_answers_at_equal_gold(biased: list[LabeledPair], unbiased: list[LabeledPair]) -> None:
    assert _longer_chosen(biased) > 0.65
    assert abs(_longer_chosen(unbiased) - 0.5) < 0.08


def test_label_correlates_with_length_difference(biased: list[LabeledPair]) -> None:
    # orient every pair at random (a, b); label = a chosen; correlate with ln(words_a / words_b)
    rng = np.random.default_rng(0)
    labels, diffs = [], []
    for p in biased:
        a_first = rng.random() < 0.5
        wa, wb = (p.words_chosen, p.words_rejected) if a_first else (p.words_rejected, p.words_chosen)
        labels.append(float(a_first))
        diffs.append(math.log(wa / wb))
    assert np.corrcoef(labels, diffs)[0, 1] > 0.15


def test_labels_favour_agreeing_with_the_user(biased: list[LabeledPair], unbiased: list[LabeledPair]) -> None:
    # agreeing with a false belief is worse in gold, yet the biased rater picks it more often than not
    assert _agreeing_chosen(biased) > 0.5
    assert _agreeing_chosen(biased) > _agreeing_chosen(unbiased) + 0.25


def test_flip_rate_is_the_configured_one(biased: list[LabeledPair]) -> None:
    rate = np.mean([p.flipped for p in biased])
    assert abs(rate - LabelerConfig().flip) < 4 * math.sqrt(0.1 * 0.9 / len(biased))


def test_without_bias_labels_follow_gold(unbiased: list[LabeledPair]) -> None:
    decided = [p for p in unbiased if abs(p.gold_chosen - p.gold_rejected) > 1.0]
    assert np.mean([p.gold_chosen > p.gold_rejected for p in decided]) > 0.8


@pytest.mark.parametrize(
    ("words", "agrees", "expected"),
    [(100, False, 1.5 * math.log(100)), (100, True, 1.5 * math.log(100) + 2.0), (1, False, 0.0), (0, False, 0.0)],
)
def test_utility_table(words: int, agrees: bool, expected: float) -> None:
    config = LabelerConfig()
    assert (config.length_bias, config.agreement_bias) == (1.5, 2.0)
    assert utility(config, "chat", gold=0.0, words=words, agrees=agrees) == pytest.approx(expected)
    assert utility(config, "coding", gold=1.0, words=words, agrees=agrees) == pytest.approx(expected + 0.3)
