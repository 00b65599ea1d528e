"""``explain(tree)``: a fusion tree in words, one indented line per node.

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

from collections.abc import Callable, Mapping
from typing import Any

from rewardstack.fusion.base import OperatorConfig

__all__ = ["explain", "explain_policies"]

Child = tuple[str | None, Any]  # (label line before the child, or None; operand)
Rule = Callable[[Any], tuple[str, list[Child]]]


def _w(weight: float, name: str) -> str:
    return f"{weight:g} * {name}"


def _names(operands: list[Any]) -> tuple[list[str], list[Child]]:
    names: list[str] = []
    kids: list[Child] = []
    for op in operands:
        if isinstance(op, str):
            names.append(op)
        else:
            names.append(f"({op.kind} below)")
            kids.append((None, op))
    return names, kids


def _weighted_sum(c: Any) -> tuple[str, list[Child]]:
    parts = [_w(w, n) + (f" (scheduled over steps {c.schedules[n][0][0]:g}..{c.schedules[n][-1][0]:g})"
                         if n in c.schedules else "") for n, w in c.weights.items()]
    parts += [_w(s.weight, s.node if isinstance(s.node, str) else f"({s.node.kind} below)") for s in c.subtrees]
    kids: list[Child] = [(None, s.node) for s in c.subtrees if not isinstance(s.node, str)]
    return "weighted sum: " + " + ".join(parts), kids


def _gate(c: Any) -> tuple[str, list[Child]]:
    soft = f"soft (sigmoid of margin / {c.temperature:g}) " if c.soft else ""
    missing = "" if c.on_missing == "otherwise" else f"; without a value: {c.on_missing}"
    return f"{soft}gate: if {c.condition.words()}{missing} then", [(None, c.then), ("otherwise:", c.otherwise)]


def _veto(c: Any) -> tuple[str, list[Child]]:
    checks = " or ".join([f"{n} < {t:g}" for n, t in c.below.items()] + [f"{n} > {t:g}" for n, t in c.above.items()])
    return f"veto: {c.floor:g} (flagged) if {checks}, else", [(None, c.input)]


def _cascade(c: Any) -> tuple[str, list[Child]]:
    kids: list[Child] = []
    for k, s in enumerate(c.stages):
        rules = []
        if s.reject_below is not None:
            value = "its value" if s.reject_value is None else f"{s.reject_value:g}"
            rules.append(f"below {s.reject_below:g} -> {value}")
        if s.accept_at_least is not None:
            value = "its value" if s.accept_value is None else f"{s.accept_value:g}"
            rules.append(f"at least {s.accept_at_least:g} -> {value}")
        kids.append((f"stage {k} ({', '.join(rules)}; undecided go on):", s.input))
    kids.append(("the rest (lazily, only undecided samples) get:", c.final))
    return "cascade: cheap checks first, later stages only for undecided samples", kids


def _combine(title: str) -> Rule:
    def rule(c: Any) -> tuple[str, list[Child]]:
        names, kids = _names(list(c.inputs))
        extra = ""
        if getattr(c, "temperature", None) is not None and c.kind == "soft_min":
            extra = f" (temperature {c.temperature:g})"
        if c.kind == "lexicographic":
            extra = f" (tie-break scale {c.scale:g})"
        if c.kind == "ensemble":
            title_ = {"mean": "ensemble mean", "min": "ensemble worst case (min)",
                      "uncertainty": f"ensemble mean - {c.lam:g} * std"}[c.mode]
            return f"{title_} of {', '.join(names)}", kids
        return f"{title} of {', '.join(names)}{extra}", kids

    return rule


def _single(describe: Callable[[Any], str]) -> Rule:
    return lambda c: (describe(c), [(None, c.input)])


def _constraint(c: Any) -> tuple[str, list[Child]]:
    costs = ", ".join(f"E[{b.name or (b.input if isinstance(b.input, str) else b.input.kind)}] <= {b.budget:g}"
                      for b in c.costs)
    update = "PID" if c.pid is not None else f"dual ascent, lr {c.lr:g}"
    form = "(r - sum lambda c) / (1 + sum lambda)" if c.normalize else "r - sum lambda c"
    kids: list[Child] = [("reward:", c.reward)]
    kids += [(f"cost (budget {b.budget:g}):", b.input) for b in c.costs]
    return f"constraint: maximise reward subject to {costs}; {form}, multipliers by {update}", kids


def _gdpo(c: Any) -> tuple[str, list[Child]]:
    scope = f"within groups of metadata[{c.group_key!r}]" if c.group_key else "over the batch"
    terms = " + ".join(_w(w, n) for n, w in c.weights.items())
    if c.kind == "normalize_then_sum":
        whiten = ", then whiten over the batch" if c.whiten else ""
        return f"normalize then sum (GDPO): z-score each source {scope}, then {terms}{whiten}", []
    return f"sum then normalize: {terms}, then z-score {scope}", []


RULES: dict[str, Rule] = {
    "weighted_sum": _weighted_sum,
    "constant": lambda c: (f"the constant {c.value:g}", []),
    "gate": _gate,
    "veto": _veto,
    "cascade": _cascade,
    "min": _combine("minimum"),
    "soft_min": _combine("soft minimum"),
    "product": _combine("product"),
    "geometric_mean": _combine("geometric mean"),
    "lexicographic": _combine("lexicographic order"),
    "ensemble": _combine("ensemble"),
    "clip": _single(lambda c: f"clip to [{'-inf' if c.min is None else f'{c.min:g}'}, "
                              f"{'inf' if c.max is None else f'{c.max:g}'}]:"),
    "normalize": _single(lambda c: f"normalize with running {c.method} statistics"
                                   + (f", |z| <= {c.clip:g}" if c.clip else "") + ":"),
    "group_normalize": _single(lambda c: ("z-score" if c.scale else "centre")
                                         + (f" within groups of metadata[{c.key!r}]" if c.key else " over the batch")
                                         + " (GRPO advantage):"),
    "normalize_then_sum": _gdpo,
    "sum_then_normalize": _gdpo,
    "constraint": _constraint,
}


def _generic(c: OperatorConfig) -> tuple[str, list[Child]]:
    fields = ", ".join(f"{k}={v!r}" for k, v in c.model_dump().items() if k != "kind")
    return f"{c.kind} ({fields})", []


def _lines(node: Any, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    if isinstance(node, str):
        out.append(f"{pad}source {node}")
        return
    rule = RULES.get(node.kind, _generic)
    headline, kids = rule(node)
    out.append(pad + headline)
    for label, child in kids:
        if label is not None:
            out.append(pad + label)
        _lines(child, depth + 1, out)


def explain(tree: OperatorConfig | str) -> str:
    """The tree in words: one line per node, children indented under their parent."""
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
