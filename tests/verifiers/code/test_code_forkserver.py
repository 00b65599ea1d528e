"""The in-sandbox fork server: zygote as PID 1, server as PID 2, scripts inlined or read, spawn limits.

Run against every isolating backend (bwrap, docker), which share ``sandbox/forkserver*.py``.
"""

from __future__ import annotations

import pytest

from rewardstack.verifiers.code.sandbox import Job, JobStatus, Limits, PythonSettings, SandboxBackend
from rewardstack.verifiers.code.sandbox.bwrap_backend import BwrapBackend
from rewardstack.verifiers.code.sandbox.forkserver import MAX_INLINE_SCRIPT
from rewardstack.verifiers.code.sandbox.forkserver_zygote import MAX_SPEC


def _py(code: str, name: str = "m.py", **kw: object) -> Job:
    return Job(runner="python", argv=(name,), files={name: code.encode()}, **kw)  # type: ignore[arg-type]


SIGNAL_THE_ZYGOTE = """
import os, signal, time
print(os.getppid())
for sig in (signal.SIGKILL, signal.SIGSTOP, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    os.kill(1, sig)
time.sleep(0.2)
print("alive")
"""


def test_jobs_are_children_of_a_zygote_no_signal_reaches(isolating_backend: SandboxBackend) -> None:
    """A job can signal its parent, PID 1, all it likes: the kernel drops it, and the sandbox stays warm."""
    workers = set(isolating_backend.worker_host_pids())  # type: ignore[attr-defined]
    for _ in range(isolating_backend.concurrency):
        res = isolating_backend.run(_py(SIGNAL_THE_ZYGOTE))
        assert res.status is JobStatus.OK, (res.status, res.note, res.stderr[-300:])
        assert res.stdout == b"1\nalive\n"
    assert set(isolating_backend.worker_host_pids()) == workers  # type: ignore[attr-defined]  # none replaced


def test_small_script_travels_inline_and_a_large_one_is_read(isolating_backend: SandboxBackend) -> None:
    report = "import sys; print(__file__, sys.argv, __name__)\n"
    small = isolating_backend.run(_py(report, name="pkg/main.py"))
    assert small.stdout == b"/tmp/job/pkg/main.py ['pkg/main.py'] __main__\n", small.stderr
    padding = "#" + "x" * 99 + "\n"
    big_code = report + padding * (MAX_INLINE_SCRIPT // len(padding) + 10)
    big = isolating_backend.run(_py(big_code))
    assert big.stdout == b"/tmp/job/m.py ['m.py'] __main__\n", big.stderr


def test_python_jobs_start_like_cpython_under_nohup_and_programs_get_default_signals(
    isolating_backend: SandboxBackend,
) -> None:
    """SIGINT is ignored in the zygote (PID 1 needs no handler), so Python jobs inherit it ignored; exec'd
    programs get every signal at its default, as from a shell."""
    probe = (
        "import signal\n"
        "names = {signal.SIG_IGN: 'ignored', signal.SIG_DFL: 'default', signal.default_int_handler: 'python'}\n"
        "print(names[signal.getsignal(signal.SIGINT)], names[signal.getsignal(signal.SIGPIPE)])\n"
    )
    py = isolating_backend.run(_py(probe))
    assert py.stdout == b"ignored ignored\n", py.stderr
    exe = isolating_backend.run(Job(runner="exec", argv=("/usr/bin/python3", "-I", "-c", probe)))
    assert exe.stdout == b"python ignored\n", exe.stderr  # a fresh CPython: its own SIGINT handler


def test_uncaught_exception_and_exit_codes_follow_cpython(isolating_backend: SandboxBackend) -> None:
    raised = isolating_backend.run(_py("def f():\n    raise KeyError('k')\nf()\n"))
    assert raised.exit_code == 1 and raised.stderr.rstrip().endswith(b"KeyError: 'k'")
    assert b"m.py" in raised.stderr and b"line 3" in raised.stderr
    hooked = isolating_backend.run(_py("import sys\nsys.excepthook = lambda *a: print('hook', a[0].__name__)\n1/0\n"))
    assert hooked.exit_code == 1 and hooked.stdout == b"hook ZeroDivisionError\n"
    assert isolating_backend.run(_py("raise SystemExit('bye')")).stderr == b"bye\n"


def test_oversized_or_malformed_spawn_request_is_refused_not_crashed(isolating_backend: SandboxBackend) -> None:
    huge = Job(runner="exec", argv=("/bin/true", "x" * (MAX_SPEC + 1)))
    res = isolating_backend.run(huge)
    assert res.status is JobStatus.RUNTIME_ERROR and "must stay under" in res.note
    for bad in (
        Job(runner="exec", argv=("/bin/echo", "a\0b")),
        Job(runner="exec", argv=("/bin/true",), env={"A=B": "c"}),
        _py("print(1)", env={"X": "nul\0"}),
    ):
        res = isolating_backend.run(bad)
        assert res.status is JobStatus.RUNTIME_ERROR and "NUL bytes" in res.note, (bad, res)
    assert isolating_backend.run(_py("print('next')")).stdout == b"next\n"


@pytest.mark.parametrize("kind", ["shm", "msg", "sem"])
def test_sysv_objects_are_removed_between_jobs(isolating_backend: SandboxBackend, kind: str) -> None:
    create = {
        "shm": "libc.shmget(0x5301, 4096, 0o1666)",
        "msg": "libc.msgget(0x5302, 0o1666)",
        "sem": "libc.semget(0x5303, 1, 0o1666)",
    }[kind]
    made = isolating_backend.run(_py(f"import ctypes\nlibc = ctypes.CDLL(None)\nprint({create} >= 0)\n"))
    assert made.stdout == b"True\n", made.stderr
    for _ in range(isolating_backend.concurrency):  # whichever worker ran it, none shows it now
        seen = isolating_backend.run(_py(f"print(len(open('/proc/sysvipc/{kind}').read().splitlines()) - 1)"))
        assert seen.stdout == b"0\n"


PARITY_JOBS = {
    "argv_env_cwd": Job(
        runner="python",
        argv=("m.py", "x y"),
        files={"m.py": b"import os, sys; print(sys.argv, __file__, __name__, os.environ['E'], os.getcwd())"},
        env={"E": "v"},
    ),
    "traceback": _py("def f():\n    raise KeyError(1)\nf()\n"),
    "syntax_error": _py("def (:\n"),
    "exit_code": _py("import sys; print('a'); sys.exit(3)"),
    "exit_message": _py("raise SystemExit('bye')"),
    "atexit_and_unflushed": _py("import atexit; atexit.register(lambda: print('at')); print('x', end='')"),
    "threads_joined": _py("import threading as t, time\nt.Thread(target=lambda: (time.sleep(0.1), print(1))).start()"),
    "big_script": _py("print(len(open(__file__).read()))\n" + "#" * (MAX_INLINE_SCRIPT + 10) + "\n"),
    "missing_script": Job(runner="python", argv=("nope.py",)),
    "stdin": _py("print(input()[::-1])", stdin=b"abc\n"),
    "exec_env_exit": Job(runner="exec", argv=("/bin/sh", "-c", "echo $PATH $HOME $E; exit 4"), env={"E": "w"}),
    "exec_missing": Job(runner="exec", argv=("./nothere",)),
    "python_settings": _py(
        "import sys, resource\nprint(sys.getrecursionlimit(), sys.get_int_max_str_digits(), len(str(3 ** 10000)))\n"
        "print(resource.getrlimit(resource.RLIMIT_STACK))",
        python=PythonSettings(int_max_str_digits=0, recursion_limit=4321),
        limits=Limits(stack_mb=96),
    ),
    "python_defaults": _py("import sys\nprint(sys.getrecursionlimit(), sys.get_int_max_str_digits())\nstr(3 ** 10000)"),
}


@pytest.mark.slow
def test_c_and_python_fork_loops_give_jobs_the_same_process(
    bwrap: SandboxBackend, bwrap_pyloop: SandboxBackend
) -> None:
    """zygote_native.c and its Python twin must be indistinguishable from inside a job."""
    assert isinstance(bwrap, BwrapBackend) and isinstance(bwrap_pyloop, BwrapBackend)
    assert bwrap.native.path is not None, f"CI installs a compiler and python3-dev: {bwrap.native.reason}"
    assert bwrap_pyloop.native.path is None
    for name, job in PARITY_JOBS.items():
        a, b = bwrap.run(job), bwrap_pyloop.run(job)
        seen = [(r.status, r.exit_code, r.signal, r.stdout, r.stderr) for r in (a, b)]
        assert seen[0] == seen[1], name
    assert bwrap.run(PARITY_JOBS["traceback"]).stderr.startswith(b'Traceback (most recent call last):\n  File "m.py"')
