"""The reward math: decay by delay, clipped sum, last wins (hand-computed values, properties)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.rewards.outcomes.config import OutcomeSignalsConfig
from rewardstack.rewards.outcomes.reward import Counted, combine_last, combine_sum, decay
from rewardstack.rewards.outcomes.verdict import conversation_score


@pytest.mark.parametrize("delay, half_life, expected", [
    (0.0, 3600.0, 1.0),
    (3600.0, 3600.0, 0.5),
    (7200.0, 3600.0, 0.25),
    (1800.0, 3600.0, 0.7071067811865476),  # 2 ** -0.5
    (86400.0, 43200.0, 0.25),
    (-600.0, 3600.0, 1.0),  # before the response (clock skew): as if immediate
    (1e9, None, 1.0),  # no half-life: no decay
])
def test_decay_hand_values(delay: float, half_life: float | None, expected: float) -> None:
    assert decay(delay, half_life) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("values, clip, expected", [
    ([0.5, 0.25], (-1.0, 1.0), (0.75, False)),
    ([1.0, 0.5], (-1.0, 1.0), (1.0, True)),
    ([-1.0, -0.5], (-1.0, 1.0), (-1.0, True)),
    ([1.0, 0.5], None, (1.5, False)),
    ([1e16, 1.0, -1e16], None, (1.0, False)),  # fsum: log order cannot lose a term (a plain sum gives 0.0)
])
def test_combine_sum(values: list[float], clip: tuple[float, float] | None, expected: tuple[float, bool]) -> None:
    assert combine_sum(values, clip) == expected


def test_last_is_latest_time_then_later_log_entry() -> None:
    early, late_first, late_second = Counted(10.0, 9, 1.0), Counted(20.0, 3, -0.5), Counted(20.0, 4, 0.25)
    assert combine_last([late_second, early, late_first]) is late_second
    with pytest.raises(ValueError, match="at least one"):
        combine_last([])


_HALF_LIVES = st.floats(min_value=1.0, max_value=1e7)
_DELAYS = st.floats(min_value=-1e6, max_value=1e8)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(half_life=_HALF_LIVES, a=_DELAYS, b=_DELAYS)
def test_decay_is_monotone_and_bounded(half_life: float, a: float, b: float) -> None:
    early, late = sorted((a, b))
    assert 0.0 <= decay(late, half_life) <= decay(early, half_life) <= 1.0
    if late <= 0:
        assert decay(late, half_life) == 1.0


_CONFIG = OutcomeSignalsConfig.model_validate({"log": {"kind": "jsonl", "path": "unused.jsonl"},
                                               "half_life_s": 3600, "combine": {"kind": "sum", "clip": None}})


@settings(max_examples=200, deadline=None, derandomize=True)
@given(outcome=st.sampled_from(sorted(_CONFIG.weights)), a=st.floats(0, 1e7), b=st.floats(0, 1e7))
def test_a_later_outcome_never_moves_the_reward_more(outcome: str, a: float, b: float) -> None:
    # through the whole per-sample path: the same outcome logged later has a smaller |value|, same sign
    early, late = sorted((a, b))
    values = [conversation_score("c", [(1, outcome, t)], response_time=0.0, config=_CONFIG,
                                 ref_label="line").value for t in (early, late)]
    assert values[0] is not None and values[1] is not None
    assert abs(values[1]) <= abs(values[0])
    assert values[1] == 0.0 or math.copysign(1, values[1]) == math.copysign(1, _CONFIG.weights[outcome])
