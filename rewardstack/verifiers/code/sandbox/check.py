"""``rewardstack sandbox check``: which backends work here and what isolation each gives.

>>> from rewardstack.verifiers.code.sandbox.check import sandbox_check
>>> [r.backend for r in sandbox_check(["local"])]  # doctest: +SKIP
['local']
"""

from __future__ import annotations

from collections.abc import Sequence

from rewardstack.core.errors import RewardStackError
from rewardstack.verifiers.code.sandbox.base import IsolationReport, SandboxError
from rewardstack.verifiers.code.sandbox.registry import SANDBOX_BACKENDS

__all__ = ["sandbox_check"]


def sandbox_check(backends: Sequence[str] | None = None) -> list[IsolationReport]:
    """Start each backend (default: every registered one), probe it, close it.

    A backend that cannot start, or a name no backend is registered under, is reported unavailable
    with the reason (for an unknown name: the registry's "did you mean").
    """
    reports = []
    for name in backends or SANDBOX_BACKENDS.names():
        try:
            backend = SANDBOX_BACKENDS.get(name).for_check().build()
        except (ImportError, RewardStackError, SandboxError, OSError, ValueError) as exc:
            reports.append(IsolationReport(backend=name, available=False, error=f"{type(exc).__name__}: {exc}"))
            continue
        try:
            reports.append(backend.probe())
        finally:
            backend.close()
    return reports
