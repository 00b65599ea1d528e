"""Row types and short constructors for the claim and pair tables of the medicine pack.

A claim row holds the sentence, its hand label and its structured reading (a :class:`Spec`); a twin
row holds a sentence and its negation, which become two claims linked by ``negation_of``.

>>> row = twin("interaction", "Warfarin interacts with ibuprofen.", "Warfarin does not interact with ibuprofen.",
...            "supported", ix("warfarin", "ibuprofen"))
>>> row.negated_text.startswith("Warfarin does not"), row.spec.relation
(True, 'interacts_with')
"""

from __future__ import annotations

from typing import NamedTuple

from rewardstack.verifiers.facts.packs.medicine._semantics import Spec

__all__ = ["ClaimRow", "PairRow", "absent", "ci", "claim", "dose", "isa", "ix", "no", "single", "tr", "twin", "unk"]


class ClaimRow(NamedTuple):
    kind: str
    text: str
    label: str  # the hand label of ``text``; the builder checks it against the KB
    spec: Spec
    tags: tuple[str, ...] = ()
    negated_text: str | None = None  # a twin: this sentence negated (label flips)


class PairRow(NamedTuple):
    topic: str
    prompt: str
    fluent_wrong: str
    wrong: tuple[Spec, ...]  # claims in fluent_wrong; at least one is contradicted
    hedged_right: str
    right: tuple[Spec, ...]  # claims in hedged_right; every one is supported


def claim(kind: str, text: str, label: str, spec: Spec, tags: str = "") -> ClaimRow:
    return ClaimRow(kind, text, label, spec, tuple(tags.split()))


def twin(kind: str, text: str, negated: str, label: str, spec: Spec, tags: str = "") -> ClaimRow:
    return ClaimRow(kind, text, label, spec, tuple(tags.split()), negated)


def isa(drug: str, cls: str) -> Spec:
    return Spec("is_a", (drug, cls))


def ix(a: str, b: str) -> Spec:
    return Spec("interacts_with", (a, b))


def ci(a: str, b: str) -> Spec:
    return Spec("contraindicated_with", (a, b))


def tr(drug: str, condition: str) -> Spec:
    return Spec("treats", (drug, condition))


def dose(drug: str, value: float, unit: str, mode: str = "max", **qualifiers: str) -> Spec:
    return Spec("max_daily_dose", (drug,), value=value, unit=unit, qualifiers=qualifiers, mode=mode)


def single(drug: str, value: float, unit: str, mode: str = "max", **qualifiers: str) -> Spec:
    return Spec("max_single_dose", (drug,), value=value, unit=unit, qualifiers=qualifiers, mode=mode)


def unk(*names: str) -> Spec:
    """A claim about names the KB does not hold (made up, or real drugs left out)."""
    return Spec("unknown", names)


def absent(*entities: str) -> Spec:
    """A claim about KB entities through a relation the KB does not hold (side effects, timing, ...)."""
    return Spec("absent", entities)


def no(spec: Spec) -> Spec:
    """The same reading with the opposite polarity ("is safe with" denies an interaction)."""
    return spec.negated()
