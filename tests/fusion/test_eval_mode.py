"""Evaluation is a pure function of the samples and the saved state; training moves state once per call."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rewardstack import RewardStack, Sample
from rewardstack.core.errors import ConfigError
from rewardstack.rewards.shaping import LengthSource
from rewardstack.verifiers.regex import RegexMatchSource

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

STATEFUL_TREE = {
    "kind": "group_normalize",
    "key": "group",
    "input": {
        "kind": "constraint",
        "reward": {"kind": "weighted_sum", "weights": {"ans": 1.0},
                   "subtrees": [{"weight": 0.5, "node": {"kind": "normalize", "input": "words"}}]},
        "costs": [{"input": "chars", "budget": 10.0, "name": "length"}],
        "lr": 0.1,
    },
}


def _sources() -> dict[str, Any]:
    return {"ans": RegexMatchSource(), "words": LengthSource(unit="words"), "chars": LengthSource(unit="chars")}


def _samples(n: int, groups: int = 5) -> list[Sample]:
    rng = np.random.default_rng(7)
    samples = []
    for i in range(n):
        words = " ".join(["w"] * int(rng.integers(1, 12)))
        samples.append(Sample(id=str(i), prompt=f"p{i % groups}", response=f"{words} {i % 3}",
                              reference={"pattern": str(i % 2)}, metadata={"group": f"g{i % groups}"}))
    return samples


def _trained_state() -> dict[str, Any]:
    with RewardStack(_sources(), STATEFUL_TREE, cache=None).train() as stack:
        for start in range(0, 40, 10):
            stack.score(_samples(40)[start:start + 10])
        return stack.state_dict()


STATE = _trained_state()


def _totals_in_partitions(samples: list[Sample], cuts: list[int]) -> list[float | None]:
    """Score whole groups per call (as the CLI does), cut at ``cuts`` group boundaries."""
    by_group: dict[str, list[Sample]] = {}
    for s in samples:
        by_group.setdefault(s.metadata["group"], []).append(s)
    groups = list(by_group.values())
    totals: dict[str, float | None] = {}
    with RewardStack(_sources(), STATEFUL_TREE, cache=None) as stack:
        stack.load_state_dict(STATE)
        bounds = [0, *sorted(set(cuts)), len(groups)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            batch = [s for g in groups[a:b] for s in g]
            totals.update((r.id, r.total) for r in stack.score(batch))
        after = stack.state_dict()
    assert after == STATE  # evaluation moved nothing
    return [totals[s.id] for s in samples]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cuts=st.lists(st.integers(min_value=1, max_value=4), max_size=4))
def test_any_partition_into_batches_gives_the_totals_of_one_call(cuts: list[int]) -> None:
    samples = _samples(30)
    assert _totals_in_partitions(samples, cuts) == _totals_in_partitions(samples, [])


def test_training_updates_state_once_per_call_and_evaluation_never() -> None:
    tree = {"kind": "constraint", "reward": "ans", "costs": [{"input": "chars", "budget": 1.0}], "lr": 1.0}
    with RewardStack(_sources(), tree, cache=None) as stack:
        assert not stack.training
        stack.score(_samples(6))
        assert stack.state_dict()["fusion"]["state"]["n_updates"] == 0
        stack.train()
        stack.score(_samples(6))
        stack.score(_samples(6))
        assert stack.state_dict()["fusion"]["state"]["n_updates"] == 2
        stack.eval()
        stack.score(_samples(6))
        assert stack.state_dict()["fusion"]["state"]["n_updates"] == 2


def test_normalize_without_saved_state_passes_through_and_says_so() -> None:
    with RewardStack({"w": LengthSource(unit="words")}, {"kind": "normalize", "input": "w"}, cache=None) as stack:
        results = stack.score([Sample(id="a", prompt="p", response="one two three")])
    assert results[0].total == 3.0 and "normalize_unfitted" in results[0].flags


def test_rank_normalize_in_evaluation_ranks_against_the_training_values() -> None:
    tree = {"kind": "normalize", "input": "w", "method": "rank"}
    train = [Sample(id=str(i), prompt="p", response=" ".join(["w"] * i)) for i in range(1, 11)]  # 1..10 words
    with RewardStack({"w": LengthSource(unit="words")}, tree, cache=None).train() as stack:
        stack.score(train)
        state = stack.state_dict()
    with RewardStack({"w": LengthSource(unit="words")}, tree, cache=None) as stack:
        stack.load_state_dict(state)
        one = stack.score([Sample(id="x", prompt="p", response="w w w w w")])[0].total  # 5 words
        pair = [r.total for r in stack.score([Sample(id="x", prompt="p", response="w w w w w"),
                                              Sample(id="y", prompt="p", response="w")])]
    assert one == pytest.approx(0.45)  # 4 of 10 below, 1 equal: (4 + 0.5) / 10
    assert pair[0] == one  # the batch around it does not matter


@pytest.mark.parametrize("tree", [
    {"kind": "group_normalize", "key": None, "input": "w"},
    {"kind": "sum_then_normalize", "weights": {"w": 1.0}, "group_key": None},
    {"kind": "normalize_then_sum", "weights": {"w": 1.0}, "group_key": "group"},
])
def test_batch_wide_statistics_are_skipped_in_evaluation(tree: dict[str, Any]) -> None:
    samples = [Sample(id=str(i), prompt="p", response="w " * (i + 1), metadata={"group": i % 2}) for i in range(4)]
    with RewardStack({"w": LengthSource(unit="words")}, tree, cache=None) as stack:
        whole = [r.total for r in stack.score(samples)]
        halves = [r.total for r in stack.score(samples[:2]) + stack.score(samples[2:])]
        assert all("batch_stats_skipped" in r.flags for r in stack.score(samples))
    if tree["kind"] != "normalize_then_sum":
        assert whole == halves
    with RewardStack({"w": LengthSource(unit="words")}, tree, cache=None).train() as stack:
        assert not any("batch_stats_skipped" in r.flags for r in stack.score(samples))


def test_state_file_round_trip_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with RewardStack(_sources(), STATEFUL_TREE, cache=None) as stack:
        stack.load_state_dict(STATE)
        stack.save_state(path)
    with RewardStack(_sources(), STATEFUL_TREE, cache=None) as stack:
        stack.load_state_file(path)
        assert stack.state_dict() == STATE
        (tmp_path / "junk.json").write_text("{not json")
        with pytest.raises(ConfigError, match=r"junk.json:1: fusion state is not JSON"):
            stack.load_state_file(tmp_path / "junk.json")
        with pytest.raises(ConfigError, match="cannot read fusion state"):
            stack.load_state_file(tmp_path / "missing.json")
        assert stack.state_dict() == STATE  # nothing half-loaded by the failures


def test_state_of_another_tree_is_refused_naming_the_mismatch() -> None:
    other = {"kind": "normalize", "input": "words"}
    with RewardStack(_sources(), other, cache=None) as stack:
        with pytest.raises(ConfigError, match=r"at fusion the saved tree has 'GroupNormalize', this stack has "
                                              r"'Normalize'"):
            stack.load_state_dict(STATE)
    renamed = json.loads(json.dumps(STATE))
    renamed["fusion"]["children"][0]["state"]["multipliers"] = {"other_cost": 1.0}
    with RewardStack(_sources(), STATEFUL_TREE, cache=None) as stack:
        before = stack.state_dict()
        with pytest.raises(ConfigError, match="do not match this tree's costs"):
            stack.load_state_dict(renamed)
        assert stack.state_dict() == before


def test_eight_threads_on_one_stack_match_sequential_scoring() -> None:
    samples = _samples(40)
    batches = [[s for s in samples if s.metadata["group"] == f"g{g}"] for g in range(5)] * 8
    with RewardStack(_sources(), STATEFUL_TREE, cache=None) as stack:
        stack.load_state_dict(STATE)
        expected = [[r.total for r in stack.score(b)] for b in batches]
        got: list[list[float | None] | None] = [None] * len(batches)

        def work(k: int) -> None:
            for j in range(k, len(batches), 8):
                got[j] = [r.total for r in stack.score(batches[j])]

        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert got == expected and stack.state_dict() == STATE


def test_training_updates_from_eight_threads_are_serialised() -> None:
    tree = {"kind": "constraint", "reward": "ans", "costs": [{"input": "chars", "budget": 1.0}], "lr": 0.01}
    with RewardStack(_sources(), tree, cache=None).train() as stack:
        threads = [threading.Thread(target=lambda: [stack.score(_samples(4)) for _ in range(10)]) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert stack.state_dict()["fusion"]["state"]["n_updates"] == 80  # no update lost to a race


def test_example_math_stack_is_batch_size_invariant() -> None:
    lines = (EXAMPLES / "data/math_samples.jsonl").read_text().splitlines()
    samples = [Sample.model_validate(json.loads(line)) for line in lines if line.strip()]
    groups: dict[str, list[Sample]] = {}
    for s in samples:
        groups.setdefault(str(s.metadata.get("group")), []).append(s)
    with RewardStack.from_yaml(EXAMPLES / "stacks/math.yaml", cache=None) as stack:
        whole = {r.id: r.total for r in stack.score(samples)}
        per_group = {r.id: r.total for g in groups.values() for r in stack.score(g)}
    assert whole == per_group
