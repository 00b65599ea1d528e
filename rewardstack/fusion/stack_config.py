"""Stack configuration: sources by registered kind + a fusion tree, from YAML or Python.

>>> cfg = StackConfig.model_validate({"sources": {"len": {"kind": "length"}}})
>>> sorted(cfg.sources)
['len']
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rewardstack.core.config import SourceNode, format_validation_error
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


def load_stack_config(path: str | Path) -> StackConfig:
    """Read and validate a stack YAML file; raise :class:`ConfigError` naming line and key."""
    data, lines = read_yaml_file(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a stack file must be a mapping with 'sources' (and optionally 'fusion')")
    try:
        return StackConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, lines, str(path))) from None
