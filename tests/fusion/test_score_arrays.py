"""The arrays path agrees with score(): totals, statuses, per-source values and flags."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from rewardstack import RewardStack, Sample
from rewardstack.fusion.stack_arrays import CODE_STATUS
from rewardstack.rewards.shaping import LengthSource
from rewardstack.verifiers.regex import RegexMatchSource
from tests.support.cli import REPO
from tests.support.sources import ToySource

TREES: list[dict[str, Any]] = [
    {"kind": "weighted_sum", "weights": {"ans": 1.0, "words": 0.1, "toy": 0.01}},
    {"kind": "gate", "condition": {"source": "ans", "at_least": 1.0},
     "then": {"kind": "weighted_sum", "weights": {"words": 1.0}}, "otherwise": {"kind": "constant", "value": -1.0}},
    {"kind": "cascade", "stages": [{"input": "ans", "reject_below": 0.5, "reject_value": -1.0}],
     "final": {"kind": "weighted_sum", "weights": {"toy": 1.0}}},
    {"kind": "group_normalize", "key": "group", "input": {"kind": "weighted_sum", "weights": {"words": 1.0}}},
]


def _samples() -> list[Sample]:
    rows = []
    for i in range(24):
        reference = None if i % 7 == 0 else {"pattern": 3 if i % 11 == 0 else str(i % 2)}  # abstain, error, ok
        response = "boom" if i % 9 == 0 else f"{'w ' * (i % 5)}{i % 2}"
        rows.append(Sample(id=str(i), prompt="p", response=response, reference=reference,
                           metadata={"group": i % 4}))
    return rows


@pytest.mark.parametrize("tree", TREES, ids=[t["kind"] for t in TREES])
def test_arrays_path_matches_score(tree: dict[str, Any]) -> None:
    sources = {"ans": RegexMatchSource(), "words": LengthSource(unit="words"), "toy": ToySource()}
    policies = {"toy": {"on_error": "penalty", "value": -0.5}}
    with RewardStack(sources, tree, cache=None, policies=policies) as stack:
        samples = _samples()
        results = stack.score(samples)
        arrays = stack.score_arrays(samples)
    assert arrays.ids == [r.id for r in results]
    np.testing.assert_array_equal(arrays.total, [np.nan if r.total is None else r.total for r in results])
    assert [CODE_STATUS[int(c)] for c in arrays.status] == [r.status for r in results]
    for name in sources:
        for i, r in enumerate(results):
            if name in r.scores:
                score = r.scores[name]
                assert CODE_STATUS[int(arrays.statuses[name][i])] == score.status
                assert (np.isnan(arrays.values[name][i]) if score.value is None
                        else arrays.values[name][i] == score.value)
    for i, r in enumerate(results):
        assert sorted(f for f, mask in arrays.flags.items() if mask[i]) == sorted(r.flags)


def test_value_path_sources_agree_with_their_score_one() -> None:
    samples = _samples()
    for source in (LengthSource(unit="words", target=3, format_regex="w"), LengthSource(unit="chars"),
                   RegexMatchSource(mode="search")):
        values, codes = source.score_values(samples)
        scores = source.score(samples)
        assert [CODE_STATUS[int(c)] for c in codes] == [s.status for s in scores]
        assert [None if np.isnan(v) else v for v in values] == [s.value for s in scores]


def test_missing_total_reason_names_the_sources_that_were_not_ok() -> None:
    with RewardStack({"ans": RegexMatchSource()}, cache=None) as stack:
        [result] = stack.score([Sample(id="a", prompt="p", response="r")])
    assert result.total is None and result.status.value == "abstain"
    assert result.reason.startswith("no total: ans abstain: no reference")


def test_every_source_has_its_columns_even_in_an_empty_batch() -> None:
    """Trainers build per-source metrics from the keys: they must not depend on the batch."""
    from rewardstack import RewardStack, Sample

    with RewardStack.from_yaml(REPO / "examples/stacks/math.yaml", cache=None) as stack:
        full = stack.score_arrays([Sample(id="1", prompt="p", response="\\boxed{4}", reference={"answer": "4"})])
        empty = stack.score_arrays([])
    assert sorted(empty.values) == sorted(full.values) == sorted(empty.statuses) == ["answer", "boxed", "words"]
    assert sorted(empty.contributions) == sorted(full.contributions)
