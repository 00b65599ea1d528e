"""Stack configuration: sources by registered kind + a fusion tree, from YAML or Python.

Beyond each field's own type, the whole config is checked once: no NaN or
infinite number anywhere (weights, thresholds, budgets, source fields, policy
values), and every source the fusion tree reads is defined under ``sources``
(the check ``RewardStack`` makes), reported with file, line and key like every
other config error.

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

import difflib
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rewardstack.core.config import ConfigValueError, KeyPath, SourceNode, check_finite, format_validation_error
from rewardstack.core.errors import ConfigError
from rewardstack.core.yaml_loader import read_yaml_file
from rewardstack.fusion.node import FusionNode
from rewardstack.fusion.policies import SourcePolicy

__all__ = ["StackConfig", "load_stack_config", "undefined_policies", "undefined_source"]


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

    @model_validator(mode="after")
    def _defined_sources(self) -> StackConfig:
        # the checks RewardStack makes, here too so that every reader of a stack file (score, fusion
        # explain, bench suites) refuses a misspelt source at load, with the line of the reference
        policies = undefined_policies(self.policies, self.sources)
        if policies is not None:
            raise ConfigValueError(("policies", sorted(set(self.policies) - set(self.sources))[0]), policies)
        if self.fusion is None:
            return self
        try:
            tree = self.fusion.build()
        except NotImplementedError:  # a plugin config without build(): RewardStack says so when built
            return self
        problem = undefined_source(tree.source_names(), self.sources)
        if problem is not None:
            name, message = problem
            raise ConfigValueError(("fusion", *_reference_path(self.fusion, name)), message)
        return self


def undefined_source(names: Iterable[str], sources: Collection[str]) -> tuple[str, str] | None:
    """The first of ``names`` (sources a fusion tree reads) not in ``sources``, with the error message.

    >>> undefined_source({"lenght", "rm"}, ["length", "rm"])[1]
    "the fusion tree reads source 'lenght', which the stack does not define. Did you mean 'length'?"
    >>> undefined_source({"rm"}, ["rm"]) is None
    True
    """
    for name in sorted(names):
        if name not in sources:
            close = difflib.get_close_matches(name, list(sources), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            return name, f"the fusion tree reads source {name!r}, which the stack does not define.{hint}"
    return None


def undefined_policies(policies: Iterable[str], sources: Collection[str]) -> str | None:
    """The error for policies naming sources that ``sources`` lacks, or None.

    >>> undefined_policies(["lenght"], ["length"])
    "policies name ['lenght'], which the stack does not define (sources: ['length'])"
    """
    unknown = sorted(set(policies) - set(sources))
    if not unknown:
        return None
    return f"policies name {unknown}, which the stack does not define (sources: {sorted(sources)})"


def _reference_path(node: Any, name: str) -> KeyPath:
    """Key path (below ``node``) of the first place that names source ``name``: a mapping key or a string."""
    todo: list[tuple[KeyPath, Any]] = [((), node)]
    while todo:
        path, item = todo.pop(0)
        if isinstance(item, BaseModel):
            todo.extend((path + (key,), getattr(item, key, None)) for key in type(item).model_fields)
        elif isinstance(item, dict):
            if name in item:
                return path + (name,)
            todo.extend((path + (key,), value) for key, value in item.items() if isinstance(key, str))
        elif isinstance(item, list | tuple):
            todo.extend((path + (i,), value) for i, value in enumerate(item))
        elif item == name:
            return path
    return ()


def load_stack_config(path: str | Path) -> StackConfig:
    """Read and validate a stack YAML file; raise :class:`ConfigError` naming line and key."""
    data, lines = read_yaml_file(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a stack file must be a mapping with 'sources' (and optionally 'fusion')")
    try:
        return StackConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, lines, str(path))) from None
