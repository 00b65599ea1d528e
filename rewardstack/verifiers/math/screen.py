"""Refuse inputs that would make sympy slow, before sympy sees them.

Screens: answer length, bracket nesting depth, integer literals with too
many digits, exponents above ``max_exponent`` (towers such as
``10^{10^{10}}`` are estimated, never computed), large factorials. A
screened pair is *unverifiable*, not wrong. The hard deadline of the worker
pool stays the last line of defence.

>>> screen(r"10^{10^{10}}", {}) is not None
True
>>> screen(r"2^{100}", {}) is None
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from rewardstack.verifiers.math.extract import find_braced

__all__ = ["estimate_exponent", "screen"]

_INTEGER = re.compile(r"\d+")
_FACTORIAL = re.compile(r"(\d+)\s*!")
_E_NOTATION = re.compile(r"\d[eE][+-]?(\d+)")
_NUMERIC_EXPONENT = re.compile(r"^[\d\s.^{}+\-()]*$")


def _depth(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")}]":
            depth -= 1
    return deepest


def _exponents(text: str) -> list[str]:
    """The exponent text after every top-level-or-nested ``^``."""
    found: list[str] = []
    for match in re.finditer(r"\^\s*", text):
        rest = match.end()
        group = find_braced(text, rest)
        if group is not None:
            found.append(group[0])
        else:
            token = re.match(r"-?\d+(?:\.\d+)?|\\?[a-zA-Z]+|.", text[rest:])
            if token:
                found.append(token.group(0))
    return found


def estimate_exponent(text: str, cap: float) -> float:
    """An upper estimate of ``|value|`` of an exponent, saturating at ``cap * 10``."""
    text = text.strip().strip("{}").strip()
    if "^" in text and _NUMERIC_EXPONENT.match(text):
        base_text, _, power_text = text.partition("^")
        base = estimate_exponent(base_text, cap)
        power = estimate_exponent(power_text, cap)
        if base <= 1:
            return 1.0
        log_value = power * math.log10(base)
        return cap * 10 if log_value > math.log10(cap * 10) else float(10**log_value)
    numbers = [int(n) for n in _INTEGER.findall(text)[:50] if len(n) < 30]
    if len(_INTEGER.findall(text)) != len(numbers):
        return cap * 10
    return float(max(numbers, default=0))


def screen(text: str, policy: Mapping[str, object]) -> str | None:
    """Why ``text`` is too expensive to hand to sympy, or ``None`` when it is fine."""
    max_chars = int(policy.get("max_answer_chars", 2_000))  # type: ignore[call-overload]
    if len(text) > max_chars:
        return f"answer is {len(text)} characters (max_answer_chars={max_chars})"
    max_nesting = int(policy.get("max_nesting", 40))  # type: ignore[call-overload]
    depth = _depth(text)
    if depth > max_nesting:
        return f"brackets nested {depth} deep (max_nesting={max_nesting})"
    max_digits = int(policy.get("max_integer_digits", 500))  # type: ignore[call-overload]
    longest = max((len(m) for m in _INTEGER.findall(text)), default=0)
    if longest > max_digits:
        return f"an integer has {longest} digits (max_integer_digits={max_digits})"
    max_exponent = int(policy.get("max_exponent", 10_000))  # type: ignore[call-overload]
    for exponent in _exponents(text):
        if estimate_exponent(exponent, max_exponent) > max_exponent:
            return f"exponent {exponent[:40]!r} exceeds max_exponent={max_exponent}"
    for match in _E_NOTATION.finditer(text):
        if len(match.group(1)) > 12 or int(match.group(1)) > max_exponent:
            return f"exponent e{match.group(1)[:20]} exceeds max_exponent={max_exponent}"
    for match in _FACTORIAL.finditer(text):
        if len(match.group(1)) > 12 or int(match.group(1)) > max_exponent // 10:
            return f"factorial of {match.group(1)[:20]} is too large to evaluate"
    if text.count("!") > 5:
        return "too many factorials"
    return None
