"""HumanEval tests cut into units: one ``code_tests`` assert test per assertion of ``check``.

A HumanEval ``check(candidate)`` is a list of statements; each statement that contains an
``assert`` (a bare assert, or a loop of them) is one *unit*. A unit's test keeps the problem's
prompt (its helper functions), the test module's other top-level statements (``METADATA``,
imports) and every assert-free statement of ``check`` that comes before it (set-up such as
``import math`` or a seeded ``rng``), so each unit runs on its own exactly as it ran inside
the full check. The full list of units is the hidden test set; a seeded subset is visible.

>>> problem = {"prompt": "def f(x):\\n    'Add one.'\\n", "entry_point": "f",
...            "test": "def check(candidate):\\n    import math\\n    assert candidate(1) == 2\\n"
...                    "    assert candidate(2) == 3\\n"}
>>> units = split_units(problem)
>>> len(units), "import math" in units[1]["code"]
(2, True)
>>> special_cases(problem, [0])
[('1', '2')]
"""

from __future__ import annotations

import ast
import copy
from typing import Any

__all__ = ["split_units", "special_cases"]


def _check_function(tree: ast.Module) -> ast.FunctionDef | None:
    found = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "check"]
    return found[-1] if found else None


def _has_assert(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Assert) for n in ast.walk(node))


def split_units(problem: dict[str, Any]) -> list[dict[str, Any]]:
    """The problem's units as ``code_tests`` assert tests (empty if its test has no ``check``)."""
    tree = ast.parse(problem["test"])
    check = _check_function(tree)
    if check is None:
        return []
    header = [n for n in tree.body if n is not check]
    unit_at = [k for k, stmt in enumerate(check.body) if _has_assert(stmt)]
    units = []
    for k in unit_at:
        body = [s for i, s in enumerate(check.body) if i == k or (i < k and i not in unit_at)]
        fn = copy.deepcopy(check)
        fn.body = body
        module = ast.Module(body=[*header, fn], type_ignores=[])
        code = problem["prompt"] + "\n" + ast.unparse(ast.fix_missing_locations(module)) + "\n"
        units.append({"kind": "assert", "code": code})
    return units


def _literal_case(stmt: ast.stmt) -> tuple[str, str] | None:
    """``assert candidate(<literals>) == <literal>`` -> (args source, expected source), else None."""
    if not isinstance(stmt, ast.Assert) or not isinstance(stmt.test, ast.Compare):
        return None
    cmp = stmt.test
    if len(cmp.ops) != 1 or not isinstance(cmp.ops[0], ast.Eq):
        return None
    call, expected = cmp.left, cmp.comparators[0]
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "candidate"):
        return None
    if call.keywords or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    try:
        for node in [*call.args, expected]:
            ast.literal_eval(node)
    except ValueError:
        return None
    return ", ".join(ast.unparse(a) for a in call.args), ast.unparse(expected)


def special_cases(problem: dict[str, Any], visible: list[int]) -> list[tuple[str, str]]:
    """(args, expected) of the visible units that are plain literal equality asserts (what a hack can hard-code)."""
    check = _check_function(ast.parse(problem["test"]))
    if check is None:
        return []
    statements = [stmt for stmt in check.body if _has_assert(stmt)]
    cases = [_literal_case(statements[k]) for k in visible]
    return [c for c in cases if c is not None]
