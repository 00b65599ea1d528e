"""Fusion trees round-trip Python <-> YAML, errors name the bad node, and explain prints words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from rewardstack.core.errors import ConfigError
from rewardstack.fusion.cli import fusion_app
from rewardstack.fusion.explain import explain
from rewardstack.fusion.node import validate_node
from rewardstack.fusion.stack_config import StackConfig, load_stack_config

LEAF = {"length": {"kind": "length"}}
TREES = [
    {"kind": "gate", "condition": {"source": "a", "at_least": 1.0},
     "then": {"kind": "weighted_sum", "weights": {"b": 1.0}, "schedules": {"b": [[0, 0.0], [100, 1.0]]}},
     "otherwise": {"kind": "constant", "value": -1.0}},
    {"kind": "veto", "below": {"a": 0.5}, "input": {"kind": "min", "inputs": ["b", {"kind": "clip", "input": "c",
                                                                                     "max": 1.0}]}},
    {"kind": "cascade", "stages": [{"input": "a", "reject_below": 1.0, "reject_value": -1.0}],
     "final": {"kind": "ensemble", "inputs": ["b", "c"], "mode": "uncertainty", "lam": 0.5}},
    {"kind": "constraint", "reward": {"kind": "group_normalize", "input": "a"},
     "costs": [{"input": "b", "budget": 0.2}], "pid": {"kp": 0.1}},
    {"kind": "normalize_then_sum", "weights": {"a": 1.0, "b": 2.0}},
    {"kind": "sum_then_normalize", "weights": {"a": 1.0}, "group_key": None},
    {"kind": "lexicographic", "inputs": ["a", {"kind": "product", "inputs": ["b", "c"]}]},
    {"kind": "normalize", "input": {"kind": "geometric_mean", "inputs": ["a", "b"]}, "method": "ema"},
    {"kind": "soft_min", "inputs": ["a", "b"], "temperature": 0.2},
]


@pytest.mark.parametrize("tree", TREES, ids=[t["kind"] for t in TREES])
def test_round_trip_python_yaml(tree: dict) -> None:  # type: ignore[type-arg]
    sources = {name: {"kind": "length"} for name in "abc"}
    config = StackConfig.model_validate({"sources": sources, "fusion": tree,
                                         "policies": {"a": {"on_error": "penalty", "value": -1.0}}})
    text = yaml.safe_dump(config.model_dump())
    assert StackConfig.model_validate(yaml.safe_load(text)) == config
    assert explain(config.fusion)  # type: ignore[arg-type]
    node = validate_node(tree)
    assert validate_node(yaml.safe_load(yaml.safe_dump(node.model_dump()))) == node
    assert validate_node(yaml.safe_load(yaml.safe_dump(node.model_dump(exclude_defaults=True)))) == node


@pytest.mark.parametrize(
    ("fusion", "expected"),
    [
        ("  kind: gate\n  condition: {source: a, at_least: 1}\n  then: {kind: weigthed_sum, weights: {a: 1}}\n",
         ["s.yaml:6: fusion.then", "Did you mean 'weighted_sum'"]),
        ("  kind: min\n  inputs:\n    - a\n    - {kind: clip, input: a, mn: 1}\n",
         ["s.yaml:7: fusion.inputs.1.mn", "unknown key 'mn'"]),
        ("  kind: gate\n  condition: {source: a}\n  then: a\n", ["fusion.condition", "exactly one of at_least"]),
        ("  kind: constraint\n  reward: a\n  costs: [{input: a}]\n", ["fusion.costs.0.budget", "Field required"]),
    ],
)
def test_errors_name_the_bad_node(tmp_path: Path, fusion: str, expected: list[str]) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("sources:\n  a: {kind: length}\nfusion:\n" + fusion)
    with pytest.raises(ConfigError) as info:
        load_stack_config(path)
    for part in expected:
        assert part in str(info.value).replace(str(tmp_path) + "/", "")


def test_explain_cli(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"sources": {"tests": {"kind": "length"}, "style": {"kind": "length"}},
                                    "fusion": TREES[0] | {"condition": {"source": "tests", "at_least": 1.0},
                                                          "then": {"kind": "weighted_sum", "weights": {"style": 1}}},
                                    "policies": {"tests": {"on_error": "veto", "value": -2}}}))
    result = CliRunner().invoke(fusion_app, ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "gate: if tests >= 1 then" in result.output
    assert "tests on error/timeout: forces the total to -2" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: {a: {kind: length}}\nfusion: {kind: nope}\n")
    assert CliRunner().invoke(fusion_app, ["explain", str(bad)]).exit_code == 2


def test_explain_every_builtin_kind_has_words() -> None:
    from rewardstack.core.registry import FUSION_OPERATORS
    from rewardstack.fusion.base import OperatorConfig

    builtins = [name for name in FUSION_OPERATORS.names() if FUSION_OPERATORS.origin(name) == "builtin"]
    generic = [name for name in builtins if FUSION_OPERATORS.get(name).explain is OperatorConfig.explain]
    assert len(builtins) >= 17
    assert generic == []  # every built-in writes its own sentence, none falls back to "kind (fields)"
