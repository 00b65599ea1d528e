"""Markdown and LaTeX emphasis removed before an answer is read (rewardstack.verifiers.math.emphasis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.verifiers.math.emphasis import strip_markup, unwrap_commands

CASES = [
    ("The answer is **42**.", "The answer is 42."),
    ("**Final answer:** 3/4", "Final answer: 3/4"),
    ("**Answer:** $x = 5$.", "Answer: $x = 5$."),
    ("__42__", "42"),
    ("The answer is *x*.", "The answer is x."),
    ("***7***", "7"),
    ("**Final Answer: 17**", "Final Answer: 17"),
    ("**$\\boxed{5}$**", "$\\boxed{5}$"),
    ("_Note_: see below", "Note: see below"),
    (r"\textbf{Answer:} 42", "Answer: 42"),
    (r"\textbf{Final answer: \mathbf{12}}", "Final answer: 12"),
    (r"\emph{yes} and \underline{no}", "yes and no"),
    # a power, a product, a subscript: untouched
    ("2**3", "2**3"),
    ("x**2 + y**2 = **25**", "x**2 + y**2 = 25"),
    ("(x+1)**2 and **5**", "(x+1)**2 and 5"),
    ("2*3*4", "2*3*4"),
    ("a_{n+1} and x_1", "a_{n+1} and x_1"),
    ("snake_case_name", "snake_case_name"),
    ("x ** 2", "x ** 2"),
    # inside math spans nothing is touched; a blank line closes every span; escapes stay
    ("$2**3$ and $**x**$", "$2**3$ and $**x**$"),
    ("**bold\n\nnot closed** x", "**bold\n\nnot closed** x"),
    ("\\*5\\*", "\\*5\\*"),
    ("* item\n* item", "* item\n* item"),
    (r"\textbfx{c}", r"\textbfx{c}"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_strip_markup(raw: str, expected: str) -> None:
    assert strip_markup(raw) == expected


def test_unwrap_nested_commands() -> None:
    assert unwrap_commands(r"\textbf{a \emph{b \textbf{c}}} d", ("textbf", "emph")) == "a b c d"
    assert unwrap_commands(r"\textbf{unclosed", ("textbf",)) == r"\textbf{unclosed"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab12 *_$\n.:", max_size=40))
def test_only_delimiters_are_removed(text: str) -> None:
    # removing emphasis deletes '*' and '_' characters and nothing else, in order
    out = strip_markup(text)
    it = iter(text)
    assert all(ch in it for ch in out)
    assert sorted(out.replace("*", "").replace("_", "")) == sorted(text.replace("*", "").replace("_", ""))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab12 +-=()$.", max_size=40))
def test_text_without_delimiters_is_unchanged(text: str) -> None:
    assert strip_markup(text) == text


@pytest.mark.parametrize("text", ["**" * 50_000, "*a " * 30_000, "\\textbf{" * 30_000, "_" * 100_000])
def test_hostile_inputs_finish(text: str) -> None:
    # linear passes: these finished in milliseconds when measured; here only that they finish
    assert isinstance(strip_markup(text), str)
