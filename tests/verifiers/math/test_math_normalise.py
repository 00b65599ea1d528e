"""Normalisation to the canonical string (rewardstack.verifiers.math.normalise)."""

from __future__ import annotations

import pytest

from rewardstack.verifiers.math.config import MathAnswerConfig
from rewardstack.verifiers.math.normalise import normalise

CASES = [
    (r"\dfrac{1}{2}", r"\frac{1}{2}"),
    (r"\tfrac12", r"\frac{1}{2}"),
    (r"\frac{1}2", r"\frac{1}{2}"),
    (r"\sqrt2", r"\sqrt{2}"),
    (r"\left( 1, 2 \right]", "( 1, 2 ]"),
    ("1,234,567", "1234567"),
    (r"1\,000", "1000"),
    (r"1{,}000", "1000"),
    (r"30^\circ", "30"),
    (r"30^{\circ}", "30"),
    ("30°", "30"),
    (r"5\text{ cm}", "5"),
    ("5 cm^2", "5"),
    ("72 clips", "72"),
    (r"\$10", "10"),
    (r"\text{(B)}", "(B)"),
    (r"\textbf{yes}", "yes"),
    (r"x \leq 3", r"x \le 3"),
    (r"x \geqslant 3", r"x \ge 3"),
    ("x <= 3", r"x \le 3"),
    (r"50\%", "50%"),
    ("$x$", "x"),
    (r"\(x+1\)", "x+1"),
    ("a+b", "a+b"),  # single letters are never units
    ("3.", "3"),
    ("sqrt(2)", r"\sqrt (2)"),
    ("−5", "-5"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw, MathAnswerConfig().policy()) == expected


def test_units_and_degrees_kept_by_policy() -> None:
    policy = MathAnswerConfig(units="keep", degrees="keep").policy()
    assert normalise("5 cm", policy) == "5 cm"
    assert "circ" in normalise(r"30^\circ", policy)


def test_thousands_separator_policy() -> None:
    assert normalise("1,000", MathAnswerConfig(thousands_separators=False).policy()) == "1,000"
