"""The trusted grader: build, run every test in the sandbox, compare outside it.

>>> from rewardstack.verifiers.code.grader.grade import Grader
>>> from rewardstack.verifiers.code.sandbox import LocalConfig, make_backend
>>> box = make_backend(LocalConfig(allow_unsafe=True))
>>> ref = {"language": "python", "tests": [{"kind": "call", "fn": "add", "args": [1, 2], "expected": 3}]}
>>> Grader(box).grade("def add(a, b):\\n    return a + b\\n", ref).pass_rate
1.0
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from rewardstack.core.errors import RegistryError
from rewardstack.verifiers.code.grader import tagged
from rewardstack.verifiers.code.grader.asserts import run_assert_test
from rewardstack.verifiers.code.grader.calls import describe_failure, run_calls
from rewardstack.verifiers.code.grader.compare import io_equal, values_equal
from rewardstack.verifiers.code.grader.options import CompareOptions
from rewardstack.verifiers.code.grader.reference import (
    AssertTest,
    CallTest,
    CodeReference,
    IoTest,
    ReferenceError_,
    parse_reference,
)
from rewardstack.verifiers.code.runners import BuildFailure, LanguageRunner, Program, runner_for
from rewardstack.verifiers.code.sandbox.base import JobStatus, Limits, PythonSettings, SandboxBackend

__all__ = ["GradeReport", "Grader", "ReferenceError_", "TestResult"]


@dataclass(frozen=True)
class TestResult:
    name: str
    kind: str
    passed: bool
    status: str  # pass, fail, timeout, memory, output_limit, killed, runtime_error, compile_error
    evidence: str = ""


@dataclass
class GradeReport:
    results: list[TestResult]
    notes: list[str] = field(default_factory=list)

    @property
    def pass_rate(self) -> float:
        return sum(r.passed for r in self.results) / len(self.results) if self.results else 0.0

    @property
    def first_failure(self) -> TestResult | None:
        return next((r for r in self.results if not r.passed), None)


def _top_level_functions(code: str) -> list[str]:
    tree = ast.parse(code)
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _short(value: Any, limit: int = 120) -> str:
    try:
        text = repr(value)
    except ValueError:  # an int past the host's int-to-str digit limit (CPython >= 3.11), maybe nested
        text = f"<{type(value).__name__} too large to print in decimal>"
        if type(value) is int:
            text = f"<int of {value.bit_length()} bits: {hex(value)[:40]}...>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _status_of(status: JobStatus) -> str:
    return "fail" if status is JobStatus.OK else status.value


class Grader:
    """Grades one program against a code reference using a sandbox backend.

    ``python``: the interpreter settings every Python job of a sample runs with (its ``io`` runs,
    its ``call`` tests and both sides of its ``assert`` tests); the default is plain CPython.
    """

    def __init__(
        self,
        backend: SandboxBackend,
        limits: Limits | None = None,
        options: CompareOptions | None = None,
        python: PythonSettings | None = None,
    ):
        self.backend = backend
        self.limits = limits or Limits()
        self.options = options or CompareOptions()
        self.python = python or PythonSettings()

    def grade(self, code: str, reference: dict[str, Any] | CodeReference) -> GradeReport:
        """Raises SandboxError if the backend broke, ReferenceError_ if the reference is malformed.

        A reference with no tests gives an empty report (the source abstains before calling this).
        """
        ref = reference if isinstance(reference, CodeReference) else parse_reference(reference)
        if ref is None:
            return GradeReport([])
        options = ref.options(self.options)
        language = ref.language or "python"
        try:
            runner = runner_for(language)
        except RegistryError as exc:
            raise ReferenceError_(f"language: {exc}") from None
        tests = ref.tests
        for i, test in enumerate(tests):
            if test.kind not in runner.test_kinds:
                raise ReferenceError_(f"tests[{i}]: kind {test.kind!r} is not supported for {runner.name}")
        built = runner.build(code, self.backend, self.limits)
        if isinstance(built, BuildFailure):
            failed = [TestResult(f"test_{i}", t.kind, False, built.status.value, built.evidence)
                      for i, t in enumerate(tests)]  # fmt: skip
            return GradeReport(failed)
        results = self._io(runner, built, {i: t for i, t in enumerate(tests) if isinstance(t, IoTest)}, options)
        calls = {i: t for i, t in enumerate(tests) if isinstance(t, CallTest)}
        if calls:
            results.update(self._calls(code, calls, options))
        notes: list[str] = []
        for i, test in enumerate(tests):
            if isinstance(test, AssertTest):
                results[i] = self._assert(code, test, ref, i, notes)
        return GradeReport([results[i] for i in range(len(tests))], notes)

    def _io(
        self, runner: LanguageRunner, built: Program, tests: dict[int, IoTest], options: CompareOptions
    ) -> dict[int, TestResult]:
        jobs = [runner.io_job(built, (test.stdin or "").encode(), self.limits) for test in tests.values()]
        jobs = [job.model_copy(update={"python": self.python}) if job.runner == "python" else job for job in jobs]
        results: dict[int, TestResult] = {}
        for (i, test), res in zip(tests.items(), self.backend.run_many(jobs), strict=True):
            if res.status is JobStatus.OK and io_equal(res.stdout, test.stdout, options):
                results[i] = TestResult(f"test_{i}", "io", True, "pass")
            elif res.status is JobStatus.OK:
                got = res.stdout[:200].decode("utf-8", "replace")
                evidence = f"wrong output: got {got!r}, expected {test.stdout[:200]!r} (compare: {options.io})"
                results[i] = TestResult(f"test_{i}", "io", False, "fail", evidence)
            else:
                results[i] = TestResult(f"test_{i}", "io", False, res.status.value, describe_failure(res))
        return results

    def _calls(self, code: str, tests: dict[int, CallTest], options: CompareOptions) -> dict[int, TestResult]:
        calls = [
            {"fn": t.fn, "args": [tagged.encode(a) for a in t.args],
             "kwargs": {k: tagged.encode(v) for k, v in t.kwargs.items()}}
            for t in tests.values()
        ]  # fmt: skip
        out: dict[int, TestResult] = {}
        records = run_calls(self.backend, code, calls, self.limits, python=self.python)
        for (i, test), record in zip(tests.items(), records, strict=True):
            name, call = f"test_{i}", f"{test.fn}(*{_short(test.args)})"
            if "died" in record:
                status = "timeout" if str(record["died"]).startswith("timeout") else "runtime_error"
                out[i] = TestResult(name, "call", False, status, f"{call}: {record['died']}")
                continue
            if "exc" in record:
                evidence = f"{call} raised {record['exc']}: {str(record.get('msg', ''))[:200]}"
                out[i] = TestResult(name, "call", False, "runtime_error", evidence)
                continue
            try:
                value = tagged.decode(record["r"])
            except (ValueError, TypeError, KeyError) as exc:
                out[i] = TestResult(name, "call", False, "fail", f"{call}: malformed result ({exc})")
                continue
            if values_equal(test.expected, value, options):
                out[i] = TestResult(name, "call", True, "pass")
            else:
                evidence = f"{call} returned {_short(value)}, expected {_short(test.expected)}"
                out[i] = TestResult(name, "call", False, "fail", evidence)
        return out

    def _assert(self, code: str, test: AssertTest, ref: CodeReference, i: int, notes: list[str]) -> TestResult:
        functions = _top_level_functions(code)
        entry = ref.entry_point or (functions[-1] if functions else "solution")
        outcome = run_assert_test(
            self.backend, code, test.code, entry_point=entry, functions=functions, per_call=self.limits,
            python=self.python,
        )  # fmt: skip
        if not outcome.isolated:
            notes.append(f"test_{i}: {outcome.evidence}")
        status = "pass" if outcome.passed else "timeout" if ": timeout" in outcome.evidence else "fail"
        return TestResult(f"test_{i}", "assert", outcome.passed, status, outcome.evidence)
