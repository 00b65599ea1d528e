"""Non-ok policies per source: exclude, penalty, veto, raise; through the tree and the stack."""

from __future__ import annotations

import numpy as np
import pytest

from rewardstack.core.errors import ConfigError, RewardStackError
from rewardstack.fusion.policies import NonOkScoreError, SourcePolicy
from tests.fusion.helpers import assert_attribution, fuse

WS = {"kind": "weighted_sum", "weights": {"a": 1.0, "b": 1.0}}
TABLE = {"a": [1.0, 1.0, 1.0, 1.0], "b": [2.0, "error", "abstain", "timeout"]}


def test_exclude_is_the_default() -> None:
    out = fuse(WS, TABLE)
    np.testing.assert_allclose(out.total, [3.0, 2.0, 2.0, 2.0])
    assert out.flags_for(1) == ["excluded:b"]


def test_penalty_replaces_error_and_timeout_not_abstain() -> None:
    out = fuse(WS, TABLE, policies={"b": {"on_error": "penalty", "value": -1.0}})
    np.testing.assert_allclose(out.total, [3.0, 0.0, 2.0, 0.0])
    assert out.flags_for(1) == ["penalised:b"]
    assert_attribution(out)


def test_penalty_on_abstain() -> None:
    out = fuse(WS, TABLE, policies={"b": {"on_abstain": "penalty", "value": 0.5}})
    np.testing.assert_allclose(out.total, [3.0, 2.0, 1.5, 2.0])


def test_veto_policy_forces_floor_and_flags() -> None:
    out = fuse(WS, TABLE, policies={"b": {"on_error": "veto", "value": -5.0}})
    np.testing.assert_allclose(out.total, [3.0, -5.0, 2.0, -5.0])
    assert "vetoed:b" in out.flags_for(1)
    np.testing.assert_allclose(out.contributions["b"], [2.0, -5.0, 0.0, -5.0])
    np.testing.assert_allclose(out.contributions["a"], [1.0, 0.0, 2.0, 0.0])
    assert_attribution(out)


def test_two_vetoes_take_the_lowest_floor() -> None:
    table = {"a": ["error"], "b": ["error"]}
    out = fuse(WS, table, policies={"a": {"on_error": "veto", "value": -1.0}, "b": {"on_error": "veto", "value": -3.0}})
    assert out.total[0] == -3.0
    assert out.contributions["b"][0] == -3.0 and out.contributions["a"][0] == 0.0


def test_raise_names_source_and_sample() -> None:
    with pytest.raises(NonOkScoreError, match=r"'b'.*'s1'") as info:
        fuse(WS, TABLE, policies={"b": {"on_error": "raise"}})
    assert isinstance(info.value, RewardStackError)
    assert info.value.source == "b" and info.value.sample_id == "s1"


def test_all_excluded_sample_has_status_not_zero() -> None:
    out = fuse(WS, {"a": ["error"], "b": ["abstain"]})
    assert np.isnan(out.total[0]) and "no_ok_sources" in out.flags_for(0)


def test_policy_needs_a_value() -> None:
    with pytest.raises(ValueError, match="needs 'value'"):
        SourcePolicy(on_error="penalty")


def test_stack_applies_policies_and_reports_status() -> None:
    from rewardstack import RewardStack, Status
    from tests.support.samples import make_sample
    from tests.support.sources import ToySource

    with RewardStack({"toy": ToySource()}, cache=None, policies={"toy": {"on_error": "penalty", "value": -1}}) as stack:
        results = stack.score([make_sample(1, "fine"), make_sample(2, "boom")])
    assert results[1].total == -1.0 and "penalised:toy" in results[1].flags
    with RewardStack({"toy": ToySource()}, cache=None) as stack:
        results = stack.score([make_sample(2, "boom")])
    assert results[0].total is None and results[0].status is Status.ERROR
    with RewardStack({"toy": ToySource()}, cache=None, policies={"toy": {"on_error": "raise"}}) as stack:
        with pytest.raises(NonOkScoreError, match="toy"):
            stack.score([make_sample(2, "boom")])


def test_stack_rejects_policy_for_unknown_source() -> None:
    from rewardstack import RewardStack
    from tests.support.sources import ToySource

    with pytest.raises(ConfigError, match="policies name"):
        RewardStack({"toy": ToySource()}, cache=None, policies={"nope": {}})
