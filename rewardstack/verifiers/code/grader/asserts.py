"""``assert`` tests (HumanEval ``check(candidate)`` style) without sharing a process.

The dataset's test code runs in its own sandbox job (``sandbox_assert.py``) where
every candidate function is a proxy. Round 1 records the calls the test wants;
those run in the candidate's sandbox (``calls.run_calls``) and come back as plain
values; the next round replays the test with the answers table, until the test
asks for nothing new and reports pass or fail. Candidate code and test code never
meet: an ``__eq__`` that always says True cannot exist on the test side (values are
rebuilt from tagged JSON), frames of the test process cannot be walked, and the
candidate's exit codes and prints are not read at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from rewardstack.verifiers.code.grader.calls import describe_failure, run_calls
from rewardstack.verifiers.code.grader.harness_files import harness_file
from rewardstack.verifiers.code.sandbox.base import Job, Limits, PythonSettings, SandboxBackend

__all__ = ["AssertOutcome", "run_assert_test"]

_HARNESS_LIMITS = Limits(wall_s=30, cpu_s=30, memory_mb=512, pids=8, nofile=64, output_bytes=8 << 20)


@dataclass(frozen=True)
class AssertOutcome:
    passed: bool
    evidence: str
    rounds: int
    isolated: bool = True  # False: the test could not run apart from the candidate (so it was not run)


def _last_json(stdout: bytes) -> dict[str, object] | None:
    for line in reversed(stdout.decode("utf-8", "replace").splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict) and "status" in value:
            return value
    return None


def run_assert_test(
    backend: SandboxBackend,
    solution: str,
    test_code: str,
    *,
    entry_point: str,
    functions: list[str],
    per_call: Limits,
    max_rounds: int = 8,
    python: PythonSettings | None = None,
) -> AssertOutcome:
    """Run one assert test against ``solution``; ``python``: interpreter settings of both sides' jobs."""
    table: dict[str, dict[str, object]] = {}
    for round_no in range(1, max_rounds + 1):
        spec = {"code": test_code, "table": table, "functions": functions, "entry_point": entry_point}
        job = Job(
            runner="python",
            argv=("_rs_assert.py",),
            files={
                "_rs_assert.py": harness_file("_rs_assert.py"),
                "_rs_tagged.py": harness_file("_rs_tagged.py"),
                "_rs_spec.json": json.dumps(spec).encode(),
            },
            limits=_HARNESS_LIMITS,
            python=python or PythonSettings(),
        )
        result = backend.run(job)
        verdict = _last_json(result.stdout)
        if verdict is None:
            return AssertOutcome(False, f"test harness failed: {describe_failure(result)}", round_no)
        status = verdict["status"]
        if status == "pass":
            return AssertOutcome(True, "", round_no)
        if status == "fail":
            return AssertOutcome(False, str(verdict.get("error", "assertion failed")), round_no)
        if status == "unsupported":
            why = f"test could only be run in-process (not run, counted as failed): {verdict.get('error')}"
            return AssertOutcome(False, why, round_no, isolated=False)
        keys = [k for k in verdict.get("calls", []) if isinstance(k, str)]  # type: ignore[attr-defined]
        if not keys:
            return AssertOutcome(False, "test harness asked for nothing and decided nothing", round_no)
        calls = []
        for key in keys:
            name, args, kwargs = json.loads(key)
            calls.append({"fn": name, "args": args, "kwargs": kwargs})
        records = run_calls(backend, solution, calls, per_call, stop_after_death=True, python=python)
        for key, record in zip(keys, records, strict=True):
            table[key] = record
    return AssertOutcome(False, f"test still asked for new candidate calls after {max_rounds} rounds", max_rounds)
