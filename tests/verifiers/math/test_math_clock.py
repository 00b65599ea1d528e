"""Clock times as answers (rewardstack.verifiers.math.clock)."""

from __future__ import annotations

import pytest

from rewardstack.verifiers.math.clock import compare_clocks, parse_clock

SAME = [("7:30", "07:30"), ("7:30", "7:30:00"), ("19:30", "7:30 PM"), ("7:30 p.m.", "7:30 pm"), ("12:15 am", "0:15"),
        ("12:00 pm", "12:00"), ("7:30", "7:30 am"), ("7:30", "7:30 PM")]
DIFFERENT = [("7:30", "7:45"), ("7:30 am", "7:30 pm"), ("7:30", "19:30"), ("7:30:01", "7:30"), ("11:59 pm", "0:00")]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_moment(a: str, b: str) -> None:
    assert compare_clocks(parse_clock(a), parse_clock(b)) and compare_clocks(parse_clock(b), parse_clock(a))


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_moment(a: str, b: str) -> None:
    assert not compare_clocks(parse_clock(a), parse_clock(b))
    assert not compare_clocks(parse_clock(b), parse_clock(a))


@pytest.mark.parametrize("text", ["3:4", "7:60", "24:00", "13:00 pm", "7.30", "7:30:5", "x:30", "1:2:3"])
def test_not_a_time(text: str) -> None:
    assert parse_clock(text) is None
