"""``explain(tree)``: a fusion tree in words, one indented line per node.

The words belong to the operators: each config's ``explain()`` gives its
headline and its children (see :meth:`OperatorConfig.explain`); this module
only walks the tree, and words the policies. An operator that writes no
``explain()`` (a plugin) reads ``kind (field=value, ...)``, nested nodes below.

>>> from rewardstack.fusion.node import validate_node
>>> print(explain(validate_node({"kind": "gate", "condition": {"source": "tests", "at_least": 1.0},
...                              "then": {"kind": "weighted_sum", "weights": {"style": 1.0}},
...                              "otherwise": {"kind": "constant", "value": -1.0}})))
gate: if tests >= 1 then
  weighted sum: 1 * style
otherwise:
  the constant -1
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from rewardstack.fusion.base import OperatorConfig
from rewardstack.fusion.node import Child, Explanation

__all__ = ["explain", "explain_policies", "field_explanation"]


def field_explanation(config: OperatorConfig) -> Explanation:
    """The default words of an operator that writes none: its kind and fields, nested nodes below.

    >>> from rewardstack.fusion.constant import ConstantConfig
    >>> field_explanation(ConstantConfig(value=2.0))
    ('constant (value=2.0)', [])
    """
    kids: list[Child] = []
    fields = ", ".join(f"{name}={_words(getattr(config, name), kids)}"
                       for name in type(config).model_fields if name != "kind")
    return f"{config.kind} ({fields})", kids


def _words(value: Any, kids: list[Child]) -> str:
    if isinstance(value, OperatorConfig):
        kids.append((None, value))
        return f"({value.kind} below)"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_words(v, kids) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_words(v, kids)}" for k, v in value.items()) + "}"
    if isinstance(value, BaseModel):
        inner = ", ".join(f"{k}={_words(getattr(value, k), kids)}" for k in type(value).model_fields)
        return f"{type(value).__name__}({inner})"
    return repr(value)


def _lines(node: str | OperatorConfig, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    if isinstance(node, str):
        out.append(f"{pad}source {node}")
        return
    headline, kids = node.explain()
    out.append(pad + headline)
    for label, child in kids:
        if label is not None:
            out.append(pad + label)
        _lines(child, depth + 1, out)


def explain(tree: OperatorConfig | str) -> str:
    """The tree in words: one line per node (its config's ``explain()``), children indented."""
    out: list[str] = []
    _lines(tree, 0, out)
    return "\n".join(out)


def explain_policies(policies: Mapping[str, Any]) -> str:
    """Non-ok policies in words (sources not listed: excluded and renormalised)."""
    if not policies:
        return "non-ok scores: every source is excluded where it is not ok (the rest renormalised)"
    lines = ["non-ok scores (others: excluded, the rest renormalised):"]
    for name, p in policies.items():
        for when, action in (("error/timeout", p.on_error), ("abstain", p.on_abstain)):
            if action == "exclude":
                continue
            what = {"penalty": f"counts as {p.value:g}", "veto": f"forces the total to {p.value:g}",
                    "raise": "stops scoring with an error"}[action]
            lines.append(f"  {name} on {when}: {what}")
    return "\n".join(lines)
