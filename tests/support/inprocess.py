"""Running the ``rewardstack`` command inside the test process: same arguments, same result shape.

A ``python -m rewardstack.cli`` subprocess pays the import of torch and transformers again
(3-6 s of CPU on a loaded 2-core machine) for every call. Where the process boundary is not
what a test is about (exit codes, messages, files written for bad or good input), this runs the
same typer app in-process and returns what :func:`tests.support.cli.rewardstack` returns. An
exception that escapes the app is appended to ``stderr`` as the traceback a user would see, with
exit code 1, so ``"Traceback" not in proc.stderr`` keeps its meaning. Signals, terminals, entry
points and ``python -m`` itself stay with the subprocess helper.
"""

from __future__ import annotations

import os
import subprocess
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from typer.testing import CliRunner

from rewardstack.cli import app

__all__ = ["rewardstack"]


@contextmanager
def _kept_process_state(cwd: Path | None) -> Iterator[None]:
    # commands that train set torch's thread count for their run; the test process keeps its own
    import torch

    threads, before = torch.get_num_threads(), Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(before)
        torch.set_num_threads(threads)


def rewardstack(*args: str | Path | int, stdin: bytes | None = None, cwd: Path | None = None,
                env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``rewardstack ARGS`` in-process; COLUMNS keeps rich from wrapping table cells (tests read them)."""
    argv = [str(arg) for arg in args]
    with _kept_process_state(cwd):
        result = CliRunner().invoke(app, argv, input=stdin, env={"COLUMNS": "250", **(env or {})})
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["rewardstack", *argv], result.exit_code, result.stdout, stderr)
