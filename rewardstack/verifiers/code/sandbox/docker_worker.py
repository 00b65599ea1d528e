"""One warm sandbox container running the shared fork server, and the host end of its channel.

The container runs ``sandbox/forkserver.py`` (the same server the bwrap backend runs,
so both backends give jobs identical semantics): its zygote as PID 1, its server as
PID 2. Its channel is a Unix socket:
the host listens in a private directory, bind-mounts that directory read-only at
``/ctl``, and a 3-line bootstrap in the container connects, puts the socket on fd 0/1
and ``exec``\\ s the server source. The host accepts exactly one connection, then closes
the listener and unlinks the socket, so no job can ever reach the host. No byte of a
job goes through the Docker daemon: a job costs a fork, not a ``docker run``.

The zygote being PID 1 matters: the kernel drops signals from inside the pid namespace
to an init without handlers, and the server's ``kill(-1, SIGKILL)`` reaches every other
process in the container (setsid orphans, stopped processes, daemons) but the zygote.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docker.errors import DockerException

from rewardstack.verifiers.code.sandbox.base import Job, JobResult, JobStatus, SandboxError
from rewardstack.verifiers.code.sandbox.cgroups import WorkerCgroup
from rewardstack.verifiers.code.sandbox.protocol import (
    decode_reply,
    encode_request,
    forkserver_source,
    read_frame,
    write_frame,
)

__all__ = ["LABEL", "ContainerSpec", "DockerWorker", "WorkerDied"]

LABEL = "org.rewardstack.sandbox"
#: memory the fork server itself needs inside the container's memory cgroup, on top of a job's limit
SERVER_OVERHEAD_MB = 48
_SEND_TIMEOUT_S = 30
# Connects to the host, moves the socket to fd 0/1 (the server's channel), runs the server.
_BOOTSTRAP = (
    "import os, socket, sys\n"
    "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(sys.argv[1])\n"
    "os.dup2(s.fileno(), 0); os.dup2(s.fileno(), 1); s.close()\n"
    "src = sys.argv[2]; sys.argv[1:] = []; del os, socket, sys, s\n"
    "exec(compile(src, '<forkserver>', 'exec'), {'__name__': '__main__', '__builtins__': __builtins__})\n"
)


class WorkerDied(SandboxError):
    """The container or its server stopped answering (killed, OOM at PID 1, crashed)."""


@dataclass(frozen=True)
class ContainerSpec:
    """How each pool container is created (from DockerConfig)."""

    image: str
    uid: int
    gid: int
    cpus: float
    tmpfs_mb: int
    shm_mb: int
    memory_mb: int
    pids: int
    start_timeout_s: float


class DockerWorker:
    """A running container plus its connected fork server; one job at a time."""

    def __init__(self, client: Any, spec: ContainerSpec) -> None:
        self.client = client
        self.spec = spec
        self.jobs = 0
        self._limits = (spec.memory_mb, spec.pids)
        self._ctl_dir = Path(tempfile.mkdtemp(prefix="rewardstack-docker-"))
        self._sock: socket.socket | None = None
        self.container: Any = None
        self.cgroup: WorkerCgroup | None = None
        self.host_pid = 0
        try:
            self._start()
        except (OSError, DockerException, SandboxError) as exc:
            self.kill()
            raise WorkerDied(f"cannot start a sandbox container from {spec.image}: {exc}") from exc

    def _start(self) -> None:
        sock_path = self._ctl_dir / "ctl.sock"
        os.chmod(self._ctl_dir, 0o755)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(sock_path))
            os.chmod(sock_path, 0o666)
            listener.listen(1)
            self.container = self.client.containers.run(**self._run_kwargs())
            listener.settimeout(self.spec.start_timeout_s)
            try:
                conn, _ = listener.accept()
            except TimeoutError as exc:
                raise WorkerDied(f"container did not connect within {self.spec.start_timeout_s}s") from exc
        finally:
            listener.close()
            with contextlib.suppress(OSError):
                sock_path.unlink()
        conn.setblocking(True)
        # A kernel-level send timeout: a request can never block forever on a wedged server
        # (the read side has its own deadline in read_frame).
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack("ll", int(_SEND_TIMEOUT_S), 0))
        self._sock = conn
        hello = read_frame(conn.fileno(), time.monotonic() + self.spec.start_timeout_s)
        if not hello.get("ready"):
            raise WorkerDied(f"unexpected greeting from the sandbox server: {hello!r}")
        self.container.reload()
        self.host_pid = int(self.container.attrs["State"].get("Pid") or 0)
        self.cgroup = _container_cgroup(self.container)

    def _run_kwargs(self) -> dict[str, Any]:
        from docker.types import LogConfig, Ulimit

        s = self.spec
        mem = f"{s.memory_mb + SERVER_OVERHEAD_MB}m"
        return {
            "image": s.image,
            "command": ["python3", "-I", "-S", "-B", "-c", _BOOTSTRAP, "/ctl/ctl.sock", forkserver_source()],
            "detach": True,
            "user": f"{s.uid}:{s.gid}",
            "network_mode": "none",
            "read_only": True,
            "cap_drop": ["ALL"],
            "security_opt": ["no-new-privileges"],
            "ipc_mode": "private",
            "mem_limit": mem,
            "memswap_limit": mem,
            "pids_limit": s.pids + 4,
            "nano_cpus": int(s.cpus * 1e9),
            # /tmp holds the job's work dir (/tmp/job): exec allowed for compiled programs
            "tmpfs": {"/tmp": f"rw,exec,nosuid,nodev,size={s.tmpfs_mb}m,nr_inodes=65536,mode=1777"},
            "shm_size": f"{s.shm_mb}m",
            "volumes": {str(self._ctl_dir): {"bind": "/ctl", "mode": "ro"}},
            "working_dir": "/tmp",
            "hostname": "sandbox",
            "environment": {"HOME": "/tmp", "LANG": "C.UTF-8"},
            "labels": {LABEL: "1", f"{LABEL}.owner-pid": str(os.getpid())},
            "log_config": LogConfig(type="none"),
            "ulimits": [Ulimit(name="core", soft=0, hard=0)],
        }

    def _apply_limits(self, job: Job) -> None:
        """Change the container's cgroup limits, only when a job asks for different ones."""
        want = (job.limits.memory_mb, job.limits.pids)
        if want == self._limits:
            return
        mem = (want[0] + SERVER_OVERHEAD_MB) << 20
        api = self.client.api
        # The SDK's update() lacks PidsLimit; the Engine API has it (v1.40+). Docker orders
        # the memory / memory+swap writes correctly, which raw cgroup writes would not.
        res = api._post_json(
            api._url("/containers/{0}/update", self.container.id),
            data={"Memory": mem, "MemorySwap": mem, "PidsLimit": want[1] + 4},
        )
        api._raise_for_status(res)
        self._limits = want

    def run(self, job: Job, grace_s: float) -> tuple[JobResult, bool]:
        """(result, reusable). A wedged or dead server yields a result and reusable=False."""
        if self._sock is None:
            raise WorkerDied("worker is closed")
        self.jobs += 1
        try:
            self._apply_limits(job)
        except (DockerException, OSError) as exc:
            raise SandboxError(f"cannot set container limits: {exc}") from exc
        oom_before = self.cgroup.oom_kills() if self.cgroup else 0
        start = time.monotonic()
        deadline = start + job.limits.wall_s + grace_s
        fd = self._sock.fileno()
        try:
            write_frame(fd, encode_request(job, rlimit_as=False))
            reply = read_frame(fd, deadline)
        except (OSError, SandboxError) as exc:
            # the job killed, stopped or wedged the server: the whole container goes
            return self._lost(job, start, exc), False
        result, dirty = decode_reply(reply, job)
        if self.cgroup is not None and self.cgroup.oom_kills() > oom_before:
            result = result.model_copy(update={"status": JobStatus.MEMORY, "note": "oom kill (container cgroup)"})
        return result, not dirty

    def _lost(self, job: Job, start: float, exc: Exception) -> JobResult:
        wall = time.monotonic() - start
        if self._oom_killed():
            status, why = JobStatus.MEMORY, "container OOM-killed"
        elif wall >= job.limits.wall_s:
            status, why = JobStatus.TIMEOUT, f"wall limit {job.limits.wall_s:.3g}s"
        else:
            status, why = JobStatus.KILLED, "sandbox server died"
        note = f"{why}; container lost ({exc}) and replaced from outside"
        return JobResult(status=status, signal=signal.SIGKILL, wall_s=wall, note=note)

    def _oom_killed(self) -> bool:
        if self.cgroup is not None and self.cgroup.oom_kills() > 0:
            return True
        try:
            self.container.reload()
            return bool(self.container.attrs["State"].get("OOMKilled"))
        except (DockerException, OSError):
            return False

    def kill(self) -> None:
        """Remove the container (force) and the control dir; idempotent, never raises."""
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
            self._sock = None
        if self.container is not None:
            with contextlib.suppress(DockerException, OSError):
                self.container.remove(force=True)
            self.container = None
        shutil.rmtree(self._ctl_dir, ignore_errors=True)


def _container_cgroup(container: Any) -> WorkerCgroup | None:
    """The container's cgroup v1 memory/pids dirs seen from the host (for the OOM counter)."""
    try:
        pid = int(container.attrs["State"]["Pid"])
        lines = Path(f"/proc/{pid}/cgroup").read_text().splitlines()
    except (DockerException, OSError, KeyError, ValueError):
        return None
    paths: dict[str, Path] = {}
    for line in lines:
        _, controllers, rel = line.split(":", 2)
        for ctl in ("memory", "pids"):
            if ctl in controllers.split(","):
                paths[ctl] = Path("/sys/fs/cgroup") / ctl / rel.lstrip("/")
    if "memory" not in paths or not (paths["memory"] / "memory.oom_control").exists():
        return None
    return WorkerCgroup(paths["memory"], paths.get("pids", paths["memory"]))
