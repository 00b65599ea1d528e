"""The checker's answer for one pair: correct, incorrect or unverifiable, and why."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

__all__ = ["Method", "Outcome", "Verdict"]

Outcome = Literal["correct", "incorrect", "unverifiable", "timeout"]
Method = Literal["string", "numeric", "symbolic", "sampled", "choice", "text", "structure", "none"]


@dataclass(frozen=True)
class Verdict:
    """``outcome`` plus the evidence: which method decided and, when not correct, why.

    ``unverifiable`` (nothing extracted, unparseable, too expensive) is never
    ``incorrect``: the source maps it to an error Score, not to 0.0.
    """

    outcome: Outcome
    method: Method = "none"
    reason: str = ""
    extracted: str | None = None
    normalised_pred: str | None = None
    normalised_ref: str | None = None

    @property
    def is_correct(self) -> bool:
        return self.outcome == "correct"

    def with_strings(self, extracted: str | None, pred: str | None, ref: str | None) -> Verdict:
        return replace(self, extracted=extracted, normalised_pred=pred, normalised_ref=ref)

    @classmethod
    def correct(cls, method: Method, reason: str = "") -> Verdict:
        return cls("correct", method, reason)

    @classmethod
    def incorrect(cls, method: Method, reason: str) -> Verdict:
        return cls("incorrect", method, reason)

    @classmethod
    def unverifiable(cls, reason: str) -> Verdict:
        return cls("unverifiable", "none", reason)
