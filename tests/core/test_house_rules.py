"""Rules the error model depends on, checked over the whole package source."""

import ast
from pathlib import Path

import rewardstack

PACKAGE = Path(rewardstack.__file__).parent


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(), filename=str(p))) for p in sorted(PACKAGE.rglob("*.py"))]


def test_no_signal_alarm_timeouts() -> None:
    # signal.alarm does nothing off the main thread: timeouts must come from outside the worker
    offenders = [
        f"{path}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"alarm", "setitimer"}
    ]
    assert offenders == []


def test_no_bare_or_base_exception_handlers() -> None:
    offenders = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler):
                caught = ast.unparse(node.type) if node.type is not None else "<bare>"
                if caught == "<bare>" or "BaseException" in caught:
                    offenders.append(f"{path}:{node.lineno} except {caught}")
    assert offenders == []
