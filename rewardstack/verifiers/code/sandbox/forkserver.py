"""Warm job server that runs *inside* a sandbox (stdlib only; Python >= 3.9).

Started as ``python3 -I -S -c <this source>`` by a backend; speaks the protocol
described in ``sandbox/base.py``: 4-byte big-endian length + JSON, one request
per job on fd 0, one reply per job on fd 1. It is trusted code running at the
same uid as the untrusted jobs, so it protects itself: non-dumpable (no ptrace,
no ``/proc/<pid>/fd`` access by jobs), catchable signals blocked, child
subreaper (every orphan comes back to it), and after every job it kills every
other process in its pid namespace with ``kill(-1, SIGKILL)`` and reaps them
(``forkserver_cleanup.py``, whose source is prepended to this one by
``protocol.forkserver_source()``). If a job kills or stops the server anyway, the
host's backstop deadline fires and the host discards the whole sandbox.
"""

import _signal  # the C functions behind signal's wrappers: no enum conversion of results in the child
import atexit
import base64
import builtins
import json
import os
import resource
import select
import signal
import stat
import struct
import sys
import time
import traceback
import types

if "_kill_all" not in globals():  # imported on the host (docs, tests); in a sandbox the source is prepended
    from rewardstack.verifiers.code.sandbox.forkserver_cleanup import WORK, _kill_all, _libc, _wipe

PRELOAD = (  # what most graded programs and our harnesses import. Not random or threading: their
    # at-fork hooks (reseeding, thread-state reset) would add ~0.3 ms each to EVERY job's fork.
    "typing math re collections itertools functools json heapq bisect string copy operator ast "
    "base64 io traceback resource types atexit builtins"
)
# every catchable signal a job could send the server to disturb it
BLOCKED = ("SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGQUIT", "SIGTSTP", "SIGTTIN",
           "SIGTTOU", "SIGXCPU", "SIGXFSZ", "SIGCONT", "SIGWINCH", "SIGURG", "SIGVTALRM", "SIGPROF", "SIGIO")
BASE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": WORK, "LANG": "C.UTF-8"}
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36

_job_path: "list[str]" = []  # a python job's sys.path, computed once by the server (not per fork)
_in_fd = 0
_out_fd = 1
_rbuf = bytearray()  # request bytes read ahead (a request usually arrives in one read)


def _read_exact(n):
    while len(_rbuf) < n:
        chunk = os.read(_in_fd, max(n - len(_rbuf), 1 << 16))
        if not chunk:
            raise EOFError
        _rbuf.extend(chunk)
    data = bytes(_rbuf[:n])
    del _rbuf[:n]
    return data


def _send(obj):
    data = json.dumps(obj).encode()
    view = memoryview(struct.pack(">I", len(data)) + data)  # one write: the host reads a frame in one read
    while view:
        view = view[os.write(_out_fd, view) :]


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def _setup_server():
    global _in_fd, _out_fd, _job_path
    _in_fd, _out_fd = os.dup(0), os.dup(1)
    os.set_inheritable(_in_fd, False)
    os.set_inheritable(_out_fd, False)
    null = os.open("/dev/null", os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    # blocked, not ignored: a job unblocks them with ONE call after fork (every Python op in a fresh fork
    # costs copy-on-write faults), and blocked signals are not inherited as "pending" by children
    signal.pthread_sigmask(signal.SIG_BLOCK, {getattr(signal, name) for name in BLOCKED})
    os.environ.clear()
    os.environ.update(BASE_ENV)  # inherited by python jobs as is
    for mod in PRELOAD.split():
        try:
            __import__(mod)
        except ImportError:
            pass
    _job_path = [WORK] + [p for p in sys.path if p.startswith("/usr/")]
    import gc

    gc.collect()
    gc.freeze()  # the pre-imported heap stays shared with forked jobs instead of being copied by GC passes


# ---- the child: becomes the job ---------------------------------------------------------------
def _rlimits(req):
    """The job's rlimits, computed by the server before the fork (not in the child: fewer page faults there)."""
    lim = req["limits"]
    cpu = max(1, int(lim["cpu_s"] + 0.999))
    mb = 1 << 20
    settings = [
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_NOFILE, (lim["nofile"], lim["nofile"])),
        (resource.RLIMIT_FSIZE, (lim["fsize_mb"] * mb, lim["fsize_mb"] * mb)),
        (resource.RLIMIT_CORE, (0, 0)),
        (resource.RLIMIT_NPROC, (lim["pids"] + 2, lim["pids"] + 2)),
        (resource.RLIMIT_MSGQUEUE, (0, 0)),
    ]
    if req.get("rlimit_as"):
        cap = (lim.get("rlimit_as_mb") or lim["memory_mb"]) * mb
        settings.append((resource.RLIMIT_AS, (cap, cap)))
    return settings


def _child(req, rlimits, main_file, stdin_fd, out_w, err_w):
    _signal.pthread_sigmask(_signal.SIG_SETMASK, ())
    os.setsid()
    os.dup2(stdin_fd, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    os.closerange(3, 1 << 16)
    for which, value in rlimits:
        resource.setrlimit(which, value)
    # python jobs stay non-dumpable like the server (nothing may ptrace them); execve resets it for programs
    os.chdir(WORK)
    os.umask(0o022)
    argv = req["argv"]
    if req["runner"] == "exec":
        _signal.signal(_signal.SIGPIPE, _signal.SIG_DFL)  # CPython ignores these two; programs expect defaults
        _signal.signal(_signal.SIGXFSZ, _signal.SIG_DFL)
        env = dict(BASE_ENV)
        env.update(req.get("env") or {})
        try:
            os.execve(argv[0], argv, env)
        except OSError as exc:
            os.write(2, f"exec failed: {exc}\n".encode())
        os._exit(127)
    if req.get("env"):
        os.environ.update(req["env"])
    _run_python(argv, main_file)


def _run_python(argv, main_file=None):
    sys.argv = list(argv)
    sys.path[:] = _job_path
    code = 0
    try:
        _exec_main(argv[0], main_file)
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except Exception:  # the job's own uncaught exception: CPython prints it and exits 1
        traceback.print_exc()
        code = 1
    try:
        threading = sys.modules.get("threading")
        if threading is not None:  # like interpreter exit: join non-daemon threads
            threading._shutdown()
        atexit._run_exitfuncs()
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except Exception:  # noqa: BLE001 - an atexit failure is the job's problem, reported as CPython does
        traceback.print_exc()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _exec_main(path, main_file=None):
    """Run a script as ``__main__`` the way ``python path`` does (runpy's lazy imports cost ~6 ms per fork)."""
    module = types.ModuleType("__main__")
    module.__file__ = main_file or os.path.abspath(path)
    module.__dict__.update(__builtins__=builtins, __cached__=None)
    sys.modules["__main__"] = module
    fd = os.open(path, os.O_RDONLY)  # raw reads: no buffered-io objects (each costs copy-on-write faults here)
    try:
        chunks = []
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except IsADirectoryError:
                raise IsADirectoryError(21, os.strerror(21), path) from None  # what open() would say
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    source = b"".join(chunks)
    exec(compile(source, path, "exec"), module.__dict__)


def _exit_code(value):
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    try:
        sys.stderr.write(str(value) + "\n")
    except (OSError, ValueError):
        pass
    return 1


# ---- the server side of one job ---------------------------------------------------------------
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC  # what open(path, "wb") uses


def _write_file(path, data):
    fd = os.open(path, _WRITE_FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _prepare(req):
    """Write the job's files; the job's stdin fd (a fresh /dev/null open: no file description is shared)."""
    os.mkdir(WORK, 0o755)
    for name, data in req["files"].items():
        path = os.path.join(WORK, name)
        if "/" in name:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        _write_file(path, base64.b64decode(data))
    for name in req.get("executable", ()):
        os.chmod(os.path.join(WORK, name), 0o755)
    data = base64.b64decode(req.get("stdin", ""))
    if not data:
        return os.open("/dev/null", os.O_RDONLY)
    stdin_path = "/tmp/.stdin"
    _write_file(stdin_path, data)
    fd = os.open(stdin_path, os.O_RDONLY | os.O_CLOEXEC)
    os.unlink(stdin_path)
    return fd


def _collect(req, cap):
    files = {}
    for name in req.get("collect", ()):
        try:  # non-blocking and no symlinks: a job may have left a FIFO or a link in its place
            fd = os.open(os.path.join(WORK, name), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                files[name] = _b64(os.read(fd, cap))
        finally:
            os.close(fd)
    return files


def _run_job(req):
    lim = req["limits"]
    cap = int(lim["output_bytes"])
    start = time.monotonic()
    rlimits = _rlimits(req)
    argv = req["argv"]  # the script's absolute path (os.path.abspath in the child, whose cwd is WORK)
    main_file = os.path.normpath(os.path.join(WORK, argv[0])) if req["runner"] == "python" and argv else None
    stdin_fd = _prepare(req)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            _child(req, rlimits, main_file, stdin_fd, out_w, err_w)
        finally:
            os._exit(126)
    for fd in (stdin_fd, out_w, err_w):
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    bufs = {out_r: bytearray(), err_r: bytearray()}
    open_fds = {out_r, err_r}
    deadline = start + float(lim["wall_s"])
    status, note, wait_status, truncated, usage = None, "", None, False, None
    while wait_status is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            status, note = "timeout", f"wall limit {lim['wall_s']:.3g}s"
            break
        ready, _, _ = select.select(list(open_fds) + [pidfd], [], [], remaining)
        for fd in ready:
            if fd == pidfd:
                _, wait_status, usage = os.wait4(pid, 0)
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                open_fds.discard(fd)
                continue
            bufs[fd] += chunk
            if len(bufs[fd]) > cap:
                truncated = True
        if truncated:
            status, note = "output_limit", f"output over {cap} bytes"
            break
    clean = _kill_all()
    if wait_status is None:
        try:
            wait_status = os.waitpid(pid, 0)[1]
        except ChildProcessError:
            wait_status = None
    for fd in list(open_fds):  # writers are dead now: drain what is left, without blocking
        while len(bufs[fd]) <= cap:
            ready, _, _ = select.select([fd], [], [], 0.2)
            chunk = os.read(fd, 65536) if ready else b""
            if not chunk:
                break
            bufs[fd] += chunk
    for fd in (out_r, err_r, pidfd):
        os.close(fd)
    wall = time.monotonic() - start
    exit_code = sig = None
    if wait_status is not None:
        if os.WIFSIGNALED(wait_status):
            sig = os.WTERMSIG(wait_status)
        elif os.WIFEXITED(wait_status):
            exit_code = os.WEXITSTATUS(wait_status)
    stdout, stderr = bytes(bufs[out_r]), bytes(bufs[err_r])
    truncated = truncated or len(stdout) > cap or len(stderr) > cap
    if status is None:
        if truncated:
            status, note = "output_limit", f"output over {cap} bytes"
        elif sig in (signal.SIGXCPU, signal.SIGKILL) and _cpu_exceeded(lim, sig, usage):
            status, note = "timeout", f"cpu limit {lim['cpu_s']:.3g}s"
        elif sig is not None:
            status, note = "killed", f"signal {sig}"
        elif exit_code == 0:
            status = "ok"
        elif req["runner"] == "python" and stderr.rstrip().endswith(b"MemoryError"):
            status, note = "memory", "MemoryError (rlimit)"
        else:
            status = "runtime_error"
    files = _collect(req, cap)
    clean = _wipe() and clean
    return {
        "status": status,
        "exit_code": exit_code,
        "signal": sig,
        "stdout": _b64(stdout[:cap]),
        "stderr": _b64(stderr[:cap]),
        "output_truncated": truncated,
        "files": files,
        "wall_s": wall,
        "note": note,
        "dirty": not clean,
    }


def _cpu_exceeded(lim, sig, usage):
    if sig == signal.SIGXCPU:
        return True
    return usage is not None and usage.ru_utime + usage.ru_stime >= float(lim["cpu_s"]) * 0.95


def main():
    _setup_server()
    _wipe()
    _send({"ready": True, "pid": os.getpid(), "python": sys.version.split()[0]})
    while True:
        try:
            (size,) = struct.unpack(">I", _read_exact(4))
            req = json.loads(_read_exact(size))
        except EOFError:
            return
        _send(_run_job(req))


if __name__ == "__main__":
    main()
