"""Zygote half of the in-sandbox fork server (stdlib only; see ``forkserver.py``).

The zygote is PID 1 of the sandbox's pid namespace and the only process that
forks jobs. It holds the pre-imported runtime and does as little as possible
between two forks, because every page a process writes after a fork costs a
copy-on-write fault, and a fork copies the page tables of everything the
forking process has written. Measured on the 2-core dev machine, forking from
the protocol server itself (JSON, base64, select, cleanup: ~200 written pages
per job) cost ~0.4 ms more per job than forking from this loop.

Being PID 1 is what keeps it alive: the kernel drops every signal sent from
inside the namespace to an init without a handler (SIGKILL and SIGSTOP
included), so neither a job nor the server's ``kill(-1, SIGKILL)`` reaches it,
and orphans of jobs are reparented to it. If it dies anyway, the kernel kills
the whole namespace and the host replaces the sandbox.

Messages on its socket (SOCK_SEQPACKET, from the server only):

- ``S`` + rlimits + payload (``spawn_message``, ``job_payload``), with the job's stdin,
  stdout and stderr fds attached (SCM_RIGHTS): fork the job, wait for it, answer
  ``REPORT`` (wait status, CPU seconds).
- ``R``: reap every dead child (killed leftovers of a job); answer ``r``.
"""

import _signal  # the C functions behind signal's wrappers: no enum conversion of results in the child
import _socket
import atexit
import builtins
import gc
import marshal
import os
import resource
import struct
import sys
import types

if "_libc" not in globals():  # imported on the host (docs, tests); in a sandbox the sources are concatenated
    from rewardstack.verifiers.code.sandbox.forkserver_cleanup import WORK, _libc

PRELOAD = (  # what most graded programs and our harnesses import. Not random or threading: their
    # at-fork hooks (reseeding, thread-state reset) would add ~0.3 ms each to EVERY job's fork.
    "typing math re collections itertools functools json heapq bisect string copy operator ast "
    "base64 io traceback resource types atexit builtins"
)
BASE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": WORK, "LANG": "C.UTF-8"}
PR_SET_DUMPABLE = 4
SPAWN, REAP, REAPED, READY = b"S", b"R", b"r", b"ready"
SPAWN_COUNT = struct.Struct("=I")  # spawn message layout: see parse_spawn, and zygote_native.c
SPAWN_LIMIT = struct.Struct("=iqq")
SPAWN_SETTINGS = struct.Struct("=ii")  # a python job's int_max_str_digits and recursion limit; -1: leave as is
REPORT = struct.Struct("=id")  # a job's end: wait status, CPU seconds
SCRIPT_NONE, SCRIPT_SOURCE, SCRIPT_CODE = b"\0", b"\1", b"\2"  # how a python job's script travels
MAX_SPEC = 1 << 17  # argv, env and inlined script of one job (under the socket's default send buffer)
MAX_ARGS = 4096  # argv entries, and env entries, of one job (zygote_native.c has the same limit)
_JOB_FDS = 3  # stdin, stdout, stderr


def _no_ptrace():
    """Non-dumpable: no ptrace and no ``/proc/<pid>/fd`` access by jobs (same uid). Forked jobs inherit it."""
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def _detach_channel():
    """Point fds 0 and 1 at /dev/null: only the server may hold the host's channel (its EOF means 'gone')."""
    null = os.open("/dev/null", os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)


def zygote_main(sock, native_fd=None):
    """PID 1: preload, tell the server we are ready, then fork jobs until the server goes away.

    ``native_fd``: an open fd of the compiled fork loop (``zygote_native.c``), or None for the Python one.
    Both read the same messages and give jobs the same process; the C one writes far fewer pages per fork.
    """
    _detach_channel()
    _no_ptrace()
    # PID 1 gets no signal from inside the namespace unless it has a handler: SIGINT is the only one CPython
    # installs. Ignored (not blocked) so that a job needs no signal call after the fork; a Python job then
    # starts with SIGINT ignored, as under nohup, and CPython keeps it that way.
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    os.umask(0o022)  # inherited by every job, like these two limits (no core files, no POSIX message queues)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_MSGQUEUE, (0, 0))
    os.environ.clear()
    os.environ.update(BASE_ENV)  # inherited by python jobs as is
    serve = _load_native(native_fd) if native_fd is not None else None
    for mod in PRELOAD.split():
        try:
            __import__(mod)
        except ImportError:
            pass
    sys.path[:] = [WORK] + [p for p in sys.path if p.startswith("/usr/")]  # a python job's, set once
    gc.collect()
    gc.freeze()  # the pre-imported heap stays shared with forked jobs instead of being copied by GC passes
    job_main = _job_main_module()
    sock.send(READY)
    if serve is not None:  # never returns: jobs run (and end) inside it
        serve(sock.fileno(), WORK, job_main, atexit._run_exitfuncs, builtins.compile)
    _become(_python_loop(sock))  # _python_loop returns in a forked job child only


def _job_main_module():
    """The ``__main__`` every job runs in, made once here (each forked job has its own copy of it): making it
    per job cost ~20 copy-on-write faults. The zygote's own code keeps its globals; only sys.modules changes."""
    module = types.ModuleType("__main__")
    module.__dict__.update(__builtins__=builtins, __cached__=None)
    sys.modules["__main__"] = module
    return module


def _load_native(fd):
    """The compiled loop's ``serve``, loaded from the fd the host passed (no path needs to be visible)."""
    import _imp
    from importlib.machinery import ModuleSpec

    module = _imp.create_dynamic(ModuleSpec("_rszygote", None, origin=f"/proc/self/fd/{fd}"))
    os.close(fd)
    return module.serve


def parse_spawn(message):
    """(rlimits, payload) from a spawn message: ``S`` <u32 n> n * (<i32 resource><i64 soft><i64 hard>) payload."""
    (count,) = SPAWN_COUNT.unpack_from(message, 1)
    start = 1 + SPAWN_COUNT.size
    end = start + count * SPAWN_LIMIT.size
    limits = [(r, (soft, hard)) for r, soft, hard in SPAWN_LIMIT.iter_unpack(message[start:end])]
    return limits, message[end:]


def spawn_message(rlimits, payload):
    """The inverse of ``parse_spawn`` (built by the server)."""
    parts = [SPAWN, SPAWN_COUNT.pack(len(rlimits))]
    parts += [SPAWN_LIMIT.pack(which, soft, hard) for which, (soft, hard) in rlimits]
    return b"".join(parts) + payload


def job_payload(runner, argv, env, main_file, source, code=None, settings=(-1, -1)):
    """The spawn message's payload (layout in zygote_native.c): runner, settings, argv, env, main file, script.

    ``env``: the whole environment of an ``exec`` job, or what a ``python`` job adds to os.environ.
    The script travels as ``code`` (marshalled, compiled by the server) or as ``source``, or not at all.
    ``settings``: (int_max_str_digits, recursion limit) a python job sets before its script; -1 leaves one.
    """
    parts = [b"x" if runner == "exec" else b"p", SPAWN_SETTINGS.pack(*settings), SPAWN_COUNT.pack(len(argv))]
    parts += [os.fsencode(arg) + b"\0" for arg in argv]
    parts.append(SPAWN_COUNT.pack(len(env)))
    parts += [os.fsencode(f"{key}={value}") + b"\0" for key, value in env.items()]
    parts.append(os.fsencode(main_file or "") + b"\0")
    if code is not None:
        parts.append(SCRIPT_CODE + SPAWN_COUNT.pack(len(code)) + code)
    elif source is not None:
        parts.append(SCRIPT_SOURCE + SPAWN_COUNT.pack(len(source)) + source)
    else:
        parts.append(SCRIPT_NONE)
    return b"".join(parts)


def parse_payload(payload):
    """(runner, settings, argv, env, main file, source or None, code or None): the inverse of ``job_payload``."""
    runner = "exec" if payload[:1] == b"x" else "python"
    settings = SPAWN_SETTINGS.unpack_from(payload, 1)
    pos = 1 + SPAWN_SETTINGS.size
    fields = []
    for _ in range(2):
        (count,) = SPAWN_COUNT.unpack_from(payload, pos)
        pos += SPAWN_COUNT.size
        items = []
        for _ in range(count):
            end = payload.index(b"\0", pos)
            items.append(os.fsdecode(payload[pos:end]))
            pos = end + 1
        fields.append(items)
    argv, env_items = fields
    env = dict(item.split("=", 1) for item in env_items)
    end = payload.index(b"\0", pos)
    main_file = os.fsdecode(payload[pos:end]) or None
    kind = payload[end + 1 : end + 2]
    script = None
    if kind != SCRIPT_NONE:
        (size,) = SPAWN_COUNT.unpack_from(payload, end + 2)
        start = end + 2 + SPAWN_COUNT.size
        script = payload[start : start + size]
    source = script if kind == SCRIPT_SOURCE else None
    return runner, settings, argv, env, main_file, source, script if kind == SCRIPT_CODE else None


def _python_loop(sock):
    """The fork loop in Python (when no compiler was available on the host); returns in a job child only."""
    fd_space = _socket.CMSG_SPACE(_JOB_FDS * 4)
    while True:
        msg, anc, flags, _addr = sock.recvmsg(MAX_SPEC + 1, fd_space)
        if not msg:
            os._exit(0)  # the server is gone: PID 1 exiting takes the whole namespace with it
        fds = _received_fds(anc)
        if flags & (_socket.MSG_TRUNC | _socket.MSG_CTRUNC):
            os._exit(3)  # a bug in the server, never a job's doing: the host replaces the sandbox
        if msg == REAP and not fds:
            _reap_all()
            sock.send(REAPED)
        elif msg[:1] == SPAWN and len(fds) == _JOB_FDS:
            rlimits, payload = parse_spawn(msg)
            pid = os.fork()
            if pid == 0:
                try:
                    _set_up_child(fds, rlimits)
                except OSError as exc:
                    os.write(2, f"sandbox: job set-up failed: {exc}\n".encode())
                    os._exit(126)
                return payload
            for fd in fds:
                os.close(fd)
            _, wait_status, usage = os.wait4(pid, 0)  # a job cannot signal us; the server kills it at its deadline
            sock.send(REPORT.pack(wait_status, usage.ru_utime + usage.ru_stime))
        else:
            os._exit(3)


def _received_fds(anc):
    fds = ()
    for level, kind, data in anc:
        if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
            fds += struct.unpack(f"{len(data) // 4}i", data[: len(data) // 4 * 4])
    return fds


def _reap_all():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


# ---- the child: becomes the job ---------------------------------------------------------------
def _set_up_child(fds, rlimits):
    """What zygote_native.c does in C: own session, stdio, no other fd, rlimits, the work dir."""
    os.setsid()
    os.dup2(fds[0], 0)
    os.dup2(fds[1], 1)
    os.dup2(fds[2], 2)
    os.closerange(3, 1 << 16)  # the channel to the server and the received fds
    for which, value in rlimits:
        resource.setrlimit(which, value)
    os.chdir(WORK)


def _become(payload):
    """Run the job in this (forked, set-up) process; never returns. zygote_native.c does the same in C."""
    try:
        runner, settings, argv, env, main_file, source, code = parse_payload(payload)
        if runner == "exec":
            _exec_program(argv, env)
        if env:
            os.environ.update(env)
        # python jobs stay non-dumpable like the zygote (nothing may ptrace them); execve resets it for programs
        _run_python(argv, main_file, source, code, settings)
    finally:
        os._exit(126)


def _exec_program(argv, env):
    for sig in (_signal.SIGPIPE, _signal.SIGXFSZ, _signal.SIGINT):  # ignored here; programs expect defaults
        _signal.signal(sig, _signal.SIG_DFL)
    try:
        os.execve(argv[0], argv, env)
    except OSError as exc:
        os.write(2, f"exec failed: {exc}\n".encode())
    os._exit(127)


def _apply_settings(settings):
    """The job's interpreter settings (PythonSettings), in this forked child only: the zygote keeps its own."""
    digits, recursion = settings
    if recursion >= 0:
        sys.setrecursionlimit(recursion)
    if digits >= 0 and hasattr(sys, "set_int_max_str_digits"):  # CPython < 3.11 has no such limit
        sys.set_int_max_str_digits(digits)


def _run_python(argv, main_file, source, code_blob, settings):
    sys.argv = argv
    code = 0
    try:
        _apply_settings(settings)
        _exec_main(argv[0], main_file, source, code_blob)
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except Exception as exc:  # the job's own uncaught exception: CPython hands it to sys.excepthook and exits 1
        sys.excepthook(type(exc), exc, exc.with_traceback(_job_frames(exc.__traceback__)).__traceback__)
        code = 1
    try:
        threading = sys.modules.get("threading")
        if threading is not None:  # like interpreter exit: join non-daemon threads
            threading._shutdown()
        atexit._run_exitfuncs()
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except Exception:  # noqa: BLE001 - an atexit failure is the job's problem, reported as CPython does
        sys.excepthook(*sys.exc_info())
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _job_frames(tb):
    """The traceback from the job's first frame on: this harness's frames are not the job's (as in CPython)."""
    while tb is not None and tb.tb_frame.f_globals is globals():
        tb = tb.tb_next
    return tb


def _exec_main(path, main_file, source, code_blob):
    """Run a script as ``__main__`` the way ``python path`` does (runpy's lazy imports cost ~6 ms per fork).

    ``code_blob``: the script compiled by the server (marshalled), else ``source``: its bytes, else None
    (read it from the work dir). Compiling here costs ~80-170 copy-on-write faults; loading ~30-80.
    """
    module = sys.modules["__main__"]  # the job's own (forked) copy of _job_main_module()
    module.__file__ = main_file or os.path.abspath(path)
    if code_blob is not None:
        code = marshal.loads(code_blob)
    else:
        code = compile(_read_script(path) if source is None else source, path, "exec", dont_inherit=True)
    exec(code, module.__dict__)


def _read_script(path):
    fd = os.open(path, os.O_RDONLY)  # raw reads: no buffered-io objects (each costs copy-on-write faults here)
    try:
        size = os.fstat(fd).st_size
        chunks = []
        while True:
            try:  # one read of the right size: a 1 MB read buffer costs an mmap and a fault per job
                chunk = os.read(fd, size + 1 if size < (1 << 20) else 1 << 20)
            except IsADirectoryError:
                raise IsADirectoryError(21, os.strerror(21), path) from None  # what open() would say
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


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
