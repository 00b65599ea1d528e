"""An atomic claim: subject, relation, object or amount, polarity, modality, where it was said.

Dose claims say what they claim about the KB's limit ``M`` with ``dose_test``:

==============  =====================================  ===============================
``dose_test``   the claim                              e.g.
==============  =====================================  ===============================
``equals``      ``M == V`` (it names the limit)        "the maximum daily dose is 4 g"
``within``      ``V <= M`` (V is a safe amount)        "up to 4 g", "never exceed 4 g"
``over``        ``V > M`` (V is too much)              "6 g a day is dangerous"
``above_ok``    ``M > V`` (more than V is fine)        "you can safely take more than 4 g"
==============  =====================================  ===============================

A negated ``equals`` ("the maximum is not 4 g") has ``polarity="negative"``; the
other tests already carry their direction (a negation turned "safe" into
"not safe", i.e. ``within`` into ``over``), so they stay ``positive`` and
``negation`` records the trigger that was read.

>>> from rewardstack.verifiers.facts.linking import Link, Mention
>>> warfarin = Mention("warfarin", 0, 8, Link("warfarin", 1.0, "alias"), "drug")
>>> aspirin = Mention("aspirin", 30, 37, Link("aspirin", 1.0, "alias"), "drug")
>>> claim = Claim(kind="interaction", relation="interacts_with", subject=warfarin, object=aspirin,
...               polarity="negative", start=0, end=37, text="warfarin does not interact with aspirin")
>>> claim.summary
'warfarin NOT interacts_with aspirin'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from rewardstack.verifiers.facts.linking import Mention
from rewardstack.verifiers.facts.quantities import Quantity

__all__ = ["Claim", "ClaimKind", "DoseTest", "Modality", "Polarity"]

ClaimKind = Literal["interaction", "contraindication", "treats", "class", "dose"]
DoseTest = Literal["equals", "within", "over", "above_ok"]
Polarity = Literal["positive", "negative"]
Modality = Literal["asserted", "hedged"]


@dataclass(frozen=True)
class Claim:
    """One checkable statement of a response (module docstring)."""

    kind: ClaimKind
    relation: str
    subject: Mention
    start: int
    end: int
    text: str
    object: Mention | None = None
    quantity: Quantity | None = None
    dose_test: DoseTest | None = None
    polarity: Polarity = "positive"
    modality: Modality = "asserted"
    qualifiers: tuple[tuple[str, str], ...] = ()
    cue: str = ""
    negation: str = ""
    mentions: tuple[Mention, ...] = field(default=(), compare=False)

    @property
    def summary(self) -> str:
        """``subject [NOT] relation object`` or ``subject relation <test> amount``."""
        subject = self.subject.link.entity or self.subject.text
        if self.quantity is not None:
            target = f"{self.dose_test} {self.quantity.value:g} {self.quantity.unit.label}"
        else:
            target = (self.object.link.entity or self.object.text) if self.object is not None else "?"
        negated = "NOT " if self.polarity == "negative" else ""
        return f"{subject} {negated}{self.relation} {target}"

    def as_dict(self) -> dict[str, Any]:
        """What ``details.claims[i]`` shows, before the verdict is added."""
        out: dict[str, Any] = {"text": self.text, "span": [self.start, self.end], "kind": self.kind,
                               "relation": self.relation, "claim": self.summary, "subject": self.subject.as_dict()}
        if self.object is not None:
            out["object"] = self.object.as_dict()
        if self.quantity is not None:
            out["amount"] = {"value": self.quantity.value, "unit": self.quantity.unit.label,
                             "text": self.quantity.text, "test": self.dose_test}
        out.update(polarity=self.polarity, modality=self.modality)
        if self.qualifiers:
            out["qualifiers"] = dict(self.qualifiers)
        if self.negation:
            out["negation"] = self.negation
        return out
