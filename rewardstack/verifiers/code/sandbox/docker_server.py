"""Fork server that runs as PID 1 inside each warm Docker sandbox container (stdlib only).

The host starts a container with ``python3 -I -S -c <this file's source> /ctl/ctl.sock``;
the server connects back to the host's Unix socket (bind-mounted read-only; the host
unlinks it after accepting, so no job can connect) and then serves one request at a
time: 4-byte big-endian length + JSON. Per job it writes the files into a fresh
``/work/job``, forks a child that ``setsid``\\ s, applies rlimits, closes every other fd
and either ``runpy``\\ s the script in this pre-imported interpreter (runner
``python``) or ``execve``\\ s (runner ``exec``). It drains stdout/stderr (capped, each),
enforces the wall limit, then kills every other process in the container
(``kill(-1, SIGKILL)`` from PID 1, which no job can block or signal back), reaps them,
wipes ``/work``, ``/tmp``, ``/dev/shm`` and SysV IPC, and replies.

Why PID 1: the kernel drops signals from inside the pid namespace to an init without
handlers, and ``kill(-1)`` from init reaches every other process, including setsid
orphans and stopped processes. The server is also non-dumpable, so a job (same uid)
cannot ptrace it or open its fds through ``/proc``.

Bytes travel base64-encoded in the JSON; the host parses replies as data.
"""

from __future__ import annotations

import base64
import ctypes
import json
import os
import resource
import select
import shutil
import signal
import socket
import stat
import struct
import sys
import time

WORK_ROOT = "/work"
JOB_DIR = "/work/job"
WIPE_ROOTS = ("/work", "/tmp", "/dev/shm")
OOM_CONTROL = "/sys/fs/cgroup/memory/memory.oom_control"
MAX_REQUEST = 256 << 20
_LIBC = ctypes.CDLL(None, use_errno=True)


def recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def recv_msg(sock: socket.socket) -> dict | None:
    head = recv_exact(sock, 4)
    if head is None:
        return None
    (size,) = struct.unpack(">I", head)
    if size > MAX_REQUEST:
        raise ValueError("request too large")
    body = recv_exact(sock, size)
    return None if body is None else json.loads(body)


def send_msg(sock: socket.socket, msg: dict) -> None:
    body = json.dumps(msg).encode()
    sock.sendall(struct.pack(">I", len(body)) + body)


def oom_kills() -> int:
    try:
        with open(OOM_CONTROL) as fh:
            for line in fh:
                if line.startswith("oom_kill "):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def write_files(files: dict, executable: list) -> None:
    for rel, b64 in files.items():
        path = os.path.join(JOB_DIR, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(b64))
        if rel in executable:
            os.chmod(path, 0o755)


def child_setup(req: dict, fds: tuple[int, int, int]) -> dict:
    """In the forked child: session, stdio, fds, cwd, rlimits, env. Returns the env."""
    os.setsid()
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    os.closerange(3, 1 << 16)
    for sig in range(1, signal.NSIG):
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError, RuntimeError):
            pass
    os.chdir(JOB_DIR)
    lim = req["limits"]
    cpu = max(1, int(lim["cpu_s"] + 0.999))
    mb = 1 << 20
    for res, value in (
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_NOFILE, (lim["nofile"], lim["nofile"])),
        (resource.RLIMIT_FSIZE, (lim["fsize_mb"] * mb, lim["fsize_mb"] * mb)),
        (resource.RLIMIT_CORE, (0, 0)),
    ):
        resource.setrlimit(res, value)
    try:
        with open("/proc/self/oom_score_adj", "w") as fh:  # the job, not the server, dies on OOM
            fh.write("1000")
    except OSError:
        pass
    _LIBC.prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE back on: the job's own processes may debug each other
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": JOB_DIR, "LANG": "C.UTF-8"}
    env.update(req.get("env") or {})
    return env


def run_python_child(argv: list, env: dict) -> None:
    """CPython semantics for ``python script.py`` in a forked, pre-imported interpreter."""
    import atexit
    import runpy
    import threading

    code = 1
    try:
        os.environ.clear()
        os.environ.update(env)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        sys.stdin = sys.__stdin__ = open(0, encoding="utf-8", errors="surrogateescape", closefd=False)
        sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", errors="surrogateescape", closefd=False)
        sys.stderr = sys.__stderr__ = open(
            2, "w", encoding="utf-8", errors="backslashreplace", closefd=False, buffering=1
        )
        sys.argv = list(argv)
        sys.path.insert(0, JOB_DIR)
        try:
            runpy.run_path(argv[0], run_name="__main__")
            code = 0
        except SystemExit as exc:
            code = exit_code_of(exc)
        except (Exception, KeyboardInterrupt, GeneratorExit):
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
            code = 1
        try:
            threading._shutdown()  # type: ignore[attr-defined]
            atexit._run_exitfuncs()
        except SystemExit as exc:
            code = exit_code_of(exc)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
    finally:
        os._exit(code)


def exit_code_of(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code & 0xFF
    try:
        print(exc.code, file=sys.stderr)
    except (OSError, ValueError):
        pass
    return 1


def spawn(req: dict) -> tuple[int, int, int, int]:
    """Fork the job; returns (pid, stdin_w, stdout_r, stderr_r)."""
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            env = child_setup(req, (in_r, out_w, err_w))
            argv = req["argv"]
            if req["runner"] == "python":
                run_python_child(argv, env)
            os.execve(argv[0], argv, env)
        except (Exception, KeyboardInterrupt) as exc:
            os.write(2, f"sandbox: cannot start {req['argv'][0]!r}: {exc}\n".encode())
        os._exit(127)
    for fd in (in_r, out_w, err_w):
        os.close(fd)
    return pid, in_w, out_r, err_r


def supervise(pid: int, in_w: int, out_r: int, err_r: int, req: dict) -> dict:
    """Feed stdin, drain outputs, enforce wall time and the output cap; kill everything at the end."""
    lim = req["limits"]
    cap = lim["output_bytes"]
    start = time.monotonic()
    deadline = start + lim["wall_s"]
    pidfd = os.pidfd_open(pid)
    bufs = {out_r: bytearray(), err_r: bytearray()}
    stdin = memoryview(base64.b64decode(req.get("stdin", "")))
    if not stdin:
        os.close(in_w)
        in_w = -1
    else:
        os.set_blocking(in_w, False)
    poller = select.poll()
    for fd in (out_r, err_r, pidfd):
        poller.register(fd, select.POLLIN)
    if in_w >= 0:
        poller.register(in_w, select.POLLOUT)
    reason = ""
    open_fds = {out_r, err_r}
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            reason = "wall"
            break
        events = poller.poll(left * 1000)
        exited = False
        for fd, ev in events:
            if fd == pidfd:
                exited = True
            elif fd == in_w:
                try:
                    sent = os.write(in_w, stdin[:65536])
                    stdin = stdin[sent:]
                except OSError:
                    stdin = stdin[:0]
                if not stdin:
                    poller.unregister(in_w)
                    os.close(in_w)
                    in_w = -1
            elif fd in open_fds:
                data = os.read(fd, 65536) if ev & (select.POLLIN | select.POLLHUP) else b""
                if not data:
                    poller.unregister(fd)
                    open_fds.discard(fd)
                    continue
                bufs[fd] += data
                if len(bufs[fd]) > cap:
                    reason = "output"
        if reason or exited:
            break
    os.kill(-1, signal.SIGKILL)  # every process but init: the job, its orphans, its daemons
    wall = time.monotonic() - start
    for fd in list(open_fds):  # writers are dead now: read what is left, up to the cap
        while len(bufs[fd]) <= cap:
            data = os.read(fd, 65536)
            if not data:
                break
            bufs[fd] += data
    for fd in (out_r, err_r, pidfd, in_w):
        if fd >= 0:
            os.close(fd)
    status, rusage = reap_all(pid)
    truncated = any(len(b) > cap for b in bufs.values())
    return {
        "wait_status": status,
        "cpu_s": rusage.ru_utime + rusage.ru_stime if rusage else 0.0,
        "reason": reason or ("output" if truncated else ""),
        "stdout": base64.b64encode(bytes(bufs[out_r][:cap])).decode(),
        "stderr": base64.b64encode(bytes(bufs[err_r][:cap])).decode(),
        "truncated": truncated,
        "wall_s": wall,
    }


def reap_all(main_pid: int) -> tuple[int, resource.struct_rusage | None]:
    status, rusage = 0, None
    while True:
        try:
            pid, st, ru = os.wait4(-1, 0)
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid == main_pid:
            status, rusage = st, ru
    return status, rusage


def collect(names: list, cap: int) -> dict:
    out = {}
    for rel in names:
        try:
            fd = os.open(os.path.join(JOB_DIR, rel), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                out[rel] = base64.b64encode(os.read(fd, cap)).decode()
        finally:
            os.close(fd)
    return out


def _force_writable(func: object, path: str, _exc: object) -> None:
    try:
        os.chmod(os.path.dirname(path), 0o700)
        os.chmod(path, 0o700)
    except OSError:
        pass
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def wipe() -> bool:
    """Empty every writable place and SysV IPC; True when all of it is clean."""
    for root in WIPE_ROOTS:
        try:
            names = os.listdir(root)
        except OSError:
            continue
        for name in names:
            path = os.path.join(root, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, onerror=_force_writable)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass
    for kind, rm in (("shm", lambda i: _LIBC.shmctl(i, 0, None)), ("sem", lambda i: _LIBC.semctl(i, 0, 0)),
                     ("msg", lambda i: _LIBC.msgctl(i, 0, None))):
        for ident in sysv_ids(kind):
            rm(ident)
    clean = all(not os.listdir(r) for r in WIPE_ROOTS if os.path.isdir(r))
    return clean and not any(sysv_ids(k) for k in ("shm", "sem", "msg"))


def sysv_ids(kind: str) -> list[int]:
    try:
        with open(f"/proc/sysvipc/{kind}") as fh:
            return [int(line.split()[1]) for line in fh.readlines()[1:] if line.strip()]
    except (OSError, ValueError, IndexError):
        return []


def run_job(req: dict) -> dict:
    os.mkdir(JOB_DIR, 0o755)
    write_files(req.get("files", {}), req.get("executable", []))
    oom_before = oom_kills()
    pid, in_w, out_r, err_r = spawn(req)
    reply = supervise(pid, in_w, out_r, err_r, req)
    reply["oom"] = oom_kills() > oom_before >= 0
    reply["files"] = collect(req.get("collect", []), req["limits"]["output_bytes"])
    reply["clean"] = wipe()
    return reply


def main() -> None:
    _LIBC.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0: jobs (same uid) cannot ptrace us or open our /proc fds
    for sig in range(1, signal.NSIG):
        if sig not in (signal.SIGKILL, signal.SIGSTOP, signal.SIGCHLD):
            try:
                signal.signal(sig, signal.SIG_IGN)
            except (OSError, ValueError, RuntimeError):
                pass
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(sys.argv[1])
    wipe()
    send_msg(sock, {"op": "hello", "pid": os.getpid(), "uid": os.getuid(), "python": sys.version.split()[0]})
    while True:
        req = recv_msg(sock)
        if req is None:
            return
        if req.get("op") == "ping":
            send_msg(sock, {"op": "pong"})
            continue
        try:
            reply = run_job(req)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            os.kill(-1, signal.SIGKILL)
            reap_all(-1)
            reply = {"error": f"{type(exc).__name__}: {exc}", "clean": wipe()}
        send_msg(sock, reply)


if __name__ == "__main__":
    main()
