"""What a training step shows the monitors: one scored batch plus the step's KL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from rewardstack.core.score import STATUS_CODES, Status
from rewardstack.fusion.stack_arrays import StackArrays

__all__ = ["StepObservation"]


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
