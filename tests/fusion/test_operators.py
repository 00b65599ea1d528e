"""Every operator against hand-computed values; attribution sums everywhere."""

from __future__ import annotations

import numpy as np
import pytest

from tests.fusion.helpers import assert_attribution, fuse

NAN = np.nan


def test_weighted_sum_renormalises_and_contributes_terms() -> None:
    out = fuse({"kind": "weighted_sum", "weights": {"a": 1.0, "b": 3.0}}, {"a": [1.0, 1.0], "b": [2.0, "error"]})
    # row 0: 1 + 6 = 7; row 1: b excluded -> 1 * (4 / 1) = 4
    np.testing.assert_allclose(out.total, [7.0, 4.0])
    np.testing.assert_allclose(out.contributions["a"], [1.0, 4.0])
    np.testing.assert_allclose(out.contributions["b"], [6.0, 0.0])
    assert out.flags_for(1) == ["excluded:b"]
    assert_attribution(out)


def test_weighted_sum_with_subtree_is_exact_for_linear_trees() -> None:
    node = {"kind": "weighted_sum", "weights": {"a": 1.0},
            "subtrees": [{"weight": 2.0, "node": {"kind": "weighted_sum", "weights": {"b": 1.0, "c": 0.5}}}]}
    out = fuse(node, {"a": [1.0], "b": [2.0], "c": [4.0]})
    # 1 + 2 * (2 + 2) = 9; contributions a=1, b=4, c=4
    assert out.total[0] == pytest.approx(9.0)
    assert {k: float(v[0]) for k, v in out.contributions.items()} == {"a": 1.0, "b": 4.0, "c": 4.0}
    assert out.base[0] == 0.0


def test_weighted_sum_schedule() -> None:
    from rewardstack.fusion.weighted_sum import WeightedSumConfig

    op = WeightedSumConfig(weights={"a": 1.0, "b": 1.0}, schedules={"b": [(0, 0.0), (10, 2.0)]}).build()
    op.set_step(5)
    assert fuse(op, {"a": [1.0], "b": [1.0]}).total[0] == pytest.approx(2.0)
    op.set_step(100)
    assert fuse(op, {"a": [1.0], "b": [1.0]}).total[0] == pytest.approx(3.0)
    assert op.state_dict()["state"] == {"step": 100}


def test_constant() -> None:
    out = fuse({"kind": "constant", "value": -1.0}, {"a": [0.0, 0.0]})
    np.testing.assert_allclose(out.total, [-1.0, -1.0])
    np.testing.assert_allclose(out.base, [-1.0, -1.0])


DESIGN_GATE = {
    "kind": "gate",
    "condition": {"source": "tests", "at_least": 1.0},
    "then": {"kind": "weighted_sum", "weights": {"style": 1.0}},
    "otherwise": {"kind": "constant", "value": -1.0},
}


def test_gate_design_spelling() -> None:
    out = fuse(DESIGN_GATE, {"tests": [1.0, 0.5, "error"], "style": [0.8, 0.9, 0.7]})
    np.testing.assert_allclose(out.total, [0.8, -1.0, -1.0])
    np.testing.assert_allclose(out.base, [-1.0, -1.0, -1.0])
    # passing the tests is worth then-baseline (0) - otherwise (-1) = 1; style adds 0.8
    np.testing.assert_allclose(out.contributions["tests"], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(out.contributions["style"], [0.8, 0.0, 0.0])
    assert "gated:tests" in out.flags_for(1)
    assert "gate_condition_missing:tests" in out.flags_for(2)
    assert_attribution(out)


def test_hard_gate_does_not_ask_then_sources_about_failing_samples() -> None:
    from rewardstack.fusion.node import validate_node
    from tests.fusion.helpers import board

    b, fetch = board({"tests": [1.0, 0.0, 0.0, 1.0], "style": [0.5, 0.5, 0.5, 0.5]})
    validate_node(DESIGN_GATE).build().fuse(b, np.arange(4))
    assert fetch.calls == {"tests": 4, "style": 2}


def test_gate_at_most_and_on_missing() -> None:
    node = {"kind": "gate", "condition": {"source": "risk", "at_most": 0.2}, "then": "rm", "on_missing": "exclude"}
    out = fuse(node, {"risk": [0.1, 0.5, "abstain"], "rm": [2.0, 2.0, 2.0]})
    np.testing.assert_allclose(out.total, [2.0, 0.0, NAN], equal_nan=True)


def test_soft_gate() -> None:
    node = dict(DESIGN_GATE, soft=True, temperature=0.5)
    out = fuse(node, {"tests": [1.0, 0.5], "style": [1.0, 1.0]})
    s = 1 / (1 + np.exp(1.0))  # margin -0.5 / 0.5
    np.testing.assert_allclose(out.total, [0.5 * 1 + 0.5 * -1, s * 1 + (1 - s) * -1])
    assert_attribution(out)
    np.testing.assert_allclose(out.base, [-1.0, -1.0])


def test_veto_operator() -> None:
    node = {"kind": "veto", "below": {"safety": 0.5}, "floor": -2.0, "input": "rm"}
    out = fuse(node, {"safety": [0.9, 0.1, "error"], "rm": [1.0, 1.0, 1.0]})
    np.testing.assert_allclose(out.total, [1.0, -2.0, 1.0])
    assert out.flags_for(1) == ["vetoed:safety"]
    # Shapley, absent safety = no veto: v()=0, v(s)=-2, v(rm)=1, v(s,rm)=-2 -> safety -2.5, rm 0.5
    np.testing.assert_allclose(out.contributions["safety"], [0.0, -2.5, 0.0])
    np.testing.assert_allclose(out.contributions["rm"], [1.0, 0.5, 1.0])
    assert_attribution(out)


def test_veto_above() -> None:
    node = {"kind": "veto", "above": {"hacks": 0.5}, "below": {"safety": 0.0}, "floor": -3.0, "input": "rm"}
    out = fuse(node, {"hacks": [0.0, 1.0, 0.0], "safety": [1.0, 1.0, -1.0], "rm": [2.0, 2.0, 2.0]})
    np.testing.assert_allclose(out.total, [2.0, -3.0, -3.0])
    assert out.flags_for(1) == ["vetoed:hacks"] and out.flags_for(2) == ["vetoed:safety"]
    assert_attribution(out)


def test_veto_on_missing() -> None:
    node = {"kind": "veto", "below": {"safety": 0.5}, "input": "rm", "on_missing": "veto"}
    assert fuse(node, {"safety": ["error"], "rm": [1.0]}).total[0] == -1.0


@pytest.mark.parametrize(
    ("kind", "extra", "expected"),
    [
        ("min", {}, [1.0, 2.0]),
        ("soft_min", {"temperature": 1e-6}, [1.0, 2.0]),
        ("product", {}, [3.0, 2.0]),
        ("geometric_mean", {}, [np.sqrt(3.0), 2.0]),
        ("lexicographic", {"scale": 0.1}, [1.3, 0.2]),
        ("ensemble", {"mode": "mean"}, [2.0, 2.0]),
        ("ensemble", {"mode": "min"}, [1.0, 2.0]),
        ("ensemble", {"mode": "uncertainty", "lam": 2.0}, [0.0, 2.0]),
    ],
)
def test_combine_operators(kind: str, extra: dict, expected: list[float]) -> None:  # type: ignore[type-arg]
    out = fuse({"kind": kind, "inputs": ["a", "b"], **extra}, {"a": [1.0, "abstain"], "b": [3.0, 2.0]})
    np.testing.assert_allclose(out.total, expected, rtol=1e-5)
    assert_attribution(out, atol=1e-6)


def test_min_shapley_by_hand() -> None:
    out = fuse({"kind": "min", "inputs": ["a", "b"]}, {"a": [1.0], "b": [3.0]})
    # v({})=min(0,0)=0, v(a)=min(1,0)=0, v(b)=min(0,3)=0, v(ab)=1 -> 0.5 each
    assert float(out.contributions["a"][0]) == pytest.approx(0.5)
    assert float(out.contributions["b"][0]) == pytest.approx(0.5)


def test_all_excluded_is_nan_with_flag() -> None:
    out = fuse({"kind": "min", "inputs": ["a", "b"]}, {"a": ["error"], "b": ["abstain"]})
    assert np.isnan(out.total[0])
    assert "no_ok_sources" in out.flags_for(0)


def test_clip() -> None:
    out = fuse({"kind": "clip", "input": "a", "min": -1.0, "max": 1.0}, {"a": [5.0, 0.5, -3.0]})
    np.testing.assert_allclose(out.total, [1.0, 0.5, -1.0])
    assert out.flags_for(0) == ["clipped"]
    assert_attribution(out)


def test_group_normalize_grpo() -> None:
    node = {"kind": "group_normalize", "input": "a", "eps": 1e-12}
    out = fuse(node, {"a": [1.0, 3.0, 5.0, 5.0, 2.0]}, groups=["x", "x", "y", "y", None])
    np.testing.assert_allclose(out.total, [-1.0, 1.0, 0.0, 0.0, 0.0], atol=1e-6)
    assert out.flags_for(4) == ["no_group"]
    assert_attribution(out, atol=1e-6)


def test_group_normalize_attributes_nothing_in_a_group_of_equal_values() -> None:
    """z = 0 whatever the input where sigma = 0 (singletons, all-correct groups): no +-1/eps terms."""
    node = {"kind": "weighted_sum", "weights": {"a": 1.0, "b": 0.5}}
    out = fuse({"kind": "group_normalize", "input": node}, {"a": [1.0, 1.0, 1.0, 0.0], "b": [2.0, 2.0, 4.0, 4.0]},
               groups=["x", "x", None, "y"])
    np.testing.assert_allclose(out.total, [0.0, 0.0, 0.0, 0.0])
    for name in ("a", "b"):
        np.testing.assert_allclose(out.contributions[name], [0.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(out.base, [0.0, 0.0, 0.0, 0.0])
    assert_attribution(out)


def test_group_normalize_without_scale() -> None:
    node = {"kind": "group_normalize", "input": "a", "scale": False}
    out = fuse(node, {"a": [1.0, 3.0]}, groups=[0, 0])
    np.testing.assert_allclose(out.total, [-1.0, 1.0])


def test_running_normalize_welford_state() -> None:
    from rewardstack.fusion.normalize import NormalizeConfig

    op = NormalizeConfig(input="a", eps=1e-12).build()
    out = fuse(op, {"a": [1.0, 3.0]})
    np.testing.assert_allclose(out.total, [-1.0, 1.0])
    out = fuse(op, {"a": [5.0, 7.0]})  # history 1,3,5,7: mean 4, std sqrt(5)
    np.testing.assert_allclose(out.total, [1 / np.sqrt(5), 3 / np.sqrt(5)])
    assert op.own_state()["count"] == 4.0
    assert_attribution(out)


def test_running_normalize_rank_and_clip() -> None:
    out = fuse({"kind": "normalize", "input": "a", "method": "rank"}, {"a": [3.0, 1.0, 2.0]})
    np.testing.assert_allclose(out.total, [1.0, 0.0, 0.5])
    assert_attribution(out)
    out = fuse({"kind": "normalize", "input": "a", "clip": 0.5, "eps": 1e-12}, {"a": [1.0, 3.0]})
    np.testing.assert_allclose(out.total, [-0.5, 0.5])
    assert_attribution(out)


def test_ema_normalize() -> None:
    out = fuse({"kind": "normalize", "input": "a", "method": "ema", "eps": 1e-12}, {"a": [0.0, 2.0]})
    np.testing.assert_allclose(out.total, [-1.0, 1.0])


def test_normalize_then_sum_by_hand() -> None:
    node = {"kind": "normalize_then_sum", "weights": {"a": 1.0, "b": 2.0}, "whiten": False, "eps": 1e-12}
    out = fuse(node, {"a": [1.0, 3.0, 0.0, 0.0], "b": [10.0, 30.0, 5.0, 7.0]}, groups=[0, 0, 1, 1])
    # group 0: z_a = (-1, 1), z_b = (-1, 1) -> -3, 3; group 1: z_a = 0, z_b = (-1, 1) -> -2, 2
    np.testing.assert_allclose(out.total, [-3.0, 3.0, -2.0, 2.0], atol=1e-6)
    assert_attribution(out, atol=1e-6)


def test_sum_then_normalize_by_hand() -> None:
    node = {"kind": "sum_then_normalize", "weights": {"a": 1.0, "b": 1.0}, "eps": 1e-12}
    out = fuse(node, {"a": [1.0, 3.0], "b": [1.0, 3.0]}, groups=[0, 0])
    np.testing.assert_allclose(out.total, [-1.0, 1.0])
    assert_attribution(out)


def test_cascade_decides_and_defers() -> None:
    from rewardstack.fusion.node import validate_node
    from rewardstack.fusion.run import run_tree
    from tests.fusion.helpers import board

    node = {"kind": "cascade",
            "stages": [{"input": "cheap", "reject_below": 1.0, "reject_value": -1.0},
                       {"input": "mid", "accept_at_least": 0.9}],
            "final": "expensive"}
    op = validate_node(node).build()
    assert op.eager_sources() == {"cheap"}
    b, fetch = board({"cheap": [0.0, 1.0, 1.0, 1.0], "mid": [0.0, 0.95, 0.1, 0.2], "expensive": [5.0, 5.0, 0.3, 0.4]})
    out = run_tree(op, b)
    np.testing.assert_allclose(out.total, [-1.0, 0.95, 0.3, 0.4])
    assert fetch.calls == {"cheap": 4, "mid": 3, "expensive": 2}
    assert out.flags_for(0) == ["cascade:stage0"] and out.flags_for(2) == ["cascade:final"]
    np.testing.assert_allclose(out.contributions["cheap"], [-1.0, 0, 0, 0])
    assert_attribution(out)


def test_constraint_lagrangian_by_hand() -> None:
    from rewardstack.fusion.constraint import ConstraintConfig

    op = ConstraintConfig(reward="r", costs=[{"input": "c", "budget": 0.3}], lr=1.0, lambda_init=1.0).build()
    out = fuse(op, {"r": [1.0, 2.0], "c": [0.5, 0.1]})
    # lam = 1: (r - c) / 2
    np.testing.assert_allclose(out.total, [0.25, 0.95])
    np.testing.assert_allclose(out.contributions["c"], [-0.25, -0.05])
    assert out.flags_for(0) == ["constraint_violated:c"]
    assert_attribution(out)
    # mean cost 0.3 = budget -> lam unchanged; then a costly batch raises it
    assert op.multipliers.tolist() == pytest.approx([1.0])
    fuse(op, {"r": [1.0], "c": [0.8]})
    assert op.multipliers.tolist() == pytest.approx([1.5])
    assert op.metrics()["lambda/c"] == pytest.approx(1.5)


def test_cascade_keeps_stage_flags_of_samples_that_go_on() -> None:
    node = {"kind": "cascade", "stages": [{"input": "cheap", "reject_below": 0.0}], "final": "x"}
    out = fuse(node, {"cheap": ["error", 1.0], "x": [2.0, 3.0]})
    np.testing.assert_allclose(out.total, [2.0, 3.0])
    assert out.flags_for(0) == ["cascade:final", "excluded:cheap"]
