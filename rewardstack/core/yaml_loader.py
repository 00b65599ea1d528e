"""YAML that remembers where each key was, so config errors can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rewardstack.core.errors import ConfigError

__all__ = ["LineMap", "load_yaml_with_lines"]

LineMap = dict[tuple[str | int, ...], int]


def load_yaml_with_lines(text: str, *, filename: str = "<yaml>") -> tuple[Any, LineMap]:
    """Parse YAML into plain data plus ``{path: 1-based line}`` for every node.

    >>> data, lines = load_yaml_with_lines("a:\\n  b: 1\\n")
    >>> data, lines[("a", "b")]
    ({'a': {'b': 1}}, 2)
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{filename}: not valid YAML: {exc}") from exc
    if node is None:
        return None, {}
    lines: LineMap = {}
    _record(node, (), lines)
    return yaml.safe_load(text), lines


def _record(node: yaml.Node, path: tuple[str | int, ...], lines: LineMap) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[path + (key,)] = key_node.start_mark.line + 1
            _record(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, path + (index,), lines)


def line_for(path: tuple[str | int, ...], lines: LineMap) -> int | None:
    """The line of ``path``, or of its nearest ancestor that has one."""
    for cut in range(len(path), -1, -1):
        line = lines.get(tuple(path[:cut]))
        if line is not None:
            return line
    return None


def read_yaml_file(path: str | Path) -> tuple[Any, LineMap]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {p}: {exc.strerror}") from exc
    return load_yaml_with_lines(text, filename=str(p))
