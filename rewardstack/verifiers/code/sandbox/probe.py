"""Measure a backend's isolation by running a probe program through it.

The host opens a real TCP listener on 127.0.0.1 and tells the probe its port and
the host's own pid + start time; the probe reports what it could see and do.
Nothing is assumed from configuration.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path

from rewardstack.verifiers.code.sandbox.base import IsolationReport, Job, Limits, SandboxBackend, SandboxError

__all__ = ["PROBE_PROGRAM", "probe_backend"]

PROBE_PROGRAM = r"""
import ctypes, json, os, socket, sys
env = os.environ
out = {"uid": os.getuid()}
def can(fn):
    try:
        fn(); return True
    except Exception:
        return False
out["shadow_readable"] = can(lambda: open("/etc/shadow").read(1))
def connect(host, port):
    s = socket.create_connection((host, port), timeout=2); s.close()
out["host_loopback"] = can(lambda: connect("127.0.0.1", int(env["RS_PROBE_PORT"])))
def outbound():
    for host in ("pypi.org", "1.1.1.1", "8.8.8.8"):
        try:
            addr = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)[0][4][0]
        except OSError:
            continue
        try:
            connect(addr, 443); return
        except OSError:
            continue
    raise OSError("no route")
out["network"] = can(outbound)
def host_pid_visible():
    with open("/proc/%s/stat" % env["RS_PROBE_HOST_PID"]) as fh:
        start = fh.read().rsplit(")", 1)[1].split()[19]
    assert start == env["RS_PROBE_HOST_START"]
out["host_pids_visible"] = can(host_pid_visible)
home_paths = ["/root", env["RS_PROBE_PROJECT"], env["RS_PROBE_HOME"]]
out["host_home_visible"] = any(can(lambda p=p: os.listdir(p)) for p in home_paths if p)
allowed = {"PATH", "HOME", "LANG", "LC_ALL", "PWD", "SHLVL", "_"}
out["host_env_visible"] = "RS_PROBE_HOST_CANARY" in env or any(
    k not in allowed and not k.startswith("RS_PROBE_") for k in env)
def write_root():
    for path in ("/usr/rs_probe", "/etc/rs_probe", "/rs_probe"):
        try:
            open(path, "w").close(); os.unlink(path); return
        except OSError:
            continue
    raise OSError
out["root_writable"] = can(write_root)
def userns():
    pid = os.fork()
    if pid == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        os._exit(0 if libc.unshare(0x10000000) == 0 else 1)
    return os.waitpid(pid, 0)[1] == 0
out["userns_allowed"] = bool(can(lambda: None) and userns())
print(json.dumps(out))
"""


def _start_time(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]


def probe_backend(
    backend: SandboxBackend, *, memory_limit: str, pids_limit: str, notes: tuple[str, ...] = ()
) -> IsolationReport:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                conn.close()
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    canary = "RS_PROBE_HOST_CANARY"
    os.environ[canary] = "1"  # visible to backends that leak the trainer's environment
    try:
        env = {
            "RS_PROBE_PORT": str(listener.getsockname()[1]),
            "RS_PROBE_HOST_PID": str(os.getpid()),
            "RS_PROBE_HOST_START": _start_time(os.getpid()),
            "RS_PROBE_PROJECT": os.getcwd(),
            "RS_PROBE_HOME": os.path.expanduser("~"),
        }
        job = Job(
            runner="python",
            argv=("probe.py",),
            files={"probe.py": PROBE_PROGRAM.encode()},
            env=env,
            limits=Limits(wall_s=20, cpu_s=10),
        )
        result = backend.run(job)
    except SandboxError as exc:
        return IsolationReport(backend=backend.name, available=False, error=str(exc))
    finally:
        os.environ.pop(canary, None)
        stop.set()
        thread.join(timeout=2)
        listener.close()
    try:
        data = json.loads(result.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError, UnicodeDecodeError):
        error = f"probe failed: {result.status.value} {result.note} {result.stderr[-500:]!r}"
        return IsolationReport(backend=backend.name, available=False, error=error)
    return IsolationReport(
        backend=backend.name,
        available=True,
        uid=data["uid"],
        is_root=data["uid"] == 0,
        network=data["network"],
        host_loopback=data["host_loopback"],
        host_pids_visible=data["host_pids_visible"],
        shadow_readable=data["shadow_readable"],
        host_home_visible=data["host_home_visible"],
        host_env_visible=data["host_env_visible"],
        root_writable=data["root_writable"],
        userns_allowed=data["userns_allowed"],
        memory_limit=memory_limit,
        pids_limit=pids_limit,
        notes=notes,
    )
