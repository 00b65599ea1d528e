"""Language runners by name (``reference["language"]``)."""

from __future__ import annotations

from rewardstack.verifiers.code.runners.base import BuildFailure, LanguageRunner, Program
from rewardstack.verifiers.code.runners.cpp import CppRunner
from rewardstack.verifiers.code.runners.javascript import NodeRunner
from rewardstack.verifiers.code.runners.python import PythonRunner

__all__ = ["BuildFailure", "LanguageRunner", "Program", "get_runner", "runner_names"]

_RUNNERS: dict[str, LanguageRunner] = {}
for _runner in (PythonRunner(), CppRunner(), NodeRunner()):
    for _name in (_runner.name, *_runner.aliases):
        _RUNNERS[_name] = _runner


def get_runner(language: str) -> LanguageRunner | None:
    return _RUNNERS.get(language.strip().lower())


def runner_names() -> list[str]:
    return sorted(_RUNNERS)
