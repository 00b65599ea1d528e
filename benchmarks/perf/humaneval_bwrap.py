"""HumanEval through the bwrap grader: pass counts (canonical and broken variants) and wall time.

Run:  .venv/bin/python benchmarks/perf/humaneval_bwrap.py [--workers 2]
Writes benchmarks/results/humaneval_bwrap.json (with the command and the machine).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack.verifiers.code.humaneval_suite import run_suite  # noqa: E402
from rewardstack.verifiers.code.sandbox import BwrapConfig, make_backend  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with make_backend(BwrapConfig(workers=args.workers)) as backend:
        result = run_suite(backend, workers=args.workers)
    bwrap = subprocess.run(["bwrap", "--version"], capture_output=True, text=True).stdout.strip()
    path = write_result("humaneval_bwrap", {"backend": "bwrap", "bwrap": bwrap, "workers": args.workers, **result})
    print(path.read_text())


if __name__ == "__main__":
    main()
