"""The sandbox contract every code-execution backend keeps (bwrap, docker, local).

A backend runs one :class:`Job` -- a few files, a command, stdin bytes, limits --
and returns one :class:`JobResult`. That is all the grader needs from it; the
grader never asks a backend for a verdict.

Contract (what the grader relies on; the security suite in
``tests/verifiers/code/test_sandbox_security.py`` checks every point for every
backend, from the same table of hostile programs in
``rewardstack.verifiers.code.hostile``):

1. **Runners.** ``Job.runner`` names the runtime the backend must provide:

   - ``"python"``: CPython 3 (stdlib only, no site-packages). ``argv[0]`` is a
     script path relative to the work dir, run as ``__main__`` with
     ``sys.argv == argv``. Backends may run it in a pre-imported interpreter
     forked from a warm server, but the job must see a fresh interpreter state:
     nothing a previous job did (monkeypatched modules, globals) is visible.
     A job's exit status follows CPython: ``SystemExit(n)`` -> n, uncaught
     exception -> 1 with the traceback on stderr. ``Job.python``
     (:class:`PythonSettings`) is applied before the script's first line, on every
     backend: a forked job sets it in the child (the zygote's own interpreter state is
     never changed), a fresh interpreter at start-up.
   - ``"exec"``: ``argv[0]`` is an absolute program path inside the sandbox
     (``/usr/bin/g++``, ``/usr/bin/node``) or a path relative to the work dir
     (``./prog``, a file the job brought), executed with ``execve``.

2. **Files.** ``Job.files`` maps relative paths (no ``..``, no absolute paths) to
   bytes, written into a fresh, empty, writable work dir that is the job's cwd;
   paths in ``Job.executable`` get mode 0755. After the process ends, files
   named in ``Job.collect`` are read back (each capped at ``limits.output_bytes``)
   into ``JobResult.files``; a missing file is simply absent.

3. **Fresh state per job.** Whatever a job does, the next job -- on the same
   worker or not -- sees: an empty work dir; empty ``/tmp`` and ``/dev/shm``;
   no process, SysV IPC object or socket left by an earlier job; the same
   read-only root. "Fresh" is about everything a job can *write*; the read-only
   root and the runtime are shared. Every process a job started (setsid orphans,
   double-forked daemons ignoring SIGTERM, stopped processes, zombies) is killed
   and reaped before the result is returned, and before the worker takes the
   next job.

4. **Limits** (:class:`Limits`) are enforced from *outside* the untrusted
   process: wall time by a watcher that kills everything the job started (a job
   that ignores signals, stops itself or kills its parent still ends), CPU time,
   memory (cgroup where available, rlimits otherwise), number of processes and
   threads, open files, size of any file written, the main thread's stack
   (``RLIMIT_STACK``, by default as large as the memory limit), and stdout/stderr bytes --
   drained continuously, capped at ``output_bytes`` *each*; on overflow the job
   is killed and ``status`` is ``output_limit``. A limit hit is a
   :class:`JobStatus`, never an exception.

5. **Isolation.** No network (not even the host's loopback), no view of host
   processes (own pid namespace), an unprivileged uid that cannot read
   ``/etc/shadow``, no host home, no ``/root``, no project checkout, a clean
   environment (only ``Job.env`` plus ``PATH``/``HOME``/``LANG``), a read-only
   root, no new user namespaces, no controlling terminal (TIOCSTI). ``probe()``
   *measures* these by running probe jobs; it never reports what a backend
   merely intends.

6. **Errors.** ``run`` returns a JobResult for anything the untrusted program
   does. It raises :class:`SandboxError` only when the backend itself is broken
   (cannot start a worker, daemon gone); the ``code_tests`` source turns that
   into ``Score.error``, never into a failed test.

7. **Threads.** ``run`` is thread-safe; a backend runs up to ``concurrency``
   jobs at once and queues the rest. ``close()`` kills all workers and is
   idempotent; backends are context managers.

Warm workers (fork-server protocol, shared by the bwrap backend and the docker
backend's warm pool): a long-lived sandbox runs a small trusted server
(``sandbox/forkserver.py``, stdlib only) as its PID 1, which splits in two: the
*zygote* (PID 1) pre-imports Python and only forks jobs; the *server* (PID 2) talks
to the host. The host sends one length-prefixed JSON request per job over a pipe;
the server writes the files into the work dir and hands the job's stdin, stdout
and stderr to the zygote, which forks a child that ``setsid``\\ s, applies rlimits,
closes every other fd, drops to the job's env and ``exec``\\ s (or, for
``"python"``, runs the script as ``__main__`` in the pre-imported interpreter).
The server drains stdout/stderr, enforces wall time, and when the child exits (or a
limit trips) kills every other process in the pid namespace (``kill(-1, SIGKILL)``,
which spares only the zygote, as PID 1, and the server itself), has the zygote reap
them, wipes the work dir, ``/tmp``, ``/dev/shm`` and SysV IPC, then replies with one
JSON message. Both halves make themselves non-dumpable (so a job of the same uid
cannot ptrace them or open their fds through ``/proc``); the zygote gets no signal
from inside the namespace (an init without handlers) and the server blocks every
catchable one. The host keeps its own backstop deadline (``wall_s + grace``): if no
reply comes, it kills the whole sandbox from outside and starts a replacement.
Replies are parsed as data (JSON, sizes checked) -- never unpickled.
"""

from __future__ import annotations

import abc
import itertools
import threading
from enum import StrEnum
from types import TracebackType

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "BackendConfig",
    "IsolationReport",
    "Job",
    "JobResult",
    "JobStatus",
    "Limits",
    "PythonSettings",
    "SandboxBackend",
    "SandboxError",
]


class SandboxError(RuntimeError):
    """The backend itself broke (not: the untrusted program misbehaved)."""


class Limits(BaseModel):
    """Per-job resource limits; every one is enforced from outside the job."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    wall_s: float = Field(default=10.0, gt=0, le=3600)
    cpu_s: float = Field(default=10.0, gt=0, le=3600)
    memory_mb: int = Field(default=512, ge=16, le=65536)
    pids: int = Field(default=64, ge=1, le=4096)
    nofile: int = Field(default=64, ge=8, le=65536)
    fsize_mb: int = Field(default=16, ge=0, le=16384)
    output_bytes: int = Field(default=1 << 20, ge=1024, le=1 << 30)
    #: address-space cap, used ONLY by a backend that has no cgroup memory limit and falls back to
    #: RLIMIT_AS; None = memory_mb. Runtimes that reserve far more virtual memory than they use (V8)
    #: set it high and bound their heap themselves (node --max-old-space-size).
    rlimit_as_mb: int | None = Field(default=None, ge=16, le=1 << 20)
    #: the main thread's stack (RLIMIT_STACK); None = memory_mb. Judges give a stack bounded by memory, not
    #: 8 MB (AtCoder: 1 GiB, Kattis/DOMjudge: unlimited; docs/sandbox.md has the sources), so deep recursion
    #: a program asks for (``sys.setrecursionlimit``, C++ DFS) works. Stack pages are memory: the memory limit
    #: still bounds them. Only the soft limit is set, never above the sandbox's hard limit.
    stack_mb: int | None = Field(default=None, ge=1, le=65536)


class PythonSettings(BaseModel):
    """Interpreter settings a ``python`` job starts with; None leaves CPython's default.

    ``int_max_str_digits``: CPython's (>= 3.11) cap on int <-> decimal string conversion
    (default 4300 digits, so ``print(3 ** 10000)`` raises ``ValueError``); 0 = no cap.
    ``recursion_limit``: ``sys.setrecursionlimit`` before the script runs (CPython: 1000).

    >>> PythonSettings(int_max_str_digits=0).int_max_str_digits
    0
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    int_max_str_digits: int | None = Field(default=None, ge=0, le=(1 << 31) - 1)
    recursion_limit: int | None = Field(default=None, ge=50, le=(1 << 31) - 1)

    @field_validator("int_max_str_digits")
    @classmethod
    def _cpython_minimum(cls, value: int | None) -> int | None:
        if value is not None and 0 < value < 640:
            raise ValueError("int_max_str_digits must be 0 (no limit) or at least 640 (CPython's minimum)")
        return value


class JobStatus(StrEnum):
    """How the untrusted process ended (informational; the grader decides pass/fail)."""

    OK = "ok"  # exited on its own, status 0
    TIMEOUT = "timeout"  # wall or CPU time exceeded
    MEMORY = "memory"  # memory limit hit (OOM kill, or MemoryError under rlimits)
    OUTPUT_LIMIT = "output_limit"  # stdout or stderr exceeded limits.output_bytes
    KILLED = "killed"  # died from a signal for another reason (incl. sandbox-level kill)
    RUNTIME_ERROR = "runtime_error"  # exited non-zero
    COMPILE_ERROR = "compile_error"  # set by runners for a failed compile step


class Job(BaseModel):
    """One execution request. See the module docstring for the exact semantics."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    runner: str = Field(description='"python" or "exec"')
    argv: tuple[str, ...]
    files: dict[str, bytes] = Field(default_factory=dict)
    executable: tuple[str, ...] = ()
    collect: tuple[str, ...] = ()
    stdin: bytes = b""
    env: dict[str, str] = Field(default_factory=dict)
    limits: Limits = Field(default_factory=Limits)
    #: interpreter settings of a ``python`` job (ignored for ``exec``); the default is plain CPython
    python: PythonSettings = Field(default_factory=PythonSettings)

    @field_validator("files", "collect", "executable")
    @classmethod
    def _relative_paths(cls, value: dict[str, bytes] | tuple[str, ...]) -> dict[str, bytes] | tuple[str, ...]:
        for name in value:
            parts = name.split("/")
            if not name or name.startswith("/") or ".." in parts or "" in parts or "\x00" in name:
                raise ValueError(f"job file paths must be relative and normalised, got {name!r}")
        return value

    @field_validator("argv")
    @classmethod
    def _non_empty(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("argv must not be empty")
        return value


class JobResult(BaseModel):
    """What happened. ``stdout``/``stderr`` are capped at ``limits.output_bytes`` each."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: JobStatus
    exit_code: int | None = None  # None when killed by a signal
    signal: int | None = None
    stdout: bytes = b""
    stderr: bytes = b""
    output_truncated: bool = False
    files: dict[str, bytes] = Field(default_factory=dict)
    wall_s: float = 0.0
    note: str = ""  # backend-side detail (e.g. "wall limit 2.0s", "oom kill")


class IsolationReport(BaseModel):
    """What a backend *measured* about its isolation (``rewardstack sandbox check``).

    ``None`` means the probe could not tell. The security-relevant answer for
    each flag is ``False`` (e.g. ``network=False``: no network reachable).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    backend: str
    available: bool
    error: str = ""
    uid: int | None = None
    is_root: bool | None = None
    network: bool | None = None  # an outbound connection or DNS lookup worked
    host_loopback: bool | None = None  # a service on the host's 127.0.0.1 answered
    host_pids_visible: bool | None = None  # the trainer's process is visible
    shadow_readable: bool | None = None
    host_home_visible: bool | None = None  # a canary planted in the host home, working folder or /root
    host_env_visible: bool | None = None  # a canary variable of the host leaked in
    root_writable: bool | None = None  # /usr or /etc writable
    userns_allowed: bool | None = None  # a nested user namespace could be created
    memory_limit: str = ""  # "cgroup", "rlimit" or ""
    pids_limit: str = ""
    notes: tuple[str, ...] = ()

    @property
    def isolated(self) -> bool:
        """True when every measured flag came out safe."""
        flags = (
            self.is_root,
            self.network,
            self.host_loopback,
            self.host_pids_visible,
            self.shadow_readable,
            self.host_home_visible,
            self.host_env_visible,
            self.root_writable,
            self.userns_allowed,
        )
        return self.available and all(f is False for f in flags)


class BackendConfig(BaseModel, abc.ABC):
    """The config of one sandbox backend, and how to build it: what the backend registry holds.

    A backend is one module that defines its config (a subclass of this with
    ``backend: Literal["name"] = "name"``), registers it with
    ``@register_backend("name")`` (``sandbox/registry.py``) and builds its backend in
    :meth:`build`. ``sandbox: {backend: name, ...}`` in a stack then validates with that class.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    backend: str
    #: workers (concurrent jobs); None = number of CPUs
    workers: int | None = Field(default=None, ge=1, le=256)

    @abc.abstractmethod
    def build(self) -> SandboxBackend:
        """Start the backend; raises ``SandboxUnavailable`` saying how to fix it if it cannot work here."""

    @classmethod
    def for_check(cls) -> BackendConfig:
        """The config ``rewardstack sandbox check`` probes this backend with (one worker)."""
        return cls(workers=1)  # type: ignore[call-arg]


class SandboxBackend(abc.ABC):
    """Abstract backend; see the module docstring for the contract."""

    name: str = "abstract"
    #: how many jobs may run at once; more calls to run() queue
    concurrency: int = 1

    @abc.abstractmethod
    def run(self, job: Job) -> JobResult:
        """Run one job to completion (thread-safe). Raises SandboxError only if the backend broke."""

    @abc.abstractmethod
    def probe(self) -> IsolationReport:
        """Measure the isolation this backend gives, by running probe jobs."""

    @abc.abstractmethod
    def close(self) -> None:
        """Kill every worker; idempotent."""

    def run_many(self, jobs: list[Job]) -> list[JobResult]:
        """Run jobs concurrently (up to ``concurrency``), results in order.

        One thread per concurrent slot pulls the next job index until none is left: no future, no work
        queue per job (a third of the host's CPU per trivial job went to a ThreadPoolExecutor). The first
        exception stops the other threads from taking new jobs and is raised once they are done.
        """
        if len(jobs) <= 1 or self.concurrency <= 1:
            return [self.run(j) for j in jobs]
        results: list[JobResult | None] = [None] * len(jobs)
        next_index = itertools.count()
        errors: list[Exception] = []

        def drain() -> None:
            for i in next_index:
                if i >= len(jobs) or errors:
                    return
                try:
                    results[i] = self.run(jobs[i])
                except Exception as exc:  # noqa: BLE001 - handed to the caller's thread below
                    errors.append(exc)
                    return

        threads = [threading.Thread(target=drain, daemon=True) for _ in range(min(self.concurrency, len(jobs)))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        done = [r for r in results if r is not None]
        if len(done) != len(jobs):
            raise SandboxError(f"{len(jobs) - len(done)} of {len(jobs)} jobs produced no result")
        return done

    def __enter__(self) -> SandboxBackend:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
