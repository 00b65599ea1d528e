"""Sandbox backends behind one contract (``base``), by name in ``SANDBOX_BACKENDS`` (``registry``)."""

from rewardstack.verifiers.code.sandbox.base import (
    BackendConfig,
    IsolationReport,
    Job,
    JobResult,
    JobStatus,
    Limits,
    PythonSettings,
    SandboxBackend,
    SandboxError,
)
from rewardstack.verifiers.code.sandbox.config import (
    BwrapConfig,
    DockerConfig,
    LocalConfig,
    SandboxConfig,
    make_backend,
    parse_sandbox_config,
)
from rewardstack.verifiers.code.sandbox.registry import SANDBOX_BACKENDS, register_backend

__all__ = [
    "SANDBOX_BACKENDS",
    "BackendConfig",
    "BwrapConfig",
    "DockerConfig",
    "IsolationReport",
    "Job",
    "JobResult",
    "JobStatus",
    "Limits",
    "LocalConfig",
    "PythonSettings",
    "SandboxBackend",
    "SandboxConfig",
    "SandboxError",
    "make_backend",
    "parse_sandbox_config",
    "register_backend",
]
