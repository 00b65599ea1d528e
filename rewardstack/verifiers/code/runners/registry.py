"""``CODE_RUNNERS``: language runners by name (``reference["language"]``), aliases included.

Built-ins are the modules of this package, each registering its runner class with
:func:`register_runner` (under its ``name`` and every alias); plugins do the same from their own
module, or through the entry-point group ``rewardstack.code_runners`` (one entry point per name,
value ``"module:RunnerClass"``). Lookups are case- and space-insensitive.

>>> from rewardstack.verifiers.code.runners.registry import get_runner, runner_for
>>> get_runner("Python3").name
'python'
>>> get_runner("cobol") is None
True
>>> runner_for("pyhton")
Traceback (most recent call last):
...
rewardstack.core.errors.RegistryError: unknown code runner 'pyhton'. Did you mean 'python', 'python3'? Known: ...
"""

from __future__ import annotations

import functools
from typing import TypeVar

from rewardstack.core.errors import RegistryError
from rewardstack.core.registry import Registry
from rewardstack.verifiers.code.runners.base import LanguageRunner

__all__ = ["CODE_RUNNERS", "get_runner", "register_runner", "runner_for", "runner_names"]

R = TypeVar("R", bound=type[LanguageRunner])

CODE_RUNNERS: Registry[type[LanguageRunner]] = Registry(
    "code runner",
    "rewardstack.code_runners",
    base=LanguageRunner,
    packages=("rewardstack.verifiers.code.runners",),
)


def register_runner(cls: R) -> R:
    """Class decorator: register a runner under its ``name`` and each of its ``aliases``."""
    if not cls.name:
        raise RegistryError(f"code runner {cls.__qualname__} has no name")
    for name in (cls.name, *cls.aliases):
        CODE_RUNNERS.register_class(name)(cls)
    return cls


@functools.cache
def _instance(cls: type[LanguageRunner]) -> LanguageRunner:
    return cls()  # runners are stateless: one instance per class serves every sample


def runner_for(language: str) -> LanguageRunner:
    """The runner for ``language``; RegistryError with "did you mean" when there is none."""
    return _instance(CODE_RUNNERS.get(language.strip().lower()))


def get_runner(language: str) -> LanguageRunner | None:
    """The runner for ``language``, or None when there is none."""
    try:
        return runner_for(language)
    except RegistryError:
        return None


def runner_names() -> list[str]:
    """Every name a reference's ``language`` may use (names and aliases)."""
    return CODE_RUNNERS.names()
