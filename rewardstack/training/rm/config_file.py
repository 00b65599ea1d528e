"""Training configs from YAML plus ``--set key=value`` overrides, with errors naming file, line and key.

Generic over the pydantic model, so every ``rewardstack train`` command reads
its config the same way:

- the file is read with :func:`rewardstack.core.yaml_loader.read_yaml_file`
  (duplicate keys, aliases, non-UTF-8 bytes are refused with ``file:line``);
- each ``--set a.b.c=VALUE`` replaces one key (creating missing mappings on the
  way); ``VALUE`` is read as a YAML scalar or flow value (``3``, ``1e-4``,
  ``null``, ``true``, ``[a, b]``, ``{members: 3}``);
- validation errors name ``file:line: key: message``, or ``--set key: message``
  for a value that came from the command line.

>>> from pydantic import BaseModel, ConfigDict
>>> class Demo(BaseModel):
...     model_config = ConfigDict(extra="forbid")
...     lr: float = 0.1
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "c.yaml"
>>> _ = path.write_text("lr: 0.5\\n")
>>> load_config_file(path, Demo, ["lr=2e-3"]).lr
0.002
>>> load_config_file(path, Demo, ["lrr=1"])
Traceback (most recent call last):
...
rewardstack.core.errors.ConfigError: invalid config:
  --set lrr: unknown key 'lrr' (check the spelling; allowed keys: lr)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from rewardstack.core.errors import ConfigError
from rewardstack.core.yaml_loader import LineMap, dotted_path, line_for, read_yaml_file

__all__ = ["ConfigKeyError", "apply_overrides", "format_config_error", "load_config_file", "locate_key",
           "parse_override"]

M = TypeVar("M", bound=BaseModel)
KeyPath = tuple[str | int, ...]


class ConfigKeyError(ConfigError):
    """A config value that validated but does not work (a missing file, a full output folder): names its key.

    ``str()`` is ``key: detail``; :func:`locate_key` adds the file and line for the command line.
    """

    def __init__(self, key: KeyPath, detail: str):
        super().__init__(f"{dotted_path(key)}: {detail}")
        self.key = key
        self.detail = detail


def locate_key(path: str | Path, key: KeyPath, overrides: Sequence[str] = ()) -> str:
    """``file:line`` of ``key`` in the config file (``--set`` when an override set it; ``file`` if absent).

    >>> import tempfile, pathlib
    >>> config = pathlib.Path(tempfile.mkdtemp()) / "c.yaml"
    >>> _ = config.write_text("data:\\n  train: x.jsonl\\n")
    >>> locate_key(config, ("data", "train")).endswith("c.yaml:2"), locate_key(config, ("lr",), ["lr=1"])
    (True, '--set')
    """
    for text in overrides:
        parts = parse_override(text)[0]
        if key[:len(parts)] == parts:
            return "--set"
    try:
        _, lines = read_yaml_file(path)
    except ConfigError:
        return str(path)
    line = lines.get(key)
    return f"{path}:{line}" if line is not None else str(path)


def parse_override(text: str) -> tuple[tuple[str, ...], Any]:
    """``"a.b=3"`` -> ``(("a", "b"), 3)``; ConfigError for a malformed override.

    >>> parse_override("ensemble.members=3"), parse_override("data.validation=null")
    ((('ensemble', 'members'), 3), (('data', 'validation'), None))
    """
    key, sep, raw = text.partition("=")
    parts = tuple(key.strip().split("."))
    if not sep or not all(p.strip() for p in parts):
        raise ConfigError(f"--set {text!r}: expected key=value with a dotted key, e.g. --set epochs=3 or "
                          "--set data.validation_fraction=0.2")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError as exc:
        raise ConfigError(f"--set {key}: the value {raw!r} is not a YAML value ({exc})") from None
    return parts, value


def apply_overrides(data: dict[str, Any], overrides: Sequence[str]) -> tuple[dict[str, Any], set[KeyPath]]:
    """``data`` with each override applied (a new dict), and the key paths the overrides set.

    An override that changes a mapping's ``kind`` from the one the file names starts that mapping afresh
    (``{kind: new}`` plus the other overrides under it, in any order): the file's keys belong to the
    old kind (PPO's ``gamma`` under a GRPO ``algorithm``) and would be refused as unknown.

    >>> file = {"algorithm": {"kind": "ppo", "gamma": 1.0}, "steps": 3}
    >>> apply_overrides(file, ["algorithm.group_size=4", "algorithm.kind=grpo"])[0]
    {'algorithm': {'group_size': 4, 'kind': 'grpo'}, 'steps': 3}
    >>> apply_overrides(file, ["algorithm.kind=ppo", "algorithm.gamma=0.9"])[0]["algorithm"]
    {'kind': 'ppo', 'gamma': 0.9}
    """
    result: dict[str, Any] = _copy(data)
    touched: set[KeyPath] = set()
    parsed = [(text, *parse_override(text)) for text in overrides]
    for _, parts, value in parsed:
        _restart_if_kind_changes(data, result, parts, value)
    for text, parts, value in parsed:
        node = result
        for depth, part in enumerate(parts[:-1]):
            child = node.get(part)
            if child is None:
                child = node[part] = {}
            if not isinstance(child, dict):
                raise ConfigError(f"--set {text!r}: {'.'.join(parts[:depth + 1])} is "
                                  f"{type(child).__name__}, not a mapping, so it has no key {parts[depth + 1]!r}")
            node = child
        node[parts[-1]] = value
        touched.add(parts)
    return result, touched


def _restart_if_kind_changes(data: dict[str, Any], result: dict[str, Any], parts: tuple[str, ...],
                             value: Any) -> None:
    """Empty the mapping above ``parts`` in ``result`` when ``parts`` is its ``kind`` and the file names another."""
    if len(parts) < 2 or parts[-1] != "kind":
        return
    original: Any = data
    target: Any = result
    for part in parts[:-1]:
        original = original.get(part) if isinstance(original, dict) else None
        target = target.get(part) if isinstance(target, dict) else None
    if isinstance(original, dict) and "kind" in original and original["kind"] != value and isinstance(target, dict):
        target.clear()


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _allowed_keys(model: type[BaseModel], path: KeyPath) -> list[str]:
    current: Any = model
    for part in path:
        field = getattr(current, "model_fields", {}).get(part)
        annotation = getattr(field, "annotation", None)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        current = annotation
    return sorted(getattr(current, "model_fields", {}))


def _without_union_tags(path: KeyPath, data: Any, missing: bool = False) -> tuple[KeyPath, bool]:
    """``path`` without the parts pydantic inserts for a union, and whether its last part was one.

    Two kinds: a discriminated union's tag (``algorithm.grpo.group_size`` -> ``algorithm.group_size``),
    a part that is no key of the data but the value of one (``kind: grpo``); and a plain union's member
    label (``stack.function-after[...StackConfig].sources`` -> ``stack.sources``), a part the data at that
    point does not hold (a ``missing`` error's last part names the absent key, so it is kept).
    """
    kept: list[str | int] = []
    node = data
    last_was_label = False
    for index, part in enumerate(path):
        last = index == len(path) - 1
        if isinstance(part, str) and not (isinstance(node, dict) and part in node) and not (last and missing):
            last_was_label = last
            continue
        kept.append(part)
        node = _child(node, part)
    return tuple(kept), last_was_label


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node):
        return node[part]
    return None


def _meaningful(errors: list[tuple[KeyPath, bool, Any]]) -> list[tuple[KeyPath, bool, Any]]:
    """Drop a union member's "not this type at all" error when another member has one deeper in the value
    (an inline stack with a bad source is no path either; only the stack's own error helps)."""
    return [(path, root, err) for path, root, err in errors
            if not (root and any(len(other) > len(path) and other[:len(path)] == path for other, _, _ in errors))]


def format_config_error(exc: ValidationError, model: type[BaseModel], lines: LineMap, filename: str,
                        touched: set[KeyPath], data: Any = None) -> str:
    """One ``where: key: message`` line per error (``where`` is ``file:line`` or ``--set``)."""
    parts = []
    located = [(*_without_union_tags(tuple(p for p in err["loc"] if isinstance(p, str | int)), data,
                                     err["type"] == "missing"), err) for err in exc.errors()]
    for path, _, err in _meaningful(located):
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            allowed = _allowed_keys(model, path[:-1])
            known = f"; allowed keys: {', '.join(allowed)}" if allowed else ""
            message = f"unknown key {path[-1]!r} (check the spelling{known})"
        # an override set this key, a key above it, or (a discriminated union's tag) a key inside it
        if any(path[:len(t)] == t or (path and t[:len(path)] == path) for t in touched):
            where = "--set"
        else:
            line = line_for(path, lines)
            where = f"{filename}:{line}" if line is not None else filename
        parts.append(f"{where} {dotted_path(path)}: {message}" if where == "--set"
                     else f"{where}: {dotted_path(path)}: {message}")
    return "invalid config:\n  " + "\n  ".join(parts)


def load_config_file(path: str | Path, model: type[M], overrides: Sequence[str] = ()) -> M:
    """Read ``path``, apply ``overrides``, validate as ``model``; :class:`ConfigError` with file:line:key."""
    data, lines = read_yaml_file(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: a training config must be a mapping of keys (data, model, output_dir, ...), "
                          f"not a {type(data).__name__}")
    merged, touched = apply_overrides(data, overrides)
    try:
        return model.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(format_config_error(exc, model, lines, str(path), touched, merged)) from None
