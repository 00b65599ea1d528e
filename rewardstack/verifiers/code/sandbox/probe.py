"""Measure a backend's isolation by running a probe program through it.

The host opens a real TCP listener on 127.0.0.1 and tells the probe its port and
the host's own pid + start time; the probe reports what it could see and do.
Nothing is assumed from configuration.

Host folders are probed by identity, never by name: a sandbox has its own ``/tmp`` (and
``/``), so "a path called /tmp can be listed" says nothing about the host's ``/tmp``. The
host plants a canary file with a random name in each folder it protects (its home, its
working folder, ``/root``) and the probe looks for exactly that file; where the host
cannot write (a read-only folder, ``/`` as non-root), the probe compares the folder's
device and inode numbers instead. The canaries are removed when the probe ends.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import threading
from pathlib import Path

from rewardstack.verifiers.code.sandbox.base import IsolationReport, Job, Limits, SandboxBackend, SandboxError

__all__ = ["PROBE_PROGRAM", "plant_canaries", "probe_backend", "protected_folders", "remove_canaries"]

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
def same_folder(mark):
    if "file" in mark:  # the host's canary: a random name cannot exist here by chance
        return os.path.lexists(mark["file"])
    st = os.stat(mark["dir"])
    return (st.st_dev, st.st_ino) == (mark["dev"], mark["ino"])
def host_folder_seen(mark):
    try:
        return same_folder(mark)
    except OSError:
        return False
out["host_home_visible"] = any(host_folder_seen(m) for m in json.loads(env["RS_PROBE_MARKS"]))
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


def protected_folders() -> list[str]:
    """The host folders no sandbox may see: home, working folder, ``/root`` (each once)."""
    found = [os.path.expanduser("~"), os.getcwd(), "/root"]
    return list(dict.fromkeys(os.path.realpath(f) for f in found if f))


def plant_canaries(folders: list[str]) -> tuple[list[dict[str, object]], list[str]]:
    """(marks for the probe, files to remove): a world-readable file with a random name in each folder
    the host can write, else the folder's (device, inode) identity."""
    name = f".rewardstack-probe-{secrets.token_hex(8)}"
    marks: list[dict[str, object]] = []
    planted: list[str] = []
    for folder in folders:
        path = os.path.join(folder, name)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except OSError:
            try:
                st = os.stat(folder)
            except OSError:
                continue  # no such folder on the host: nothing to protect
            marks.append({"dir": folder, "dev": st.st_dev, "ino": st.st_ino})
            continue
        planted.append(path)
        os.close(fd)
        marks.append({"file": path})
    return marks, planted


def remove_canaries(planted: list[str]) -> None:
    for path in planted:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


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
    marks, planted = plant_canaries(protected_folders())
    try:
        env = {
            "RS_PROBE_PORT": str(listener.getsockname()[1]),
            "RS_PROBE_HOST_PID": str(os.getpid()),
            "RS_PROBE_HOST_START": _start_time(os.getpid()),
            "RS_PROBE_MARKS": json.dumps(marks),
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
        remove_canaries(planted)
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
