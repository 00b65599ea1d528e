"""Config helpers: source configs by registered kind, and YAML errors that name the line.

Each source's mapping is validated by its registered source class's config
model. Errors name the YAML file, line and dotted key path, e.g.::

    stack.yaml:4: sources.tests.timeout_s: Input should be a valid number

>>> source_config({"kind": "length", "unit": "chars"}).unit
'chars'
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import SerializeAsAny, ValidationError, ValidatorFunctionWrapHandler, WrapValidator

from rewardstack.core.errors import RegistryError
from rewardstack.core.registry import SOURCES, Registry
from rewardstack.core.source import SourceConfig
from rewardstack.core.yaml_loader import LineMap, line_for

__all__ = ["SourceNode", "config_class_for", "format_validation_error", "source_config"]


def config_class_for(data: Any, registry: Registry[Any], what: str) -> Any:
    """The registered entry for ``data["kind"]``; ValueError (for pydantic to locate) otherwise.

    The dispatch half of an open discriminated union: ``kind`` names a registry entry.
    """
    if not isinstance(data, dict) or "kind" not in data:
        raise ValueError(f"{what} must be a mapping with a 'kind' key")
    try:
        return registry.get(str(data["kind"]))
    except RegistryError as exc:
        raise ValueError(str(exc)) from None


def source_config(data: Any) -> SourceConfig:
    """Validate one source mapping with the config class of its registered ``kind``."""
    if isinstance(data, SourceConfig):
        return data
    source_class = config_class_for(data, SOURCES, "a source (see `rewardstack sources`)")
    config: SourceConfig = source_class.config_class.model_validate(data)
    return config


def _wrap(value: Any, _handler: ValidatorFunctionWrapHandler) -> SourceConfig:
    return source_config(value)


# An open discriminated union: ``kind`` picks the registered class's config model.
SourceNode = Annotated[SerializeAsAny[SourceConfig], WrapValidator(_wrap)]


def format_validation_error(exc: ValidationError, lines: LineMap, filename: str) -> str:
    parts = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        # pydantic inserts no union tags here, but keep only str/int path parts
        path = tuple(p for p in loc if isinstance(p, str | int))
        line = line_for(path, lines)
        where = f"{filename}:{line}" if line is not None else filename
        dotted = ".".join(str(p) for p in path) or "(top level)"
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = f"unknown key {path[-1]!r} (check the spelling; allowed keys are in the docs)"
        parts.append(f"{where}: {dotted}: {message}")
    return "invalid stack config:\n  " + "\n  ".join(parts)
