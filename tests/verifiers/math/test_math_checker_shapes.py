"""Answer shapes models really write, through the whole checker (extraction to verdict).

One table per kind: emphasis, which answer counts, worked arithmetic, identities on the
real domain, clock times / named tuples / vectors, identical strings before screens.
"""

from __future__ import annotations

import pytest

from rewardstack.verifiers.math.checker import check
from rewardstack.verifiers.math.config import MathAnswerConfig

C, W, U = "correct", "incorrect", "unverifiable"

EMPHASIS = [
    ("The answer is **42**.", "42", C),
    ("The answer is **41**.", "42", W),
    ("**Final answer:** 3/4", r"\frac34", C),
    ("**Answer:** $x = 5$.", "5", C),
    ("__42__", "42", C),
    ("*42*", "42", C),
    ("The answer is *7*.", "7", C),
    ("**Final Answer: 17**", "17", C),
    ("Final answer: ***12***", "12", C),
    ("## Final Answer\n**42**", "42", C),
    ("The answer is **-3**.", "-3", C),
    ("The answer is **42 apples**.", "42", C),
    (r"The answer is **$\frac{1}{2}$**", "0.5", C),
    ("**Answer: (C)**", "C", C),
    (r"\textbf{Answer:} 42", "42", C),
    (r"\textbf{Final answer: 42}", "42", C),
    (r"The answer is $\mathbf{42}$.", "42", C),
    (r"Answer: \textbf{(B)}", "B", C),
    (r"The final answer is \emph{12}.", "12", C),
    ("The answer is $**42**$.", "42", C),
    (r"$\boxed{**42**}$", "42", C),
    # ** inside an expression stays a power
    ("2**3", "2^3", C),
    ("2**3", "8", W),  # unevaluated arithmetic (require_evaluated)
    ("The answer is 2**10.", "2^{10}", C),
    ("x**2 + 2*x + 1", "(x+1)^2", C),
]

WHICH_ANSWER = [
    ("Consider $\\boxed{x > 2}$ first. Then...\n\n**Answer: C**", "C", C),
    ("So \\boxed{5}.\nWait, recheck.\nFinal Answer: 17", "17", C),
    ("\\boxed{5} ... \n#### 17", "17", C),
    ("The answer is 12. Actually, recheck.\n\\boxed{13}", "13", C),
    ("\\boxed{12}. This answer is correct.", "12", C),
    ("\\boxed{12}\n\nI verified that the answer is consistent with the constraints.", "12", C),
    ("\\boxed{12}\n\n#### Verification\nok", "12", C),
    ("We need $\\boxed{x \\ge 1}$ for the log. Final answer: $x = 4$", "4", C),
    ("Consider $\\boxed{x > 2}$ first.\n\n**Answer: C**", "B", W),
]

CHAINS = [
    ("Answer: a + b = 12 + 5 = 17", "17", C),
    ("Answer: a + b = 12 + 5 = 17", "18", W),
    ("Answer: 12 + 5 = 17", "17", C),
    (r"Answer: 3 \times 4 = 12", "12", C),
    (r"\boxed{x = 2 \cdot 3 = 6}", "6", C),
    (r"\boxed{\frac{1}{2} + \frac{1}{3} = \frac{5}{6}}", "5/6", C),
    (r"\boxed{P(A) = \frac{3}{10} = 0.3}", "0.3", C),
    (r"\boxed{x = 12 + 5 = 17}", "x = 17", C),
    (r"\boxed{17}", "a + b = 12 + 5 = 17", C),
    ("Answer: 12 + 5 = 17", "a + b = 12 + 5 = 17", C),
    ("Answer: 12 + 5 = 17", "x + y = 17", U),
    # inconsistent where a member can be evaluated: unverifiable, never a guess
    ("Answer: a + b = 12 + 5 = 18", "18", U),
    ("Answer: 12 + 5 = 18", "17", U),
    # an equation with one side in variables stays an equation
    (r"\boxed{x + y = 10}", "10", W),
]

REAL_DOMAIN = [
    (r"\sqrt{4/k}", r"\frac{2}{\sqrt{k}}", C),
    (r"\sqrt{4/k}", r"\frac{3}{\sqrt{k}}", W),
    (r"\sqrt{\frac{x}{y}}", r"\frac{\sqrt{x}}{\sqrt{y}}", C),
    (r"\sqrt{ab}", r"\sqrt{a}\sqrt{b}", C),
    (r"\frac{1}{\sqrt{k}}", r"\sqrt{1/k}", C),
    (r"\frac{\sqrt{8x}}{2}", r"\sqrt{2x}", C),
    (r"\ln(xy)", r"\ln x + \ln y", C),
    (r"\sqrt{x^2-25}", r"\sqrt{x-5}\sqrt{x+5}", C),  # real only for |x| >= 5: wider points are drawn
    (r"\sqrt{x}", r"-\sqrt{x}", W),
    # both sides real at negative points: they still differ there
    ("|x|", "x", W),
    (r"\sqrt{x^2}", "x", W),
    (r"\sqrt{x^2}", "|x|", C),
    # no real point at all: unverifiable
    (r"\sqrt{-x^2-1}", r"\sqrt{-x^2-2}", U),
]

SHAPES = [
    ("7:30", "7:45", W),
    ("7:30", "07:30", C),
    ("7:30 PM", "19:30", C),
    ("7:30 am", "7:30 pm", W),
    ("7:30", "7:30:00", C),
    (r"\text{7:30 p.m.}", "19:30", C),
    ("7:30", "7.5", W),
    ("P = (2, 3)", "(2, 3)", C),
    ("P = (2, 3)", "P = (2, 4)", W),
    ("P = (2, 3)", "Q = (2, 3)", W),
    ("P(2, 3)", "(2, 3)", C),
    ("A = [1, 5)", "[1, 5)", C),
    ("A = [1, 5)", "(1, 5]", W),
    ("x = (1, 3)", "(1, 3)", C),
    ("P = (2, 3), Q = (4, 5)", "(2, 3), (4, 5)", C),
    (r"\vec{v} = \langle 1, 2, 3 \rangle", "(1,2,3)", C),
    (r"\mathbf{v} = \langle 3, 4 \rangle", r"\langle 3, 4\rangle", C),
    (r"\langle 1, -2 \rangle", r"\begin{pmatrix}1\\-2\end{pmatrix}", C),
    ("\u27e81, 2\u27e9", "(1, 2)", C),
    (r"\langle 1, 2 \rangle", r"\langle 2, 1 \rangle", W),
    # function notation defines a name: P(A) = 0.3 answers 0.3; x(x+1) = 0 stays an equation
    ("P(A) = 0.3", "0.3", C),
    ("P(A) = 0.3", "0.4", W),
    (r"P(X=2) = \frac{1}{4}", "0.25", C),
    ("f(2) = 5", "5", C),
    ("f(x) = 2x + 1", "2x+1", C),
    ("f(x) = 2x + 1", "y = 2x+1", C),
    ("f(x) = 2x + 1", "g(x) = 2x+1", W),
    ("x(x+1) = 0", "x^2 + x = 0", C),
]

IDENTICAL = [
    ("2^{65536}", "2^{65536}", C),
    ("2^{ 65536 }", "2^{65536}", C),
    ("10^{10^{10}}", "10^{10^{10}}", C),
    ("1000000!", "1000000!", C),
    (r"\dfrac{1}{2^{99999}}", r"\frac{1}{2^{99999}}", C),
    ("2^{65536}", "2^{65537}", U),  # different: the screen applies
]


def _boxed(answer: str) -> str:
    return answer if ("answer" in answer.lower() or "\\boxed" in answer or "**" in answer
                      or "*" in answer or "__" in answer or "\n" in answer) else rf"Therefore, \boxed{{{answer}}}"


@pytest.mark.parametrize(("response", "reference", "expected"), EMPHASIS + WHICH_ANSWER + CHAINS)
def test_response_level(response: str, reference: str, expected: str) -> None:
    verdict = check(response, reference, isolate=False)
    assert verdict.outcome == expected, verdict.reason


@pytest.mark.parametrize(("pred", "ref", "expected"), REAL_DOMAIN + SHAPES + IDENTICAL)
def test_pair_level_both_ways(pred: str, ref: str, expected: str) -> None:
    assert check(_boxed(pred), ref, isolate=False).outcome == expected
    assert check(_boxed(ref), pred, isolate=False).outcome == expected


def test_inconsistent_chain_says_so() -> None:
    verdict = check("Answer: a + b = 12 + 5 = 18", "18", isolate=False)
    assert "inconsistent" in verdict.reason


def test_too_few_real_points_says_so() -> None:
    verdict = check(r"\boxed{\sqrt{-x^2-1}}", r"\sqrt{-x^2-2}", isolate=False)
    assert "real" in verdict.reason


def test_named_answer_needs_assignment_stripping() -> None:
    config = MathAnswerConfig(strip_variable_assignment=False)
    assert check(r"\boxed{P = (2, 3)}", "(2, 3)", config, isolate=False).outcome == W


@pytest.mark.parametrize(
    ("response", "reference", "fragment", "not_fragment"),
    [
        (r"\boxed{5}", "Vanya's way is five times as long", "prose", "derivative"),
        (r"\boxed{5}", "x's + 1", "apostrophe inside a word", "derivative"),
        (r"\boxed{f'(x)}", "2x", "prime after 'f'", "apostrophe"),
        (r"\boxed{x @ y}", "1", "'@'", "' '"),
        (r"\boxed{\max(1, 2)}", "2", r"\max", "prose"),
        (r"\boxed{(1, 2}", "1", "near '(1, 2'", "prose"),
    ],
)
def test_could_not_parse_names_the_offending_token(response: str, reference: str, fragment: str,
                                                   not_fragment: str) -> None:
    verdict = check(response, reference, isolate=False)
    assert verdict.outcome == U
    assert fragment in verdict.reason and not_fragment not in verdict.reason, verdict.reason
