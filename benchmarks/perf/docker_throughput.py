"""Docker backend throughput: warm pool jobs/s vs one ``docker run`` per job, side by side.

Every job is the trivial Python program ``pass``:

* ``warm_pool``: ``DockerBackend.run_many`` over a pool of ``--workers`` containers
  (the job is a fork of the pre-imported fork server inside a running container);
* ``docker_run``: ``docker run --rm --network none IMAGE python3 -c pass`` per job,
  ``--workers`` of them at a time (the same concurrency).

Target: warm pool >= 20x docker run. The ``docker_run`` rate is also the baseline of
the bwrap target (bwrap warm >= 50x docker run): see ``bwrap_ratio_baseline``.

Run:  .venv/bin/python benchmarks/perf/docker_throughput.py [--jobs 400] [--docker-runs 16] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack.verifiers.code.sandbox import DockerConfig, Job, JobStatus  # noqa: E402
from rewardstack.verifiers.code.sandbox.docker_backend import DockerBackend  # noqa: E402

TARGET = 20.0


def warm_pool_rate(backend: DockerBackend, jobs: int) -> dict[str, Any]:
    job = Job(runner="python", argv=("main.py",), files={"main.py": b"pass\n"})
    backend.run_many([job] * (2 * backend.concurrency))  # warm-up
    start = time.perf_counter()
    results = backend.run_many([job] * jobs)
    elapsed = time.perf_counter() - start
    bad = [r for r in results if r.status is not JobStatus.OK]
    if bad:
        raise SystemExit(f"warm pool: {len(bad)} jobs failed, first: {bad[0]}")
    return {"jobs": jobs, "seconds": round(elapsed, 3), "jobs_per_s": round(jobs / elapsed, 2)}


def docker_run_rate(image: str, runs: int, workers: int) -> dict[str, Any]:
    cmd = ["docker", "run", "--rm", "--network", "none", image, "python3", "-c", "pass"]

    def one(_i: int) -> None:
        subprocess.run(cmd, check=True, capture_output=True)

    one(0)  # warm-up (page cache, image layers)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, range(runs)))
    elapsed = time.perf_counter() - start
    return {"jobs": runs, "seconds": round(elapsed, 3), "jobs_per_s": round(runs / elapsed, 3), "command": cmd}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=400, help="warm-pool jobs")
    parser.add_argument("--docker-runs", type=int, default=16, help="docker run invocations")
    parser.add_argument("--workers", type=int, default=2, help="pool size = docker run concurrency")
    parser.add_argument("--image", default="rewardstack-sandbox:latest")
    parser.add_argument("--repeats", type=int, default=3, help="alternating measurement rounds (medians reported)")
    args = parser.parse_args()

    # Alternate the two measurements, so both see the same (noisy, shared) machine; report medians.
    warm_runs, cold_runs = [], []
    backend = DockerBackend(DockerConfig(workers=args.workers, image=args.image))
    try:
        for _ in range(args.repeats):
            warm_runs.append(warm_pool_rate(backend, args.jobs))
            cold_runs.append(docker_run_rate(args.image, args.docker_runs, args.workers))
    finally:
        backend.close()
    warm = sorted(warm_runs, key=lambda r: r["jobs_per_s"])[len(warm_runs) // 2]
    cold = sorted(cold_runs, key=lambda r: r["jobs_per_s"])[len(cold_runs) // 2]
    ratio = warm["jobs_per_s"] / cold["jobs_per_s"]
    load = os.getloadavg()
    payload = {
        "workers": args.workers,
        "job": "python: pass",
        "repeats": args.repeats,
        "warm_pool": warm,
        "docker_run": cold,
        "all_runs_jobs_per_s": {
            "warm_pool": [r["jobs_per_s"] for r in warm_runs],
            "docker_run": [r["jobs_per_s"] for r in cold_runs],
        },
        "load_average_1_5_15": [round(x, 2) for x in load],
        "ratio_warm_over_docker_run": round(ratio, 1),
        "target_ratio_min": TARGET,
        "met": ratio >= TARGET,
        "bwrap_ratio_baseline": {
            "docker_run_jobs_per_s": cold["jobs_per_s"],
            "note": "bwrap target: bwrap warm jobs/s >= 50x this docker run rate (same concurrency, same machine)",
        },
        "engine": subprocess.run(
            ["docker", "version", "--format", "{{.Server.Version}}"], capture_output=True, text=True
        ).stdout.strip(),
    }
    path = write_result("docker_throughput", payload)
    print(
        f"warm pool {warm['jobs_per_s']:.1f} jobs/s, docker run {cold['jobs_per_s']:.2f} jobs/s, "
        f"ratio {ratio:.1f}x (target >= {TARGET:.0f}x) -> {path}"
    )
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
