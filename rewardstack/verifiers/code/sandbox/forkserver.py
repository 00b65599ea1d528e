"""Warm job server that runs *inside* a sandbox (stdlib only; Python >= 3.9).

Started as ``python3 -I -S -c <this source>`` by a backend, as PID 1 of the
sandbox's pid namespace (bwrap ``--as-pid-1``, a container's init); speaks the
protocol described in ``sandbox/base.py``: 4-byte big-endian length + JSON, one
request per job on fd 0, one reply per job on fd 1.

It splits itself in two at start. PID 1 becomes the *zygote*
(``forkserver_zygote.py``): it holds the pre-imported runtime and only forks jobs.
The child, PID 2, becomes the *server* (this file): it talks to the host, writes
the job's files, hands the zygote the job's stdin/stdout/stderr, drains and caps
the output, enforces the wall limit, and afterwards kills every other process in
the namespace with ``kill(-1, SIGKILL)`` (the zygote, as PID 1, is out of reach),
has the zygote reap them, and wipes ``/tmp``, ``/dev/shm`` and SysV IPC
(``forkserver_cleanup.py``). The server never forks, so its own work costs no
copy-on-write faults.

Both are trusted code at the same uid as the untrusted jobs, so they protect
themselves: non-dumpable (no ptrace, no ``/proc/<pid>/fd`` access by jobs) and
catchable signals blocked. If a job kills or stops the server anyway, the host's
backstop deadline or EOF fires and the host discards the whole sandbox; if the
server dies, the zygote sees its socket close and exits, and the kernel tears the
namespace down. ``protocol.forkserver_source()`` concatenates the cleanup, zygote
and server sources, in that order.
"""

import _signal
import _socket
import base64
import json
import marshal
import os
import resource
import select
import signal
import stat
import struct
import sys
import time

if "_kill_all" not in globals():  # imported on the host (docs, tests); in a sandbox the sources are concatenated
    from rewardstack.verifiers.code.sandbox.forkserver_cleanup import WORK, _kill_all, _wipe
    from rewardstack.verifiers.code.sandbox.forkserver_zygote import (
        BASE_ENV,
        MAX_ARGS,
        MAX_SPEC,
        READY,
        REAP,
        REAPED,
        REPORT,
        _detach_channel,
        _no_ptrace,
        job_payload,
        spawn_message,
        zygote_main,
    )

# every catchable signal a job could send the server to disturb it (the zygote, as PID 1, gets none)
BLOCKED = (
    "SIGTERM SIGINT SIGHUP SIGUSR1 SIGUSR2 SIGALRM SIGQUIT SIGTSTP SIGTTIN SIGTTOU SIGXCPU SIGXFSZ SIGCONT SIGWINCH "
    "SIGURG SIGVTALRM SIGPROF SIGIO"
).split()
MAX_INLINE_SCRIPT = 32 << 10  # a python job's script travels in the spawn message when it is this small
ZYGOTE_ANSWER_S = 5.0  # a job killed by SIGKILL is reaped within ms; no answer by then means a broken zygote
_STACK_HARD = resource.getrlimit(resource.RLIMIT_STACK)[1]  # the sandbox's hard stack limit (-1: unlimited)

_in_fd = 0
_out_fd = 1
_zygote: "_socket.socket" = None  # type: ignore[assignment]  # the server's end of the socket to the zygote (set up first)
_rbuf = bytearray()  # request bytes read ahead (a request usually arrives in one read)


class ZygoteLost(Exception):
    """The zygote stopped answering: the sandbox is broken, the server exits and the host replaces it."""


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


def _setup_server(sock):
    global _in_fd, _out_fd, _zygote
    _in_fd, _out_fd = os.dup(0), os.dup(1)
    os.set_inheritable(_in_fd, False)
    os.set_inheritable(_out_fd, False)
    _detach_channel()
    _no_ptrace()
    # a job can still SIGKILL or SIGSTOP the server (the host then replaces the sandbox); nothing less disturbs it
    _signal.pthread_sigmask(_signal.SIG_BLOCK, {getattr(_signal, name) for name in BLOCKED})
    _zygote = sock
    if _zygote_answer(60.0) != READY:  # the zygote pre-imports the runtime first (~50 ms)
        raise ZygoteLost("zygote did not start")


def _zygote_answer(timeout_s=ZYGOTE_ANSWER_S):
    ready, _, _ = select.select([_zygote.fileno()], [], [], timeout_s)
    if not ready:
        raise ZygoteLost(f"no answer from the zygote in {timeout_s}s")
    data = _zygote.recv(1 << 16)
    if not data:
        raise ZygoteLost("the zygote closed its socket")
    return data


def _zygote_reap():
    _zygote.send(REAP)
    if _zygote_answer() != REAPED:
        raise ZygoteLost("unexpected answer to a reap request")


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


def _prepare(req, files):
    """Write the job's files; the job's stdin fd (a fresh /dev/null open: no file description is shared)."""
    os.mkdir(WORK, 0o755)
    for name, data in files.items():
        path = os.path.join(WORK, name)
        if "/" in name:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        _write_file(path, data)
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


def _rlimits(req):
    """The job's rlimits, computed here rather than in the forked child (fewer page faults there)."""
    lim = req["limits"]
    cpu = max(1, int(lim["cpu_s"] + 0.999))
    mb = 1 << 20
    settings = [
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_NOFILE, (lim["nofile"], lim["nofile"])),
        (resource.RLIMIT_FSIZE, (lim["fsize_mb"] * mb, lim["fsize_mb"] * mb)),
        (resource.RLIMIT_NPROC, (lim["pids"] + 2, lim["pids"] + 2)),  # + the zygote and the server
    ]  # RLIMIT_CORE and RLIMIT_MSGQUEUE are 0 for every job: the zygote sets them once (zygote_main)
    if req.get("rlimit_as"):
        cap = (lim.get("rlimit_as_mb") or lim["memory_mb"]) * mb
        settings.append((resource.RLIMIT_AS, (cap, cap)))
    # judge-sized stack (Limits.stack_mb): only the soft limit, and never above the sandbox's hard limit
    stack_hard = _STACK_HARD
    stack = (lim.get("stack_mb") or lim["memory_mb"]) * mb
    settings.append((resource.RLIMIT_STACK, (stack if stack_hard < 0 else min(stack, stack_hard), stack_hard)))
    return settings


def _python_settings(req):
    """(int_max_str_digits, recursion limit) of a python job (PythonSettings); -1 leaves the interpreter's own."""
    python = req.get("python") or {}
    keys = ("int_max_str_digits", "recursion_limit")
    return tuple(-1 if python.get(key) is None else int(python[key]) for key in keys)


def _spawn_request(req, files):
    """The zygote's spawn message: rlimits, then runner, argv, env, main file and the script when small."""
    argv = req["argv"]
    main_file = source = None
    if req["runner"] == "python" and argv:
        main_file = os.path.normpath(os.path.join(WORK, argv[0]))  # the script's absolute path, as python sets it
        source = files.get(os.path.relpath(main_file, WORK))
        if source is not None and len(source) > MAX_INLINE_SCRIPT:
            source = None  # the child reads the file itself
    rlimits = _rlimits(req)
    env = dict(req.get("env") or {})
    if len(argv) > MAX_ARGS or len(env) + len(BASE_ENV) > MAX_ARGS:
        raise ValueError(f"a job may have at most {MAX_ARGS} argv entries and {MAX_ARGS - len(BASE_ENV)} env entries")
    if any("\0" in text for text in [*argv, *env, *env.values()]) or any("=" in key or not key for key in env):
        raise ValueError("argv and env may not contain NUL bytes, and env names may not be empty or contain '='")
    if req["runner"] == "exec":
        env = {**BASE_ENV, **env}  # a program gets exactly this environment
    code = _precompiled(source, argv[0]) if source is not None else None
    settings = _python_settings(req)
    message = spawn_message(rlimits, job_payload(req["runner"], argv, env, main_file, source, code, settings))
    if len(message) > MAX_SPEC and source is not None:  # room for a big argv or env: the child reads the script
        message = spawn_message(rlimits, job_payload(req["runner"], argv, env, main_file, None, None, settings))
    if len(message) > MAX_SPEC:
        raise ValueError(f"argv and env of a job must stay under {MAX_SPEC} bytes, got {len(message)}")
    return message


def _precompiled(source, path):
    """The script compiled here, marshalled, or None when it does not compile (the job then compiles it itself
    and reports the error as CPython would). Compiling in the server, which never forks, saves the job the
    copy-on-write faults of the compiler's allocations; scripts are at most MAX_INLINE_SCRIPT bytes."""
    try:
        return marshal.dumps(compile(source, path, "exec", dont_inherit=True))
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def _start_job(spec, stdin_fd, out_w, err_w):
    fds = struct.pack("3i", stdin_fd, out_w, err_w)
    _zygote.sendmsg([spec], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])


def _job_ended():
    """(wait_status, cpu_s) of the job's main process, from the zygote."""
    answer = _zygote_answer()
    if len(answer) != REPORT.size:
        raise ZygoteLost(f"malformed report from the zygote ({len(answer)} bytes)")
    return REPORT.unpack(answer)


def _kill_now():
    try:
        os.kill(-1, signal.SIGKILL)  # everything but PID 1 (the zygote) and us
    except ProcessLookupError:
        pass


def _watch(fds, cap, deadline, lim):
    """Drain the job's output until its main process ends; (ended, bufs, status, note, truncated)."""
    out_r, err_r = fds
    zfd = _zygote.fileno()
    bufs = {out_r: bytearray(), err_r: bytearray()}
    open_fds = {out_r, err_r}
    ended = None
    while ended is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None, bufs, open_fds, ("timeout", f"wall limit {lim['wall_s']:.3g}s")
        ready, _, _ = select.select(list(open_fds) + [zfd], [], [], remaining)
        for fd in ready:
            if fd == zfd:
                ended = _job_ended()
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                open_fds.discard(fd)
                continue
            bufs[fd] += chunk
            if len(bufs[fd]) > cap:
                return ended, bufs, open_fds, ("output_limit", f"output over {cap} bytes")
    return ended, bufs, open_fds, (None, "")


def _drain(bufs, open_fds, cap, writers_gone):
    """Read what is left in the output pipes. ``writers_gone``: every process that could hold a write end is
    dead and reaped, so a read returns data or EOF at once; otherwise wait at most 0.2 s per read."""
    for fd in list(open_fds):
        while len(bufs[fd]) <= cap:
            ready = writers_gone or select.select([fd], [], [], 0.2)[0]
            chunk = os.read(fd, 65536) if ready else b""
            if not chunk:
                break
            bufs[fd] += chunk


def _run_job(req):
    lim = req["limits"]
    cap = int(lim["output_bytes"])
    start = time.monotonic()
    files = {name: base64.b64decode(data) for name, data in req["files"].items()}
    try:
        spec = _spawn_request(req, files)
    except ValueError as exc:
        return _refused(str(exc))
    stdin_fd = _prepare(req, files)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    _start_job(spec, stdin_fd, out_w, err_w)
    for fd in (stdin_fd, out_w, err_w):
        os.close(fd)
    ended, bufs, open_fds, (status, note) = _watch((out_r, err_r), cap, start + float(lim["wall_s"]), lim)
    if ended is None:
        _kill_now()
        ended = _job_ended()
    clean = _kill_all(_zygote_reap)
    _drain(bufs, open_fds, cap, writers_gone=clean)
    for fd in (out_r, err_r):
        os.close(fd)
    wall = time.monotonic() - start
    wait_status, cpu_s = ended
    exit_code = sig = None
    if os.WIFSIGNALED(wait_status):
        sig = os.WTERMSIG(wait_status)
    elif os.WIFEXITED(wait_status):
        exit_code = os.WEXITSTATUS(wait_status)
    stdout, stderr = bytes(bufs[out_r]), bytes(bufs[err_r])
    truncated = status == "output_limit" or len(stdout) > cap or len(stderr) > cap
    if status is None:
        status, note = _verdict(req, lim, truncated, sig, exit_code, cpu_s, stderr, cap)
    collected = _collect(req, cap)
    clean = _wipe(files) and clean
    return {
        "status": status,
        "exit_code": exit_code,
        "signal": sig,
        "stdout": _b64(stdout[:cap]),
        "stderr": _b64(stderr[:cap]),
        "output_truncated": truncated,
        "files": collected,
        "wall_s": wall,
        "note": note,
        "dirty": not clean,
    }


def _verdict(req, lim, truncated, sig, exit_code, cpu_s, stderr, cap):
    if truncated:
        return "output_limit", f"output over {cap} bytes"
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu_s >= float(lim["cpu_s"]) * 0.95):
        return "timeout", f"cpu limit {lim['cpu_s']:.3g}s"
    if sig is not None:
        return "killed", f"signal {sig}"
    if exit_code == 0:
        return "ok", ""
    if req["runner"] == "python" and stderr.rstrip().endswith(b"MemoryError"):
        return "memory", "MemoryError (rlimit)"
    return "runtime_error", ""


def _refused(note):
    """A job the server will not start (a malformed request): reported as the job's error, nothing ran."""
    return {
        "status": "runtime_error",
        "exit_code": None,
        "signal": None,
        "stdout": "",
        "stderr": _b64(note.encode()),
        "output_truncated": False,
        "files": {},
        "wall_s": 0.0,
        "note": note,
        "dirty": False,
    }


def _serve(sock):
    """PID 2: the host's end of the sandbox; returns when the host closes the channel."""
    _setup_server(sock)
    _wipe()
    _send({"ready": True, "pid": os.getpid(), "python": sys.version.split()[0]})
    while True:
        try:
            (size,) = struct.unpack(">I", _read_exact(4))
            req = json.loads(_read_exact(size))
        except EOFError:
            return
        _send(_run_job(req))


def main():
    if os.getpid() != 1:
        sys.stderr.write("forkserver: must start as PID 1 of its own pid namespace (bwrap --as-pid-1, a container)\n")
        sys.exit(2)
    # ``-c SOURCE --native-fd N``: the host passed the compiled fork loop (zygote_native.c) as fd N
    native_fd = int(sys.argv[2]) if sys.argv[1:2] == ["--native-fd"] else None
    zygote_end, server_end = _socket.socketpair(_socket.AF_UNIX, _socket.SOCK_SEQPACKET)
    if os.fork() == 0:
        zygote_end.close()
        if native_fd is not None:
            os.close(native_fd)
        try:
            _serve(server_end)
        finally:
            os._exit(0)  # never back into the zygote's code; the zygote sees EOF and ends the namespace
    server_end.close()
    zygote_main(zygote_end, native_fd)


if __name__ == "__main__":
    main()
