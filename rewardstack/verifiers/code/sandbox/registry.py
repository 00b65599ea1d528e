"""``SANDBOX_BACKENDS``: sandbox backends by name (``sandbox: {backend: NAME}``).

Each entry is the backend's config class (a :class:`~rewardstack.verifiers.code.sandbox.base.BackendConfig`,
which builds the backend). Built-ins are the modules of ``sandbox/backends/``, each registering
itself with :func:`register_backend`; plugins register the same way from their own module, or
through the entry-point group ``rewardstack.sandbox_backends`` (name -> ``"module:ConfigClass"``).

>>> from rewardstack.verifiers.code.sandbox.registry import SANDBOX_BACKENDS
>>> SANDBOX_BACKENDS.names()
['bwrap', 'docker', 'local']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rewardstack.core.errors import RegistryError
from rewardstack.core.registry import Registry
from rewardstack.verifiers.code.sandbox.base import BackendConfig

__all__ = ["SANDBOX_BACKENDS", "register_backend"]

B = TypeVar("B", bound=BackendConfig)

SANDBOX_BACKENDS: Registry[type[BackendConfig]] = Registry(
    "sandbox backend",
    "rewardstack.sandbox_backends",
    base=BackendConfig,
    packages=("rewardstack.verifiers.code.sandbox.backends",),
)


def register_backend(name: str) -> Callable[[type[B]], type[B]]:
    """Class decorator: register a backend's config class under ``name`` (its ``backend`` value)."""

    def decorate(cls: type[B]) -> type[B]:
        field = cls.model_fields.get("backend")
        if field is None or field.default != name:
            raise RegistryError(
                f"sandbox backend {name!r}: {cls.__qualname__} must declare backend: Literal[{name!r}] = {name!r}"
            )
        return SANDBOX_BACKENDS.register_class(name)(cls)

    return decorate
