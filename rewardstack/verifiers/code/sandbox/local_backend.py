"""The ``local`` backend: NO isolation. Development only.

Runs each job as a plain subprocess of the host, as the host's user, with the
host's environment, network and filesystem. It keeps only the mechanical limits
(wall time by killing the process group, CPU/file/fd rlimits via ``prlimit``,
output caps) so that a buggy program does not hang development. A ``setsid``
orphan escapes the process-group kill; programs can read your secrets and
your network. It refuses to start unless ``allow_unsafe: true``, and the
``code_tests`` source writes ``UNSAFE: local backend, no isolation`` into the
evidence of every Score it produces with it.
"""

from __future__ import annotations

import os
import resource
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from rewardstack.core.errors import SandboxUnavailable
from rewardstack.verifiers.code.sandbox.backends.local import LocalConfig
from rewardstack.verifiers.code.sandbox.base import IsolationReport, Job, JobResult, JobStatus, SandboxBackend

__all__ = ["UNSAFE_NOTE", "LocalBackend"]

UNSAFE_NOTE = "UNSAFE: local backend, no isolation"

# ``python -c BOOT SETTINGS script args...``: what the fork server's job child does (forkserver_zygote._run_python),
# for a fresh interpreter: the job's PythonSettings and stack, then the script as __main__ with the argv, __file__,
# sys.path[0] and traceback (no frame of this bootstrap) that ``python script`` gives. The stack limit is raised
# here rather than by prlimit so that thread stacks keep glibc's default, as in a forked job.
_BOOT = """def _rs_boot():
    import os, resource, sys
    digits, recursion, stack = (int(v) for v in sys.argv[1].split(","))
    del sys.argv[:2]
    if stack >= 0:
        hard = resource.getrlimit(resource.RLIMIT_STACK)[1]
        resource.setrlimit(resource.RLIMIT_STACK, (stack if hard < 0 else min(stack, hard), hard))
    if recursion >= 0:
        sys.setrecursionlimit(recursion)
    if digits >= 0 and hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(digits)
    main = sys.modules["__main__"]
    main.__file__ = os.path.abspath(sys.argv[0])
    sys.path[0] = os.path.dirname(main.__file__)
    del main._rs_boot
    try:
        with open(sys.argv[0], "rb") as fh:
            code = compile(fh.read(), sys.argv[0], "exec", dont_inherit=True)
        exec(code, main.__dict__)
    except Exception as exc:
        exc.with_traceback(exc.__traceback__.tb_next)
        sys.excepthook(type(exc), exc, exc.__traceback__)
        raise SystemExit(1) from None
_rs_boot()
"""


def _stack_bytes(job: Job) -> int:
    """The job's stack limit (Limits.stack_mb, else memory_mb), never above the host's hard limit."""
    want = (job.limits.stack_mb or job.limits.memory_mb) << 20
    hard = resource.getrlimit(resource.RLIMIT_STACK)[1]
    return want if hard == resource.RLIM_INFINITY else min(want, hard)


class LocalBackend(SandboxBackend):
    """Runs jobs directly on the host; see the module docstring before using it."""

    name = "local"
    unsafe = True

    def __init__(self, config: LocalConfig | None = None):
        self.config = config or LocalConfig()
        if not self.config.allow_unsafe:
            raise SandboxUnavailable(
                "the local backend runs untrusted code with no isolation; set allow_unsafe: true "
                "to use it for development, or use backend: bwrap / docker"
            )
        self.concurrency = self.config.workers or os.cpu_count() or 1
        self._prlimit = shutil.which("prlimit")

    def run(self, job: Job) -> JobResult:
        with tempfile.TemporaryDirectory(prefix="rs-local-") as work:
            for name, data in job.files.items():
                path = Path(work, name)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            for name in job.executable:
                Path(work, name).chmod(0o755)
            result = self._execute(job, work)
            files = {}
            for name in job.collect:
                path = Path(work, name)
                if path.is_file() and not path.is_symlink():
                    files[name] = path.read_bytes()[: job.limits.output_bytes]
            return result.model_copy(update={"files": files})

    def _command(self, job: Job) -> list[str]:
        argv = list(job.argv)
        stack = _stack_bytes(job)
        limits = []
        if job.runner == "python":
            py = job.python
            settings = [-1 if v is None else v for v in (py.int_max_str_digits, py.recursion_limit)] + [stack]
            # not -I: the script dir must be importable
            argv = [self.config.python, "-E", "-s", "-c", _BOOT, ",".join(map(str, settings)), *argv]
        else:
            limits.append(f"--stack={stack}:")
        lim = job.limits
        if self._prlimit is None:
            return argv
        cpu = max(1, int(lim.cpu_s + 0.999))
        fsize = lim.fsize_mb << 20
        return [
            self._prlimit, f"--cpu={cpu}:{cpu + 1}", f"--nofile={lim.nofile}", f"--fsize={fsize}",
            f"--as={(lim.rlimit_as_mb or lim.memory_mb) << 20}", *limits, "--", *argv,
        ]  # fmt: skip

    def _execute(self, job: Job, work: str) -> JobResult:
        env = dict(os.environ)
        env.update(job.env)
        start = time.monotonic()
        proc = subprocess.Popen(
            self._command(job),
            cwd=work,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        try:
            proc.stdin.write(job.stdin)
        except OSError:
            pass
        try:
            proc.stdin.close()
        except OSError:
            pass
        cap = job.limits.output_bytes
        out_fd, err_fd = proc.stdout.fileno(), proc.stderr.fileno()
        bufs = {out_fd: bytearray(), err_fd: bytearray()}
        open_fds = set(bufs)
        status: JobStatus | None = None
        note = ""
        deadline = start + job.limits.wall_s
        while open_fds:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                status, note = JobStatus.TIMEOUT, f"wall limit {job.limits.wall_s:.3g}s"
                break
            ready, _, _ = select.select(list(open_fds), [], [], remaining)
            for fd in ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    open_fds.discard(fd)
                bufs[fd] += chunk
            if any(len(b) > cap for b in bufs.values()):
                status, note = JobStatus.OUTPUT_LIMIT, f"output over {cap} bytes"
                break
        if status is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            code = proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            code = proc.wait()
            status, note = JobStatus.TIMEOUT, f"wall limit {job.limits.wall_s:.3g}s"
        for stream in (proc.stdout, proc.stderr):
            stream.close()
        out, err = bytes(bufs[out_fd]), bytes(bufs[err_fd])
        if status is None:
            if code == 0:
                status = JobStatus.OK
            elif code < 0:
                status, note = JobStatus.KILLED, f"signal {-code}"
                if -code in (signal.SIGXCPU, signal.SIGKILL):
                    status = JobStatus.TIMEOUT
            else:
                status = JobStatus.RUNTIME_ERROR
        return JobResult(
            status=status,
            exit_code=code if code >= 0 else None,
            signal=-code if code < 0 else None,
            stdout=out[:cap],
            stderr=err[:cap],
            output_truncated=len(out) > cap or len(err) > cap,
            wall_s=time.monotonic() - start,
            note=f"{UNSAFE_NOTE}; {note}" if note else UNSAFE_NOTE,
        )

    def probe(self) -> IsolationReport:
        from rewardstack.verifiers.code.sandbox.probe import probe_backend

        return probe_backend(self, memory_limit="rlimit", pids_limit="", notes=(UNSAFE_NOTE,))

    def close(self) -> None:
        pass
