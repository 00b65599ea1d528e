"""Dose verdicts: an amount against the KB's limits, after unit conversion, with qualifiers.

1. **Which facts.** ``max_daily_dose`` for amounts per day / 24 hours / week
   / "every N hours" (a rate), ``max_single_dose`` for "per dose", "at a
   time". An amount with no time base ("the maximum dose is 4 g") is read both
   ways and supported if either reading is (it is contradicted only when both
   are, or the only one the KB can check is).
2. **Which variants** (qualifiers). A qualifier the claim states picks the
   facts with that qualifier ("over the counter" -> ``availability: otc``;
   "for children" -> a ``population`` naming children). A population the claim
   does not state means the pack's default (adults): facts for other
   populations (children, the elderly) are left out. A claim with no stated
   availability is checked against the **most conservative** remaining variant
   (the lowest limit: for ibuprofen the OTC 1,200 mg/day, not the prescription
   3,200 mg/day), since advice that names no prescription reads as
   self-medication; except that a claim naming exactly another variant's limit
   ("the maximum is 3,200 mg a day") is supported by that variant, and the
   evidence names it.
3. **Units.** The claim is converted into the fact's unit with pint
   (:mod:`.units`); a fact of another dimension (per kg of body weight against
   per day) is skipped; if none is comparable, or pint cannot read the claim's
   unit ("8 tablets"), the claim is unverifiable and the reason says so.
4. **Comparison** with the fact's relative ``tolerance`` ``t``: ``equals``:
   ``|V - M| <= t M``; ``within``: ``V <= M (1 + t)``; ``over``: ``V > M (1 + t)``;
   ``above_ok``: ``M > V (1 + t)``; a negated ``equals`` is the opposite of
   ``equals``.

>>> within(4.0, 4.0, 0.0), within(4.2, 4.0, 0.05), within(4.3, 4.0, 0.05)
(True, True, False)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rewardstack.verifiers.facts.claims import Claim
from rewardstack.verifiers.facts.rules import CompiledRules
from rewardstack.verifiers.facts.store import Fact, Snapshot
from rewardstack.verifiers.facts.units import NotComparable, UnitProblem, conversion_factor
from rewardstack.verifiers.facts.verdict import Verdict, VerdictName

__all__ = ["DoseJudge", "within"]

_EPS = 1e-9


def within(value: float, limit: float, tolerance: float) -> bool:
    """``value <= limit * (1 + tolerance)`` (up to float rounding)."""
    return value <= limit * (1.0 + tolerance) + _EPS * max(1.0, abs(limit))


def _equal(value: float, limit: float, tolerance: float) -> bool:
    return abs(value - limit) <= tolerance * abs(limit) + _EPS * max(1.0, abs(limit))


@dataclass(frozen=True)
class _Limit:
    fact: Fact
    value: float  # the claim's amount in the fact's unit


class DoseJudge:
    """Checks dose claims with a pack's qualifier vocabulary (module docstring)."""

    def __init__(self, rules: CompiledRules):
        self.daily = rules.rules.dose.daily_relation
        self.single = rules.rules.dose.single_relation
        self.qualifiers = rules.qualifiers

    def judge(self, snapshot: Snapshot, claim: Claim) -> Verdict:
        quantity = claim.quantity
        assert quantity is not None
        if quantity.time_base != "none":
            return self._judge(snapshot, claim, claim.relation)
        single = self._judge(snapshot, claim, self.single)
        as_daily = replace(claim, relation=self.daily, quantity=replace(quantity, unit=replace(quantity.unit,
                                                                                                  per_day=1.0)))
        daily = self._judge(snapshot, as_daily, self.daily)
        daily = replace(daily, claim=claim, reason=f"read as per day: {daily.reason}")
        for verdict in ("supported", "contradicted"):
            for candidate in (single, daily):
                if candidate.verdict == verdict:
                    return candidate
        return single if single.facts else daily

    def _applicable(self, facts: tuple[Fact, ...], claim: Claim) -> list[Fact]:
        return self.qualifiers.applicable(facts, claim.qualifiers, claim.text)

    def _judge(self, snapshot: Snapshot, claim: Claim, relation: str) -> Verdict:
        quantity, entity = claim.quantity, claim.subject.link.entity
        assert quantity is not None and entity is not None
        name = snapshot.index.name(entity)
        facts = snapshot.facts(entity, relation)
        if not facts:
            return Verdict(claim, "unverifiable", f"the KB has no {relation} for {name}")
        applicable = self._applicable(facts, claim)
        if not applicable:
            variants = "; ".join(f.statement for f in facts)
            stated = ", ".join(f"{k}: {v}" for k, v in claim.qualifiers) or "the default qualifiers"
            return Verdict(claim, "unverifiable", f"the KB's {relation} facts for {name} ({variants}) do not "
                           f"cover what the claim states ({stated})")
        limits, problems = [], []
        for fact in applicable:
            assert fact.unit is not None
            try:
                limits.append(_Limit(fact, quantity.value * conversion_factor(quantity.unit, fact.unit)))
            except UnitProblem as exc:
                return Verdict(claim, "unverifiable", f"unit {quantity.unit.mass!r} of {quantity.text!r}: {exc}")
            except NotComparable as exc:
                problems.append(str(exc))
        if not limits:
            return Verdict(claim, "unverifiable", f"{quantity.text!r}: {problems[0]}", tuple(applicable))
        return self._compare(claim, limits)

    def _compare(self, claim: Claim, limits: list[_Limit]) -> Verdict:
        test = claim.dose_test
        conservative = min(limits, key=lambda lim: lim.fact.value or 0.0)
        exact = [lim for lim in limits if _equal(lim.value, lim.fact.value or 0.0, lim.fact.tolerance)]
        unit = conservative.fact.unit
        shown = f"{conservative.value:g} {unit}"
        limit_text = f"{conservative.fact.value:g} {unit}"
        verdict: VerdictName
        if test == "equals":
            chosen = exact[0] if exact else conservative
            verdict = "supported" if exact else "contradicted"
            if claim.polarity == "negative":
                verdict = "contradicted" if exact else "supported"
            reason = f"claimed limit {chosen.value:g} {chosen.fact.unit}; KB: {chosen.fact.statement}"
            return Verdict(claim, verdict, reason, (chosen.fact,))
        lim = conservative.fact
        assert lim.value is not None
        if test == "within":
            ok = within(conservative.value, lim.value, lim.tolerance)
            if not ok and exact:
                return Verdict(claim, "supported", f"{exact[0].value:g} {exact[0].fact.unit} is the limit of "
                               f"another variant; KB: {exact[0].fact.statement}", (exact[0].fact,))
            reason = f"{shown} {'is within' if ok else 'exceeds'} the limit {limit_text}; KB: {lim.statement}"
        elif test == "over":
            ok = not within(conservative.value, lim.value, lim.tolerance)
            reason = f"{shown} {'exceeds' if ok else 'does not exceed'} the limit {limit_text}; KB: {lim.statement}"
        else:  # above_ok: "more than V is fine" claims the limit lies above V
            ok = not within(lim.value, conservative.value, lim.tolerance)
            reason = (f"the claim allows more than {shown}; the limit {limit_text} "
                      f"{'lies above' if ok else 'does not lie above'} it; KB: {lim.statement}")
        if len(limits) > 1 and not any(k == "availability" for k, _ in claim.qualifiers):
            reason += " (no availability stated: the most conservative variant applies)"
        return Verdict(claim, "supported" if ok else "contradicted", reason, (lim,))
