"""Seeded sampling on the real domain (rewardstack.verifiers.math.sampling)."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.verifiers.math.sampling import EXACT_TOL, Undecided, points, proportional, sampled

x, y, k = sympy.symbols("x y k")


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        (sympy.sqrt(4 / k), 2 / sympy.sqrt(k), True),
        (sympy.sqrt(x * y), sympy.sqrt(x) * sympy.sqrt(y), True),
        (sympy.log(x * y), sympy.log(x) + sympy.log(y), True),
        (sympy.sqrt(x**2 - 25), sympy.sqrt(x - 5) * sympy.sqrt(x + 5), True),
        (sympy.asin(x) + sympy.acos(x), sympy.pi / 2, True),
        (sympy.Abs(x), x, False),
        (sympy.sqrt(x**2), x, False),
        (sympy.sqrt(4 / k), 3 / sympy.sqrt(k), False),
        (sympy.I * x, sympy.sqrt(-(x**2)), False),  # written with i: complex comparison everywhere
    ],
)
def test_sampled(a: sympy.Expr, b: sympy.Expr, equal: bool) -> None:
    symbols = sorted(a.free_symbols | b.free_symbols, key=str)
    assert sampled(a, b, symbols, EXACT_TOL, 0.0, {}) is equal


def test_no_real_point_is_undecided() -> None:
    with pytest.raises(Undecided, match="real"):
        sampled(sympy.sqrt(-(x**2) - 1), sympy.sqrt(-(x**2) - 2), [x], EXACT_TOL, 0.0, {})


def test_equations_on_the_real_domain() -> None:
    assert proportional(y - sympy.sqrt(x), 2 * y - 2 * sympy.sqrt(x), {})
    assert not proportional(y - sympy.sqrt(x), y + sympy.sqrt(x), {})


def test_points_are_seeded_and_the_first_ones_unchanged() -> None:
    first = points([x], {"seed": 3}, 8)
    assert first == points([x], {"seed": 3}, 32)[:8]  # more candidates never change the first points
    assert any(p[x] < 0 for p in first) and any(p[x] > 0 for p in first)
    assert max(abs(p[x]) for p in points([x], {"seed": 3}, 32)) > 5  # later candidates reach wider domains


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=9), st.integers(min_value=1, max_value=9))
def test_scaled_square_roots_agree(a: int, b: int) -> None:
    # sqrt(a^2 b x) == a sqrt(b x) wherever both are real (x >= 0)
    assert sampled(sympy.sqrt(a * a * b * x), a * sympy.sqrt(b * x), [x], EXACT_TOL, 0.0, {})
