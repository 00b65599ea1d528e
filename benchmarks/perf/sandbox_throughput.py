"""Sandbox throughput: trivial Python jobs/s through bwrap, warm vs a fresh sandbox per job.

Measured side by side in one run (this machine is shared and noisy):

* ``bwrap_warm``: ``BwrapBackend.run_many`` with ``--workers`` warm fork servers; each job
  gets full per-job isolation (fresh work dir, own session, everything it started killed,
  /tmp, /dev/shm and SysV IPC wiped, rlimits, cgroup limits).
* ``bwrap_fresh``: one new hardened bwrap sandbox per job (same namespaces, uid drop and
  binds) running ``python3 -I -S -c pass``, ``--workers`` at a time.

* ``bwrap_warm_python_loop`` (with ``--python-loop``): as ``bwrap_warm``, with the zygote's fork
  loop in Python (``native_zygote: off``, what hosts without a C compiler get).
* ``docker_run`` (with ``--docker-runs N``, default 16; 0 skips it): ``docker run --rm
  --network none IMAGE python3 -c pass`` per job, ``--workers`` at a time.

Targets: bwrap_warm >= 150 jobs/s on 2 cores, >= 10x bwrap_fresh, >= 50x docker_run. The
ratio reported is best over best; ``ratio_warm_over_fresh_per_round`` has each interleaved round's.
Other backends add a measurement to ``EXTRA_MEASURES`` (name -> fn(jobs, workers) -> jobs/s),
e.g. the docker backend's warm pool and ``docker run`` (see benchmarks/perf/docker_throughput.py).

Run:  .venv/bin/python benchmarks/perf/sandbox_throughput.py [--jobs 2000] [--fresh-jobs 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack.verifiers.code.sandbox import BwrapConfig, Job, JobStatus, make_backend  # noqa: E402
from rewardstack.verifiers.code.sandbox.bwrap_backend import bwrap_argv  # noqa: E402
from rewardstack.verifiers.code.sandbox.zygote_build import native_zygote  # noqa: E402

TRIVIAL = Job(runner="python", argv=("main.py",), files={"main.py": b"pass\n"})
EXTRA_MEASURES: dict[str, Callable[[int, int], float]] = {}


def bwrap_warm(jobs: int, workers: int, native_zygote: Literal["auto", "off"] = "auto") -> float:
    with make_backend(BwrapConfig(workers=workers, native_zygote=native_zygote)) as backend:
        backend.run_many([TRIVIAL] * (workers * 4))  # warm-up
        start = time.perf_counter()
        results = backend.run_many([TRIVIAL] * jobs)
        elapsed = time.perf_counter() - start
    assert all(r.status is JobStatus.OK for r in results), {r.status for r in results}
    return jobs / elapsed


def _fresh_cmd(cfg: BwrapConfig) -> list[str]:
    argv = bwrap_argv(cfg, "bwrap")
    argv = argv[: argv.index(cfg.python)] + [cfg.python, "-I", "-S", "-c", "pass"]
    if os.geteuid() == 0:
        argv = ["setpriv", f"--reuid={cfg.uid}", f"--regid={cfg.gid}", "--clear-groups", *argv]
    return argv


def bwrap_fresh(jobs: int, workers: int) -> float:
    cmd = _fresh_cmd(BwrapConfig())

    def one(_: int) -> int:
        return subprocess.run(cmd, cwd="/", env={"PATH": "/usr/bin:/bin"}, capture_output=True).returncode

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(workers * 2)))
        start = time.perf_counter()
        codes = list(pool.map(one, range(jobs)))
        elapsed = time.perf_counter() - start
    assert all(c == 0 for c in codes), set(codes)
    return jobs / elapsed


def add_docker_run(runs: int) -> None:
    """Measure ``docker run`` per job side by side (needs the engine and the sandbox image)."""
    from docker_throughput import docker_run_rate

    from rewardstack.verifiers.code.sandbox.config import DockerConfig

    image = DockerConfig().image
    EXTRA_MEASURES["docker_run"] = lambda _jobs, workers: docker_run_rate(image, runs, workers)["jobs_per_s"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--fresh-jobs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--docker-runs", type=int, default=16, help="docker run jobs per repeat (0: skip)")
    parser.add_argument(
        "--python-loop", action="store_true", help="also measure warm sandboxes whose fork loop is the Python one"
    )
    args = parser.parse_args()
    if args.python_loop:
        EXTRA_MEASURES["bwrap_warm_python_loop"] = lambda _jobs, workers: bwrap_warm(args.jobs, workers, "off")
    if args.docker_runs > 0:
        add_docker_run(args.docker_runs)
    rates: dict[str, list[float]] = {"bwrap_warm": [], "bwrap_fresh": []}
    for _ in range(args.repeats):  # interleaved, so noise hits both alike
        rates["bwrap_warm"].append(bwrap_warm(args.jobs, args.workers))
        rates["bwrap_fresh"].append(bwrap_fresh(args.fresh_jobs, args.workers))
        for name, fn in EXTRA_MEASURES.items():
            rates.setdefault(name, []).append(fn(args.fresh_jobs, args.workers))
    best = {k: round(max(v), 1) for k, v in rates.items()}
    ratio = best["bwrap_warm"] / best["bwrap_fresh"]
    docker_ratio = best["bwrap_warm"] / best["docker_run"] if "docker_run" in best else None
    per_round = [round(w / f, 1) for w, f in zip(rates["bwrap_warm"], rates["bwrap_fresh"], strict=True)]
    payload = {
        "job": "python 'pass' (trivial)",
        "workers": args.workers,
        "fork_loop": "C" if native_zygote(BwrapConfig().python).path is not None else "Python",
        "jobs_per_s_best": best,
        "jobs_per_s_all": {k: [round(x, 1) for x in v] for k, v in rates.items()},
        "ratio_warm_over_fresh": round(ratio, 1),
        "ratio_warm_over_fresh_per_round": per_round,
        "ratio_warm_over_docker_run": None if docker_ratio is None else round(docker_ratio, 1),
        "targets": {"bwrap_warm_jobs_per_s": 150, "ratio_warm_over_fresh": 10, "ratio_warm_over_docker_run": 50},
        "targets_met": {
            "jobs_per_s": best["bwrap_warm"] >= 150,
            "ratio": ratio >= 10,
            "ratio_docker_run": None if docker_ratio is None else docker_ratio >= 50,
        },
    }
    path = write_result("sandbox_throughput", payload)
    print(path.read_text())


if __name__ == "__main__":
    main()
