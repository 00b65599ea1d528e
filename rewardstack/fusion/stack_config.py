"""Stack configuration: sources by registered kind + a fusion tree, from YAML or Python.

Beyond each field's own type, the whole config is checked once: no NaN or
infinite number anywhere (weights, thresholds, budgets, source fields, policy
values), reported with file, line and key like every other config error.

>>> cfg = StackConfig.model_validate({"sources": {"len": {"kind": "length"}}})
>>> sorted(cfg.sources)
['len']
>>> StackConfig.model_validate({"sources": {"len": {"kind": "length", "target": float("inf")}}})
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for StackConfig
...
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rewardstack.core.config import SourceNode, check_finite, format_validation_error
from rewardstack.core.errors import ConfigError
from rewardstack.core.yaml_loader import read_yaml_file
from rewardstack.fusion.node import FusionNode
from rewardstack.fusion.policies import SourcePolicy

__all__ = ["StackConfig", "load_stack_config"]


class StackConfig(BaseModel):
    """``sources`` (name -> source config), an optional ``fusion`` tree and per-source ``policies``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: dict[str, SourceNode] = Field(min_length=1)
    fusion: FusionNode | None = None
    policies: dict[str, SourcePolicy] = Field(default_factory=dict)  # source -> non-ok policy
    cache: bool = True

    @model_validator(mode="after")
    def _finite_numbers(self) -> StackConfig:
        # one generic check instead of a finite-number constraint on every float field of every
        # source and operator, plugins included
        check_finite(self)
        return self


def load_stack_config(path: str | Path) -> StackConfig:
    """Read and validate a stack YAML file; raise :class:`ConfigError` naming line and key."""
    data, lines = read_yaml_file(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a stack file must be a mapping with 'sources' (and optionally 'fusion')")
    try:
        return StackConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, lines, str(path))) from None
