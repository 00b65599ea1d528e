"""Rules the error model depends on, checked over the whole package source."""

import ast
from pathlib import Path

import rewardstack
from rewardstack.verifiers.code.grader import harness_files

PACKAGE = Path(rewardstack.__file__).parent
# Files shipped into code sandboxes run as the untrusted job, not in rewardstack's process:
# a per-call alarm there is only a fast path under the host's outside wall-clock kill.
SHIPPED_INTO_SANDBOXES = {PACKAGE / "verifiers/code/grader" / name for name in harness_files._NAMES.values()}


def _modules(*, host_only: bool = False) -> list[tuple[Path, ast.Module]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    if host_only:
        paths = [p for p in paths if p not in SHIPPED_INTO_SANDBOXES]
    return [(p, ast.parse(p.read_text(), filename=str(p))) for p in paths]


def test_no_signal_alarm_timeouts() -> None:
    # signal.alarm does nothing off the main thread: timeouts must come from outside the worker
    offenders = [
        f"{path}:{node.lineno}"
        for path, tree in _modules(host_only=True)
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


def test_no_del_based_cleanup() -> None:
    # one cleanup mechanism: close() / context managers (a RewardStack closes every source)
    offenders = [
        f"{path}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "__del__"
    ]
    assert offenders == []
