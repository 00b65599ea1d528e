"""Language runners by name (``reference["language"]``): see ``registry`` (``CODE_RUNNERS``).

Each built-in runner is one module of this package that registers itself with
``@register_runner``; the registry imports them on its first lookup.
"""

from __future__ import annotations

from rewardstack.verifiers.code.runners.base import BuildFailure, LanguageRunner, Program
from rewardstack.verifiers.code.runners.registry import (
    CODE_RUNNERS,
    get_runner,
    register_runner,
    runner_for,
    runner_names,
)

__all__ = [
    "CODE_RUNNERS",
    "BuildFailure",
    "LanguageRunner",
    "Program",
    "get_runner",
    "register_runner",
    "runner_for",
    "runner_names",
]
