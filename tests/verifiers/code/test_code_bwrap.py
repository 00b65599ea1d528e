"""bwrap backend mechanics: results, limits, worker replacement, concurrency, setup errors."""

from __future__ import annotations

import os
import signal

import pytest
from pydantic import ValidationError

from rewardstack.core.errors import SandboxUnavailable
from rewardstack.verifiers.code.sandbox import BwrapConfig, Job, JobStatus, Limits, SandboxBackend, make_backend


def _py(code: str, **kw: object) -> Job:
    return Job(runner="python", argv=("m.py",), files={"m.py": code.encode()}, **kw)  # type: ignore[arg-type]


def test_runs_python_and_exec_with_exit_codes(bwrap: SandboxBackend) -> None:
    ok = bwrap.run(_py("import sys; print(sys.argv, input())", stdin=b"hi\n"))
    assert ok.status is JobStatus.OK and ok.stdout == b"['m.py'] hi\n"
    bad = bwrap.run(Job(runner="exec", argv=("/bin/sh", "-c", "echo err >&2; exit 3")))
    assert bad.status is JobStatus.RUNTIME_ERROR and bad.exit_code == 3 and bad.stderr == b"err\n"
    exc = bwrap.run(_py("raise ValueError('x')"))
    assert exc.exit_code == 1 and b"ValueError: x" in exc.stderr


def test_limits(bwrap: SandboxBackend) -> None:
    small = Limits(wall_s=1, cpu_s=1, memory_mb=64, output_bytes=4096)
    assert bwrap.run(_py("import time; time.sleep(9)", limits=small)).status is JobStatus.TIMEOUT
    assert bwrap.run(_py("x = bytearray(200 << 20)", limits=small)).status is JobStatus.MEMORY
    flood = bwrap.run(_py("print('x' * 100000)", limits=small))
    assert flood.status is JobStatus.OUTPUT_LIMIT and flood.output_truncated and len(flood.stdout) <= 4096


def test_collect_and_executable(bwrap: SandboxBackend) -> None:
    res = bwrap.run(_py("open('out.txt', 'w').write('data')", collect=("out.txt", "missing")))
    assert res.files == {"out.txt": b"data"}
    script = Job(runner="exec", argv=("./s.sh",), files={"s.sh": b"#!/bin/sh\necho run\n"}, executable=("s.sh",))
    run = bwrap.run(script)
    assert run.stdout == b"run\n"


def test_concurrent_jobs_keep_order(bwrap: SandboxBackend) -> None:
    results = bwrap.run_many([_py(f"print({i})") for i in range(40)])
    assert [r.stdout for r in results] == [f"{i}\n".encode() for i in range(40)]


def test_worker_killed_from_outside_is_replaced(bwrap: SandboxBackend) -> None:
    for pid in bwrap.worker_host_pids():  # type: ignore[attr-defined]
        os.killpg(pid, signal.SIGKILL)
    results = [bwrap.run(_py("print(1)")) for _ in range(4)]
    assert results[-1].status is JobStatus.OK
    assert all(r.status in (JobStatus.OK, JobStatus.KILLED) for r in results)


def test_job_paths_must_be_relative() -> None:
    for bad in ("../x", "/etc/passwd", "a//b", "a/../b"):
        with pytest.raises(ValidationError):
            Job(runner="python", argv=("m.py",), files={bad: b""})


def test_broken_setup_raises_at_construction() -> None:
    with pytest.raises(SandboxUnavailable, match="interpreter"):
        make_backend(BwrapConfig(python="/nonexistent/python3"))
    with pytest.raises(SandboxUnavailable, match="bwrap"):
        make_backend(BwrapConfig(bwrap_path="/nonexistent/bwrap"))
