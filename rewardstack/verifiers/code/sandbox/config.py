"""Backend configs (an open discriminated union on ``backend``) and the backend factory.

``backend`` names an entry of :data:`~rewardstack.verifiers.code.sandbox.registry.SANDBOX_BACKENDS`;
the mapping is validated by that backend's config class, so a plugin backend is as valid a value
as a built-in one, and an unknown name gets "did you mean".

>>> from rewardstack.verifiers.code.sandbox.config import parse_sandbox_config
>>> parse_sandbox_config({"backend": "local", "allow_unsafe": True}).backend
'local'
>>> parse_sandbox_config({"backend": "bwarp"})
Traceback (most recent call last):
...
ValueError: unknown sandbox backend 'bwarp'. Did you mean 'bwrap'? Known: bwrap, docker, local.

Backend configs hold no heavy imports: a backend's implementation module is imported by its
config's ``build()``, so validating a config never needs bubblewrap or the docker SDK.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import SerializeAsAny, ValidatorFunctionWrapHandler, WrapValidator

from rewardstack.core.errors import RegistryError
from rewardstack.verifiers.code.sandbox.backends.bwrap import BwrapConfig
from rewardstack.verifiers.code.sandbox.backends.docker import DockerConfig
from rewardstack.verifiers.code.sandbox.backends.local import LocalConfig
from rewardstack.verifiers.code.sandbox.base import BackendConfig, SandboxBackend
from rewardstack.verifiers.code.sandbox.registry import SANDBOX_BACKENDS

__all__ = [
    "BackendConfig",
    "BwrapConfig",
    "DockerConfig",
    "LocalConfig",
    "SandboxConfig",
    "make_backend",
    "parse_sandbox_config",
]


def parse_sandbox_config(data: Any) -> BackendConfig:
    """Validate a mapping with its backend's config class (or pass a config object through).

    Raises ``ValueError`` (a pydantic ``ValidationError`` for bad fields) naming the problem.
    """
    if isinstance(data, BackendConfig):
        return data
    if not isinstance(data, dict) or "backend" not in data:
        known = ", ".join(SANDBOX_BACKENDS.names())
        raise ValueError(f"a sandbox config must be a mapping with a 'backend' key (one of: {known})")
    try:
        config_class = SANDBOX_BACKENDS.get(str(data["backend"]))
    except RegistryError as exc:
        raise ValueError(str(exc)) from None
    return config_class.model_validate(data)


def _wrap(value: Any, _handler: ValidatorFunctionWrapHandler) -> BackendConfig:
    return parse_sandbox_config(value)


# An open discriminated union: ``backend`` picks the registered config class.
SandboxConfig = Annotated[SerializeAsAny[BackendConfig], WrapValidator(_wrap)]


def make_backend(config: BackendConfig | dict[str, Any]) -> SandboxBackend:
    """Build the backend a config names; raises ``SandboxUnavailable`` if it cannot work here."""
    return parse_sandbox_config(config).build()
