"""Config helpers: source configs by registered kind, and YAML errors that name the line.

Each source's mapping is validated by its registered source class's config
model. Errors name the YAML file, line and dotted key path, e.g.::

    stack.yaml:4: sources.tests.timeout_s: Input should be a valid number

Two checks apply to whole configs rather than to one field:

- :func:`check_finite`: no NaN or infinite number anywhere (a NaN weight or
  budget makes every total NaN, an infinite threshold silently gates everything);
- :func:`check_tree_shape`: a fusion tree is a tree (no node contains itself, as
  a YAML alias or a Python dict can make it) and at most :data:`MAX_TREE_DEPTH`
  operators deep (building, running and explaining a tree recurse per level).

They raise :class:`ConfigValueError`, which carries the key path of the bad
value so that :func:`format_validation_error` can name its line.

>>> source_config({"kind": "length", "unit": "chars"}).unit
'chars'
>>> try:
...     check_finite({"weights": {"a": 1.0, "b": float("nan")}})
... except ConfigValueError as exc:
...     print(exc.path)
('weights', 'b')
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BaseModel, SerializeAsAny, ValidationError, ValidatorFunctionWrapHandler, WrapValidator

from rewardstack.core.errors import RegistryError
from rewardstack.core.registry import SOURCES, Registry
from rewardstack.core.source import SourceConfig
from rewardstack.core.yaml_loader import LineMap, dotted_path, line_for

__all__ = [
    "MAX_TREE_DEPTH",
    "ConfigValueError",
    "SourceNode",
    "check_finite",
    "check_tree_shape",
    "config_class_for",
    "format_validation_error",
    "source_config",
]

MAX_TREE_DEPTH = 64  # operators nested in one fusion tree; ~150 overflow Python's recursion limit today

KeyPath = tuple[str | int, ...]


class ConfigValueError(ValueError):
    """A bad value found inside a config, with its key path relative to the validated object."""

    def __init__(self, path: KeyPath, detail: str):
        super().__init__(f"{dotted_path(path)}: {detail}")
        self.path = path
        self.detail = detail


def _children(value: Any) -> Iterator[tuple[str | int, Any]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield name, getattr(value, name, None)
    elif isinstance(value, dict):
        yield from ((k, v) for k, v in value.items() if isinstance(k, str | int))
    elif isinstance(value, list | tuple):
        yield from enumerate(value)


def check_finite(value: Any, *, skip: tuple[type, ...] = ()) -> None:
    """Raise :class:`ConfigValueError` at the first NaN or infinite float in ``value`` (nested).

    Instances of ``skip`` below the top are not entered (they checked themselves when built).
    """
    todo: list[tuple[KeyPath, Any]] = [((), value)]
    seen: set[int] = set()
    while todo:
        path, item = todo.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                raise ConfigValueError(path, f"{item} is not a finite number (NaN and infinities are refused "
                                             "in a config; write a finite value)")
            continue
        if id(item) in seen or (path and isinstance(item, skip)):
            continue
        seen.add(id(item))
        todo.extend((path + (key,), child) for key, child in reversed(list(_children(item))))


def _is_operator_node(value: Any) -> bool:
    if isinstance(value, dict):
        return "kind" in value
    return isinstance(value, BaseModel) and "kind" in type(value).model_fields


def check_tree_shape(value: Any, *, max_depth: int = MAX_TREE_DEPTH) -> None:
    """Refuse a fusion tree that contains itself or nests more than ``max_depth`` operators."""
    ancestors: set[int] = set()

    def visit(item: Any, path: KeyPath, depth: int) -> None:
        if not isinstance(item, dict | list | tuple | BaseModel):
            return
        if len(path) > 4 * max_depth:  # containers between operators: a few per level in any real tree
            raise ConfigValueError(path, f"nested more than {4 * max_depth} levels deep")
        if id(item) in ancestors:
            raise ConfigValueError(path, "the fusion tree contains itself (a cycle); a node cannot be its own "
                                         "input: copy the part you meant instead")
        depth += _is_operator_node(item) or not path  # the validated object itself is a node
        if depth > max_depth:
            raise ConfigValueError(path, f"the fusion tree nests more than {max_depth} operators; flatten it "
                                         "(e.g. one weighted_sum over many inputs instead of a chain)")
        ancestors.add(id(item))
        try:
            for key, child in _children(item):
                visit(child, path + (key,), depth)
        finally:
            ancestors.discard(id(item))

    visit(value, (), 0)


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
        message = err["msg"].removeprefix("Value error, ")  # pydantic's wording for a ValueError, not the user's
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, ConfigValueError):  # a whole-config check: its own path below the location
            path, message = path + inner.path, inner.detail
        line = line_for(path, lines)
        where = f"{filename}:{line}" if line is not None else filename
        dotted = dotted_path(path)
        if err["type"] == "extra_forbidden":
            message = f"unknown key {path[-1]!r} (check the spelling; allowed keys are in the docs)"
        parts.append(f"{where}: {dotted}: {message}")
    return "invalid stack config:\n  " + "\n  ".join(parts)
