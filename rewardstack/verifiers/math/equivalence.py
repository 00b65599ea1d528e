"""Are two parsed answers the same? Typed comparison, exact where possible.

Values: structural equality, then ``expand(a - b) == 0`` (symbolic); without
variables, 50-digit evaluation compared relatively (``rel_tol`` when a
decimal was written, else 1e-40 on the evaluated difference, so ``1/2^99`` != ``1/2^98`` and
``1 - 1/e`` != ``1 + 1/e``, ``10^{30}+\\sqrt{2}`` != ``10^{30}+\\sqrt{3}``); with variables, evaluation at seeded random
points (sampled). Structures compare by kind: intervals by endpoints *and*
brackets, sets unordered, tuples ordered, bare lists by policy, matrices by
shape and cells, equations up to a nonzero constant factor, inequalities as
solution sets.

Sampling is on the real domain unless either side contains ``i``
(:mod:`~rewardstack.verifiers.math.sampling`): ``\\sqrt{4/k}`` ==
``\\frac{2}{\\sqrt{k}}``, while ``\\sqrt{x^2}`` != ``x`` and ``|x|`` != ``x``.

Worked arithmetic: a chain of equalities (``a + b = 12 + 5 = 17``: three or
more members, or two that are both plain values) against a value is read as
its last member when that is a value, after checking every member that can be
evaluated equals it; an inconsistent chain is undecided. ``x + y = 10`` stays
an equation. Named answers (``P = (2, 3)``) compare by their value when one
side is unnamed (``strip_variable_assignment``); two different names differ.

>>> from rewardstack.verifiers.math.structure import parse_structure as p
>>> equivalent(p("(x+1)^2"), p("x^2+2x+1"), {}).outcome
'correct'
>>> equivalent(p("[1,2)"), p("(1,2]"), {}).outcome
'incorrect'
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from rewardstack.verifiers.math.sampling import EXACT_TOL, Undecided, agree, proportional, sampled
from rewardstack.verifiers.math.structure import Answer, unnamed
from rewardstack.verifiers.math.verdict import Method, Verdict

__all__ = ["equivalent", "values_equal"]

def _tolerance(approximate: bool, policy: Mapping[str, object]) -> sympy.Float:
    return sympy.Float(str(policy.get("rel_tol", 1e-6)), 60) if approximate else EXACT_TOL


def values_equal(a: sympy.Expr, b: sympy.Expr, approximate: bool, policy: Mapping[str, object]) -> tuple[bool, Method]:
    """``(equal, method)`` for two expressions; raises :class:`Undecided`."""
    if a == b:
        return True, "symbolic"
    if a.has(sympy.oo, -sympy.oo, sympy.zoo) or b.has(sympy.oo, -sympy.oo, sympy.zoo):
        return False, "symbolic"
    diff = a - b
    if diff == 0:
        return True, "symbolic"
    if not approximate and _cheap_to_expand(diff):
        # simplification kept cheap: expand (polynomials), cancel (rational functions); the rest
        # (trig, logs, radicals in variables) is decided by sampling, which never hangs
        if sympy.expand(diff) == 0 or (diff.free_symbols and sympy.cancel(diff) == 0):
            return True, "symbolic"
    tol = _tolerance(approximate, policy)
    abs_tol = float(policy.get("abs_tol", 0.0))  # type: ignore[arg-type]
    symbols = sorted(a.free_symbols | b.free_symbols, key=str)
    if not symbols:
        if diff.is_Rational and not approximate:
            return False, "numeric"  # exact rationals that differ (diff == 0 was handled above)
        same = agree(a, b, tol, abs_tol)
        if same is None:
            raise Undecided("could not evaluate numerically")
        return same, "numeric"
    return sampled(a, b, symbols, tol, abs_tol, policy), "sampled"


def _cheap_to_expand(expr: sympy.Expr) -> bool:
    """Expanding ``(x+1)^{9000}`` takes minutes; sampling decides such pairs instead."""
    powers = expr.atoms(sympy.Pow)
    if any(p.exp.is_Integer and abs(p.exp) > 64 and p.base.free_symbols for p in powers):
        return False
    return sympy.count_ops(expr) <= 400


def _as_set(answer: Answer, policy: Mapping[str, object]) -> sympy.Set | None:
    if answer.kind == "interval":
        return answer.value  # type: ignore[return-value]
    if answer.kind == "pair":
        lo, hi = answer.items
        return sympy.Interval.open(lo.value, hi.value)
    if answer.kind == "relation" and policy.get("inequality_as_interval", True):
        exprs = [i.value for i in answer.items]
        symbols = set().union(*(e.free_symbols for e in exprs))  # type: ignore[union-attr]
        if len(symbols) != 1 or "=" in answer.ops:
            return None
        (x,) = symbols
        result: sympy.Set = sympy.S.Reals
        for lhs, op, rhs in zip(exprs, answer.ops, exprs[1:], strict=False):
            rel = sympy.Rel(lhs, rhs, op)
            result = sympy.Intersection(result, sympy.solveset(rel, x, sympy.S.Reals))
        return result
    return None


def _assignment(answer: Answer) -> Answer | None:
    """``x = v`` -> v."""
    if answer.kind == "relation" and answer.ops == ["="] and isinstance(answer.items[0].value, sympy.Symbol):
        return answer.items[1]
    if answer.kind == "relation" and answer.ops == ["="] and isinstance(answer.items[1].value, sympy.Symbol):
        return answer.items[0]
    return None


def equivalent(pred: Answer, ref: Answer, policy: Mapping[str, object]) -> Verdict:
    try:
        return _compare(pred, ref, policy)
    except Undecided as exc:
        return Verdict.unverifiable(f"undecided: {exc}")


def _compare(pred: Answer, ref: Answer, policy: Mapping[str, object]) -> Verdict:
    if pred.name or ref.name:
        return _named(pred, ref, policy)
    if pred.kind == "value" and ref.kind == "value":
        equal, method = values_equal(pred.value, ref.value, pred.approximate or ref.approximate, policy)  # type: ignore[arg-type]
        return Verdict.correct(method) if equal else Verdict.incorrect(method, "values differ")
    chain = _chain_against(pred, ref, policy)
    if chain is not None:
        return chain
    if policy.get("strip_variable_assignment", True) and (pred.kind == "relation") != (ref.kind == "relation"):
        pv, rv = _assignment(pred), _assignment(ref)
        if pv is not None or rv is not None:
            return _compare(pv or pred, rv or ref, policy)
    if pred.kind == "relation" and ref.kind == "relation":
        return _relations(pred, ref, policy)
    if "interval" in (pred.kind, ref.kind) or "relation" in (pred.kind, ref.kind):
        return _sets(pred, ref, policy)
    return _sequences(pred, ref, policy)


def _named(pred: Answer, ref: Answer, policy: Mapping[str, object]) -> Verdict:
    if pred.name and ref.name and pred.name != ref.name:
        return Verdict.incorrect("structure", f"named {pred.name} != {ref.name}")
    if bool(pred.name) != bool(ref.name) and not policy.get("strip_variable_assignment", True):
        return Verdict.incorrect("structure", "a named answer is not a bare one (strip_variable_assignment=False)")
    return _compare(unnamed(pred), unnamed(ref), policy)


def _is_chain(answer: Answer) -> bool:
    """``a + b = 12 + 5 = 17`` or ``12 + 5 = 17``: equalities whose last member is a value."""
    if answer.kind != "relation" or set(answer.ops) != {"="}:
        return False
    values = [i.value for i in answer.items]
    if any(v is None or not isinstance(v, sympy.Expr) for v in values) or values[-1].free_symbols:  # type: ignore[union-attr]
        return False
    return len(values) >= 3 or not values[0].free_symbols  # type: ignore[union-attr]


def _chain_value(chain: Answer, policy: Mapping[str, object]) -> Answer:
    """The last member, once every member that evaluates is checked equal to it (else :class:`Undecided`)."""
    last = chain.items[-1]
    for member in chain.items[:-1]:
        if member.value is None or member.value.free_symbols:
            continue  # "a + b": cannot be evaluated, so it cannot contradict
        try:
            equal, _ = values_equal(member.value, last.value, member.approximate or last.approximate, policy)  # type: ignore[arg-type]
        except Undecided:
            continue
        if not equal:
            raise Undecided(f"the chain of equalities is inconsistent ({member.value} != {last.value})")
    return last


def _chain_against(pred: Answer, ref: Answer, policy: Mapping[str, object]) -> Verdict | None:
    """Worked arithmetic on either side against a value, or against ``x = value`` with the same name."""
    if _is_chain(pred) and _is_chain(ref):
        return _compare(_chain_value(pred, policy), _chain_value(ref, policy), policy)
    for chain, other, swapped in ((pred, ref, False), (ref, pred, True)):
        if not _is_chain(chain) or chain.kind == other.kind == "value":
            continue
        target = other
        if other.kind == "relation":
            value = _assignment(other)
            if value is None or other.items[0].value != chain.items[0].value:
                raise Undecided("a chain of equalities against an equation it does not name")
            target = value
        elif other.kind != "value":
            continue
        collapsed = _chain_value(chain, policy)
        return _compare(target, collapsed, policy) if swapped else _compare(collapsed, target, policy)
    return None


def _relations(pred: Answer, ref: Answer, policy: Mapping[str, object]) -> Verdict:
    if pred.ops == ["="] and ref.ops == ["="]:
        pa, ra = _assignment(pred), _assignment(ref)
        if pa is not None and ra is not None and pred.items[0].value == ref.items[0].value:
            return _compare(pa, ra, policy)
        f = pred.items[0].value - pred.items[1].value  # type: ignore[operator]
        g = ref.items[0].value - ref.items[1].value  # type: ignore[operator]
        if proportional(f, g, policy):
            return Verdict.correct("sampled")
        return Verdict.incorrect("sampled", "equations describe different relations")
    if "=" in pred.ops or "=" in ref.ops:
        return Verdict.incorrect("structure", "an equation is not an inequality")
    if _symbols(pred) != _symbols(ref):
        return Verdict.incorrect("structure", "the inequalities constrain different variables")
    return _sets(pred, ref, policy)


def _symbols(answer: Answer) -> set[sympy.Symbol]:
    return set().union(*(i.value.free_symbols for i in answer.items if i.value is not None))


def _sets(pred: Answer, ref: Answer, policy: Mapping[str, object]) -> Verdict:
    if pred.kind == "pair" and ref.kind == "pair":
        return _sequences(pred, ref, policy)
    ps, rs = _as_set(pred, policy), _as_set(ref, policy)
    if ps is None or rs is None:
        return Verdict.incorrect("structure", f"a {pred.kind} is not comparable to a {ref.kind}")
    if policy.get("interval_brackets", "strict") == "ignore":
        ps, rs = ps.closure, rs.closure
    if ps == rs:
        return Verdict.correct("symbolic")
    if isinstance(ps, sympy.Interval) and isinstance(rs, sympy.Interval):
        if (ps.left_open, ps.right_open) != (rs.left_open, rs.right_open):
            return Verdict.incorrect("structure", "interval brackets differ (open vs closed ends)")
        approx = pred.approximate or ref.approximate
        same = all(values_equal(a, b, approx, policy)[0] for a, b in ((ps.start, rs.start), (ps.end, rs.end)))
        return Verdict.correct("numeric") if same else Verdict.incorrect("numeric", "interval endpoints differ")
    difference = sympy.Union(sympy.Complement(ps, rs), sympy.Complement(rs, ps))
    if difference == sympy.S.EmptySet:
        return Verdict.correct("symbolic")
    return Verdict.incorrect("symbolic", "the sets differ")


def _items(answer: Answer) -> list[Answer]:
    if answer.kind not in ("pair", "tuple", "set", "list", "matrix"):
        return [answer]
    names = [_assigned_name(i) for i in answer.items]
    if answer.kind == "list" and all(names) and len(set(names)) == len(names):
        # "b = -3, a = 2" answers "(a, b)": named values are put in alphabetical order
        return [i for _, i in sorted(zip(names, answer.items, strict=True), key=lambda pair: str(pair[0]))]
    return answer.items


def _assigned_name(answer: Answer) -> str | None:
    if answer.name:
        return answer.name
    if answer.kind == "relation" and answer.ops == ["="] and isinstance(answer.items[0].value, sympy.Symbol):
        return str(answer.items[0].value)
    return None


def _sequences(pred: Answer, ref: Answer, policy: Mapping[str, object]) -> Verdict:
    kinds = {pred.kind, ref.kind}
    if "matrix" in kinds:
        if pred.kind == ref.kind and pred.shape != ref.shape:
            return Verdict.incorrect("structure", f"matrix shape {pred.shape} != {ref.shape}")
        other = ref if pred.kind == "matrix" else pred
        if pred.kind != ref.kind and (other.kind not in ("pair", "tuple", "list") or 1 not in (pred.shape + ref.shape)):
            return Verdict.incorrect("structure", f"a {pred.kind} is not a {ref.kind}")
    if "set" in kinds and kinds & {"pair", "tuple"}:
        return Verdict.incorrect("structure", "an unordered set is not an ordered tuple")
    p_items, r_items = _items(pred), _items(ref)
    if len(p_items) != len(r_items):
        return Verdict.incorrect("structure", f"{len(p_items)} element(s) != {len(r_items)}")
    unordered = "set" in kinds or (kinds <= {"list", "value"} and policy.get("list_order", "ignore") == "ignore")
    if unordered:
        remaining = list(r_items)
        for p in p_items:
            match = next((r for r in remaining if _compare(p, r, policy).is_correct), None)
            if match is None:
                return Verdict.incorrect("structure", "an element has no equal in the reference")
            remaining.remove(match)
        return Verdict.correct("symbolic")
    for i, (p, r) in enumerate(zip(p_items, r_items, strict=True)):
        verdict = _compare(p, r, policy)
        if not verdict.is_correct:
            return Verdict.incorrect(verdict.method, f"element {i + 1}: {verdict.reason or verdict.outcome}")
    return Verdict.correct("symbolic")
