"""A scored batch as arrays (the trainers' path) and the StackResults built from it.

:class:`StackArrays` holds, for ``n`` samples: ``total`` (float64, NaN where
there is no total), ``status`` (int8 codes of :data:`STATUS_CODES`: why the
total is missing), per-source ``values`` (NaN unless ok) and ``statuses``
(int8; -1 where a lazy operator never asked), ``contributions``, ``baseline``
and ``flags`` as boolean masks. No per-sample pydantic object is built.

The status of a missing total names its real cause, per sample: ``error`` if
some source errored on it, else ``timeout`` if one timed out, else
``abstain`` if one abstained (the sources that mattered were not applicable:
no reference, a closed gate), else ``error`` (the fusion itself produced no
value).

>>> codes = missing_total_status(np.array([np.nan, 1.0]), {"a": np.array([1, 0], dtype=np.int8)})
>>> [CODE_STATUS[int(c)].value for c in codes]
['abstain', 'ok']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rewardstack.core.result import StackResult
from rewardstack.core.sample import Sample
from rewardstack.core.score import Score, Status
from rewardstack.fusion.base import STATUS_CODES

__all__ = ["CODE_STATUS", "StackArrays", "build_results", "missing_total_status"]

CODE_STATUS: dict[int, Status] = {code: status for status, code in STATUS_CODES.items()}
_OK, _ABSTAIN, _ERROR, _TIMEOUT = (STATUS_CODES[s] for s in (Status.OK, Status.ABSTAIN, Status.ERROR, Status.TIMEOUT))


@dataclass(frozen=True)
class StackArrays:
    """One scored batch as numpy arrays, aligned with the input samples."""

    ids: list[str]
    total: np.ndarray
    status: np.ndarray
    values: dict[str, np.ndarray]
    statuses: dict[str, np.ndarray]
    contributions: dict[str, np.ndarray]
    baseline: np.ndarray
    flags: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.ids)

    def status_of(self, row: int) -> Status:
        return CODE_STATUS[int(self.status[row])]


def missing_total_status(total: np.ndarray, statuses: Mapping[str, np.ndarray]) -> np.ndarray:
    """int8 status codes: ok where ``total`` is finite, else the cause (see the module docstring)."""
    n = total.shape[0]
    any_of = {code: np.zeros(n, dtype=bool) for code in (_ABSTAIN, _ERROR, _TIMEOUT)}
    for codes in statuses.values():
        for code, mask in any_of.items():
            mask |= codes == code
    cause = np.where(any_of[_ERROR], _ERROR,
                     np.where(any_of[_TIMEOUT], _TIMEOUT, np.where(any_of[_ABSTAIN], _ABSTAIN, _ERROR)))
    return np.where(np.isfinite(total), _OK, cause).astype(np.int8)


def _reason(scores: Mapping[str, Score]) -> str:
    parts = [f"{name} {s.status.value}: {s.evidence}" if s.evidence else f"{name} {s.status.value}"
             for name, s in scores.items() if s.status is not Status.OK]
    return "no total: " + ("; ".join(parts) if parts else "the fusion tree produced no value")


def build_results(
    samples: Sequence[Sample], arrays: StackArrays, fetched: Mapping[str, Mapping[int, Score]]
) -> list[StackResult]:
    """StackResults from the arrays and the Scores the board kept (one pass, plain lists)."""
    # plain lists once: per-element numpy indexing would cost more than the fusion itself
    totals = arrays.total.tolist()
    bases = arrays.baseline.tolist()
    codes = arrays.status.tolist()
    contribution_lists = {name: values.tolist() for name, values in arrays.contributions.items()}
    row_flags: list[list[str]] = [[] for _ in samples]
    for flag, mask in arrays.flags.items():
        for i in np.flatnonzero(mask).tolist():
            row_flags[i].append(flag)
    results = []
    fields_set = set(StackResult.model_fields)  # passing it saves model_construct a per-object scan
    for i, sample in enumerate(samples):
        scores = {name: by_pos[i] for name, by_pos in fetched.items() if i in by_pos}
        total = totals[i]
        has_total = math.isfinite(total)
        contributions = {name: values[i] for name, values in contribution_lists.items() if math.isfinite(values[i])}
        results.append(
            StackResult.model_construct(
                id=sample.id,
                total=total if has_total else None,
                status=CODE_STATUS[codes[i]],
                scores=scores,
                contributions=contributions,
                flags=row_flags[i],
                baseline=bases[i] if has_total else 0.0,
                reason="" if has_total else _reason(scores),
                _fields_set=fields_set,
            )
        )
    return results
