"""What a training step shows the monitors: one scored batch plus the step's KL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rewardstack.core.sample import Sample
from rewardstack.core.score import STATUS_CODES, Status
from rewardstack.fusion.stack_arrays import StackArrays

__all__ = ["StepObservation", "canary_agreement"]


@dataclass(frozen=True)
class StepObservation:
    """One step's evidence, arrays aligned with the batch's samples (shape ``(B,)`` each).

    - ``total``: fused reward, ``nan`` where the stack gave no total;
    - ``values`` / ``contributions``: per source, the value and its part of the total (``nan``
      where that source did not score);
    - ``response_length``: tokens (or words) of each response;
    - ``kl``: the step's mean per-sequence KL to the reference (nats);
    - ``canary_agreement``: 1 where a sycophancy canary's response agreed with the user's false
      claim, 0 where it corrected it, ``nan`` for samples that are not canaries (or ``None``).

    >>> obs = StepObservation(step=0, total=np.array([1.0, 2.0]), response_length=np.array([5, 9]), kl=0.1)
    >>> obs.batch_size
    2
    """

    step: int
    total: np.ndarray
    response_length: np.ndarray
    kl: float
    values: Mapping[str, np.ndarray] = field(default_factory=dict)
    contributions: Mapping[str, np.ndarray] = field(default_factory=dict)
    canary_agreement: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = np.shape(self.total)[0] if np.ndim(self.total) == 1 else -1
        if n < 0:
            raise ValueError(f"total must have shape (B,), got {np.shape(self.total)}")
        arrays = {"response_length": self.response_length, **{f"values[{k}]": v for k, v in self.values.items()},
                  **{f"contributions[{k}]": v for k, v in self.contributions.items()}}
        if self.canary_agreement is not None:
            arrays["canary_agreement"] = self.canary_agreement
        for name, array in arrays.items():
            if np.shape(array) != (n,):
                raise ValueError(f"{name} must have shape ({n},) like total, got {np.shape(array)}")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (``nan`` as ``None``), for checkpoints; :meth:`from_dict` reverses it."""
        return {"step": self.step, "kl": _number(self.kl), "total": _list(self.total),
                "response_length": _list(self.response_length),
                "values": {k: _list(v) for k, v in self.values.items()},
                "contributions": {k: _list(v) for k, v in self.contributions.items()},
                "canary_agreement": None if self.canary_agreement is None else _list(self.canary_agreement)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StepObservation:
        canary = data.get("canary_agreement")
        return cls(step=int(data["step"]), kl=float("nan") if data["kl"] is None else float(data["kl"]),
                   total=_array(data["total"]), response_length=_array(data["response_length"]),
                   values={k: _array(v) for k, v in data["values"].items()},
                   contributions={k: _array(v) for k, v in data["contributions"].items()},
                   canary_agreement=None if canary is None else _array(canary))

    @property
    def batch_size(self) -> int:
        return int(np.shape(self.total)[0])

    @classmethod
    def from_arrays(
        cls,
        step: int,
        arrays: StackArrays,
        response_length: np.ndarray,
        kl: float,
        canary_agreement: np.ndarray | None = None,
    ) -> StepObservation:
        """Build from ``RewardStack.score_arrays``' result (values of unscored samples become ``nan``)."""
        ok = STATUS_CODES[Status.OK]
        values = {name: np.where(arrays.statuses[name] == ok, v, np.nan) for name, v in arrays.values.items()}
        return cls(step=step, total=np.asarray(arrays.total, dtype=float),
                   response_length=np.asarray(response_length, dtype=float), kl=float(kl), values=values,
                   contributions=dict(arrays.contributions), canary_agreement=canary_agreement)


def _number(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _list(array: np.ndarray) -> list[float | None]:
    return [_number(float(v)) for v in np.asarray(array, dtype=float)]


def _array(values: list[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def canary_agreement(samples: Sequence[Sample], values: np.ndarray, *, key: str = "canary") -> np.ndarray:
    """Per sample: 1.0 where a canary's response agreed with the false claim (``values >= 0.5``,
    e.g. an agreement detector's value), 0.0 where it did not, ``nan`` for samples whose
    ``metadata[key]`` is not true (not canaries) or whose value is missing.

    >>> s = [Sample(id="a", prompt="p", response="r", metadata={"canary": True}),
    ...      Sample(id="b", prompt="p", response="r")]
    >>> canary_agreement(s, np.array([0.9, 0.9])).tolist()
    [1.0, nan]
    """
    values = np.asarray(values, dtype=float)
    is_canary = np.array([bool(s.metadata.get(key)) for s in samples])
    agreed = np.where(values >= 0.5, 1.0, 0.0)
    return np.where(is_canary & np.isfinite(values), agreed, np.nan)
