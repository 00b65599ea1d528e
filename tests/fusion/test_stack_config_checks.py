"""Whole-config checks: no NaN or infinity anywhere, fusion trees that are trees and not absurdly deep."""

import math
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from rewardstack import ConfigError, RewardStack, Sample, load_stack_config
from rewardstack.core.config import MAX_TREE_DEPTH, ConfigValueError, check_finite, check_tree_shape
from rewardstack.fusion.clip import ClipConfig
from rewardstack.fusion.weighted_sum import WeightedSumConfig
from rewardstack.rewards.shaping import LengthSource

TWO = "sources:\n  a: {kind: length}\n  b: {kind: length}\n"


@pytest.mark.parametrize(
    "text, where",
    [
        (TWO + "fusion:\n  kind: weighted_sum\n  weights: {a: 1.0, b: .nan}\n", ":6: fusion.weights.b"),
        (TWO + "fusion:\n  kind: weighted_sum\n  weights:\n    a: -.inf\n", ":7: fusion.weights.a"),
        (TWO + "fusion:\n  kind: weighted_sum\n  weights: {a: 1.0e+999}\n", ":6: fusion.weights.a"),
        (TWO + "fusion:\n  kind: weighted_sum\n  weights: {a: 1e999}\n", ":6: fusion.weights.a"),  # a YAML string
        (TWO + "fusion:\n  kind: weighted_sum\n  weights: {a: 'nan'}\n", ":6: fusion.weights.a"),
        (
            TWO + "fusion:\n  kind: gate\n  condition: {source: a, at_least: .nan}\n  then: b\n",
            ":6: fusion.condition.at_least",
        ),
        (
            TWO + "fusion:\n  kind: constraint\n  reward: a\n  costs:\n    - {input: b, budget: .inf}\n",
            ":8: fusion.costs.0.budget",
        ),
        (TWO + "fusion:\n  kind: clip\n  input: a\n  max: .inf\n", ":7: fusion.max"),
        (TWO + "policies:\n  a: {on_error: penalty, value: .nan}\n", ":5: policies.a.value"),
    ],
)
def test_non_finite_numbers_are_config_errors_with_line_and_key(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "stack.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_stack_config(path)
    assert f"stack.yaml{where}" in str(info.value)
    assert "finite" in str(info.value)


@pytest.mark.parametrize(
    "build",
    [
        lambda: WeightedSumConfig(weights={"a": math.nan}),
        lambda: WeightedSumConfig(weights={"a": math.inf}),
        lambda: ClipConfig(input="a", min=-math.inf),
        lambda: WeightedSumConfig(
            weights={}, subtrees=[{"weight": math.nan, "node": {"kind": "clip", "input": "a", "max": 1.0}}]
        ),
    ],
)
def test_python_operator_configs_refuse_non_finite_numbers(build: Any) -> None:
    with pytest.raises(ValidationError, match="finite"):
        build()


def test_python_stack_with_nan_weight_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="finite"):
        RewardStack({"a": LengthSource()}, {"kind": "weighted_sum", "weights": {"a": math.nan}}, cache=None)


def test_python_dict_cycle_is_a_config_error() -> None:
    tree: dict[str, Any] = {"kind": "clip", "input": "a"}
    tree["input"] = tree
    with pytest.raises(ConfigError, match="contains itself"):
        RewardStack({"a": LengthSource()}, tree, cache=None)


def _chain(depth: int) -> Any:
    node: Any = "a"
    for _ in range(depth):
        node = {"kind": "clip", "input": node, "max": 100.0}
    return node


def test_tree_at_the_depth_limit_works_and_one_more_is_refused() -> None:
    with RewardStack({"a": LengthSource(unit="chars")}, _chain(MAX_TREE_DEPTH), cache=None) as stack:
        assert stack.score([Sample(id="s", prompt="p", response="hello")])[0].total == 5.0
        assert stack.state_dict()["tree"]
    with pytest.raises(ConfigError, match=f"more than {MAX_TREE_DEPTH} operators"):
        RewardStack({"a": LengthSource()}, _chain(MAX_TREE_DEPTH + 1), cache=None)
    with pytest.raises(ConfigError, match=f"more than {MAX_TREE_DEPTH} operators"):
        RewardStack({"a": LengthSource()}, _chain(5000), cache=None)


def test_deep_tree_built_bottom_up_in_python_is_refused_at_the_limit() -> None:
    node: Any = "a"
    with pytest.raises(ValidationError, match="operators"):
        for _ in range(MAX_TREE_DEPTH + 1):
            node = ClipConfig(input=node, max=3.0)


def test_deep_yaml_tree_is_a_config_error_with_line(tmp_path: Path) -> None:
    lines = ["sources:", "  a: {kind: length}", "fusion:"]
    for level in range(MAX_TREE_DEPTH + 5):
        pad = "  " * (level + 1)
        lines += [f"{pad}kind: clip", f"{pad}input:"]
    lines[-1] = lines[-1] + " a"
    path = tmp_path / "deep.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ConfigError, match=r"deep\.yaml:\d+: fusion\.input\.input.*: the fusion tree nests more than"):
        load_stack_config(path)


@pytest.mark.parametrize(
    "value, path",
    [
        ({"a": [1.0, {"b": float("-inf")}]}, ("a", 1, "b")),
        ([0.5, float("nan")], (1,)),
        (WeightedSumConfig(weights={"x": 1.0}), None),
        ({"fine": 1e308, "int": 10**400}, None),
    ],
)
def test_check_finite_finds_the_path(value: Any, path: tuple[Any, ...] | None) -> None:
    if path is None:
        check_finite(value)
        return
    with pytest.raises(ConfigValueError) as info:
        check_finite(value)
    assert info.value.path == path


def test_check_tree_shape_allows_shared_subtrees() -> None:
    shared = {"kind": "clip", "input": "a"}
    check_tree_shape({"kind": "max", "inputs": [shared, shared]})  # a DAG is fine: no node contains itself
