"""Fusion invariants as hypothesis properties (derandomised: the same examples every run)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.fusion.policies import NonOkScoreError
from tests.fusion.helpers import assert_attribution, fuse

FIXED = settings(derandomize=True, deadline=None, max_examples=60, database=None)

values = st.floats(min_value=-5, max_value=5, allow_nan=False, allow_infinity=False)
cells = st.one_of(values, values, values, st.sampled_from(["error", "abstain", "timeout"]))


def column(n: int, elements: Any = values) -> Any:
    return st.lists(elements, min_size=n, max_size=n)


grid = st.integers(-20, 20).map(lambda x: x / 4)  # no near-ties: std is 0 or >= 1/8, far above eps


@st.composite
def grouped_table(draw: Any, n_sources: int = 3) -> tuple[dict[str, list[float]], list[int]]:
    n = draw(st.integers(min_value=2, max_value=12))
    groups = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    table = {f"s{k}": draw(column(n, grid)) for k in range(n_sources)}
    return table, groups


@FIXED
@given(grouped_table(), st.floats(0.1, 10), st.floats(0.1, 10))
def test_normalize_then_sum_is_invariant_to_each_sources_scale(data: Any, c: float, w: float) -> None:
    table, groups = data
    node = {"kind": "normalize_then_sum", "weights": {"s0": 1.0, "s1": 2.0, "s2": 0.5}, "whiten": True, "eps": 1e-12}
    base = fuse(node, table, groups=groups).total
    scaled = dict(table, s1=[v * c for v in table["s1"]])
    np.testing.assert_allclose(fuse(node, scaled, groups=groups).total, base, atol=1e-3)
    heavier = dict(node, weights={k: v * w for k, v in node["weights"].items()})  # type: ignore[attr-defined]
    np.testing.assert_allclose(fuse(heavier, table, groups=groups).total, base, atol=1e-6)


@FIXED
@given(grouped_table(), st.randoms(use_true_random=False))
def test_sample_permutation_invariance(data: Any, rnd: Any) -> None:
    table, groups = data
    n = len(groups)
    perm = list(range(n))
    rnd.shuffle(perm)
    for node in (
        {"kind": "normalize_then_sum", "weights": {"s0": 1.0, "s1": 1.0}},
        {"kind": "group_normalize", "input": {"kind": "weighted_sum", "weights": {"s0": 1.0, "s2": 3.0}}},
        {"kind": "sum_then_normalize", "weights": {"s0": 1.0, "s1": 1.0}},
    ):
        out = fuse(node, table, groups=groups).total
        permuted = {k: [v[i] for i in perm] for k, v in table.items()}
        out_p = fuse(node, permuted, groups=[groups[i] for i in perm]).total
        np.testing.assert_allclose(out_p, out[perm], atol=1e-9)


@FIXED
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(column(n, cells), column(n, cells), column(n, cells))),
       st.sampled_from(["min", "soft_min", "product", "geometric_mean", "ensemble", "weighted_sum"]))
def test_operand_permutation_invariance(cols: Any, kind: str) -> None:
    table = {"a": cols[0], "b": cols[1], "c": cols[2]}

    def node(order: list[str]) -> dict[str, Any]:
        if kind == "weighted_sum":
            return {"kind": kind, "weights": {k: 1.0 for k in order}}
        return {"kind": kind, "inputs": order}

    first = fuse(node(["a", "b", "c"]), table)
    second = fuse(node(["c", "a", "b"]), table)
    np.testing.assert_allclose(first.total, second.total, atol=1e-9, equal_nan=True)
    for name in table:
        np.testing.assert_allclose(first.contributions[name], second.contributions[name], atol=1e-9)


def _reference_weighted_sum(rows: list[list[float | None]], weights: list[float]) -> list[float]:
    out = []
    for row in rows:
        ok = [(v, w) for v, w in zip(row, weights, strict=True) if v is not None]
        if not ok:
            out.append(float("nan"))
            continue
        mass = sum(abs(w) for w in weights) / sum(abs(w) for _, w in ok)
        out.append(sum(v * w for v, w in ok) * mass)
    return out


@FIXED
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(column(n, cells), column(n, cells))),
       st.sampled_from(["exclude", "penalty", "veto", "raise"]), st.sampled_from(["error", "abstain"]))
def test_each_policy_against_a_reference(cols: Any, action: str, which: str) -> None:
    table = {"a": cols[0], "b": cols[1]}
    key = "on_error" if which == "error" else "on_abstain"
    policy: dict[str, Any] = {key: action} | ({"value": -3.0} if action in ("penalty", "veto") else {})
    node = {"kind": "weighted_sum", "weights": {"a": 1.0, "b": 2.0}}
    covered = {"error", "timeout"} if which == "error" else {"abstain"}
    hit = [isinstance(c, str) and c in covered for c in cols[1]]
    if action == "raise":
        if any(hit):
            with pytest.raises(NonOkScoreError):
                fuse(node, table, policies={"b": policy})
        else:
            fuse(node, table, policies={"b": policy})
        return
    out = fuse(node, table, policies={"b": policy})
    rows = []
    for a, b, h in zip(cols[0], cols[1], hit, strict=True):
        av = None if isinstance(a, str) else a
        bv = None if isinstance(b, str) else b
        if h and action == "penalty":
            bv = -3.0
        rows.append([av, bv])
    expected = np.array(_reference_weighted_sum(rows, [1.0, 2.0]))
    if action == "veto":
        expected = np.where(hit, -3.0, expected)
    np.testing.assert_allclose(out.total, expected, atol=1e-9, equal_nan=True)
    assert_attribution(out)


@FIXED
@given(st.lists(st.floats(-2, 3), min_size=2, max_size=10), st.floats(-1, 2), st.floats(0.01, 1), st.booleans(),
       st.floats(0, 2))
def test_gate_is_monotone_in_its_condition(conds: list[float], then: float, temperature: float, soft: bool,
                                           gap: float) -> None:
    conds = sorted(conds)
    node = {"kind": "gate", "condition": {"source": "t", "at_least": 1.0}, "then": "style",
            "otherwise": {"kind": "constant", "value": then - gap}, "soft": soft, "temperature": temperature}
    out = fuse(node, {"t": conds, "style": [then] * len(conds)}).total
    assert np.all(np.diff(out) >= -1e-12)


# --- attribution on random trees -------------------------------------------------------------
LEAVES = ["a", "b", "c", "d"]


def trees(depth: int) -> Any:
    leaf = st.sampled_from(LEAVES)
    if depth == 0:
        return leaf
    sub = trees(depth - 1)
    return st.one_of(
        leaf,
        st.builds(lambda xs: {"kind": "min", "inputs": xs}, st.lists(sub, min_size=1, max_size=3)),
        st.builds(lambda xs: {"kind": "product", "inputs": xs}, st.lists(sub, min_size=1, max_size=3)),
        st.builds(lambda xs, t: {"kind": "soft_min", "inputs": xs, "temperature": t},
                  st.lists(sub, min_size=1, max_size=3), st.floats(0.1, 2)),
        st.builds(lambda xs, m: {"kind": "ensemble", "inputs": xs, "mode": m}, st.lists(sub, min_size=1, max_size=3),
                  st.sampled_from(["mean", "min", "uncertainty"])),
        st.builds(lambda x, y, soft: {"kind": "gate", "condition": {"source": "a", "at_least": 0.0}, "then": x,
                                      "otherwise": y, "soft": soft}, sub, sub, st.booleans()),
        st.builds(lambda x: {"kind": "veto", "below": {"b": -1.0}, "input": x}, sub),
        st.builds(lambda x: {"kind": "clip", "input": x, "min": -1.0, "max": 1.0}, sub),
        st.builds(lambda x: {"kind": "group_normalize", "input": x}, sub),
        st.builds(lambda x, w: {"kind": "weighted_sum", "weights": {"c": w}, "subtrees": [{"weight": 2.0, "node": x}]},
                  sub, st.floats(-2, 2)),
        st.builds(lambda x: {"kind": "constraint", "reward": x, "costs": [{"input": "d", "budget": 0.0}],
                             "lambda_init": 0.5}, sub),
        st.builds(lambda x: {"kind": "cascade", "stages": [{"input": "c", "reject_below": -2.0}], "final": x}, sub),
    )


@settings(FIXED, max_examples=200)
@given(trees(3), st.integers(1, 6).flatmap(lambda n: st.tuples(*[column(n, cells) for _ in LEAVES])))
def test_contributions_sum_to_total_minus_baseline(tree: Any, cols: Any) -> None:
    if isinstance(tree, str):
        tree = {"kind": "weighted_sum", "weights": {tree: 1.0}}
    table = dict(zip(LEAVES, cols, strict=True))
    out = fuse(tree, table, groups=[i % 2 for i in range(len(cols[0]))])
    assert_attribution(out, atol=1e-6)
    assert set(out.contributions) <= set(LEAVES)
