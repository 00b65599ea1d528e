"""Python runner: ``io``, ``call`` and ``assert`` tests (the last two via grader harnesses)."""

from __future__ import annotations

from rewardstack.verifiers.code.runners.base import BuildFailure, LanguageRunner, Program
from rewardstack.verifiers.code.runners.registry import register_runner
from rewardstack.verifiers.code.sandbox.base import JobStatus, Limits, SandboxBackend

__all__ = ["PythonRunner"]


@register_runner
class PythonRunner(LanguageRunner):
    name = "python"
    aliases = ("py", "python3")
    test_kinds = frozenset({"io", "call", "assert"})

    def build(self, code: str, backend: SandboxBackend, limits: Limits) -> Program | BuildFailure:
        try:
            compile(code, "solution.py", "exec", dont_inherit=True)  # parse only: nothing runs here
        except (SyntaxError, ValueError) as exc:
            where = f" (line {exc.lineno})" if isinstance(exc, SyntaxError) else ""
            return BuildFailure(JobStatus.COMPILE_ERROR, f"compile_error: {type(exc).__name__}: {exc}{where}")
        return Program(runner="python", argv=("solution.py",), files={"solution.py": code.encode()})
