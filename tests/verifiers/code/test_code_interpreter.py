"""Interpreter settings and stack size of jobs, on every backend (C loop, Python loop, docker, local).

A ``Job`` runs plain CPython unless its ``python`` settings say otherwise; the ``code_tests`` source
runs candidates the way judges do: no int <-> str digit cap, CPython's recursion limit, a stack as
large as the memory limit (so a program that raises its own recursion limit can recurse deeply).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from rewardstack.core.sample import Sample
from rewardstack.core.score import Status
from rewardstack.verifiers.code.sandbox import Job, JobStatus, Limits, PythonSettings, SandboxBackend
from rewardstack.verifiers.code.source import CodeTestsConfig, CodeTestsSource
from tests.verifiers.code.conftest import backend_named

BACKENDS = ["bwrap", "bwrap_pyloop", "docker", "local"]
REPORT = "import sys, resource\nprint(sys.getrecursionlimit(), sys.get_int_max_str_digits())\n"
BIG_PRINT = "print(3 ** 10000)\n"  # 4772 digits: over CPython's 4300 (3 ** 9000 has 4295, under it)
BIG_READ = "n = int(input())\nprint(n % 1000003)\n"
BIG_INPUT = "7" * 6000  # over CPython's digit limit for str -> int too


def _mod(digits: str, m: int = 1000003) -> int:
    """``int(digits) % m`` without the host's int-from-str digit limit."""
    r = 0
    for ch in digits:
        r = (r * 10 + int(ch)) % m
    return r


DEEP_LRU = (  # recursion through C (lru_cache): needs far more than Linux's 8 MB default stack
    "import sys\nfrom functools import lru_cache\nsys.setrecursionlimit(10 ** 6)\n"
    "@lru_cache(None)\ndef f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nprint(f(100000))\n"
)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> SandboxBackend:
    return backend_named(request.param)


def _py(code: str, **kw: object) -> Job:
    return Job(runner="python", argv=("m.py",), files={"m.py": code.encode()}, **kw)  # type: ignore[arg-type]


def test_a_job_is_plain_cpython_unless_it_asks(backend: SandboxBackend) -> None:
    plain = backend.run(_py(REPORT + BIG_PRINT))
    assert plain.stdout.startswith(b"1000 4300\n") and plain.status is JobStatus.RUNTIME_ERROR
    assert b"Exceeds the limit (4300 digits)" in plain.stderr
    judge = PythonSettings(int_max_str_digits=0, recursion_limit=20000)
    lifted = backend.run(_py(REPORT + BIG_PRINT, python=judge))
    assert lifted.status is JobStatus.OK, lifted.stderr[-300:]
    assert lifted.stdout.splitlines()[0] == b"20000 0" and len(lifted.stdout.splitlines()[1]) == 4772
    read = backend.run(_py(BIG_READ, python=judge, stdin=BIG_INPUT.encode() + b"\n"))
    assert read.status is JobStatus.OK and read.stdout == f"{_mod(BIG_INPUT)}\n".encode()


def test_the_zygote_keeps_its_own_settings(backend: SandboxBackend) -> None:
    """Settings are per job: a job that asked for them does not change the next job's interpreter."""
    backend.run(_py(REPORT, python=PythonSettings(int_max_str_digits=0, recursion_limit=777)))
    for _ in range(backend.concurrency):
        assert backend.run(_py(REPORT)).stdout == b"1000 4300\n"


def test_stack_is_as_large_as_the_memory_limit(backend: SandboxBackend) -> None:
    deep = backend.run(_py(DEEP_LRU, limits=Limits(memory_mb=512, wall_s=20, cpu_s=20)))
    assert (deep.status, deep.stdout) == (JobStatus.OK, b"100000\n"), (deep.status, deep.stderr[-300:])
    shallow = backend.run(_py(DEEP_LRU, limits=Limits(memory_mb=512, stack_mb=8, wall_s=20, cpu_s=20)))
    assert shallow.status is not JobStatus.OK  # Linux's default stack: the C recursion overflows it
    soft = "import resource\nprint(resource.getrlimit(resource.RLIMIT_STACK)[0] >> 20)\n"
    assert backend.run(_py(soft, limits=Limits(memory_mb=300))).stdout == b"300\n"
    exe = backend.run(Job(runner="exec", argv=("/bin/sh", "-c", "ulimit -Ss"), limits=Limits(stack_mb=100)))
    assert exe.stdout == b"102400\n"


@pytest.mark.parametrize(
    "bad",
    [{"int_max_str_digits": 100}, {"int_max_str_digits": -1}, {"recursion_limit": 10}, {"recursion_limit": "x"}],
)
def test_settings_are_validated(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        PythonSettings.model_validate(bad)


@pytest.fixture(scope="module")
def source() -> Iterator[CodeTestsSource]:
    src = CodeTestsSource(backend="bwrap", timeout_s=10, sandbox={"workers": 2})
    yield src
    src.close()


def _sample(response: str, tests: list[dict[str, object]]) -> Sample:
    return Sample(id="s", prompt="p", response=response, reference={"language": "python", "tests": tests})


def test_code_tests_runs_big_integer_programs_like_a_judge(source: CodeTestsSource) -> None:
    assert CodeTestsConfig().python == PythonSettings(int_max_str_digits=0)
    # the expected text comes from a job: this (host) interpreter keeps CPython's digit limit
    expected = backend_named("bwrap").run(_py(BIG_PRINT, python=PythonSettings(int_max_str_digits=0))).stdout.decode()
    call = {"kind": "call", "fn": "f", "args": [10000], "expected": None}
    io, called, reads, deep = source.score(
        [
            _sample(f"```python\n{BIG_PRINT}```", [{"kind": "io", "stdin": "", "stdout": expected}]),
            _sample("def f(n):\n    return 3 ** n\n", [{**call, "expected": 0}]),
            _sample(BIG_READ, [{"kind": "io", "stdin": BIG_INPUT + "\n", "stdout": f"{_mod(BIG_INPUT)}\n"}]),
            _sample(DEEP_LRU, [{"kind": "io", "stdin": "", "stdout": "100000\n"}]),
        ]
    )
    assert (io.status, io.value) == (Status.OK, 1.0), io.evidence
    assert (reads.status, reads.value) == (Status.OK, 1.0), reads.evidence
    assert (deep.status, deep.value) == (Status.OK, 1.0), deep.evidence
    # a huge returned int crosses the sandbox boundary (as hex) and its evidence is printable on the host
    assert (called.status, called.value) == (Status.OK, 0.0) and "<int of 15850 bits" in called.evidence


def test_code_tests_interpreter_settings_are_configurable() -> None:
    src = CodeTestsSource(
        backend="bwrap", sandbox={"workers": 1}, python={"int_max_str_digits": None, "recursion_limit": 5000}
    )
    try:
        [capped, limit] = src.score(
            [
                _sample(BIG_PRINT, [{"kind": "io", "stdin": "", "stdout": "x\n"}]),
                _sample("import sys\nprint(sys.getrecursionlimit())\n", [{"kind": "io", "stdout": "5000\n"}]),
            ]
        )
    finally:
        src.close()
    assert capped.value == 0.0 and capped.details["statuses"]["test_0"] == "runtime_error"
    assert limit.value == 1.0, limit.evidence
