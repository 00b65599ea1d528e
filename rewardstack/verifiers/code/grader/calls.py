"""Run candidate function calls in the candidate's sandbox; values come back tagged.

All calls of a sample run in one job (one process, like a test module would).
If the job dies before answering every call, the first unanswered call is
blamed (timeout, memory, crash) and the rest run again in a fresh job, so one
hanging call costs that call alone.
"""

from __future__ import annotations

import json
from typing import Any

from rewardstack.verifiers.code.grader.harness_files import harness_file
from rewardstack.verifiers.code.sandbox.base import Job, JobResult, Limits, PythonSettings, SandboxBackend

__all__ = ["describe_failure", "run_calls"]

Call = dict[str, Any]  # {"fn": name, "args": [tagged...], "kwargs": {name: tagged}}
Record = dict[str, Any]  # {"r": tagged} | {"exc": name, "msg": text} | {"died": why}


def describe_failure(result: JobResult) -> str:
    tail = result.stderr.decode("utf-8", "replace").strip()[-600:]
    what = result.status.value
    if result.status.value == "ok":
        what = "process ended before answering (exit 0)"
    if result.exit_code is not None and result.status.value == "runtime_error":
        what += f" (exit {result.exit_code})"
    if result.note:
        what += f" [{result.note}]"
    return f"{what}: {tail}" if tail else what


def _parse(stdout: bytes, count: int) -> tuple[dict[int, Record], str | None]:
    records: dict[int, Record] = {}
    load_error = None
    for line in stdout.decode("utf-8", "replace").splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if not isinstance(rec, dict):
            continue
        if "load_error" in rec:
            load_error = str(rec["load_error"])[-1500:]
            continue
        index = rec.get("i")
        answered = "r" in rec or "exc" in rec or "died" in rec
        if type(index) is int and 0 <= index < count and index not in records and answered:
            records[index] = {k: rec[k] for k in ("r", "exc", "msg", "died") if k in rec}
    return records, load_error


def run_calls(
    backend: SandboxBackend,
    solution: str,
    calls: list[Call],
    per_call: Limits,
    *,
    stop_after_death: bool = False,
    python: PythonSettings | None = None,
) -> list[Record]:
    """One record per call, in order. ``stop_after_death``: after a call dies, do not run the rest
    (for one assert test, the first dead call already decides it). ``python``: the interpreter settings
    the candidate runs with (as for its ``io`` tests)."""
    out: list[Record | None] = [None] * len(calls)
    pending = list(range(len(calls)))
    while pending:
        budget = min(per_call.wall_s * len(pending), max(per_call.wall_s, 30.0))
        limits = per_call.model_copy(update={"wall_s": budget, "cpu_s": min(3600.0, max(per_call.cpu_s, budget))})
        job = Job(
            runner="python",
            argv=("_rs_call.py",),
            files={
                "solution.py": solution.encode(),
                "_rs_call.py": harness_file("_rs_call.py"),
                "_rs_tagged.py": harness_file("_rs_tagged.py"),
                "_rs_calls.json": json.dumps({"calls": [calls[i] for i in pending], "per_call_s": per_call.wall_s})
                .encode(),
            },
            limits=limits,
            python=python or PythonSettings(),
        )
        result = backend.run(job)
        records, load_error = _parse(result.stdout, len(pending))
        if load_error is not None:
            for i in pending:
                out[i] = {"died": f"solution failed to load: {load_error}"}
            break
        for local, rec in records.items():
            out[pending[local]] = rec
        remaining = [i for i in pending if out[i] is None]
        if not remaining:
            break
        out[remaining[0]] = {"died": describe_failure(result)}
        pending = remaining[1:]
        if stop_after_death:
            for i in pending:
                out[i] = {"died": "not run: an earlier call of this test died"}
            break
    return [r if r is not None else {"died": "no result"} for r in out]
