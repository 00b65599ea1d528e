"""Sandbox backends (bwrap, docker, local) behind one contract: see ``base``."""

from rewardstack.verifiers.code.sandbox.base import (
    IsolationReport,
    Job,
    JobResult,
    JobStatus,
    Limits,
    SandboxBackend,
    PythonSettings,
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

__all__ = [
    "BwrapConfig",
    "DockerConfig",
    "IsolationReport",
    "Job",
    "JobResult",
    "JobStatus",
    "Limits",
    "LocalConfig",
    "SandboxBackend",
    "SandboxConfig",
    "SandboxError",
    "make_backend",
    "PythonSettings",
    "parse_sandbox_config",
]
