"""The data-check report: one typed object, printed as JSON (``--json``) or as rich tables.

Top-level keys of the JSON object: ``file``, ``kind`` (``preferences`` or
``ratings``), ``lines`` (non-blank lines read), ``records`` (kept),
``agreement``, ``labelers`` (a list, best first), ``bias`` (null for
ratings), ``shift`` (null without ``--deployment``), ``verifiable`` (null
without ``--verifiable``), ``problems`` and ``warnings`` (every section's
warnings, plus one per flagged labeler and one when lines were skipped).
docs/data.md explains every number.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from rewardstack.data.agreement import Agreement
from rewardstack.data.bias import Bias
from rewardstack.data.labelers import LabelerStats
from rewardstack.data.problems import Problem, count_problems
from rewardstack.data.records import DataKind
from rewardstack.data.shift import Shift

__all__ = ["DataReport", "Problems", "Verifiable", "collect_warnings", "summarise_problems"]


class Problems(BaseModel):
    """Every bad line of every file read, counted by kind (``counts``) and by file (``by_file``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    total: int
    counts: dict[str, int]
    by_file: dict[str, int]
    policy: str
    items: list[Problem] = Field(default_factory=list)


class Verifiable(BaseModel):
    """What the ground-truth file contributed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    records: int  # ground-truth answers kept
    matched_units: int  # units of the checked file that have a ground-truth answer


class DataReport(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    kind: DataKind
    lines: int
    records: int
    agreement: Agreement
    labelers: list[LabelerStats]
    bias: Bias | None
    shift: Shift | None
    verifiable: Verifiable | None
    problems: Problems
    warnings: list[str]

    def to_json(self) -> str:
        """One line of JSON (ASCII-safe: any terminal or pipe can carry it)."""
        return json.dumps(self.model_dump(mode="json"), allow_nan=False)


def summarise_problems(problems: Sequence[Problem], policy: str) -> Problems:
    """Count problems by kind and by file, keeping each one with its line."""
    ordered = sorted(problems, key=lambda p: (p.file, p.line))
    return Problems(total=len(ordered), counts=count_problems(ordered), by_file=dict(Counter(p.file for p in ordered)),
                    policy=policy, items=ordered)


def collect_warnings(agreement: Agreement, labelers: Sequence[LabelerStats], bias: Bias | None,
                     shift: Shift | None, problems: Problems) -> list[str]:
    """The report's top-level warnings, most important first."""
    found = list(agreement.warnings)
    found += [f"labeler {row.labeler!r} flagged as an outlier: {'; '.join(row.reasons)}"
              for row in labelers if row.flagged]
    found += bias.warnings if bias is not None else []
    found += shift.warnings if shift is not None else []
    if problems.total:
        kinds = ", ".join(f"{kind}: {count}" for kind, count in problems.counts.items())
        found.append(f"{problems.total} bad line(s) skipped ({kinds}); see problems")
    return found
