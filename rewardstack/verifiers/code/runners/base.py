"""Language runner plugins: turn source code into sandbox jobs.

A runner builds a program once per sample (``build``: write files, compile in the
sandbox if the language needs it) and then makes one job per stdin (``io_job``).
Compilation happens inside the sandbox too, as its own job; a failed compile is a
:class:`BuildFailure` whose status is ``compile_error``, distinct from a program
that builds and then crashes (``runtime_error``).
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field

from rewardstack.verifiers.code.sandbox.base import Job, JobStatus, Limits, SandboxBackend

__all__ = ["BuildFailure", "LanguageRunner", "Program"]


@dataclass(frozen=True)
class Program:
    """A built program: what every run job of this sample starts from."""

    runner: str
    argv: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)
    executable: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildFailure:
    status: JobStatus
    evidence: str


class LanguageRunner(abc.ABC):
    """One language: how to build and run it. ``test_kinds`` says which test kinds it supports."""

    name: str = ""
    aliases: tuple[str, ...] = ()
    test_kinds: frozenset[str] = frozenset({"io"})

    @abc.abstractmethod
    def build(self, code: str, backend: SandboxBackend, limits: Limits) -> Program | BuildFailure:
        """Prepare (and compile, inside the sandbox) ``code``."""

    def io_job(self, program: Program, stdin: bytes, limits: Limits) -> Job:
        return Job(
            runner=program.runner,
            argv=program.argv,
            files=program.files,
            executable=program.executable,
            stdin=stdin,
            limits=limits,
        )
