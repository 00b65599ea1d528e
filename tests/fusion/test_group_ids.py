"""Group ids: every group-aware operator reads ``7``, ``7.0`` and ``"7"`` as one group (core.sample.group_label)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fusion.helpers import fuse

GROUP_OPERATORS = [
    {"kind": "group_normalize", "input": "a"},
    {"kind": "residualize", "input": "a", "covariate": "b"},
    {"kind": "normalize_then_sum", "weights": {"a": 1.0, "b": 0.5}},
    {"kind": "sum_then_normalize", "weights": {"a": 1.0, "b": 0.5}},
]
SPELLINGS = [lambda g: g, str, float]  # 7, "7", 7.0


@pytest.mark.parametrize("node", GROUP_OPERATORS, ids=lambda n: n["kind"])
@pytest.mark.parametrize(("labels", "same"), [
    ([7, "7", 7.0, 7, "7", 7.0], True),
    (["g", "g", "g", "h", "h", "h"], False),
    ([True, 1, True, 1, True, 1], False),  # JSON true is not the number 1
])
def test_spellings_of_one_id_are_one_group(node: dict[str, Any], labels: list[Any], same: bool) -> None:
    table = {"a": [1.0, 4.0, 2.0, 8.0, 3.0, 9.0], "b": [1.0, 3.0, 2.0, 7.0, 5.0, 6.0]}
    one_group = fuse(node, table, groups=[0] * 6).total
    got = fuse(node, table, groups=labels).total
    assert np.allclose(got, one_group) == same


@settings(derandomize=True, deadline=None, max_examples=40, database=None)
@given(st.data())
def test_respelling_ids_never_changes_a_total(data: Any) -> None:
    n = data.draw(st.integers(min_value=2, max_value=10))
    groups = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    spelled = [data.draw(st.sampled_from(SPELLINGS))(g) for g in groups]
    grid = st.integers(-20, 20).map(lambda x: x / 4)
    table = {name: data.draw(st.lists(grid, min_size=n, max_size=n)) for name in ("a", "b")}
    for node in GROUP_OPERATORS:
        np.testing.assert_array_equal(fuse(node, table, groups=spelled).total, fuse(node, table, groups=groups).total)
