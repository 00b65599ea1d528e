"""Sandbox backends for the code tests: session-scoped, skipped only where a backend cannot exist."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from rewardstack.core.errors import RewardStackError
from rewardstack.verifiers.code.sandbox import BwrapConfig, LocalConfig, SandboxBackend, make_backend
from rewardstack.verifiers.code.sandbox.base import SandboxError


def _start(name: str) -> SandboxBackend:
    if name == "bwrap":
        # a uid of its own, so the host process table shows exactly this backend's processes
        return make_backend(BwrapConfig(workers=2, uid=TEST_UID, gid=TEST_UID))
    if name == "bwrap_rlimits":  # the fallback path of hosts without a writable cgroup hierarchy
        return make_backend(BwrapConfig(workers=2, uid=TEST_UID_RLIMITS, gid=TEST_UID_RLIMITS, cgroups="off"))
    if name == "bwrap_pyloop":  # the fallback path of hosts without a C compiler: the fork loop in Python
        return make_backend(BwrapConfig(workers=2, uid=TEST_UID_PYLOOP, gid=TEST_UID_PYLOOP, native_zygote="off"))
    if name == "local":
        return make_backend(LocalConfig(allow_unsafe=True, workers=2))
    try:  # the docker engineer's backend; CI provides a daemon and an image
        from rewardstack.verifiers.code.sandbox.config import DockerConfig

        # its own uid too (not 65534, which default bwrap workers elsewhere in the run use)
        return make_backend(DockerConfig(workers=2, uid=TEST_UID_DOCKER, gid=TEST_UID_DOCKER))
    except ImportError as exc:
        pytest.skip(f"docker backend not importable: {exc}")
    raise AssertionError("unreachable")


# uids of their own per session and backend: concurrent pytest runs on this machine must not see each other
TEST_UID, TEST_UID_RLIMITS, TEST_UID_DOCKER, TEST_UID_PYLOOP = random.sample(range(100_000, 2_000_000), 4)

_STARTED: dict[str, SandboxBackend] = {}


def backend_named(name: str) -> SandboxBackend:
    if name not in _STARTED:
        try:
            _STARTED[name] = _start(name)
        except (RewardStackError, SandboxError, OSError) as exc:
            pytest.skip(f"{name} backend unavailable here: {exc}")
    return _STARTED[name]


@pytest.fixture(scope="session", autouse=True)
def _close_backends() -> Iterator[None]:
    yield
    for backend in _STARTED.values():
        backend.close()


@pytest.fixture(scope="session")
def bwrap() -> SandboxBackend:
    return backend_named("bwrap")


@pytest.fixture(scope="session")
def bwrap_pyloop() -> SandboxBackend:
    return backend_named("bwrap_pyloop")


@pytest.fixture(scope="session")
def local() -> SandboxBackend:
    return backend_named("local")


@pytest.fixture(
    params=[
        "bwrap",
        "docker",
        pytest.param("bwrap_rlimits", marks=pytest.mark.slow),
        pytest.param("bwrap_pyloop", marks=pytest.mark.slow),
    ]
)
def isolating_backend(request: pytest.FixtureRequest) -> SandboxBackend:
    """Every backend that claims isolation (docker skipped only where it cannot run)."""
    return backend_named(request.param)


@pytest.fixture(params=["bwrap", "docker", "local"])
def any_backend(request: pytest.FixtureRequest) -> SandboxBackend:
    return backend_named(request.param)
