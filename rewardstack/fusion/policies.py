"""What a non-ok Score means, per source: exclude, penalty, veto or raise.

The choice lives on the stack, next to ``sources`` and ``fusion``, as a
mapping from source name to policy (the tree stays source-agnostic)::

    policies:
      tests:  {on_error: penalty, value: -1.0}   # error/timeout -> value -1
      safety: {on_error: veto, value: -2.0}      # error/timeout -> whole sample total = -2, flag
      answer: {on_abstain: exclude, on_error: raise}

``on_error`` covers ``error`` and ``timeout``; ``on_abstain`` covers
``abstain``. Both default to ``exclude``: the value is NaN and each operator
renormalises over the sources that are left (a weighted sum rescales the
remaining weights). A sample on which everything is excluded gets
``total=None`` with a status, never a silent 0.

- ``penalty``: the value becomes ``value``; the sample is flagged ``penalised:<source>``.
- ``veto``: the fused total becomes ``value`` (a floor), flagged ``vetoed:<source>``.
- ``raise``: :class:`NonOkScoreError` naming the source and the sample id.

>>> SourcePolicy(on_error="penalty", value=-1.0).on_error
'penalty'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, model_validator

from rewardstack.core.errors import RewardStackError
from rewardstack.core.sample import Sample

__all__ = ["NonOkScoreError", "PolicyAction", "SourcePolicy", "apply_policy", "parse_policies"]

PolicyAction = Literal["exclude", "penalty", "veto", "raise"]
_ABSTAIN = 1


class NonOkScoreError(RewardStackError):
    """A source with policy ``raise`` returned a non-ok Score."""

    def __init__(self, source: str, sample_id: str, status: str):
        self.source = source
        self.sample_id = sample_id
        self.status = status
        super().__init__(
            f"source {source!r} returned status {status!r} for sample {sample_id!r} and its policy is 'raise' "
            f"(set policies.{source}.on_error/on_abstain to exclude, penalty or veto to continue)"
        )


class SourcePolicy(BaseModel):
    """Per-source non-ok policy; ``value`` is the penalty value or the veto floor."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    on_error: PolicyAction = "exclude"
    on_abstain: PolicyAction = "exclude"
    value: float | None = None

    @model_validator(mode="after")
    def _value_when_needed(self) -> SourcePolicy:
        needs = {self.on_error, self.on_abstain} & {"penalty", "veto"}
        if needs and self.value is None:
            raise ValueError(f"policy {sorted(needs)[0]!r} needs 'value' (the penalty value or the veto floor)")
        return self


_STATUS_NAMES = {1: "abstain", 2: "error", 3: "timeout"}


def apply_policy(
    name: str,
    values: np.ndarray,
    status: np.ndarray,
    policy: SourcePolicy | None,
    samples: Sequence[Sample],
    index: np.ndarray,
) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
    """Apply ``policy`` to one source's values on ``index``.

    Returns (values, flags, veto mask): excluded entries stay NaN, penalised
    entries become ``policy.value``, vetoed entries are NaN and set in the mask.
    """
    not_ok = status != 0
    flags: dict[str, np.ndarray] = {}
    veto = np.zeros(values.shape, dtype=bool)
    if not not_ok.any():
        return values, flags, veto
    policy = policy or SourcePolicy()
    abstain = status == _ABSTAIN
    out = values.copy()
    for action, mask in ((policy.on_abstain, not_ok & abstain), (policy.on_error, not_ok & ~abstain)):
        if not mask.any():
            continue
        if action == "raise":
            row = int(np.flatnonzero(mask)[0])
            raise NonOkScoreError(name, samples[int(index[row])].id, _STATUS_NAMES.get(int(status[row]), "?"))
        if action == "penalty":
            assert policy.value is not None
            out[mask] = policy.value
            flags[f"penalised:{name}"] = mask
        elif action == "veto":
            veto |= mask
            flags[f"excluded:{name}"] = flags.get(f"excluded:{name}", np.zeros_like(mask)) | mask
        else:
            flags[f"excluded:{name}"] = flags.get(f"excluded:{name}", np.zeros_like(mask)) | mask
    return out, flags, veto


def parse_policies(policies: Mapping[str, Any] | None) -> dict[str, SourcePolicy]:
    """Validate a ``{source: policy mapping}`` (as in YAML) into SourcePolicy objects."""
    return {name: p if isinstance(p, SourcePolicy) else SourcePolicy.model_validate(p)
            for name, p in (policies or {}).items()}
