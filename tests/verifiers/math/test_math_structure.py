"""Answer shapes and honest parse errors (rewardstack.verifiers.math.structure, .parse)."""

from __future__ import annotations

import pytest

from rewardstack.verifiers.math.parse import MAX_DEPTH, ParseError, parse_expression
from rewardstack.verifiers.math.structure import parse_structure

NAMED = [
    ("P = (2, 3)", "pair", "P"),
    ("P(2, 3)", "pair", "P"),
    ("P_1 = (1, 2, 3)", "tuple", "P_1"),
    ("P' = (1, 2)", "pair", "P'"),
    ("A = [0, 1)", "interval", "A"),
    ("S = \\{1, 2\\}", "set", "S"),
    (r"\vec{v} = (1, 2, 3)", "tuple", r"\vec{v}"),
    (r"\alpha = (1, 2)", "pair", r"\alpha"),
    (r"M = \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", "matrix", "M"),
]


@pytest.mark.parametrize(("text", "kind", "name"), NAMED)
def test_named_answers(text: str, kind: str, name: str) -> None:
    answer = parse_structure(text)
    assert (answer.kind, answer.name) == (kind, name)


@pytest.mark.parametrize(("text", "kind"), [("y = (x+1)^2", "relation"), ("y = (x + 1)", "relation"),
                                            ("x = 3", "relation"), ("(x, y) = (1, 2)", "pair")])
def test_not_named(text: str, kind: str) -> None:
    answer = parse_structure(text)
    assert answer.kind == kind and answer.name == ""


def test_a_lowercase_call_is_not_a_point() -> None:
    with pytest.raises(ParseError, match="expected"):
        parse_structure("f(2, 3)")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Anya has to go up five floors", "prose"),
        ("x's + 1", "apostrophe inside a word"),
        ("f'(x)", "prime after 'f'"),
        ("x @ y", "'@' at 2"),
        (r"\max(1, 2)", r"unsupported command \max at 0"),
        (r"\begin{cases} 1 \end{cases}", "unsupported environment"),
        ("(" * (MAX_DEPTH + 5) + "x" + ")" * (MAX_DEPTH + 5), "nested deeper"),
        ("- " * 3_000 + "5", None),  # signs are read in a loop: no recursion limit
    ],
)
def test_parse_errors_name_the_token(text: str, fragment: str | None) -> None:
    if fragment is None:
        assert parse_structure(text).kind == "value"
        return
    with pytest.raises(ParseError) as info:
        parse_structure(text)
    assert fragment in str(info.value)


def test_errors_show_the_text_around_the_token() -> None:
    with pytest.raises(ParseError, match=r"near '\.\.\..*@"):
        parse_expression("a + b + c + d + e + f + g @ h")
