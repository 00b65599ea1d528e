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


# The last final-answer marker wins, whichever kind; judgement words and headings are not answers.
PRECEDENCE = [
    ("Consider $\\boxed{x > 2}$ first.\n\n**Answer: C**", "C", "answer_is"),
    ("So \\boxed{5}.\nWait, recheck.\nFinal Answer: 17", "17", "final_answer"),
    ("\\boxed{5} was wrong.\n#### 17", "17", "gsm8k"),
    ("The answer is 12. Actually, recheck.\n\\boxed{13}", "13", "boxed"),
    ("The answer is 7.\n**Final Answer**\n\\boxed{8}", "8", "boxed"),
    ("\\boxed{A} is tempting, but Answer: B", "B", "answer_is"),
    ("\\boxed{12}. This answer is correct.", "12", "boxed"),
    ("\\boxed{12}\n\nI verified that the answer is consistent with both equations.", "12", "boxed"),
    ("\\boxed{12}\n\n#### Verification\nall good", "12", "boxed"),
    ("Final Answer: The final answer is $5$. I hope it is correct.", "5", "final_answer"),
    ("Answer: It is not B, the answer is D", "D", "answer_is"),
    ("We need $\\boxed{x \\ge 1}$ for the log. Final answer: $x = 4$", "x = 4", "final_answer"),
    ("the answer is \\boxed{}. Final answer: 6", "6", "final_answer"),
    ("SoHi YES. could answer therefore\\boxed{840}.,but\n\n**Final Answer**\n\\boxed{840}", "840", "boxed"),
    ("The answer is \\boxed{5}. Double-checking, the answer is indeed 5.", "5", "answer_is"),
    ("\\boxed{5}. So the answer is still 5.", "5", "answer_is"),
    ("The answer is therefore 12.", "12", "answer_is"),
    ("The answer is thus $\\frac{1}{2}$.", "\\frac{1}{2}", "answer_is"),
    ("Therefore, the correct option is C.", "C", "answer_is"),
    ("The correct choice is (B).", "(B)", "answer_is"),
    ("The answer is not 5, it is 6. \\boxed{6}", "6", "boxed"),
    ("The answer is correct.", "correct", "answer_is"),  # the only marker: used, though implausible
    ("The answer is i", "i", "answer_is"),
]


@pytest.mark.parametrize(("text", "answer", "extractor"), PRECEDENCE)
def test_last_marker_wins(text: str, answer: str, extractor: str) -> None:
    assert extract_answer(text) == (answer, extractor)


def test_priority_precedence_keeps_the_older_rule() -> None:
    text = "Consider $\\boxed{x > 2}$ first.\n\n**Answer: C**"
    assert extract_answer(text, precedence="priority") == ("x > 2", "boxed")


def test_plain_reference_loses_emphasis_too() -> None:
    assert extract_reference("**C**") == "C"
    assert extract_reference("2**3") == "2**3"


def test_reference_solution_uses_the_same_rule() -> None:
    assert extract_reference("We get \\boxed{4} at first, but the answer is 5") == "5"
    assert extract_reference("the answer is 5, so \\boxed{5}.") == "5"


def test_emphasis_is_removed_before_extraction() -> None:
    assert extract_answer("Final Answer: **73**") == ("73", "final_answer")
    assert extract_answer(r"\textbf{Answer:} 42") == ("42", "answer_is")
    assert extract_answer("2**10") == ("2**10", "bare")  # a power, not emphasis


@pytest.mark.parametrize("text", [
    "\\( " * 30_000, "$" * 100_000, "\\boxed{ " * 20_000, "the answer is x " * 10_000, "answer: $" * 20_000,
    "#### a\n" * 20_000, "1" + " " * 100_000 + "x",
])
def test_hostile_responses_finish(text: str) -> None:
    found = extract_answer(text)
    assert found is None or isinstance(found[0], str)
