"""One warm sandbox container and the host end of its control channel.

The host creates a listening Unix socket in a private directory, bind-mounts that
directory read-only at ``/ctl`` and starts the container with the fork server
(``docker_server.py``) as PID 1. The server connects back; the host accepts exactly one
connection, then closes the listener and unlinks the socket, so no job can reach the
host. Requests and replies are length-prefixed JSON; no byte of a job goes through
the Docker daemon, which is why a job costs a fork, not a ``docker run``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docker.errors import DockerException

__all__ = ["ContainerSpec", "DockerWorker", "WorkerDied"]

SERVER_SOURCE = (Path(__file__).with_name("docker_server.py")).read_text()
LABEL = "org.rewardstack.sandbox"
MAX_REPLY = 256 << 20
#: memory the fork server itself needs on top of a job's memory limit
SERVER_OVERHEAD_MB = 24


class WorkerDied(RuntimeError):
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
    """A running container plus its connected fork server."""

    def __init__(self, client: Any, spec: ContainerSpec) -> None:
        self.client = client
        self.spec = spec
        self.jobs_done = 0
        self.memory_mb = spec.memory_mb
        self.pids = spec.pids
        self._ctl_dir = Path(tempfile.mkdtemp(prefix="rewardstack-docker-"))
        self._conn: socket.socket | None = None
        self.container: Any = None
        try:
            self._start()
        except Exception:
            self.kill()
            raise

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
                raise WorkerDied(f"container did not connect within {self.spec.start_timeout_s}s: {self._logs()}") from exc
        finally:
            listener.close()
            with contextlib.suppress(OSError):
                sock_path.unlink()
        conn.settimeout(self.spec.start_timeout_s)
        self._conn = conn
        hello = self._recv()
        if hello.get("op") != "hello":
            raise WorkerDied(f"unexpected greeting from the sandbox server: {hello!r}")
        conn.settimeout(None)

    def _run_kwargs(self) -> dict[str, Any]:
        s = self.spec
        from docker.types import LogConfig, Ulimit

        tmpfs_opts = f"rw,nosuid,nodev,size={s.tmpfs_mb}m,nr_inodes=65536,mode=1777"
        mem = f"{s.memory_mb + SERVER_OVERHEAD_MB}m"
        return {
            "image": s.image,
            "command": ["python3", "-I", "-S", "-c", SERVER_SOURCE, "/ctl/ctl.sock"],
            "detach": True,
            "user": f"{s.uid}:{s.gid}",
            "network_mode": "none",
            "read_only": True,
            "cap_drop": ["ALL"],
            "security_opt": ["no-new-privileges"],
            "ipc_mode": "private",
            "mem_limit": mem,
            "memswap_limit": mem,
            "pids_limit": s.pids + 1,
            "nano_cpus": int(s.cpus * 1e9),
            "tmpfs": {"/work": tmpfs_opts + ",exec", "/tmp": tmpfs_opts},
            "shm_size": f"{s.shm_mb}m",
            "volumes": {str(self._ctl_dir): {"bind": "/ctl", "mode": "ro"}},
            "working_dir": "/work",
            "hostname": "sandbox",
            "environment": {},
            "labels": {LABEL: "1", f"{LABEL}.owner-pid": str(os.getpid())},
            "log_config": LogConfig(type="none"),
            "ulimits": [Ulimit(name="core", soft=0, hard=0)],
        }

    def _logs(self) -> str:
        try:
            self.container.reload()
            return f"state={self.container.attrs['State']}"
        except (DockerException, OSError) as exc:
            return f"(no state: {exc})"

    # --- channel -----------------------------------------------------------------
    def _recv(self) -> dict[str, Any]:
        conn = self._conn
        if conn is None:
            raise WorkerDied("worker is closed")
        head = _recv_exact(conn, 4)
        (size,) = struct.unpack(">I", head)
        if size > MAX_REPLY:
            raise WorkerDied(f"reply too large ({size} bytes)")
        reply = json.loads(_recv_exact(conn, size))
        if not isinstance(reply, dict):
            raise WorkerDied("malformed reply")
        return reply

    def request(self, msg: dict[str, Any], timeout_s: float) -> dict[str, Any]:
        """Send one request and wait up to ``timeout_s`` for the reply.

        Raises ``TimeoutError`` (server unresponsive: the caller kills this worker) or
        ``WorkerDied`` (connection lost).
        """
        conn = self._conn
        if conn is None:
            raise WorkerDied("worker is closed")
        body = json.dumps(msg).encode()
        try:
            conn.settimeout(timeout_s)
            conn.sendall(struct.pack(">I", len(body)) + body)
            deadline = time.monotonic() + timeout_s
            reply = self._recv()
            if time.monotonic() > deadline + 1.0:
                raise TimeoutError("reply came after the deadline")
            return reply
        except TimeoutError:
            raise
        except (OSError, ValueError, struct.error) as exc:
            raise WorkerDied(f"sandbox container stopped answering: {exc}") from exc

    def set_limits(self, memory_mb: int, pids: int) -> None:
        """Change the container's cgroup limits (only when a job asks for different ones)."""
        if (memory_mb, pids) == (self.memory_mb, self.pids):
            return
        mem = (memory_mb + SERVER_OVERHEAD_MB) << 20
        api = self.client.api
        # The SDK's update() has no PidsLimit; the Engine API has it since v1.40.
        res = api._post_json(
            api._url("/containers/{0}/update", self.container.id),
            data={"Memory": mem, "MemorySwap": mem, "PidsLimit": pids + 1},
        )
        api._raise_for_status(res)
        self.memory_mb, self.pids = memory_mb, pids

    def oom_killed(self) -> bool:
        try:
            self.container.reload()
            return bool(self.container.attrs["State"].get("OOMKilled"))
        except (DockerException, OSError):
            return False

    def kill(self) -> None:
        """Remove the container (force) and the control dir; idempotent, never raises."""
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None
        if self.container is not None:
            with contextlib.suppress(DockerException, OSError):
                self.container.remove(force=True)
            self.container = None
        shutil.rmtree(self._ctl_dir, ignore_errors=True)


def _recv_exact(conn: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = conn.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            raise WorkerDied("connection closed by the sandbox")
        buf += chunk
    return bytes(buf)
