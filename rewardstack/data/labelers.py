"""Per-labeler reliability: agreement with the others' majority, accuracy against ground truth, outlier flags.

- ``loo_agreement`` (leave-one-out): over the units a labeler judged together
  with at least one other labeler, the share where the labeler's answer equals
  the most common answer of the *other* labelers. Units where the others tie
  have no majority and are left out (``loo_ties`` counts them).
- ``accuracy``: with a ground-truth file (``--verifiable``: pairs or items a
  verifier can decide, e.g. math or code), the share of the labeler's answers
  that match it, over ``verified`` units.

Flag rule (robust outlier, documented in docs/data.md): for each of the two
measures, among labelers with at least ``MIN_UNITS`` (10) units behind the
measure, and only when there are at least three such labelers, a labeler is
flagged when::

    value < median - max(MIN_GAP, 3 * 1.4826 * MAD)

``MAD`` is the median absolute deviation of the labelers' values (1.4826 * MAD
estimates a standard deviation); ``MIN_GAP`` = 0.10 keeps a tight group of good
labelers from flagging its lowest member over a point or two.

Ranking: unflagged labelers first, then by accuracy when ground truth was
given (else by leave-one-out agreement), best first.

>>> codes = np.array([[0, 1, 0, 1], [0, 1, 0, 1], [0, 1, 1, 0]], dtype=float)
>>> agree, decided, ties = loo_agreement(codes, 2)   # units 2 and 3: the third labeler disagrees
>>> agree.tolist(), decided.tolist(), ties.tolist()  # the first two see a tie there (1 vs 1)
([2, 2, 2], [2, 2, 4], [2, 2, 0])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from rewardstack.data.records import Record, answer_of, unit_of
from rewardstack.data.table import LabelTable, label_counts

__all__ = ["MIN_GAP", "MIN_UNITS", "LabelerStats", "flag_outliers", "labeler_stats", "loo_agreement"]

MIN_UNITS = 10
MIN_GAP = 0.10
_MAD_TO_SD = 1.4826


class LabelerStats(BaseModel):
    """One labeler's row of the report."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    labeler: str
    rank: int
    count: int  # records by this labeler (after skipping bad lines)
    loo_agreement: float | None
    loo_units: int  # units behind loo_agreement (shared, with a majority among the others)
    loo_ties: int
    accuracy: float | None = None
    verified: int = 0
    flagged: bool = False
    reasons: list[str] = Field(default_factory=list)


def loo_agreement(codes: np.ndarray, n_categories: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per labeler ``(agreeing units, units with a majority among the others, units where the others tie)``."""
    counts = label_counts(codes, n_categories)
    agree, decided, ties = (np.zeros(codes.shape[0], dtype=np.int64) for _ in range(3))
    for i, row in enumerate(codes):
        shared = ~np.isnan(row) & (counts.sum(axis=1) >= 2)
        own = row[shared].astype(np.int64)
        others = counts[shared].copy()
        others[np.arange(len(own)), own] -= 1
        best = others.max(axis=1, keepdims=True)
        unique = (others == best).sum(axis=1) == 1
        agree[i] = int((others.argmax(axis=1) == own)[unique].sum())
        decided[i] = int(unique.sum())
        ties[i] = int((~unique).sum())
    return agree, decided, ties


def flag_outliers(values: Sequence[float | None], support: Sequence[int]) -> tuple[list[bool], float | None]:
    """``(flag per labeler, cutoff)`` by the rule in the module docstring (cutoff None: rule not applicable).

    >>> flag_outliers([0.9, 0.88, 0.91, 0.6], [50, 50, 50, 50])
    ([False, False, False, True], 0.79)
    """
    eligible = [v for v, n in zip(values, support, strict=True) if v is not None and n >= MIN_UNITS]
    if len(eligible) < 3:
        return [False] * len(values), None
    median = float(np.median(eligible))
    mad = float(np.median(np.abs(np.asarray(eligible) - median)))
    cutoff = round(median - max(MIN_GAP, 3 * _MAD_TO_SD * mad), 6)
    flags = [v is not None and n >= MIN_UNITS and v < cutoff for v, n in zip(values, support, strict=True)]
    return flags, cutoff


def _accuracy(records: Sequence[Record], truth: Sequence[Record], labelers: Sequence[str]) -> tuple[
        list[float | None], list[int]]:
    answers = {unit_of(r): answer_of(r) for r in truth}
    right = dict.fromkeys(labelers, 0)
    seen = dict.fromkeys(labelers, 0)
    for record in records:
        expected = answers.get(unit_of(record))
        if record.labeler is None or expected is None:
            continue
        seen[record.labeler] += 1
        right[record.labeler] += answer_of(record) == expected
    return [right[n] / seen[n] if seen[n] else None for n in labelers], [seen[n] for n in labelers]


def _reason(measure: str, value: float, support: int, cutoff: float, values: Sequence[float | None]) -> str:
    median = float(np.median([v for v in values if v is not None]))
    return (f"{measure} {value:.0%} over {support} units, below the cutoff {cutoff:.0%} "
            f"(median labeler {median:.0%})")


def labeler_stats(table: LabelTable, records: Sequence[Record],
                  truth: Sequence[Record] | None = None) -> list[LabelerStats]:
    """Every named labeler's stats, flags and rank, best first (module docstring)."""
    agree, decided, ties = loo_agreement(table.codes, len(table.categories))
    loo = [a / d if d else None for a, d in zip(agree.tolist(), decided.tolist(), strict=True)]
    loo_flags, loo_cut = flag_outliers(loo, decided.tolist())
    names = list(table.labelers)
    accuracy, verified = _accuracy(records, truth, names) if truth is not None else ([None] * len(names),
                                                                                      [0] * len(names))
    acc_flags, acc_cut = flag_outliers(accuracy, verified)
    rows = []
    for i, name in enumerate(names):
        reasons = []
        if loo_flags[i] and loo_cut is not None:
            reasons.append(_reason("agrees with the others' majority on", loo[i] or 0.0, int(decided[i]), loo_cut,
                                   loo))
        if acc_flags[i] and acc_cut is not None:
            reasons.append(_reason("accuracy against ground truth", accuracy[i] or 0.0, verified[i], acc_cut,
                                   accuracy))
        rows.append(dict(labeler=name, count=table.counts[i], loo_agreement=loo[i], loo_units=int(decided[i]),
                         loo_ties=int(ties[i]), accuracy=accuracy[i], verified=verified[i], flagged=bool(reasons),
                         reasons=reasons))

    def key(row: dict[str, object]) -> tuple[object, ...]:
        primary = row["accuracy"] if truth is not None else row["loo_agreement"]
        return (row["flagged"], -_or_low(primary), -_or_low(row["loo_agreement"]), row["labeler"])

    rows.sort(key=key)
    return [LabelerStats.model_validate({**row, "rank": rank}) for rank, row in enumerate(rows, start=1)]


def _or_low(value: object) -> float:
    return float(value) if isinstance(value, int | float) else -1.0
