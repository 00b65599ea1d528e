"""Table-driven verdicts for every answer type, in both directions where the relation is symmetric."""

from __future__ import annotations

import pytest

from rewardstack.verifiers.math.checker import check
from rewardstack.verifiers.math.config import MathAnswerConfig

C, W, U = "correct", "incorrect", "unverifiable"

# (prediction, reference, expected, symmetric)
CASES: list[tuple[str, str, str, bool]] = [
    # integers, separators, decimals
    ("1,000", "1000", C, True),
    ("1000", "1000.0", C, True),
    ("-7", "-7", C, True),
    ("7", "-7", W, True),
    ("41", "42", W, True),
    ("0.25", "0.250", C, True),
    ("1\\,234", "1234", C, True),
    # fractions, mixed numbers
    (r"\frac{1}{2}", "0.5", C, True),
    (r"\dfrac{3}{4}", "3/4", C, True),
    (r"-\frac{3}{4}", r"\frac{-3}{4}", C, True),
    (r"\frac{3}{4}", r"\frac{4}{3}", W, True),
    (r"2\frac{1}{2}", "5/2", C, True),
    ("2 1/2", "2.5", C, True),
    (r"\frac{6}{4}", r"\frac{3}{2}", C, True),
    ("1/3", "0.33", W, True),
    (r"\frac{1}{2^{99}}", r"\frac{1}{2^{98}}", W, True),
    (r"2^{-99}", r"\frac{1}{2^{99}}", C, True),
    # percentages (default policy: either)
    (r"50\%", "50", C, True),
    (r"50\%", "0.5", C, True),
    (r"40\%", "0.5", W, True),
    # scientific notation
    ("1.5e3", "1500", C, True),
    (r"3 \times 10^{8}", "300000000", C, True),
    (r"3 \times 10^{8}", "30000000", W, True),
    # radicals, pi, e
    (r"\sqrt{8}", r"2\sqrt{2}", C, True),
    (r"\frac{1}{\sqrt{2}}", r"\frac{\sqrt{2}}{2}", C, True),
    (r"\sqrt{3}", r"\sqrt{2}", W, True),
    (r"\sqrt[3]{27}", "3", C, False),
    (r"2\pi", r"\pi \cdot 2", C, True),
    (r"\pi", "3.14", W, True),
    (r"1-\frac{1}{e}", r"1+\frac{1}{e}", W, True),
    (r"\frac{e-1}{e}", r"1-e^{-1}", C, True),
    (r"\sqrt{2}", "1.41421356237", C, True),
    # magnitudes: a tolerance relative to huge or tiny values must not hide a real difference
    ("10^{100}", "10^{100}+1", W, True),
    ("1e400", "1", W, True),
    ("1e5000", "1e4999", W, True),
    (r"10^{30}+\sqrt{2}", r"10^{30}+\sqrt{3}", W, True),
    (r"\frac{\sqrt{2}}{2^{200}}", r"\frac{\sqrt{3}}{2^{200}}", W, True),
    (r"x+10^{30}", r"x+10^{30}+1", W, True),
    (r"(x+10^{30})^2", r"x^2+2\cdot 10^{30}x+10^{60}", C, True),
    (r"\sqrt{2}+\sqrt{3}", r"\sqrt{5+2\sqrt{6}}", C, True),
    # complex numbers
    ("3+4i", "4i+3", C, True),
    ("3-4i", "3+4i", W, True),
    (r"\frac{1}{i}", "-i", C, True),
    # expressions in variables
    ("(x+1)^2", "x^2+2x+1", C, True),
    ("(x-1)^2", "x^2+2x+1", W, True),
    ("2x", "2y", W, True),
    (r"\frac{x^2-1}{x-1}", "x+1", C, True),
    (r"\sin^2 x + \cos^2 x", "1", C, False),
    (r"\sqrt{x^2}", "x", W, True),
    ("a+b", "c+b", W, True),
    # equations
    ("x = 3", "3", C, True),
    ("x = 3", "x = -3", W, True),
    ("y = 2x+1", "2x - y + 1 = 0", C, True),
    ("y = 2x+1", "2x + y + 1 = 0", W, True),
    ("x + y = 10", "10", W, True),
    # inequalities vs intervals
    ("x < -5", r"(-\infty, -5)", C, True),
    (r"x \le -5", r"(-\infty, -5)", W, True),
    (r"1 < x \le 2", "(1, 2]", C, True),
    (r"|x| > 5", r"(-\infty, -5) \cup (5, \infty)", C, True),
    ("x < -5", "y < -5", W, True),
    # intervals and unions
    ("[1, 2)", "[1, 2)", C, True),
    ("[1, 2)", "(1, 2]", W, True),
    ("[1,2]", "(1,2)", W, True),
    (r"(-\infty, 3]", r"(-\infty, 3)", W, True),
    (r"(-\infty, 0) \cup (0, \infty)", r"(0, \infty) \cup (-\infty, 0)", C, True),
    (r"[0.5, 1]", r"[\frac{1}{2}, 1]", C, True),
    # sets, tuples, lists
    (r"\{1, 2, 3\}", r"\{3, 2, 1\}", C, True),
    (r"\{1, 2\}", r"\{1, 3\}", W, True),
    ("(1, 2, 3)", "(1, 2, 3)", C, True),
    ("(1, 2, 3)", "(3, 2, 1)", W, True),
    ("(1, 2)", "(2, 1)", W, True),
    ("(1, 2)", r"(1.0, 2)", C, True),
    ("1, 2", "2, 1", C, True),
    ("-1, 9", "9, -1", C, True),
    ("-1, 9", "-1", W, True),
    ("x = 1 or x = 2", "1, 2", C, True),
    (r"2 \pm \sqrt{3}", r"2+\sqrt{3}, 2-\sqrt{3}", C, True),
    (r"\{1, 2\}", "(1, 2, 3)", W, True),
    ("(x, y) = (1, 2)", "(1, 2)", C, True),
    ("b = -3, a = 2", "(2, -3)", C, True),
    ("a = -3, b = 2", "(2, -3)", W, True),
    (r"\{x \mid x > 2\}", r"(2, \infty)", C, True),
    (r"\{x : x \le 2\}", r"(2, \infty)", W, True),
    ("(x, y) = (2, 1)", "(1, 2)", W, True),
    # matrices and vectors
    (r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", C, True),
    (r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", r"\begin{pmatrix} 1 & 3 \\ 2 & 4 \end{pmatrix}", W, True),
    (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", "(1, 2)", C, True),
    (r"\begin{pmatrix} \frac{1}{2} \\ -1 \end{pmatrix}", r"\begin{pmatrix} 0.5 \\ -1 \end{pmatrix}", C, True),
    # degrees and units
    (r"30^\circ", "30", C, True),
    (r"45^\circ", "30", W, True),
    ("5 cm", "5", C, True),
    (r"5\text{ cm}", "6", W, True),
    (r"\$12.50", "12.5", C, True),
    # multiple choice
    ("(B)", "B", C, False),
    ("B", "(B)", C, False),
    (r"\text{B}", "B", C, False),
    (r"\textbf{(C)}", "B", W, False),
    ("(B) 12", "B", C, False),
    ("(B) or (C)", "B", W, False),
    ("B or C", "B", W, False),
    ("A, B", "B", W, False),
    ("(b)", "B", C, False),
    ("i", "I", W, False),
    # text answers
    (r"\text{yes}", "yes", C, True),
    ("Yes", r"\text{yes}", C, True),
    (r"\text{no}", r"\text{yes}", W, True),
    # repeating decimals, angle units, named sets, membership, angle brackets
    (r"0.\overline{3}", r"\frac{1}{3}", C, True),
    (r"0.1\overline{6}", r"\frac{1}{6}", C, True),
    (r"0.\overline{3}", "0.3", W, True),
    (r"\frac{\sqrt{3}}{2}", r"\sin 60^\circ", C, True),
    (r"60^\circ", r"\frac{\pi}{3}", C, True),
    (r"45^\circ", r"\frac{\pi}{3}", W, True),
    (r"x \in [2, 5]", "[2, 5]", C, True),
    (r"x \in [2, 5)", "[2, 5]", W, True),
    (r"(-\infty, 2) \cup (2, \infty)", r"x \neq 2", C, True),
    (r"(-\infty, \infty)", r"\mathbb{R}", C, True),
    (r"\varnothing", r"\emptyset", C, True),
    (r"\emptyset", r"\{0\}", W, True),
    (r"\langle 1, 2, 3 \rangle", "(1, 2, 3)", C, True),
    (r"7 \text{ km/h}", "7", C, True),
    # unevaluated arithmetic where a number is expected
    (r"3\times4", "12", W, False),
    (r"12", r"3\times 4", C, False),
]


def _verdict(pred: str, ref: str, config: MathAnswerConfig | None = None) -> str:
    return check(rf"Therefore, \boxed{{{pred}}}", ref, config, isolate=False).outcome


@pytest.mark.parametrize(("pred", "ref", "expected", "symmetric"), CASES)
def test_verdict(pred: str, ref: str, expected: str, symmetric: bool) -> None:
    assert _verdict(pred, ref) == expected


@pytest.mark.parametrize(("pred", "ref", "expected"), [(p, r, e) for p, r, e, s in CASES if s])
def test_verdict_reversed(pred: str, ref: str, expected: str) -> None:
    assert _verdict(ref, pred) == expected


POLICY_CASES = [
    (r"50\%", "50", {"percent": "strict"}, W),
    (r"50\%", "0.5", {"percent": "strip"}, W),
    (r"50\%", "0.5", {"percent": "fraction"}, C),
    (r"\frac{6}{4}", r"\frac{3}{2}", {"unreduced_fractions": "reject"}, W),
    (r"3\times4", "12", {"require_evaluated": False}, C),
    ("2, 1", "1, 2", {"list_order": "strict"}, W),
    ("[1, 2)", "(1, 2]", {"interval_brackets": "ignore"}, C),
    ("x < -5", r"(-\infty, -5)", {"inequality_as_interval": False}, W),
    ("x = 3", "3", {"strip_variable_assignment": False}, W),
    ("0.3333", r"\frac{1}{3}", {"rel_tol": 1e-3}, C),
    ("0.3333", r"\frac{1}{3}", {}, W),
    ("YES", "yes", {"text_case_sensitive": True}, W),
]


@pytest.mark.parametrize(("pred", "ref", "fields", "expected"), POLICY_CASES)
def test_policy_options(pred: str, ref: str, fields: dict[str, object], expected: str) -> None:
    assert _verdict(pred, ref, MathAnswerConfig.model_validate(fields)) == expected


@pytest.mark.parametrize(
    ("response", "reference", "why"),
    [
        ("I cannot solve this.", "7", "no answer found"),
        ("no idea", "7", "words where a math answer"),
        (r"\boxed{\frac{1}{2} \overline{xyz}}", "7", "could not parse"),
        (r"\boxed{10^{10^{10}}}", "7", "screened"),
        (r"\boxed{" + "(" * 1000 + "1" + ")" * 1000 + "}", "1", "screened"),
        (r"\boxed{" + "1+" * 3_000 + "1}", "1", "screened"),
        ("x" * 100_001 + r"\boxed{1}", "1", "max_response_chars"),
        (r"\boxed{x^2}", r"\overline{AB}", "could not parse the reference"),
        (r"\boxed{1e50000}", "1", "screened"),
    ],
)
def test_unverifiable_is_not_wrong(response: str, reference: str, why: str) -> None:
    verdict = check(response, reference, isolate=False)
    assert verdict.outcome == "unverifiable"
    assert why in verdict.reason


def test_details_are_recorded() -> None:
    verdict = check(r"so \boxed{\dfrac{2}{4}}", "0.5", isolate=False)
    expected = (r"\dfrac{2}{4}", r"\frac{2}{4}", "0.5")
    assert (verdict.extracted, verdict.normalised_pred, verdict.normalised_ref) == expected
    assert verdict.method == "numeric"


def test_use_sympy_off_leaves_hard_pairs_unverifiable() -> None:
    config = MathAnswerConfig(use_sympy=False)
    assert check(r"\boxed{\sqrt{8}}", r"2\sqrt{2}", config).outcome == "unverifiable"
    assert check(r"\boxed{4}", "4", config).outcome == "correct"
