"""Can a family's source run here? A reason string when it cannot (recorded in ``WorldPool.skipped``)."""

from __future__ import annotations

from typing import Any

from rewardstack.core.errors import RewardStackError

__all__ = ["critic_unavailable", "sandbox_unavailable"]

# What loading a source or a model can raise for a setup that does not work here (a missing extra, absent
# weights, an unknown judge): reported as the reason a family is skipped, never swallowed silently.
_SETUP_ERRORS = (RewardStackError, ImportError, OSError, ValueError, RuntimeError)


def critic_unavailable() -> str | None:
    """None when ``constitutional_critic`` is registered and builds with its default judge; else why not."""
    from rewardstack.core.registry import SOURCES

    if "constitutional_critic" not in SOURCES:
        return "the constitutional_critic source is not registered in this installation"
    try:
        source = SOURCES.get("constitutional_critic")()
    except _SETUP_ERRORS as exc:
        return f"constitutional_critic with its default judge does not load here: {type(exc).__name__}: {exc}"
    source.close()
    return None


def sandbox_unavailable(sandbox: dict[str, Any]) -> str | None:
    """None when the code sandbox backend starts here; else why not."""
    from rewardstack.verifiers.code.sandbox.config import make_backend

    try:
        backend = make_backend(sandbox)
    except _SETUP_ERRORS as exc:
        return f"code sandbox {sandbox.get('backend')!r} is not available here: {type(exc).__name__}: {exc}"
    backend.close()
    return None
