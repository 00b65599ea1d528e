"""``rewardstack sandbox check``: which backends work here and what isolation each gives.

>>> from rewardstack.verifiers.code.sandbox.check import sandbox_check
>>> [r.backend for r in sandbox_check(["local"])]  # doctest: +SKIP
['local']
"""

from __future__ import annotations

from collections.abc import Sequence

from rewardstack.core.errors import RewardStackError
from rewardstack.verifiers.code.sandbox.base import IsolationReport, SandboxError
from rewardstack.verifiers.code.sandbox.config import BACKEND_TARGETS, make_backend, parse_sandbox_config

__all__ = ["sandbox_check"]


def _config_for(name: str) -> dict[str, object]:
    data: dict[str, object] = {"backend": name, "workers": 1}
    if name == "local":
        data["allow_unsafe"] = True  # probing it is how we show that it is unsafe
    return data


def sandbox_check(backends: Sequence[str] | None = None) -> list[IsolationReport]:
    """Start each backend, probe it, close it; a backend that cannot start is reported unavailable."""
    reports = []
    for name in backends or list(BACKEND_TARGETS):
        try:
            backend = make_backend(parse_sandbox_config(_config_for(name)))
        except (ImportError, RewardStackError, SandboxError, OSError, ValueError) as exc:
            reports.append(IsolationReport(backend=name, available=False, error=f"{type(exc).__name__}: {exc}"))
            continue
        try:
            reports.append(backend.probe())
        finally:
            backend.close()
    return reports
