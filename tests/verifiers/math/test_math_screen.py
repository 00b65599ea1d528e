"""Screens that keep expensive inputs away from sympy (rewardstack.verifiers.math.screen)."""

from __future__ import annotations

import pytest

from rewardstack.verifiers.math.config import MathAnswerConfig
from rewardstack.verifiers.math.screen import estimate_exponent, screen

POLICY = MathAnswerConfig().policy()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (r"10^{10^{10}}", "exponent"),
        (r"2^{2^{2^{2^{2}}}}", "exponent"),
        (r"x^{1000000}", "exponent"),
        ("(" * 1000 + "1" + ")" * 1000, "characters"),
        ("{" * 50 + "1" + "}" * 50, "nested"),
        ("x" * 100_000, "characters"),
        ("9" * 600, "digits"),
        ("1000000!", "factorial"),
    ],
)
def test_expensive_inputs_are_screened(text: str, fragment: str) -> None:
    reason = screen(text, POLICY)
    assert reason is not None and fragment in reason


@pytest.mark.parametrize("text", [r"2^{100}", r"\frac{1}{2^{99}}", r"e^{-x^2}", r"2^{2^{2^{2}}}", "10!", r"(x+1)^{20}"])
def test_ordinary_inputs_pass(text: str) -> None:
    assert screen(text, POLICY) is None


def test_estimate_saturates_instead_of_computing() -> None:
    assert estimate_exponent("10^{10^{10^{10}}}", 10_000) == 100_000
    assert estimate_exponent("3", 10_000) == 3


def test_limits_are_configurable() -> None:
    assert screen(r"x^{50000}", MathAnswerConfig(max_exponent=100_000).policy()) is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("9^(9^(9^9))", "exponent"),
        ("9^{(9^{(9^9)})}", "exponent"),
        ("x^(10^(10))", "exponent"),
        ("(9^9)!", "factorial"),
        ("(10^{10})!", "factorial"),
        ("2^{" * 3_000 + "2" + "}" * 3_000, "exponent"),
    ],
)
def test_towers_in_parentheses_are_screened(text: str, fragment: str) -> None:
    reason = screen(text, MathAnswerConfig(max_nesting=10**6, max_answer_chars=10**6).policy())
    assert reason is not None and fragment in reason


@pytest.mark.parametrize("text", ["2^(10)", "(3)!", "e^(x^2)", "(2+3)^{(2)}"])
def test_small_parenthesised_exponents_pass(text: str) -> None:
    assert screen(text, POLICY) is None
