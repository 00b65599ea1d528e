"""The math deadline covers the whole check: hostile inputs end as an error with a reason, or a timeout.

No wall-clock assertion: each test asserts the status and why. The stages are linear
(measured in benchmarks/perf/math_checker.py); inputs longer than ``inline_max_chars``
are checked whole in a pool worker that is killed at the deadline.
"""

from __future__ import annotations

import pytest

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score, Status
from rewardstack.verifiers.math import MathAnswerConfig, MathAnswerSource

NESTED = "(" * 20_000 + "x" + ")" * 20_000
RAISED = dict(max_response_chars=10**6, max_answer_chars=10**6, max_nesting=10**6, max_integer_digits=10**6)


def _score(response: str, answer: str, **fields: object) -> Score:
    source = MathAnswerSource(MathAnswerConfig.model_validate(fields))
    return source.score([Sample(id="0", prompt="q", response=response, reference={"answer": answer})])[0]


def test_deep_nesting_is_screened_by_default() -> None:
    score = _score(rf"\boxed{{{NESTED}}}", "x+1")
    assert score.status is Status.ERROR and "screened" in score.evidence


def test_deep_nesting_with_raised_limits_is_refused_by_the_parser() -> None:
    score = _score(rf"\boxed{{{NESTED}}}", "x+1", **RAISED)
    assert score.status in (Status.ERROR, Status.TIMEOUT)
    if score.status is Status.ERROR:
        assert "nested" in score.evidence


def test_deep_nesting_with_raised_limits_still_decides_plain_numbers() -> None:
    # wrapping parentheses are stripped in one linear pass, so the fast path settles it
    score = _score(r"\boxed{" + "(" * 20_000 + "7" + ")" * 20_000 + "}", "7", **RAISED)
    assert score.status is Status.OK and score.value == 1.0


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        ("9^(9^(9^9))", "exponent"),
        ("9**(9**(9**9))", "exponent"),
        ("9^{(9^{(9^9)})}", "exponent"),
        (r"\left(9\right)^{\left(9^{9^9}\right)}", "exponent"),
        ("x^(10^(10))", "exponent"),
        ("(9^9)!", "factorial"),
        ("(10^{10})!", "factorial"),
    ],
)
def test_towers_are_screened_in_every_spelling(answer: str, fragment: str) -> None:
    score = _score(rf"\boxed{{{answer}}}", "x")
    assert score.status is Status.ERROR and "screened" in score.evidence and fragment in score.evidence


def test_whitespace_bomb_with_raised_limits_is_decided() -> None:
    score = _score(r"\boxed{1" + " " * 200_000 + "x}", "1", **RAISED)
    assert score.status in (Status.OK, Status.ERROR)  # decided in linear time, not run to the deadline


def test_long_response_is_checked_whole_in_a_worker() -> None:
    score = _score("word " * 5_000 + r"so \boxed{\sqrt{8}}", r"2\sqrt{2}")
    assert score.status is Status.OK and score.value == 1.0
    assert score.details["extractor"] == "boxed" and score.details["extracted"] == r"\sqrt{8}"


def test_every_pair_can_run_whole_in_a_worker() -> None:
    source = MathAnswerSource(MathAnswerConfig(inline_max_chars=0))
    samples = [Sample(id=str(i), prompt="q", response=r, reference={"answer": a})
               for i, (r, a) in enumerate([(r"\boxed{\sqrt{8}}", r"2\sqrt{2}"), ("The answer is **7**.", "7"),
                                           (r"\boxed{[1,2)}", "(1,2]")])]
    assert [s.value for s in source.score(samples)] == [1.0, 1.0, 0.0]


def test_a_slow_whole_check_times_out_and_says_where() -> None:
    # screens relaxed on purpose so that sympy meets 10^7!; the whole check runs in a worker
    score = _score(r"\boxed{x \cdot 10000000!}", "x", max_exponent=10**9, max_integer_digits=10**6,
                   inline_max_chars=0, sympy_timeout_s=3.0, sympy_workers=1)
    assert score.status is Status.TIMEOUT and "whole check" in score.evidence and "killed" in score.evidence
