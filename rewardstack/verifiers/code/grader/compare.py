"""Trusted comparisons: stdout against expected text, tagged values against expected JSON.

Nothing here touches an object the untrusted program built: it compares bytes,
and plain builtins decoded from tagged JSON (see ``tagged.py``). The ``io`` rules
are in :class:`~rewardstack.verifiers.code.grader.options.CompareOptions`.

>>> from rewardstack.verifiers.code.grader.options import CompareOptions
>>> io_equal(b"3\\n", "3 \\n", CompareOptions())  # trailing whitespace is not an error
True
>>> io_equal(b"3\\n4\\n", "3\\n", CompareOptions())  # whole output, not a prefix
False
>>> io_equal(b"0.333333\\n", "0.333333333\\n", CompareOptions(float_tol=1e-6))
True
>>> values_equal(True, 1, CompareOptions())
False
"""

from __future__ import annotations

import math
import re
from typing import Any

from rewardstack.verifiers.code.grader.options import CompareOptions
from rewardstack.verifiers.code.grader.tagged import Opaque

__all__ = ["io_equal", "values_equal"]

# what judges trim at a line's end: ASCII blanks and the CR of CRLF files (not Unicode spaces)
_LINE_END_BLANKS = " \t\r\f\v"
_BLANKS = re.compile(r"[ \t\n\r\f\v]+")
# a plain decimal number; float() would also take "nan", "inf", "1_000" and " 1", none of which a judge reads
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _close(a: float, b: float, tol: float | None) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if tol is None:
        return a == b
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def _tokens(text: str) -> list[str]:
    return [token for token in _BLANKS.split(text) if token]


def _lines(text: str) -> list[str]:
    lines = [line.rstrip(_LINE_END_BLANKS) for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _token_equal(got: str, want: str, tol: float | None) -> bool:
    if got == want:
        return True
    if tol is None or _NUMBER.fullmatch(got) is None or _NUMBER.fullmatch(want) is None:
        return False
    return _close(float(got), float(want), tol)


def _tokens_equal(got: list[str], want: list[str], tol: float | None) -> bool:
    return len(got) == len(want) and all(_token_equal(g, w, tol) for g, w in zip(got, want, strict=True))


def io_equal(actual: bytes, expected: str, opts: CompareOptions) -> bool:
    """Does a program's stdout match the expected text under ``opts.io`` (and ``opts.float_tol``)?"""
    if opts.io == "exact":
        return actual == expected.encode("utf-8")
    try:
        text = actual.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if opts.io == "tokens":
        return _tokens_equal(_tokens(text), _tokens(expected), opts.float_tol)
    got, want = _lines(text), _lines(expected)
    if opts.float_tol is None:
        return got == want
    return len(got) == len(want) and all(
        _tokens_equal(_tokens(g), _tokens(w), opts.float_tol) for g, w in zip(got, want, strict=True)
    )


def values_equal(expected: Any, actual: Any, opts: CompareOptions) -> bool:
    """``expected`` from the reference (JSON builtins), ``actual`` decoded from the sandbox."""
    if isinstance(actual, Opaque) or isinstance(expected, Opaque):
        return False
    te, ta = type(expected), type(actual)
    if te is bool or ta is bool:
        return te is ta and expected == actual
    if te in (int, float) and ta in (int, float):
        if te is not ta and not opts.int_float_equal:
            return False
        if te is int and ta is int:
            return bool(expected == actual)
        try:
            return _close(float(expected), float(actual), opts.float_tol)
        except OverflowError:  # an int beyond float range: only an exact match can be equal
            return bool(expected == actual)
    if te is complex and ta is complex:
        return _close(expected.real, actual.real, opts.float_tol) and _close(expected.imag, actual.imag, opts.float_tol)
    seq = (list, tuple)
    if te in seq and ta in seq:
        if te is not ta and not opts.sequence_types_equal:
            return False
        return len(expected) == len(actual) and all(
            values_equal(e, a, opts) for e, a in zip(expected, actual, strict=True)
        )
    if te in (set, frozenset) and ta in (set, frozenset):
        return te is ta and expected == actual
    if te is dict and ta is dict:
        if set(expected) != set(actual):
            return False
        return all(values_equal(expected[k], actual[k], opts) for k in expected)
    if te is not ta:
        return False
    return bool(expected == actual)
