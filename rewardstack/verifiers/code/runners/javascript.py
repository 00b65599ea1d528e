"""JavaScript runner (node): ``io`` tests. A syntax error is reported as compile_error."""

from __future__ import annotations

from rewardstack.verifiers.code.runners.base import BuildFailure, LanguageRunner, Program
from rewardstack.verifiers.code.runners.registry import register_runner
from rewardstack.verifiers.code.sandbox.base import Job, JobStatus, Limits, SandboxBackend

__all__ = ["NodeRunner"]

# V8 reserves far more address space than it uses: node needs cgroup memory limits, not RLIMIT_AS
_NODE_AS_MB = 16384  # V8 reserves code range and heap cages up front; its heap is capped by a flag instead
_CHECK_LIMITS = Limits(
    wall_s=20, cpu_s=20, memory_mb=512, pids=16, nofile=64, output_bytes=64 << 10, rlimit_as_mb=_NODE_AS_MB
)


@register_runner
class NodeRunner(LanguageRunner):
    name = "javascript"
    aliases = ("js", "node", "nodejs")
    test_kinds = frozenset({"io"})

    def __init__(self, node: str = "/usr/bin/node"):
        self.node = node

    def build(self, code: str, backend: SandboxBackend, limits: Limits) -> Program | BuildFailure:
        check = backend.run(
            Job(runner="exec", argv=(self.node, "--check", "main.js"), files={"main.js": code.encode()},
                limits=_CHECK_LIMITS)
        )
        if check.status is not JobStatus.OK:
            tail = check.stderr.decode("utf-8", "replace")[-1500:]
            return BuildFailure(JobStatus.COMPILE_ERROR, f"compile_error ({check.status.value}): {tail}")
        return Program(
            runner="exec",
            argv=(self.node, f"--max-old-space-size={max(16, limits.memory_mb - 64)}", "main.js"),
            files={"main.js": code.encode()},
        )

    def io_job(self, program: Program, stdin: bytes, limits: Limits) -> Job:
        return super().io_job(program, stdin, limits.model_copy(update={"rlimit_as_mb": _NODE_AS_MB}))
