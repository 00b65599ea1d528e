"""Security conformance: every hostile program is contained by every isolating backend.

For each program (``rewardstack.verifiers.code.hostile``): the graded test never
passes, no process survives on the host, the trainer's loopback service and files
are untouched, and the next job starts clean. Under ``local`` several of them
escape, which is the point of its warning.
"""

from __future__ import annotations

import http.server
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from rewardstack.verifiers.code.grader import Grader
from rewardstack.verifiers.code.hostile import CLEAN_CHECK, HOSTILE, SUITE_LIMITS, HostileProgram
from rewardstack.verifiers.code.sandbox import Job, Limits, SandboxBackend
from tests.verifiers.code.sandbox_helpers import stray_sandbox_processes

ESCAPE_REF = {"language": "python", "tests": [{"kind": "io", "stdin": "", "stdout": "ESCAPED\n"}]}


@dataclass
class HostServices:
    port: int
    abstract: str
    host_file: Path
    secret_env: str
    http_thread: threading.Thread

    def fill(self, code: str) -> str:
        return (
            code.replace("{port}", str(self.port))
            .replace("{abstract}", self.abstract)
            .replace("{host_file}", str(self.host_file))
            .replace("{secret_env}", self.secret_env)
        )


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostServices]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    abstract = f"rs-test-{uuid.uuid4().hex[:8]}"
    unix = socket.socket(socket.AF_UNIX)
    unix.bind("\0" + abstract)
    unix.listen(4)
    host_file = Path(f"/var/tmp/rs-host-file-{uuid.uuid4().hex[:8]}")  # not under /tmp: sandboxes have their own
    host_file.write_text("original")
    host_file.chmod(0o666)  # writable by anyone: only isolation may keep the sandbox away
    secret = f"RS_TRAINER_SECRET_{uuid.uuid4().hex[:6].upper()}"
    os.environ[secret] = "hunter2"
    yield HostServices(server.server_address[1], abstract, host_file, secret, thread)
    os.environ.pop(secret, None)
    server.shutdown()
    unix.close()
    host_file.unlink(missing_ok=True)


def _grade(backend: SandboxBackend, code: str) -> tuple[bool, str]:
    grader = Grader(backend, Limits(**SUITE_LIMITS, output_bytes=64 << 10))
    result = grader.grade(code, ESCAPE_REF).results[0]
    return result.passed, f"{result.status}: {result.evidence[:300]}"


def _assert_host_clean(backend: SandboxBackend, services: HostServices) -> None:
    assert services.host_file.read_text() == "original"
    assert services.http_thread.is_alive()
    stray: set[int] = set()
    for _ in range(40):  # a replaced worker's namespace may take a moment to be torn down
        stray = stray_sandbox_processes(backend)
        if not stray:
            break
        time.sleep(0.05)
    assert not stray, f"processes survived on the host: {sorted(stray)}"


def _assert_next_job_clean(backend: SandboxBackend) -> None:
    for _ in range(backend.concurrency):  # every worker, so each one's state is checked
        job = Job(runner="python", argv=("clean_check.py",), files={"clean_check.py": CLEAN_CHECK.encode()})
        res = backend.run(job)
        assert res.stdout.strip() == b"CLEAN", (res.status, res.stdout[:500], res.stderr[-500:])


def test_table_is_big_enough() -> None:
    assert len(HOSTILE) >= 40
    assert {h.category for h in HOSTILE} == {"resources", "escape", "secrets", "network", "kernel"}


@pytest.mark.slow
@pytest.mark.parametrize("case", HOSTILE, ids=lambda h: h.name)
def test_hostile_program_is_contained(
    isolating_backend: SandboxBackend, services: HostServices, case: HostileProgram
) -> None:
    start = time.monotonic()
    passed, why = _grade(isolating_backend, services.fill(case.code))
    assert not passed, f"{case.name} escaped: {why}"
    if case.followup:
        passed, why = _grade(isolating_backend, services.fill(case.followup))
        assert not passed, f"{case.name}: state persisted into the next job ({why})"
    _assert_host_clean(isolating_backend, services)
    _assert_next_job_clean(isolating_backend)
    assert time.monotonic() - start < 30


def test_local_backend_fails_loudly(local: SandboxBackend, services: HostServices) -> None:
    escaped = []
    for case in HOSTILE:
        if case.local_safe and case.escapes_locally:
            passed, _ = _grade(local, services.fill(case.code))
            if passed:
                escaped.append(case.name)
        services.host_file.write_text("original")
    # shadow, host home, project checkout, trainer env, loopback HTTP, abstract socket, host files...
    assert len(escaped) >= 6, escaped
    assert "read_etc_shadow" in escaped and "trainer_env_secret" in escaped and "host_loopback_http" in escaped
