"""Refuse inputs that would make sympy slow, before sympy sees them.

Screens: answer length, bracket nesting depth, integer literals with too
many digits, exponents above ``max_exponent`` (towers such as
``10^{10^{10}}`` and ``9^(9^(9^9))``, braces or parentheses, are estimated,
never computed), large factorials (``3000!``, ``(10^{10})!``). A screened pair
is *unverifiable*, not wrong. Screens run on the normalised text (so ``**``
has become ``^``), after the identical-string check: an answer equal to its
reference is never screened out. Each screen is linear in the text (groups
come from one :class:`~rewardstack.verifiers.math.braces.BracketIndex`; an
exponent group is estimated from at most ``_GROUP_CHARS`` characters, its inner
exponents being screened on their own). The hard deadline of the worker pool
stays the last line of defence.

>>> screen(r"10^{10^{10}}", {}) is not None
True
>>> screen(r"2^{100}", {}) is None
True
>>> screen("9^(9^(9^9))", {})
"exponent '(9^(9^9))' exceeds max_exponent=10000"
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from rewardstack.verifiers.math.braces import BracketIndex

__all__ = ["estimate_exponent", "screen"]

_INTEGER = re.compile(r"\d+")
_FACTORIAL = re.compile(r"(\d+)\s*!")
_E_NOTATION = re.compile(r"\d[eE][+-]?(\d+)")
_NUMERIC_EXPONENT = re.compile(r"^[\d\s.^{}+\-()]*$")
_CARET = re.compile(r"\^\s*")
_TOKEN_AFTER_CARET = re.compile(r"-?\d+(?:\.\d+)?|\\?[a-zA-Z]+|.")
_GROUP_CHARS = 256
_MAX_LEVELS = 32  # a tower this tall saturates the estimate anyway


def _depth(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")}]":
            depth -= 1
    return deepest


def _exponents(text: str, index: BracketIndex) -> list[str]:
    """The exponent after every ``^`` (nested ones too): a ``{..}``/``(..)`` group or one token.

    A group longer than ``_GROUP_CHARS`` is cut there: the exponents nested in it are
    screened at their own ``^``, and the cut keeps the total work linear.
    """
    found: list[str] = []
    for match in _CARET.finditer(text):
        rest = match.end()
        close = index.close.get(rest)
        if close is not None and text[rest] in "{(":
            found.append(text[rest : min(close + 1, rest + _GROUP_CHARS)])
        else:
            token = _TOKEN_AFTER_CARET.match(text, rest)
            if token:
                found.append(token.group(0))
    return found


def _unwrap(text: str) -> str:
    text = text.strip()
    while len(text) >= 2 and (text[0], text[-1]) in (("{", "}"), ("(", ")")):
        text = text[1:-1].strip()
    return text


def estimate_exponent(text: str, cap: float, _level: int = 0) -> float:
    """An upper estimate of ``|value|`` of an exponent, saturating at ``cap * 10``.

    >>> estimate_exponent("(9^9)", 10_000)
    100000
    """
    text = _unwrap(text)
    if "^" in text and _NUMERIC_EXPONENT.match(text):
        if _level >= _MAX_LEVELS:
            return cap * 10
        base_text, _, power_text = text.partition("^")
        base = estimate_exponent(base_text, cap, _level + 1)
        power = estimate_exponent(power_text, cap, _level + 1)
        if base <= 1:
            return 1.0
        log_value = power * math.log10(base)
        return cap * 10 if log_value > math.log10(cap * 10) else float(10**log_value)
    integers = _INTEGER.findall(text)
    numbers = [int(n) for n in integers[:50] if len(n) < 30]
    if len(integers) != len(numbers):
        return cap * 10
    return float(max(numbers, default=0))


def _group_factorials(text: str, index: BracketIndex, cap: int) -> str | None:
    """``(10^{10})!``: the value of a bracketed group before ``!``, estimated like an exponent."""
    opens = {close: start for start, close in index.close.items()}
    for match in re.finditer(r"[)}]\s*!", text):
        start = opens.get(match.start())
        if start is None:
            continue
        group = text[start : min(match.start() + 1, start + _GROUP_CHARS)]
        if estimate_exponent(group, cap) > cap // 10:
            return f"factorial of {group[:40]!r} is too large to evaluate"
    return None


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
    for match in _E_NOTATION.finditer(text):
        if len(match.group(1)) > 12 or int(match.group(1)) > max_exponent:
            return f"exponent e{match.group(1)[:20]} exceeds max_exponent={max_exponent}"
    if "^" not in text and "!" not in text:
        return None  # the bracket index below is the costly part; most answers need none of it
    index = BracketIndex(text, "{(")
    for exponent in _exponents(text, index):
        if estimate_exponent(exponent, max_exponent) > max_exponent:
            return f"exponent {exponent[:40]!r} exceeds max_exponent={max_exponent}"
    for match in _FACTORIAL.finditer(text):
        if len(match.group(1)) > 12 or int(match.group(1)) > max_exponent // 10:
            return f"factorial of {match.group(1)[:20]} is too large to evaluate"
    if text.count("!") > 5:
        return "too many factorials"
    return _group_factorials(text, index, max_exponent)
