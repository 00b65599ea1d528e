"""YAML that remembers where each key was, so config errors can name the line.

Beyond PyYAML's safe loading, a config file is refused (:class:`ConfigError`
with ``file:line: key``) when it would silently mean something else than it
says or blow up later:

- a key written twice in one mapping (YAML keeps the last one without a word);
- an alias that refers to a node containing it (``fusion: &f {kind: clip, input: *f}``):
  the data would be a cycle, which no tree can be;
- nesting deeper than :data:`MAX_DEPTH` levels, or more than :data:`MAX_NODES` nodes
  once aliases are expanded (an "alias bomb" is a few lines that expand to millions).

>>> data, lines = load_yaml_with_lines("a:\\n  b: 1\\n")
>>> data, lines[("a", "b")]
({'a': {'b': 1}}, 2)
>>> load_yaml_with_lines("a: 1\\na: 2\\n", filename="s.yaml")
Traceback (most recent call last):
...
rewardstack.core.errors.ConfigError: s.yaml:2: a: duplicate key 'a' (first at line 1); YAML would keep only the last one
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rewardstack.core.errors import ConfigError

__all__ = ["MAX_DEPTH", "MAX_NODES", "LineMap", "dotted_path", "line_for", "load_yaml_with_lines", "read_yaml_file"]

LineMap = dict[tuple[str | int, ...], int]

MAX_DEPTH = 200  # container levels; fusion trees have their own, tighter limit (see core.config)
MAX_NODES = 200_000  # nodes visited with aliases expanded; real stack files have a few hundred
_MERGE_TAG = "tag:yaml.org,2002:merge"


def load_yaml_with_lines(text: str, *, filename: str = "<yaml>") -> tuple[Any, LineMap]:
    """Parse YAML into plain data plus ``{path: 1-based line}`` for every node."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ConfigError(_syntax_error(filename, exc)) from exc
    except RecursionError:  # PyYAML's composer recurses once per nesting level
        raise ConfigError(f"{filename}: nested too deeply to read (the limit is {MAX_DEPTH} levels)") from None
    if node is None:
        return None, {}
    walk = _Walk(filename)
    walk.record(node, (), 0)
    try:
        data = yaml.SafeLoader("").construct_document(node)
    except yaml.YAMLError as exc:
        raise ConfigError(_syntax_error(filename, exc)) from exc
    return data, walk.lines


def _syntax_error(filename: str, exc: yaml.YAMLError) -> str:
    """``file:line:column: not valid YAML: problem (context at line N)``: PyYAML's own text names
    ``"<unicode string>"`` and quotes the source, several lines where one does.

    >>> try:
    ...     yaml.compose("a: {k: 1\\n", Loader=yaml.SafeLoader)
    ... except yaml.YAMLError as exc:
    ...     print(_syntax_error("s.yaml", exc))
    s.yaml:2:1: not valid YAML: expected ',' or '}', but got '<stream end>' (while parsing a flow mapping at line 1)
    """
    mark = getattr(exc, "problem_mark", None)
    if not isinstance(exc, yaml.MarkedYAMLError) or mark is None:
        return f"{filename}: not valid YAML: {exc}"
    context_mark = exc.context_mark
    context = f" ({exc.context} at line {context_mark.line + 1})" if exc.context and context_mark else ""
    return f"{filename}:{mark.line + 1}:{mark.column + 1}: not valid YAML: {exc.problem}{context}"


@dataclass
class _Walk:
    """One pass over the composed node graph: lines, duplicate keys, cycles, size limits."""

    filename: str
    lines: LineMap = field(default_factory=dict)
    visited: int = 0
    ancestors: set[int] = field(default_factory=set)

    def fail(self, line: int, path: tuple[str | int, ...], message: str) -> ConfigError:
        return ConfigError(f"{self.filename}:{line}: {dotted_path(path)}: {message}")

    def record(self, node: yaml.Node, path: tuple[str | int, ...], depth: int) -> None:
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        self.visited += 1
        if self.visited > MAX_NODES:
            raise self.fail(line, path, f"more than {MAX_NODES} nodes once aliases are expanded (an alias bomb?)")
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            return
        if depth >= MAX_DEPTH:
            raise self.fail(line, path, f"nested more than {MAX_DEPTH} levels deep")
        self.ancestors.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                self._mapping(node, path, depth)
            else:
                for index, item in enumerate(node.value):
                    self._child(item, path + (index,), depth, item.start_mark.line + 1)
        finally:
            self.ancestors.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: tuple[str | int, ...], depth: int) -> None:
        seen: dict[tuple[str, str], int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_line, path, "a mapping key must be a plain value, not a list or mapping")
            key = key_node.value
            ident = (key_node.tag, key)
            if key_node.tag != _MERGE_TAG and ident in seen:
                raise self.fail(key_line, path + (key,), f"duplicate key {key!r} (first at line {seen[ident]}); "
                                "YAML would keep only the last one")
            seen[ident] = key_line
            self.lines[path + (key,)] = key_line
            self._child(value_node, path + (key,), depth, key_line)

    def _child(self, node: yaml.Node, path: tuple[str | int, ...], depth: int, line: int) -> None:
        if id(node) in self.ancestors:
            raise self.fail(line, path, "this alias refers to a node that contains it: the data would be a "
                            "cycle (a tree cannot contain itself); copy the part you meant instead")
        self.record(node, path, depth + 1)


def dotted_path(path: tuple[str | int, ...]) -> str:
    """``a.b.0`` for a key path; very deep paths keep their ends (``a.b.c...x.y.z``).

    >>> dotted_path(("sources", "tests", "timeout_s"))
    'sources.tests.timeout_s'
    """
    parts = [str(p) for p in path]
    if len(parts) > 12:
        parts = parts[:6] + [f"...({len(parts) - 12} more)..."] + parts[-6:]
    return ".".join(parts) or "(top level)"


def line_for(path: tuple[str | int, ...], lines: LineMap) -> int | None:
    """The line of ``path``, or of its nearest ancestor that has one."""
    for cut in range(len(path), -1, -1):
        line = lines.get(tuple(path[:cut]))
        if line is not None:
            return line
    return None


def read_yaml_file(path: str | Path) -> tuple[Any, LineMap]:
    """Read and parse a YAML config file; :class:`ConfigError` for a missing, unreadable or bad file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except IsADirectoryError:
        raise ConfigError(f"{p} is a directory, not a YAML file") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {p}: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{p}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8") from None
    return load_yaml_with_lines(text, filename=str(p))
