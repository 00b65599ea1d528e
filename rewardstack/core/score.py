"""What a source says about one sample: a value *and* a status.

An error or a timeout is never encoded as ``0.0``: ``value`` is ``None`` unless
``status`` is ``ok``; the fusion layer alone decides what a non-ok score means.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["STATUS_CODES", "Score", "Status"]


class Status(StrEnum):
    """Outcome class of one source on one sample."""

    OK = "ok"
    ABSTAIN = "abstain"  # not applicable: no reference, wrong domain
    ERROR = "error"  # the source broke on this sample
    TIMEOUT = "timeout"  # the deadline passed; the worker was killed from outside


# int8 codes of the arrays paths (ScoreBoard, StackArrays, ``score_values``); -1 = not fetched
STATUS_CODES: dict[Status, int] = {Status.OK: 0, Status.ABSTAIN: 1, Status.ERROR: 2, Status.TIMEOUT: 3}


class Score(BaseModel):
    """One source's verdict on one sample.

    ``components`` are numeric sub-scores (per test, per principle, per claim);
    ``details`` holds non-numeric facts (what was extracted, which method);
    ``evidence`` is the human-readable why.

    >>> Score.ok(0.5, evidence="1 of 2 tests passed").status
    <Status.OK: 'ok'>
    >>> Score.error("division by zero").value is None
    True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float | None
    status: Status
    components: dict[str, float] = Field(default_factory=dict)
    details: dict[str, Any] = Field(default_factory=dict)
    evidence: str = ""
    latency_s: float = 0.0
    cost: float = 0.0
    source: str = ""
    source_version: str = ""

    @model_validator(mode="after")
    def _value_matches_status(self) -> Score:
        if self.status is Status.OK:
            if self.value is None or not math.isfinite(self.value):
                raise ValueError(f"an ok Score needs a finite value, got {self.value!r}")
        elif self.value is not None:
            raise ValueError(f"a {self.status.value} Score must have value=None, got {self.value!r}")
        return self

    @property
    def is_ok(self) -> bool:
        return self.status is Status.OK

    @classmethod
    def ok(
        cls,
        value: float,
        *,
        components: dict[str, float] | None = None,
        details: dict[str, Any] | None = None,
        evidence: str = "",
        cost: float = 0.0,
    ) -> Score:
        return cls(
            value=float(value),
            status=Status.OK,
            components=components or {},
            details=details or {},
            evidence=evidence,
            cost=cost,
        )

    @classmethod
    def abstain(cls, evidence: str, *, details: dict[str, Any] | None = None) -> Score:
        return cls(value=None, status=Status.ABSTAIN, evidence=evidence, details=details or {})

    @classmethod
    def error(cls, evidence: str, *, details: dict[str, Any] | None = None) -> Score:
        return cls(value=None, status=Status.ERROR, evidence=evidence, details=details or {})

    @classmethod
    def timeout(cls, evidence: str, *, details: dict[str, Any] | None = None) -> Score:
        return cls(value=None, status=Status.TIMEOUT, evidence=evidence, details=details or {})

    def stamped(self, *, source: str, source_version: str, latency_s: float) -> Score:
        """A copy carrying who produced it and how long it took."""
        return self.model_copy(
            update={"source": source, "source_version": source_version, "latency_s": latency_s}
        )
