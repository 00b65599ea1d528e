"""Numbers at points: exact-enough evaluation, and seeded sampling on the real domain.

Values are evaluated to 50 significant digits (the *difference* of two sides as
one expression, so cancellation is resolved). Expressions in variables are
compared at seeded random points. Unless either side contains ``i``, a point
counts only where both sides are real and finite: every non-integer power has
a non-negative base, every logarithm a positive argument, every
arcsine/arccosine an argument in [-1, 1], and the values are real. Up to
``4 * sample_points`` candidates are drawn (the later ones over wider ranges)
until ``sample_points`` count; fewer than half of that raises
:class:`Undecided` (unverifiable), never a verdict.

>>> x = sympy.Symbol("x")
>>> sampled(sympy.sqrt(4 / x), 2 / sympy.sqrt(x), [x], EXACT_TOL, 0.0, {})
True
>>> sampled(sympy.Abs(x), x, [x], EXACT_TOL, 0.0, {})
False
"""

from __future__ import annotations

import random
from collections.abc import Mapping

import sympy

__all__ = ["DIGITS", "EXACT_TOL", "Undecided", "agree", "numeric", "points", "proportional", "sampled"]

# Exact values: the *difference* is evaluated to 50 significant digits, so a true zero shows
# up ~1e-100 relative or smaller while a real difference keeps its size; 1e-40 separates them.
EXACT_TOL = sympy.Float("1e-40", 60)
DIGITS = 50


class Undecided(Exception):
    """Neither equality nor inequality could be established."""


def _close(a: sympy.Expr, b: sympy.Expr, tol: sympy.Float, abs_tol: float) -> bool:
    diff = abs(a - b)
    scale = max(abs(a), abs(b))
    return bool(diff <= tol * scale or diff <= abs_tol)


def agree(a: sympy.Expr, b: sympy.Expr, tol: sympy.Float, abs_tol: float,
          point: dict[sympy.Symbol, sympy.Expr] | None = None) -> bool | None:
    """Equal within ``tol`` relative, or ``None`` where either side is undefined.

    The difference is evaluated as one expression, so evalf's adaptive
    precision resolves cancellation: ``10^{30} + \\sqrt{2}`` vs
    ``10^{30} + \\sqrt{3}`` differ by 0.32, not by 1e-31 relative.
    """
    va, vb = numeric(a, point), numeric(b, point)
    if va is None or vb is None:
        return None
    diff = numeric(a - b, point)
    if diff is None:
        diff = va - vb
    scale = max(abs(va), abs(vb))
    return bool(abs(diff) <= tol * scale or abs(diff) <= abs_tol)


def numeric(expr: sympy.Expr, point: dict[sympy.Symbol, sympy.Expr] | None = None) -> sympy.Expr | None:
    """``expr`` (at ``point``) to ``DIGITS`` digits, or ``None`` where it is undefined or infinite."""
    value = sympy.N(expr, DIGITS, subs=point) if point else sympy.N(expr, DIGITS)
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or not value.is_number:
        return None
    re_part, im_part = value.as_real_imag()
    if not (re_part.is_Number and im_part.is_Number):
        return None
    return value


_Point = dict[sympy.Symbol, sympy.Expr]
_SCALES = (1, 10, sympy.Rational(1, 10), 100)  # batch by batch: the usual range, then wider and narrower ones


def points(symbols: list[sympy.Symbol], policy: Mapping[str, object], count: int | None = None) -> list[_Point]:
    """Seeded points: the first ``sample_points`` in [0.13, 4.1] with mixed signs, later batches rescaled.

    Mixed signs and non-integers catch ``|x|`` != ``x`` and ``floor(x)`` != ``x``; the later
    batches (x10, x0.1, x100) reach domains such as ``x > 5`` or ``|x| <= 1`` that the first misses.
    """
    rng = random.Random(int(policy.get("seed", 0)))  # type: ignore[call-overload]
    base = int(policy.get("sample_points", 8))  # type: ignore[call-overload]
    count = base if count is None else count
    return [{s: sympy.Rational(rng.choice([-1, 1]) * rng.randint(13, 397), 97) * _SCALES[k // base % len(_SCALES)]
             for s in symbols} for k in range(count)]


def _real(value: sympy.Expr | None) -> bool:
    if value is None:
        return False
    re_part, im_part = value.as_real_imag()
    return bool(abs(im_part) <= sympy.Float("1e-30") * max(1, abs(re_part)))


def _domain_parts(expr: sympy.Expr) -> list[tuple[str, sympy.Expr]]:
    """Sub-expressions that must be in range for ``expr`` to be real: roots, logs, arcsin/arccos."""
    parts: list[tuple[str, sympy.Expr]] = []
    for power in expr.atoms(sympy.Pow):
        if power.base.free_symbols and not power.exp.is_integer:
            parts.append(("nonnegative", power.base))
    for log in expr.atoms(sympy.log):
        if log.args[0].free_symbols:
            parts.append(("positive", log.args[0]))
    for function in expr.atoms(sympy.asin, sympy.acos):
        if function.args[0].free_symbols:
            parts.append(("unit", function.args[0]))
    return parts


def _in_domain(parts: list[tuple[str, sympy.Expr]], point: _Point) -> bool:
    for kind, part in parts:
        value = sympy.N(part, 20, subs=point)
        if not value.is_number or not _real(value):
            return False
        x = value.as_real_imag()[0]
        if (kind == "nonnegative" and x < 0) or (kind == "positive" and x <= 0) or (kind == "unit" and abs(x) > 1):
            return False
    return True


def _real_points(exprs: list[sympy.Expr], symbols: list[sympy.Symbol],
                 policy: Mapping[str, object]) -> list[tuple[_Point, list[sympy.Expr]]]:
    """Up to ``sample_points`` points where every expression is real and finite, with its values."""
    need = int(policy.get("sample_points", 8))  # type: ignore[call-overload]
    parts = [p for e in exprs for p in _domain_parts(e)]
    found: list[tuple[_Point, list[sympy.Expr]]] = []
    for point in points(symbols, policy, 4 * need):
        if not _in_domain(parts, point):
            continue
        values = [numeric(e, point) for e in exprs]
        if all(_real(v) for v in values):
            found.append((point, values))  # type: ignore[arg-type]
            if len(found) == need:
                break
    return found


def _enough(found: int, policy: Mapping[str, object]) -> bool:
    return found >= max(2, int(policy.get("sample_points", 8)) // 2)  # type: ignore[call-overload]


def sampled(a: sympy.Expr, b: sympy.Expr, symbols: list[sympy.Symbol], tol: sympy.Float, abs_tol: float,
             policy: Mapping[str, object]) -> bool:
    if a.has(sympy.I) or b.has(sympy.I):
        return _sampled_complex(a, b, symbols, tol, abs_tol, policy)
    found = _real_points([a, b], symbols, policy)
    if not _enough(len(found), policy):
        raise Undecided(f"only {len(found)} sample point(s) where both sides are real and finite")
    return all(agree(a, b, tol, abs_tol, point) for point, _ in found)


def _sampled_complex(a: sympy.Expr, b: sympy.Expr, symbols: list[sympy.Symbol], tol: sympy.Float,
                     abs_tol: float, policy: Mapping[str, object]) -> bool:
    """With ``i`` written, answers are complex-valued: compare wherever both sides are defined."""
    agreed = 0
    for point in points(symbols, policy):
        va, vb = numeric(a, point), numeric(b, point)
        if va is None and vb is None:
            continue
        if va is None or vb is None or not agree(a, b, tol, abs_tol, point):
            return False
        agreed += 1
    if agreed < 2:
        raise Undecided("too few sample points where both sides are defined")
    return True


def proportional(f: sympy.Expr, g: sympy.Expr, policy: Mapping[str, object]) -> bool:
    """``f = 0`` and ``g = 0`` describe the same relation (``f = c*g``, ``c != 0``), on the real domain."""
    symbols = sorted(f.free_symbols | g.free_symbols, key=str)
    if not symbols:
        return bool(f == 0) == bool(g == 0)
    ratio: sympy.Expr | None = None
    agreed = 0
    if f.has(sympy.I) or g.has(sympy.I):
        evaluated = [(p, [numeric(f, p), numeric(g, p)]) for p in points(symbols, policy)]
    else:
        evaluated = _real_points([f, g], symbols, policy)  # type: ignore[assignment]
    for _, (vf, vg) in evaluated:
        if vf is None or vg is None:
            continue
        if abs(vg) < EXACT_TOL or abs(vf) < EXACT_TOL:
            if not (abs(vg) < EXACT_TOL and abs(vf) < EXACT_TOL):
                return False
            continue
        r = vf / vg
        if ratio is None:
            ratio = r
        elif not _close(r, ratio, sympy.Float("1e-12"), 0.0):
            return False
        agreed += 1
    if agreed < 2:
        raise Undecided("equations could not be evaluated at enough points")
    return True
