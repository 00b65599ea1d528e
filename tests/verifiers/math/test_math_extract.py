"""Extraction of the final answer from free text (rewardstack.verifiers.math.extract)."""

from __future__ import annotations

import pytest

from rewardstack.verifiers.math.extract import extract_answer, extract_reference, find_braced

CASES = [
    (r"So the area is $\boxed{12}$.", "12", "boxed"),
    (r"\boxed{1} then later \boxed{\frac{1}{2}}", r"\frac{1}{2}", "boxed"),
    (r"nested \boxed{\frac{\sqrt{2}}{2}} end", r"\frac{\sqrt{2}}{2}", "boxed"),
    (r"\fbox{42}", "42", "boxed"),
    (r"\boxed 7", "7", "boxed"),
    (r"The set is \boxed{\{1, 2\}}.", r"\{1, 2\}", "boxed"),
    ("Thus the answer is 3.5.", "3.5", "answer_is"),
    ("The answer is $\\frac{1}{2}$. Done", r"\frac{1}{2}", "answer_is"),
    ("so the final answer is: 17\nmore text", "17", "final_answer"),
    ("Final answer: x = 3\n", "x = 3", "final_answer"),
    ("48 + 24 = 72 clips\n#### 72", "72", "gsm8k"),
    ("#### 1,000", "1,000", "gsm8k"),
    (r"We get \(x^2+1\) as the result here.", "x^2+1", "latex_math"),
    (r"We have \[ y = 2x \] as shown in the figure.", "y = 2x", "latex_math"),
    ("There are 12 apples and 7 pears, so we have 19 fruits.", "19", "last_number"),
    ("The ratio came out as 7/8 in the end.", "7/8", "last_number"),
    ("x^2 + 1", "x^2 + 1", "bare"),
    ("Answer: (A)", "(A)", "answer_is"),
    ("I think 3", "3", "last_number"),
    ("no solution", "no solution", "bare"),
    ("x = 1 and x = 2", "x = 1 and x = 2", "bare"),
    ("So $x = 2$ or $x = 3$.", "x = 2, x = 3", "latex_math"),
    ("$x = 2$", "$x = 2$", "bare"),
    ("The solutions are $x = -2$ and $x = 5$.", "x = -2, x = 5", "latex_math"),
    ("Since $a = 1$, we get $b = 2$.", "b = 2", "latex_math"),
    (r"\text{yes}", r"\text{yes}", "bare"),
]


@pytest.mark.parametrize(("text", "answer", "extractor"), CASES)
def test_extracts_last_answer(text: str, answer: str, extractor: str) -> None:
    assert extract_answer(text) == (answer, extractor)


def test_nothing_to_extract() -> None:
    assert extract_answer("I do not know how to solve this problem.") is None


def test_priority_is_configurable() -> None:
    text = r"The answer is 5. Also \boxed{6}"
    assert extract_answer(text) == ("6", "boxed")
    assert extract_answer(text, ("answer_is", "boxed")) == ("6", "boxed")  # the last marker wins either way
    assert extract_answer(text, ("answer_is", "boxed"), "priority") == ("5", "answer_is")
    assert extract_answer(text, ("answer_is",)) == ("5", "answer_is")  # boxed not enabled


def test_reference_may_be_a_full_solution() -> None:
    assert extract_reference(r"Adding, we get $3+4=\boxed{7}$.") == "7"
    assert extract_reference("Natalia sold 72.\n#### 72") == "72"
    assert extract_reference(r"\frac{1}{2}") == r"\frac{1}{2}"
    assert extract_reference(r"\boxed{3}", "never") == r"\boxed{3}"


def test_find_braced_handles_nesting_and_escapes() -> None:
    assert find_braced(r"{a{b}c\}d}e", 0) == (r"a{b}c\}d", 10)
    assert find_braced("{unclosed", 0) is None


def test_long_response_is_linear() -> None:
    # 100 KB without any marker: extraction must finish and find the last number
    text = "word " * 20_000 + "42"
    assert extract_answer(text) == ("42", "last_number")
