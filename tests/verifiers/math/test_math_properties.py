"""Property tests: symmetry, formatting variants of one number, no false equalities of distinct numbers."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.verifiers.math.checker import check
from rewardstack.verifiers.math.config import MathAnswerConfig
from rewardstack.verifiers.math.fastpath import fast_check
from rewardstack.verifiers.math.normalise import normalise

POLICY = MathAnswerConfig().policy()
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True)


def _fast(pred: str, ref: str) -> str | None:
    verdict = fast_check(normalise(pred, POLICY), normalise(ref, POLICY), POLICY)
    return None if verdict is None else verdict.outcome


def _thousands(n: int) -> str:
    return f"{n:,}"


@SETTINGS
@given(st.integers(min_value=-10**12, max_value=10**12))
def test_integer_formatting_variants_agree(n: int) -> None:
    variants = [str(n), _thousands(n), f"{n}.0", f"${n}$", rf"\text{{{n}}}", f"{n}.", rf"{{{n}}}"]
    for v in variants:
        assert _fast(v, str(n)) == "correct", v
        assert _fast(str(n), v) == "correct", v


@SETTINGS
@given(st.integers(min_value=-10**6, max_value=10**6), st.integers(min_value=1, max_value=10**4))
def test_fraction_forms_agree(num: int, den: int) -> None:
    value = Fraction(num, den)
    sign = "-" if value < 0 else ""
    latex = rf"{sign}\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    assert _fast(latex, f"{value.numerator}/{value.denominator}") == "correct"
    assert _fast(rf"\dfrac{{{num}}}{{{den}}}", latex) == "correct"


@SETTINGS
@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=-10**9, max_value=10**9))
def test_fast_path_is_symmetric_and_exact_on_integers(a: int, b: int) -> None:
    forward, backward = _fast(str(a), str(b)), _fast(str(b), str(a))
    assert forward == backward == ("correct" if a == b else "incorrect")


@SETTINGS
@given(st.integers(min_value=1, max_value=400))
def test_tiny_values_are_not_rounded_to_zero(k: int) -> None:
    assert _fast(f"1/{2**k}", f"1/{2**(k + 1)}") == "incorrect"


PAIRS = st.sampled_from([
    r"\sqrt{8}", r"2\sqrt{2}", "(x+1)^2", "x^2+2x+1", "[1,2)", "(1,2]", r"\{1,2\}", "(1,2)", "x<3",
    r"(-\infty,3)", "3+4i", r"\frac{1}{e}", "e^{-1}", "2x", "2y", "y=2x+1", "2x-y+1=0", r"\pi", "0.5", r"50\%",
])


@settings(max_examples=120, deadline=None, derandomize=True)
@given(PAIRS, PAIRS)
def test_sympy_verdicts_are_symmetric(a: str, b: str) -> None:
    forward = check(rf"\boxed{{{a}}}", b, isolate=False).outcome
    backward = check(rf"\boxed{{{b}}}", a, isolate=False).outcome
    assert forward == backward
