"""Records -> a labeler x unit table of answer codes: the reliability data every agreement statistic reads.

``codes[i, u]`` is the code of labeler ``i``'s answer about unit ``u`` (``NaN``
where ``i`` did not judge ``u``). Codes are small integers, one per distinct
answer *within the table* (for preference pairs: 0 = the first response of
the sorted pair was chosen, 1 = the second; for ratings: labels in sorted
order). Records without a labeler have no row (they count for bias, not for
agreement).

>>> from rewardstack.data.records import RatingRecord
>>> table = label_table([RatingRecord(1, "q1", "ann", "yes"), RatingRecord(2, "q1", "bob", "no"),
...                      RatingRecord(3, "q2", "bob", "yes")])
>>> table.labelers, table.categories
(('ann', 'bob'), ('no', 'yes'))
>>> table.codes.tolist()
[[1.0, nan], [0.0, 1.0]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rewardstack.data.records import PreferenceRecord, Record, Unit, answer_of, unit_of

__all__ = ["LabelTable", "label_counts", "label_table"]


@dataclass(frozen=True)
class LabelTable:
    """Reliability data: ``codes`` is ``len(labelers) x len(units)``, float, NaN = missing."""

    labelers: tuple[str, ...]
    units: tuple[Unit, ...]
    categories: tuple[str, ...]  # ratings: the label texts; preferences: ("first", "second")
    codes: np.ndarray
    counts: tuple[int, ...]  # records per labeler (same order as labelers)


def _code(record: Record, categories: Mapping[str, int]) -> int:
    if isinstance(record, PreferenceRecord):
        _, first, _ = unit_of(record)
        return 0 if record.chosen == first else 1
    return categories[record.label]


def label_table(records: Sequence[Record]) -> LabelTable:
    """The table of every record that names a labeler (see the module docstring)."""
    named = [r for r in records if r.labeler is not None]
    labelers = tuple(sorted({str(r.labeler) for r in named}))
    units = tuple(dict.fromkeys(unit_of(r) for r in named))
    if any(isinstance(r, PreferenceRecord) for r in named):
        categories: tuple[str, ...] = ("first", "second")
        index: dict[str, int] = {}
    else:
        categories = tuple(sorted({answer_of(r) for r in named}))
        index = {label: k for k, label in enumerate(categories)}
    row = {name: i for i, name in enumerate(labelers)}
    column = {unit: j for j, unit in enumerate(units)}
    codes = np.full((len(labelers), len(units)), np.nan)
    counts = [0] * len(labelers)
    for record in named:
        i = row[str(record.labeler)]
        codes[i, column[unit_of(record)]] = _code(record, index)
        counts[i] += 1
    return LabelTable(labelers=labelers, units=units, categories=categories, codes=codes, counts=tuple(counts))


def label_counts(codes: np.ndarray, n_categories: int) -> np.ndarray:
    """``units x categories`` counts: how many labelers gave each answer about each unit.

    >>> label_counts(np.array([[0, 1, np.nan], [0, 0, 1]]), 2).tolist()
    [[2, 0], [1, 1], [0, 1]]
    """
    counts = np.zeros((codes.shape[1], n_categories), dtype=np.int64)
    for row in codes:
        present = ~np.isnan(row)
        np.add.at(counts, (np.flatnonzero(present), row[present].astype(np.int64)), 1)
    return counts
