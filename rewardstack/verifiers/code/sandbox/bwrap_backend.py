"""bubblewrap backend: warm fork servers inside hardened, unprivileged bwrap sandboxes.

Each worker is ``sh`` (joins its cgroups, as root) -> ``setpriv`` (drops to an
unprivileged uid, clears groups) -> ``bwrap`` (new user/pid/net/ipc/uts/cgroup
namespaces, no further user namespaces, read-only /usr, size-capped tmpfs /tmp and
/dev/shm, ``--new-session``, ``--die-with-parent``, ``--clearenv``, ``--as-pid-1``)
-> the fork server (``python3 -I -S``), whose zygote is the sandbox's PID 1 and whose
server is PID 2 (see ``forkserver.py``). Jobs cost a fork of the pre-imported zygote,
not a sandbox start. Spawning uses ``subprocess`` without ``preexec_fn`` (vfork/
posix_spawn), so the trainer's memory is never forked.

Decisions (measured on the 2-core dev machine, see benchmarks/results/):

- Fresh state per job comes from the fork server's cleanup, not from new
  namespaces per job: a job cannot mount, so the only state it can leave is in
  the writable tmpfs dirs (``/tmp`` with the work dir, ``/dev/shm``: emptied),
  SysV IPC (removed), POSIX message queues (blocked: ``RLIMIT_MSGQUEUE=0``) and
  processes (``kill(-1)`` from the server, reaped as child subreaper). Per-job
  ``unshare`` would need ``CAP_SYS_ADMIN`` in the sandbox for the server, a
  bigger target than the cleanup it replaces. A dirty worker (too many files to
  wipe, an unkillable process, a wedged or dead server) is discarded and replaced.
- No nested user namespaces: ``--disable-userns`` (bubblewrap >= 0.8) with
  ``--assert-userns-disabled``; on an older bwrap the flags are left out and
  ``probe()`` reports ``userns_allowed`` as measured.
- The zygote forks jobs from a C loop (``zygote_native.c``) built once for
  ``python`` by ``zygote_build.py`` and passed in as an inherited fd
  (``--native-fd``): ~30% more trivial jobs/s than the same loop in Python, which
  is used where no compiler or ``python3-dev`` is installed (docs/sandbox.md).
- Memory: per-worker cgroup v1 memory + pids groups when the host is root and
  the hierarchy is writable (the OOM-kill counter gives ``status=memory``);
  otherwise ``RLIMIT_AS`` on the job (which the JavaScript runner cannot use:
  V8 reserves more address space than it uses).

>>> from rewardstack.verifiers.code.sandbox import BwrapConfig, Job, make_backend
>>> with make_backend(BwrapConfig(workers=1)) as box:  # doctest: +SKIP
...     box.run(Job(runner="python", argv=("m.py",), files={"m.py": b"print(6*7)"})).stdout
b'42\\n'
"""

from __future__ import annotations

import functools
import os
import queue
import select
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rewardstack.core.errors import SandboxUnavailable
from rewardstack.verifiers.code.sandbox.backends.bwrap import BwrapConfig
from rewardstack.verifiers.code.sandbox.base import IsolationReport, Job, JobResult, JobStatus, SandboxBackend
from rewardstack.verifiers.code.sandbox.base import SandboxError as SandboxError
from rewardstack.verifiers.code.sandbox.cgroups import WorkerCgroup, open_worker_cgroup
from rewardstack.verifiers.code.sandbox.protocol import (
    decode_reply,
    encode_request,
    forkserver_source,
    read_frame,
    write_frame,
)
from rewardstack.verifiers.code.sandbox.zygote_build import NativeZygote, native_zygote

__all__ = ["BwrapBackend", "bwrap_argv"]

_HOST_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
_CGROUP_JOIN = (
    'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1/cgroup.procs" || exit 97; shift; n=$((n-1)); done; exec "$@"'
)
_STARTUP_S = 20.0
# memory the fork server itself and bwrap's init use inside the worker's memory cgroup
_SERVER_OVERHEAD_MB = 48


_USERNS_FLAGS = ("--disable-userns", "--assert-userns-disabled")


@functools.cache
def _supports_disable_userns(bwrap: str) -> bool:
    try:
        out = subprocess.run([bwrap, "--help"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "--disable-userns" in out.stdout + out.stderr


def bwrap_argv(cfg: BwrapConfig, bwrap: str, native_fd: int | None = None) -> list[str]:
    """The sandbox command line (without the uid drop and cgroup join).

    ``native_fd``: an inherited fd of the compiled fork loop, handed to the server as ``--native-fd``.
    """
    tmpfs = str(cfg.tmpfs_mb << 20)
    argv = [
        bwrap,
        "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
        *(_USERNS_FLAGS if _supports_disable_userns(bwrap) else ()),
        "--die-with-parent", "--new-session", "--clearenv",
        "--as-pid-1",  # the fork server's zygote is init: out of reach of kill(-1) and of every job's signals
        "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "LANG", "C.UTF-8", "--setenv", "HOME", "/tmp",
        "--hostname", "sandbox",
        "--cap-drop", "ALL",
        "--ro-bind", "/usr", "/usr",
    ]  # fmt: skip
    for link in ("bin", "lib", "lib64", "sbin"):
        target = f"/{link}"
        if os.path.islink(target):
            argv += ["--symlink", os.readlink(target), target]
        elif os.path.isdir(target):
            argv += ["--ro-bind", target, target]
    for etc in ("/etc/ld.so.cache", "/etc/alternatives", "/etc/localtime", "/etc/nsswitch.conf"):
        if os.path.exists(etc):
            argv += ["--ro-bind", etc, etc]
    for src, dst in cfg.extra_ro_binds.items():
        argv += ["--ro-bind", src, dst]
    argv += [
        "--proc", "/proc", "--dev", "/dev",
        "--size", tmpfs, "--tmpfs", "/tmp",
        "--size", tmpfs, "--tmpfs", "/dev/shm",
        "--remount-ro", "/",
        "--chdir", "/tmp",
        cfg.python, "-I", "-S", "-B", "-c", forkserver_source(),
    ]  # fmt: skip
    if native_fd is not None:
        argv += ["--native-fd", str(native_fd)]
    return argv


@dataclass
class _Pending:
    """A job sent to a worker whose reply has not been read yet."""

    job: Job
    start: float
    deadline: float
    lost: Exception | None = None  # the channel broke while sending


class _Worker:
    """One sandbox with its fork server, used by one job at a time."""

    def __init__(self, cfg: BwrapConfig, bwrap: str, use_cgroups: bool, native: Path | None):
        self.cgroup: WorkerCgroup | None = open_worker_cgroup() if use_cgroups else None
        self._oom_fd = -1  # memory.oom_control, kept open: one pread per job instead of open/read/close
        if self.cgroup is not None:
            try:
                self._oom_fd = os.open(self.cgroup.memory / "memory.oom_control", os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                pass
        native_fd = os.open(native, os.O_RDONLY) if native is not None else None  # inherited by the sandbox
        inner = bwrap_argv(cfg, bwrap, native_fd)
        if os.geteuid() == 0:  # as root, bwrap's --ro-bind would expose /etc/shadow: drop to a plain uid first
            inner = ["setpriv", f"--reuid={cfg.uid}", f"--regid={cfg.gid}", "--clear-groups", *inner]
        if self.cgroup is not None:
            cmd = ["/bin/sh", "-c", _CGROUP_JOIN, "sh", "2", *map(str, self.cgroup.paths), *inner]
        else:
            cmd = inner
        self.jobs = 0
        self.oom_seen = 0
        try:
            self.proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                cwd="/",
                env=_HOST_ENV,
                start_new_session=True,
                close_fds=True,
                pass_fds=() if native_fd is None else (native_fd,),
            )
        finally:
            if native_fd is not None:
                os.close(native_fd)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.wfd, self.rfd = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        try:
            hello = read_frame(self.rfd, time.monotonic() + _STARTUP_S)
        except SandboxError as exc:
            self.kill()
            raise SandboxError(f"bwrap sandbox failed to start: {exc}") from exc
        if not hello.get("ready"):
            self.kill()
            raise SandboxError(f"bwrap sandbox sent an unexpected greeting: {hello!r}")

    def run(self, job: Job, grace_s: float) -> tuple[JobResult, bool]:
        """(result, reusable). Raises SandboxError if the reply is malformed."""
        return self.finish(self.start_job(job, grace_s))

    def start_job(self, job: Job, grace_s: float) -> _Pending:
        """Send the job; ``finish`` collects its reply."""
        self.jobs += 1
        if self.cgroup is not None:
            mem = (job.limits.memory_mb + _SERVER_OVERHEAD_MB) << 20
            self.cgroup.set_limits(mem, job.limits.pids + 4)
        start = time.monotonic()
        pending = _Pending(job, start, start + job.limits.wall_s + grace_s)
        try:
            write_frame(self.wfd, encode_request(job, rlimit_as=self.cgroup is None))
        except OSError as exc:
            pending.lost = exc
        return pending

    def finish(self, pending: _Pending) -> tuple[JobResult, bool]:
        """(result, reusable) of a started job, waiting until its deadline at most."""
        if pending.lost is None:
            try:
                reply = read_frame(self.rfd, pending.deadline)
            except (OSError, SandboxError) as exc:
                pending.lost = exc
        if pending.lost is not None:
            # the job killed, stopped or wedged its server: kill the whole sandbox from outside
            self.kill()
            return self._lost(pending.job, pending.start, pending.lost), False
        result, dirty = decode_reply(reply, pending.job)
        if self.cgroup is not None:
            ooms = self._oom_kills(self.cgroup)
            if ooms > self.oom_seen:
                self.oom_seen = ooms
                result = result.model_copy(update={"status": JobStatus.MEMORY, "note": "oom kill (cgroup)"})
        return result, not dirty

    def _oom_kills(self, cgroup: WorkerCgroup) -> int:
        if self._oom_fd >= 0:
            try:
                for line in os.pread(self._oom_fd, 4096, 0).decode().splitlines():
                    key, _, value = line.partition(" ")
                    if key == "oom_kill":
                        return int(value)
            except (OSError, ValueError):
                pass
        return cgroup.oom_kills()

    def _lost(self, job: Job, start: float, exc: Exception) -> JobResult:
        wall = time.monotonic() - start
        timed_out = wall >= job.limits.wall_s
        status = JobStatus.TIMEOUT if timed_out else JobStatus.KILLED
        note = f"sandbox worker lost ({exc}); sandbox killed from outside"
        return JobResult(status=status, signal=signal.SIGKILL, wall_s=wall, note=note)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        if self._oom_fd >= 0:
            os.close(self._oom_fd)
            self._oom_fd = -1
        if self.cgroup is not None:
            _wait_cgroup_empty(self.cgroup)
            self.cgroup.remove()


def _wait_cgroup_empty(cg: WorkerCgroup, timeout_s: float = 2.0) -> None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        try:
            if not (cg.pids / "cgroup.procs").read_text().strip():
                return
        except OSError:
            return
        time.sleep(0.005)


class BwrapBackend(SandboxBackend):
    """Hardened bubblewrap sandboxes with warm fork servers; see the module docstring."""

    name = "bwrap"

    def __init__(self, config: BwrapConfig | None = None):
        self.config = config or BwrapConfig()
        self._bwrap = _require_tools(self.config)
        self.concurrency = self.config.workers or os.cpu_count() or 1
        self._use_cgroups = self.config.cgroups == "auto" and os.geteuid() == 0
        self.native = NativeZygote(None, "native_zygote: off")
        if self.config.native_zygote == "auto":
            self.native = native_zygote(self.config.python)
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._live: set[_Worker] = set()
        self._closed = False
        first = self._start_worker()
        self.cgroups_active = first.cgroup is not None
        self._idle.put(first)
        for _ in range(self.concurrency - 1):
            self._idle.put(self._start_worker())

    def _start_worker(self) -> _Worker:
        try:
            worker = _Worker(self.config, self._bwrap, self._use_cgroups, self.native.path)
        except (OSError, SandboxError) as exc:
            raise SandboxUnavailable(
                f"bwrap backend cannot start a sandbox: {exc}. Install bubblewrap >= 0.8 "
                "(apt-get install bubblewrap), check that unprivileged user namespaces are enabled "
                "(sysctl user.max_user_namespaces > 0), or use backend: docker."
            ) from exc
        with self._lock:
            self._live.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._live.discard(worker)

    def run(self, job: Job) -> JobResult:
        if self._closed:
            raise SandboxError("backend is closed")
        worker = self._ready_worker(self._idle.get())
        try:
            result, reusable = worker.run(job, self.config.host_grace_s)
        except (OSError, SandboxError):
            self._retire(worker)
            self._idle.put(self._try_start())
            raise
        self._idle.put(self._recycle(worker, reusable))
        return result

    def run_many(self, jobs: list[Job]) -> list[JobResult]:
        """Results in order. One thread drives up to ``concurrency`` workers with select(): a thread per
        worker spent ~40% more host CPU per trivial job on GIL and futex hand-offs."""
        if len(jobs) <= 1 or self.concurrency <= 1:
            return [self.run(j) for j in jobs]
        if self._closed:
            raise SandboxError("backend is closed")
        slots = [self._idle.get()]  # None: an empty slot (its worker died and could not be replaced yet)
        while len(slots) < min(self.concurrency, len(jobs)):
            try:
                slots.append(self._idle.get_nowait())
            except queue.Empty:
                break  # other callers hold the rest; run with what is free
        results: list[JobResult | None] = [None] * len(jobs)
        todo = iter(enumerate(jobs))
        running: dict[int, tuple[_Worker, int, _Pending]] = {}

        def feed(slot: _Worker | None) -> None:  # the slot's next job, or the slot back to the idle queue
            item = next(todo, None)
            if item is None:
                self._idle.put(slot)
                return
            worker = self._ready_worker(slot)
            running[worker.rfd] = (worker, item[0], worker.start_job(item[1], self.config.host_grace_s))

        try:
            while slots:
                feed(slots.pop())
            while running:
                self._collect_due(running, results, feed)
        finally:  # after an error (or an interrupt): every slot still held goes back
            for slot in slots:
                self._idle.put(slot)
            for worker, _, _ in running.values():  # mid-job: their sandboxes go, replacements take the slots
                self._retire(worker)
                self._idle.put(self._try_start())
        done = [r for r in results if r is not None]
        if len(done) != len(jobs):
            raise SandboxError(f"{len(jobs) - len(done)} of {len(jobs)} jobs produced no result")
        return done

    def _collect_due(
        self,
        running: dict[int, tuple[_Worker, int, _Pending]],
        results: list[JobResult | None],
        feed: Callable[[_Worker | None], None],
    ) -> None:
        """Wait for the first reply or deadline; record every finished job and start the next ones."""
        timeout = max(0.0, min(p.deadline for _, _, p in running.values()) - time.monotonic())
        ready, _, _ = select.select(list(running), [], [], timeout)
        now = time.monotonic()
        for fd in [fd for fd, (_, _, p) in running.items() if fd in ready or p.deadline <= now]:
            worker, index, pending = running.pop(fd)
            try:
                results[index], reusable = worker.finish(pending)
            except (OSError, SandboxError):
                self._retire(worker)
                self._idle.put(self._try_start())
                raise
            feed(self._recycle(worker, reusable))

    def _ready_worker(self, slot: _Worker | None) -> _Worker:
        """A live worker for a slot taken from the idle queue; if none can start, the slot goes back empty."""
        if slot is not None and slot.alive():
            return slot
        if slot is not None:
            self._retire(slot)
        try:
            return self._start_worker()
        except SandboxUnavailable as exc:
            self._idle.put(None)
            raise SandboxError(str(exc)) from exc

    def _recycle(self, worker: _Worker, reusable: bool) -> _Worker | None:
        """The worker itself for the next job, or a replacement (None if none can start now). Whether it is
        still alive is checked when it is next used (``_ready_worker``)."""
        if reusable and worker.jobs < self.config.max_jobs_per_worker:
            return worker
        self._retire(worker)
        return self._try_start()

    def _try_start(self) -> _Worker | None:
        """A replacement worker, or None (the slot is retried by the next job) -- never a lost slot."""
        try:
            return self._start_worker()
        except SandboxUnavailable:
            return None

    def probe(self) -> IsolationReport:
        from rewardstack.verifiers.code.sandbox.probe import probe_backend

        notes = [f"memory limit: {'cgroup v1' if self.cgroups_active else 'RLIMIT_AS'}"]
        notes.append("fork loop: C" if self.native.path else f"fork loop: Python ({self.native.reason})")
        return probe_backend(
            self,
            memory_limit="cgroup" if self.cgroups_active else "rlimit",
            pids_limit="cgroup+rlimit" if self.cgroups_active else "rlimit",
            notes=tuple(notes),
        )

    def worker_host_pids(self) -> list[int]:
        with self._lock:
            return [w.proc.pid for w in self._live]

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._lock:
            workers = list(self._live)
            self._live.clear()
        for worker in workers:
            worker.kill()


def _require_tools(cfg: BwrapConfig) -> str:
    bwrap = shutil.which(cfg.bwrap_path)
    missing = [name for name, path in (("bwrap", bwrap), ("setpriv", shutil.which("setpriv"))) if path is None]
    if missing:
        raise SandboxUnavailable(
            f"bwrap backend needs {', '.join(missing)} on PATH: apt-get install bubblewrap util-linux "
            "(or run scripts/setup_system.sh as root)"
        )
    if not os.path.exists(cfg.python):
        raise SandboxUnavailable(f"bwrap backend: interpreter {cfg.python} not found (set sandbox.python)")
    assert bwrap is not None
    return bwrap
