"""Running the ``rewardstack`` command as a user runs it: a subprocess, real files, a wide terminal.

Each call pays the import of torch and transformers (3-6 s of CPU); use it where the process is the point
(signals, terminals, ``python -m``, a closed pipe) and :mod:`tests.support.inprocess` everywhere else.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
BASIC_STACK = EXAMPLES / "stacks/basic.yaml"
BASIC_SAMPLES = EXAMPLES / "data/basic_samples.jsonl"
MATH_STACK = EXAMPLES / "stacks/math.yaml"
MATH_SAMPLES = EXAMPLES / "data/math_samples.jsonl"
CODE_STACK = EXAMPLES / "stacks/coding.yaml"
CODE_SAMPLES = EXAMPLES / "data/code_samples.jsonl"


def rewardstack(*args: str | Path, stdin: bytes | None = None, cwd: Path | None = None,
                timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the CLI; COLUMNS keeps rich from wrapping table cells (tests read them)."""
    proc = subprocess.run(
        [sys.executable, "-m", "rewardstack.cli", *map(str, args)],
        input=stdin, capture_output=True, timeout=timeout, cwd=cwd,
        env={**os.environ, "COLUMNS": "250", "PYTHONPATH": str(REPO)},
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


LOOPS_STACK = "sources:\n  tests: {kind: code_tests, backend: bwrap, timeout_s: 120}\n"


def loop_samples(path: Path, fast: int, loops: int) -> Path:
    """``fast`` samples that pass at once, then ``loops`` whose code never returns."""
    test = {"kind": "assert", "code": "assert f() == 1"}
    rows = [{"id": f"fast-{i}", "prompt": "p", "response": "```python\ndef f():\n    return 1\n```",
             "reference": {"language": "python", "tests": [test]}} for i in range(fast)]
    rows += [{"id": f"loop-{i}", "prompt": "p", "response": "```python\ndef f():\n    while True:\n        pass\n```",
              "reference": {"language": "python", "tests": [test]}} for i in range(loops)]
    return write_jsonl(path, rows)


def start_scoring(tmp_path: Path, out: Path, *extra: str, fast: int = 2, loops: int = 4) -> subprocess.Popen[bytes]:
    """``rewardstack score`` in the background on ``fast`` quick samples, then ``loops`` infinite loops."""
    stack = tmp_path / "loops.yaml"
    stack.write_text(LOOPS_STACK)
    samples = loop_samples(tmp_path / "loops.jsonl", fast=fast, loops=loops)
    return subprocess.Popen(
        [sys.executable, "-m", "rewardstack.cli", "score", "-s", str(stack), "-i", str(samples), "-o", str(out),
         "--no-cache", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def wait_for_lines(path: Path, count: int, proc: subprocess.Popen[bytes], timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if path.exists() and len(path.read_bytes().splitlines()) >= count:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    raise AssertionError(f"{path} never had {count} lines")
