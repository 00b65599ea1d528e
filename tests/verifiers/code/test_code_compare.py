"""Program-output comparison: the judge convention by default, exact/tokens/float_tol as options."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rewardstack.verifiers.code.grader.compare import io_equal
from rewardstack.verifiers.code.grader.options import CompareOptions

DEFAULT = CompareOptions()


@pytest.mark.parametrize(
    ("actual", "expected", "equal"),
    [
        (b"3\n", "3\n", True),
        (b"3\n", "3 \n", True),  # a stray trailing space in the reference
        (b"3\n", "3", True),  # a missing final newline in the reference
        (b"3", "3\n", True),
        (b"3  \t\n\n\n", "3\n", True),  # trailing blanks and empty lines in the output
        (b"1 2\r\n3 4\r\n", "1 2\n3 4\n", True),  # CRLF output
        (b"a\n\nb\n", "a\nb\n", False),  # an empty line inside the output is not trailing
        (b"\n3\n", "3\n", False),  # leading empty lines count
        (b" 3\n", "3\n", False),  # leading spaces count
        (b"1  2\n", "1 2\n", False),  # inner spacing counts
        (b"YES\n", "yes\n", False),  # no case folding
        (b"NO\nYES\nYES\n", "YES\nNO\nYES\n", False),  # no reordering
        (b"Christmas Eve\n", "Christmas Eve Eve Eve\n", False),  # a prefix of a line never passes
        (b"3\n", "3\n4\n", False),  # a prefix of the output never passes
        (b"3\n4\n", "3\n", False),
        (b"3\x0c4\n", "3\n4\n", False),  # only \n ends a line (not form feed or other separators)
        (b"3\xc2\xa0\n", "3\n", False),  # a no-break space is not a trailing blank a judge trims
        (b"0.333333\n", "0.333333333333\n", False),  # numbers are text without float_tol
        (b"\xff\n", "x\n", False),  # undecodable output
        (b"", "", True),
        (b"\n\n", "", True),
    ],
)
def test_default_io_is_judge_style(actual: bytes, expected: str, equal: bool) -> None:
    assert DEFAULT.io == "trailing_whitespace"
    assert io_equal(actual, expected, DEFAULT) is equal


@pytest.mark.parametrize(
    ("actual", "expected", "options", "equal"),
    [
        (b"3\n", "3\n", {"io": "exact"}, True),
        (b"3\n", "3 \n", {"io": "exact"}, False),
        (b"3", "3\n", {"io": "exact"}, False),
        (b"0.333333\n", "0.3333333\n", {"io": "exact", "float_tol": 1e-3}, False),  # exact ignores float_tol
        (b"1   2\n3\n", "1 2 3", {"io": "tokens"}, True),
        (b"YES NO", "YES YES", {"io": "tokens"}, False),
        (b"YES", "YES YES", {"io": "tokens"}, False),  # a prefix of the tokens never passes
        (b"0.333333\n", "0.333333333333\n", {"io": "tokens", "float_tol": 1e-6}, True),
        (b"0.3334\n", "0.333333333333\n", {"io": "tokens", "float_tol": 1e-6}, False),
        (b"1e-7\n", "0\n", {"io": "tokens", "float_tol": 1e-6}, True),  # absolute tolerance near zero
        (b"1000001\n", "1000000\n", {"io": "tokens", "float_tol": 1e-6}, True),  # relative tolerance
        (b"nan\n", "nan\n", {"io": "tokens", "float_tol": 1e-6}, True),  # equal text
        (b"nan\n", "1.0\n", {"io": "tokens", "float_tol": 1e-6}, False),
        (b"inf\n", "1e999\n", {"io": "tokens", "float_tol": 1e-6}, False),  # only plain decimals are numbers
        (b"1_000\n", "1000\n", {"io": "tokens", "float_tol": 1e-6}, False),
        (b"0x10\n", "16\n", {"io": "tokens", "float_tol": 1e-6}, False),
        (b"x=0.333333\n", "x=0.3333333\n", {"io": "tokens", "float_tol": 1e-6}, False),  # not a number token
        # float_tol with the default rule: token by token within each line, lines still line by line
        (b"0.333333 2\n1.5\n", "0.333333333 2 \n1.5\n\n", {"float_tol": 1e-6}, True),
        (b"0.333333 2 1.5\n", "0.333333333 2\n1.5\n", {"float_tol": 1e-6}, False),
        (b"0.333333\n", "0.34\n", {"float_tol": 1e-6}, False),
        (b"abc\n", "ABC\n", {"float_tol": 1e-6}, False),
    ],
)
def test_io_options(actual: bytes, expected: str, options: dict[str, object], equal: bool) -> None:
    assert io_equal(actual, expected, CompareOptions.model_validate(options)) is equal


@pytest.mark.parametrize(
    "bad", [{"io": "fuzzy"}, {"float_tol": -1}, {"float_tol": float("nan")}, {"float_tol": float("inf")}, {"x": 1}]
)
def test_bad_options_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        CompareOptions.model_validate(bad)


def test_merged_override_keeps_the_rest() -> None:
    base = CompareOptions(int_float_equal=True)
    merged = base.merged({"io": "exact"})
    assert merged.io == "exact" and merged.int_float_equal is True
    with pytest.raises(ValidationError):
        base.merged({"io": 3})


_line = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=6)
_lines = st.lists(st.lists(_line, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=5)
_blanks = st.text(alphabet=" \t\r", max_size=3)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(_lines, st.lists(_blanks, min_size=5, max_size=5), st.integers(0, 3))
def test_trailing_blanks_never_matter(lines: list[str], pads: list[str], empty: int) -> None:
    expected = "\n".join(lines) + "\n"
    padded = "\n".join(line + pad for line, pad in zip(lines, pads, strict=False)) + "\n" * (1 + empty)
    assert io_equal(padded.encode(), expected, DEFAULT)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(_lines, _line)
def test_an_extra_or_missing_line_always_fails(lines: list[str], extra: str) -> None:
    expected = "\n".join(lines) + "\n"
    assert not io_equal((expected + extra + "\n").encode(), expected, DEFAULT)
    assert not io_equal(expected.encode(), expected + extra + "\n", DEFAULT)
    if len(lines) > 1:
        assert not io_equal("\n".join(lines[:-1]).encode(), expected, DEFAULT)
