"""Linear-time helpers: bracket index and math spans (rewardstack.verifiers.math.braces, .spans)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.verifiers.math.braces import BracketIndex, find_braced, strip_outer
from rewardstack.verifiers.math.spans import math_spans, span_at


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="{}ab\\", max_size=30))
def test_index_agrees_with_find_braced(text: str) -> None:
    # find_braced starts fresh at i; the index also knows escapes before i, so compare up to the first backslash
    index = BracketIndex(text, "{")
    first_escape = text.find("\\") if "\\" in text else len(text)
    for i in range(first_escape):
        if text[i] == "{":
            assert index.group(i) == find_braced(text, i)


@pytest.mark.parametrize(("text", "inner"), [("( (1) )", "1"), ("{(x)}", "x"), ("(1)+(2)", "(1)+(2)"), ("((1)", "((1)"),
                                             ("(" * 20_000 + "1" + ")" * 20_000, "1")])
def test_strip_outer(text: str, inner: str) -> None:
    assert strip_outer(text) == inner


_REGEX = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["$", "$$", "\\(", "\\)", "\\[", "\\]", "x", " ", "\n"]), max_size=14).map("".join))
def test_spans_match_the_regex_without_escapes(text: str) -> None:
    # without a backslash escaping a delimiter the scanner finds what the classic regex finds
    expected = [(m.start(), m.end()) for m in _REGEX.finditer(text)]
    assert [(s.start, s.end) for s in math_spans(text)] == expected


def test_escaped_dollar_opens_nothing() -> None:
    assert math_spans(r"costs \$5 and \$6") == []
    span = span_at("so $x$", 3)
    assert span is not None and span.content == "x"


@pytest.mark.parametrize("text", ["\\( " * 30_000, "$" * 100_000, "\\a" * 50_000 + "$", "$$ x" * 30_000])
def test_hostile_span_inputs_finish(text: str) -> None:
    assert isinstance(math_spans(text), list)
