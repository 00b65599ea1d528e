"""C++ runner (g++): compiled inside the sandbox as its own job, then run per ``io`` test."""

from __future__ import annotations

from rewardstack.verifiers.code.runners.base import BuildFailure, LanguageRunner, Program
from rewardstack.verifiers.code.runners.registry import register_runner
from rewardstack.verifiers.code.sandbox.base import Job, JobStatus, Limits, SandboxBackend

__all__ = ["CppRunner"]

COMPILE_LIMITS = Limits(wall_s=60, cpu_s=60, memory_mb=1024, pids=32, nofile=256, fsize_mb=128, output_bytes=32 << 20)


@register_runner
class CppRunner(LanguageRunner):
    name = "cpp"
    aliases = ("c++", "cxx", "cc")
    test_kinds = frozenset({"io"})

    def __init__(self, compiler: str = "/usr/bin/g++", flags: tuple[str, ...] = ("-O2", "-std=c++17", "-pipe")):
        self.compiler = compiler
        self.flags = flags

    def build(self, code: str, backend: SandboxBackend, limits: Limits) -> Program | BuildFailure:
        job = Job(
            runner="exec",
            argv=(self.compiler, *self.flags, "-o", "prog", "main.cpp"),
            files={"main.cpp": code.encode()},
            collect=("prog",),
            limits=COMPILE_LIMITS,
        )
        result = backend.run(job)
        binary = result.files.get("prog")
        if result.status is not JobStatus.OK or not binary:
            tail = result.stderr.decode("utf-8", "replace")[-1500:]
            return BuildFailure(JobStatus.COMPILE_ERROR, f"compile_error ({result.status.value}): {tail}")
        return Program(runner="exec", argv=("./prog",), files={"prog": binary}, executable=("prog",))
