"""Fusion state on disk: what a training checkpoint saves and ``rewardstack score --state`` loads.

A state file is JSON::

    {"format": "rewardstack-fusion-state", "version": 1,
     "tree": {"node": "Constraint", "children": [...]},   # the tree's shape, to refuse a mismatch
     "fusion": {"state": {...}, "children": [...]}}       # FusionOperator.state_dict()

Loading checks the shape first and names the first node where the saved tree
and this stack's tree differ, so a state saved from another stack is refused
with a message, never half-applied. Files written before the ``tree`` field
existed (``{"fusion": ...}``) still load; their shape is checked node by node
as the state is applied.

>>> from rewardstack.fusion.node import validate_node
>>> tree = validate_node({"kind": "normalize", "input": "rm"}).build()
>>> describe_tree(tree)
{'node': 'Normalize', 'children': [{'node': 'SourceLeaf', 'children': []}]}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rewardstack.core.errors import ConfigError
from rewardstack.fusion.base import FusionOperator

__all__ = ["STATE_FORMAT", "STATE_VERSION", "describe_tree", "load_tree_state", "read_state_file", "tree_state"]

STATE_FORMAT = "rewardstack-fusion-state"
STATE_VERSION = 1


def describe_tree(op: FusionOperator) -> dict[str, Any]:
    """The tree's shape: operator class names, nested like ``state_dict``."""
    return {"node": type(op).__name__, "children": [describe_tree(c) for c in op.children()]}


def tree_state(tree: FusionOperator) -> dict[str, Any]:
    """Everything a checkpoint needs to restore ``tree``'s running state (JSON-serialisable)."""
    return {"format": STATE_FORMAT, "version": STATE_VERSION, "tree": describe_tree(tree),
            "fusion": tree.state_dict()}


def _first_mismatch(saved: Mapping[str, Any], ours: Mapping[str, Any], path: str) -> str | None:
    here = f"{path} ({ours['node']})"
    if saved.get("node") != ours["node"]:
        return f"at {path} the saved tree has {saved.get('node')!r}, this stack has {ours['node']!r}"
    saved_kids = list(saved.get("children", []))
    if len(saved_kids) != len(ours["children"]):
        return f"at {here} the saved tree has {len(saved_kids)} children, this stack has {len(ours['children'])}"
    for k, (s, o) in enumerate(zip(saved_kids, ours["children"], strict=True)):
        found = _first_mismatch(s, o, f"{path}.children[{k}]")
        if found is not None:
            return found
    return None


def load_tree_state(tree: FusionOperator, state: Mapping[str, Any], *, origin: str = "state") -> None:
    """Apply a :func:`tree_state` mapping; :class:`ConfigError` naming the mismatch, nothing half-applied."""
    if not isinstance(state, Mapping) or "fusion" not in state:
        raise ConfigError(f"{origin}: not a rewardstack fusion state (expected a JSON object with a 'fusion' key)")
    if state.get("format", STATE_FORMAT) != STATE_FORMAT or int(state.get("version", STATE_VERSION)) > STATE_VERSION:
        raise ConfigError(
            f"{origin}: format {state.get('format')!r} version {state.get('version')!r} is not one this "
            f"rewardstack reads ({STATE_FORMAT!r} up to version {STATE_VERSION})"
        )
    if "tree" in state:
        mismatch = _first_mismatch(state["tree"], describe_tree(tree), "fusion")
        if mismatch is not None:
            raise ConfigError(f"{origin}: the saved state does not match this stack's fusion tree: {mismatch}")
    before = tree.state_dict()
    try:
        tree.load_state_dict(state["fusion"])
    except (ValueError, KeyError, TypeError) as exc:
        tree.load_state_dict(before)  # never leave a half-loaded tree behind
        raise ConfigError(f"{origin}: the saved state does not match this stack's fusion tree: {exc}") from None


def read_state_file(path: str | Path) -> dict[str, Any]:
    """Read a state file; :class:`ConfigError` for a missing, unreadable or non-JSON file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read fusion state {path}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: fusion state is not JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: fusion state must be a JSON object, got {type(data).__name__}")
    return data
