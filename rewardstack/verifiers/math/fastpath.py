"""Decide simple pairs without sympy: strings, plain numbers, choice letters, words.

Plain numbers (integers, decimals, ``a/b``, ``\\frac{a}{b}``, mixed numbers,
scientific notation, percentages) become :class:`fractions.Fraction`, so
comparisons are exact: ``1/2^99``-style tiny values are never rounded to zero.
A decimal on either side switches to the relative tolerance. Returns ``None``
when sympy is needed.

>>> from rewardstack.verifiers.math.config import MathAnswerConfig
>>> fast_check("0.5", r"\\frac{1}{2}", MathAnswerConfig().policy()).outcome
'correct'
>>> fast_check("1/3", "0.33", MathAnswerConfig().policy()).outcome
'incorrect'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import gcd

from rewardstack.verifiers.math.braces import strip_outer
from rewardstack.verifiers.math.clock import compare_clocks, parse_clock
from rewardstack.verifiers.math.normalise import canonical
from rewardstack.verifiers.math.verdict import Verdict

__all__ = ["PlainNumber", "fast_check", "is_plain_arithmetic", "parse_number", "strip_assignment"]

_NUM = r"[+-]?(?:\d+\.?\d*|\.\d+)"
_INT = r"[+-]?\d+"
_RE_DECIMAL = re.compile(rf"^{_NUM}$")
_RE_SCI_E = re.compile(rf"^({_NUM})[eE]([+-]?\d+)$")
_RE_SCI_TIMES = re.compile(rf"^(?:({_NUM})\s*(?:\\times|\\cdot|\*|x)\s*)?10\s*\^\s*\{{?\s*([+-]?\d+)\s*\}}?$")
_RE_SLASH = re.compile(rf"^({_NUM})\s*/\s*({_NUM})$")
_RE_FRAC = re.compile(rf"^([+-]?)\s*\\frac\s*\{{\s*({_NUM})\s*\}}\s*\{{\s*({_NUM})\s*\}}$")
_RE_MIXED = re.compile(r"^([+-]?)(\d+)\s*(?:\\frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}|\s(\d+)\s*/\s*(\d+))$")
_RE_REPEATING = re.compile(r"^([+-]?)(\d*)\.(\d*)\\overline\s*\{(\d+)\}$")
_RE_CHOICE = re.compile(r"^\(?([A-J])\)?$")
_RE_PRED_CHOICE = re.compile(r"^(?:\\textbf\s*)?\{?\(?\s*([A-Ja-j])\s*\)?\}?(?:[\s.:)].*)?$")
_RE_OTHER_CHOICE = re.compile(r"(?<![A-Za-z\\])[A-J](?![A-Za-z])")
_RE_ASSIGN = re.compile(r"^\s*[a-zA-Z](?:_\{?\w+\}?)?\s*=\s*([^=<>]+)$")
_RE_WORDS = re.compile(r"^[A-Za-z][A-Za-z' -]*$")
_RE_ARITH = re.compile(r"^(?:[\d.\s+\-*/^(){}!]|\\times|\\cdot|\\div|\\frac|\\sqrt|\\left|\\right)+$")
_SHORT_WORDS = {"no", "or", "on", "up", "ok"}
_MAX_TEXT_WORDS = 6


@dataclass(frozen=True)
class PlainNumber:
    """A number written plainly: its exact value and how it was written."""

    value: Fraction
    approximate: bool  # written with a decimal point
    form: str  # int | decimal | fraction | mixed | scientific
    percent: bool = False
    reduced: bool = True


def _strip_wrappers(text: str) -> str:
    return strip_outer(text, "{(")  # linear: 20,000 nested parentheses once took seconds here


def _exact(text: str) -> Fraction:
    """``Fraction(text)`` for a plain decimal literal, without the slow general string parser."""
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    whole, _, frac = digits.partition(".")
    return Fraction(sign * int((whole or "0") + frac), 10 ** len(frac))


def _fraction(num: str, den: str) -> tuple[Fraction, bool] | None:
    d = _exact(den)
    if d == 0:
        return None
    return _exact(num) / d, "." in num or "." in den


def parse_number(text: str, max_exponent: int = 10_000) -> PlainNumber | None:
    """``text`` as a plain number, or ``None`` if it is anything else."""
    text = _strip_wrappers(text)
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if _RE_DECIMAL.match(text):
        form = "decimal" if "." in text else "int"
        return PlainNumber(_exact(text), form == "decimal", form, percent)
    sci = _RE_SCI_E.match(text) or _RE_SCI_TIMES.match(text)
    if sci:
        mantissa, exponent = sci.group(1) or "1", int(sci.group(2))
        if abs(exponent) > max_exponent:
            return None
        return PlainNumber(_exact(mantissa) * Fraction(10) ** exponent, "." in mantissa, "scientific", percent)
    frac = _RE_FRAC.match(text)
    slash = _RE_SLASH.match(text)
    if frac or slash:
        sign, num, den = (frac.group(1), frac.group(2), frac.group(3)) if frac else ("", *slash.groups())  # type: ignore[union-attr]
        parsed = _fraction(num, den)
        if parsed is None:
            return None
        value = -parsed[0] if sign == "-" else parsed[0]
        reduced = parsed[1] or gcd(int(num), int(den)) in (0, 1)
        return PlainNumber(value, parsed[1], "fraction", percent, reduced)
    repeating = _RE_REPEATING.match(text)
    if repeating:  # 0.1\overline{6} = 1/6
        sign, whole, fixed, cycle = repeating.groups()
        value = Fraction(int(whole or "0")) + Fraction(int(fixed or "0"), 10 ** len(fixed))
        value += Fraction(int(cycle), (10 ** len(cycle) - 1) * 10 ** len(fixed))
        return PlainNumber(-value if sign == "-" else value, False, "repeating", percent)
    mixed = _RE_MIXED.match(text)
    if mixed:
        whole = int(mixed.group(2))
        num, den = int(mixed.group(3) or mixed.group(5)), int(mixed.group(4) or mixed.group(6))
        if den == 0 or num >= den:
            return None
        value = whole + Fraction(num, den)
        return PlainNumber(-value if mixed.group(1) == "-" else value, False, "mixed", percent)
    return None


def _candidates(n: PlainNumber, mode: object) -> list[Fraction]:
    if not n.percent or mode in ("strip", "strict"):
        return [n.value]
    if mode == "fraction":
        return [n.value / 100]
    return [n.value, n.value / 100]


def _close(a: Fraction, b: Fraction, approximate: bool, policy: Mapping[str, object]) -> bool:
    if a == b:
        return True
    if not approximate:
        return False
    rel = Fraction(str(policy.get("rel_tol", 1e-6)))
    tol = max(rel * max(abs(a), abs(b)), Fraction(str(policy.get("abs_tol", 0.0))))
    return abs(a - b) <= tol


def compare_numbers(pred: PlainNumber, ref: PlainNumber, policy: Mapping[str, object]) -> Verdict:
    mode = policy.get("percent", "either")
    if mode == "strict" and pred.percent != ref.percent:
        return Verdict.incorrect("numeric", "percent sign on one side only (percent='strict')")
    if policy.get("unreduced_fractions") == "reject" and not pred.reduced:
        return Verdict.incorrect("numeric", "fraction not in lowest terms (unreduced_fractions='reject')")
    approximate = pred.approximate or ref.approximate
    for a in _candidates(pred, mode):
        for b in _candidates(ref, mode):
            if _close(a, b, approximate, policy):
                return Verdict.correct("numeric")
    return Verdict.incorrect("numeric", f"{_show(pred.value)} != {_show(ref.value)}")


def _show(value: Fraction) -> str:
    bits = max(value.numerator.bit_length(), value.denominator.bit_length())
    if bits > 128:  # str() of a huge int is slow and capped at 4300 digits
        return f"a number of about {int(bits * 0.30103)} digits"
    return str(value)


def strip_assignment(text: str) -> str:
    """``x = 3`` -> ``3`` (one variable on the left, no other relation)."""
    match = _RE_ASSIGN.match(text)
    return match.group(1).strip() if match and "," not in match.group(1) else text


def is_plain_arithmetic(text: str) -> bool:
    """Only numbers and arithmetic operators (what ``require_evaluated`` rejects)."""
    return bool(_RE_ARITH.match(text)) and bool(re.search(r"\d", text))


def _clocks(pred: str, ref: str) -> Verdict | None:
    """Clock times (``7:30`` == ``07:30``); a time against a plain number is wrong, else sympy decides."""
    if ":" not in pred and ":" not in ref:
        return None
    p, r = parse_clock(pred), parse_clock(ref)
    if p is not None and r is not None:
        if compare_clocks(p, r):
            return Verdict.correct("structure")
        return Verdict.incorrect("structure", f"time {pred} != {ref}")
    if (p is None) != (r is None) and parse_number(pred if p is None else ref) is not None:
        return Verdict.incorrect("structure", "a clock time is not a number")
    return None


def _is_text(text: str) -> bool:
    """A short text answer ("yes", "no solution", "Tuesday"); a long sentence is prose, not an answer."""
    if not _RE_WORDS.match(text):
        return False
    words = text.lower().split()
    if len(words) > _MAX_TEXT_WORDS:
        return False
    return any(len(w) >= 3 for w in words) or (len(words) == 1 and words[0] in _SHORT_WORDS)


def fast_check(pred: str, ref: str, policy: Mapping[str, object]) -> Verdict | None:
    """A verdict when the pair is simple, else ``None`` (sympy needed)."""
    if canonical(pred) == canonical(ref):
        return Verdict.correct("string")
    if policy.get("strip_variable_assignment", True) and ("=" in pred) != ("=" in ref):
        pred, ref = strip_assignment(pred), strip_assignment(ref)
        if canonical(pred) == canonical(ref):
            return Verdict.correct("string")
    clock = _clocks(pred, ref)
    if clock is not None:
        return clock
    choice = _RE_CHOICE.match(ref)
    if choice:
        got = _RE_PRED_CHOICE.match(pred)
        if got is None:
            return Verdict.incorrect("choice", f"expected choice {choice.group(1)}, got no choice letter")
        if _RE_OTHER_CHOICE.search(pred[got.end(1):]):
            return Verdict.incorrect("choice", "more than one choice letter given")
        if got.group(1).islower() and not pred.lstrip("{").startswith("("):
            return Verdict.incorrect("choice", f"expected choice {choice.group(1)}, got {pred!r}")
        if got.group(1).upper() == choice.group(1):
            return Verdict.correct("choice")
        return Verdict.incorrect("choice", f"choice {got.group(1).upper()} != {choice.group(1)}")
    max_exp = int(policy.get("max_exponent", 10_000))  # type: ignore[call-overload]
    ref_num = parse_number(ref, max_exp)
    pred_num = parse_number(pred, max_exp)
    if ref_num is not None and pred_num is not None:
        return compare_numbers(pred_num, ref_num, policy)
    if _is_text(ref):
        if not policy.get("text_case_sensitive", False):
            pred, ref = pred.lower(), ref.lower()
        if canonical(pred) == canonical(ref):
            return Verdict.correct("text")
        if _RE_WORDS.match(pred) or pred_num is not None:
            return Verdict.incorrect("text", f"text {pred!r} != {ref!r}")
        return None
    if _is_text(pred):  # "no idea", "not sure": no math answer to check
        return Verdict.unverifiable("the answer is words where a math answer was expected")
    evaluated_ref = ref_num is not None and not ref_num.approximate
    if evaluated_ref and policy.get("require_evaluated", True) and is_plain_arithmetic(pred):
        return Verdict.incorrect("numeric", "unevaluated arithmetic where a number was expected (require_evaluated)")
    return None
