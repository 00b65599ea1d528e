"""Trusted comparisons: stdout against expected text, tagged values against expected JSON.

Nothing here touches an object the untrusted program built: it compares bytes,
and plain builtins decoded from tagged JSON (see ``tagged.py``).

>>> from rewardstack.verifiers.code.grader.options import CompareOptions
>>> io_equal(b"3\\n", "3\\n", CompareOptions())
True
>>> io_equal(b"3\\n4\\n", "3\\n", CompareOptions())  # whole output, not a prefix
False
>>> values_equal(True, 1, CompareOptions())
False
"""

from __future__ import annotations

import math
from typing import Any

from rewardstack.verifiers.code.grader.options import CompareOptions
from rewardstack.verifiers.code.grader.tagged import Opaque

__all__ = ["io_equal", "values_equal"]


def _close(a: float, b: float, tol: float | None) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if tol is None:
        return a == b
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def _num_token(token: str) -> float | None:
    try:
        return float(token)
    except ValueError:
        return None


def io_equal(actual: bytes, expected: str, opts: CompareOptions) -> bool:
    try:
        text = actual.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if opts.io == "exact":
        return text == expected
    if opts.io == "trailing_whitespace":
        norm = lambda s: "\n".join(line.rstrip() for line in s.rstrip().splitlines())  # noqa: E731
        return norm(text) == norm(expected)
    got, want = text.split(), expected.split()
    if len(got) != len(want):
        return False
    for g, w in zip(got, want, strict=True):
        if g == w:
            continue
        gn, wn = _num_token(g), _num_token(w)
        if opts.float_tol is None or gn is None or wn is None or not _close(gn, wn, opts.float_tol):
            return False
    return True


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
        return _close(float(expected), float(actual), opts.float_tol)
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
