"""``backend: local``: NO isolation, development only (``sandbox/local_backend.py``)."""

from __future__ import annotations

from typing import Literal

from rewardstack.verifiers.code.sandbox.base import BackendConfig, SandboxBackend
from rewardstack.verifiers.code.sandbox.registry import register_backend

__all__ = ["LocalConfig"]


@register_backend("local")
class LocalConfig(BackendConfig):
    """No isolation at all: development only, refuses to start unless ``allow_unsafe``."""

    backend: Literal["local"] = "local"
    allow_unsafe: bool = False
    python: str = "/usr/bin/python3"

    def build(self) -> SandboxBackend:
        from rewardstack.verifiers.code.sandbox.local_backend import LocalBackend

        return LocalBackend(self)

    @classmethod
    def for_check(cls) -> LocalConfig:
        return cls(workers=1, allow_unsafe=True)  # probing it is how `sandbox check` shows that it is unsafe
