"""The ``code_tests`` reward source: run the response's code against the sample's tests.

The value is the pass rate; ``components`` has one entry per test (``test_0`` ...
1.0/0.0); ``evidence`` names the first failure. Tests run in a sandbox backend
(bwrap by default); the verdict is computed outside it (see ``grader/``). A
test that times out or crashes is a failed test; a sandbox that breaks makes
the Score an ``error``. A sample without tests (no reference, no ``tests``, an empty
list) ``abstain``\\ s; a reference that is there but malformed (``tests`` not a list, a
test of unknown kind, a field of the wrong type) is an ``error`` naming what is wrong
(``grader/reference.py``), so ``on_error`` policies fire.

Reference format (``Sample.reference``)::

    {"language": "python", "entry_point": "add",            # entry_point optional
     "tests": [{"kind": "call", "fn": "add", "args": [1, 2], "expected": 3},
               {"kind": "io", "stdin": "1 2\\n", "stdout": "3\\n"},
               {"kind": "assert", "code": "def check(candidate):\\n    assert candidate(1, 2) == 3\\n"}],
     "compare": {"io": "tokens", "float_tol": 1e-6}}        # optional: this sample's comparison rules

YAML (``backend`` may be given flat, as in DESIGN.md, or as ``sandbox: {backend: ...}``)::

    tests: {kind: code_tests, backend: bwrap, timeout_s: 5}

>>> from rewardstack.core.sample import Sample
>>> from rewardstack.verifiers.code.source import CodeTestsSource
>>> src = CodeTestsSource(backend="local", sandbox={"backend": "local", "allow_unsafe": True})  # doctest: +SKIP
>>> src = CodeTestsSource(backend="bwrap", timeout_s=5)  # doctest: +SKIP
>>> ref = {"language": "python", "tests": [{"kind": "call", "fn": "add", "args": [1, 2], "expected": 3}]}
>>> s = Sample(id="1", prompt="add", response="```python\\ndef add(a, b):\\n    return a + b\\n```", reference=ref)
>>> src.score([s])[0].value  # doctest: +SKIP
1.0
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import BaseSource, SourceConfig
from rewardstack.verifiers.code.extract import extract_code
from rewardstack.verifiers.code.grader.grade import Grader
from rewardstack.verifiers.code.grader.options import CompareOptions
from rewardstack.verifiers.code.grader.reference import ReferenceError_, parse_reference
from rewardstack.verifiers.code.sandbox.base import Limits, PythonSettings, SandboxBackend, SandboxError
from rewardstack.verifiers.code.sandbox.config import BwrapConfig, SandboxConfig, make_backend

__all__ = ["CodeTestsConfig", "CodeTestsSource"]


class CodeTestsConfig(SourceConfig):
    """Config of ``code_tests``: the sandbox, per-test limits, comparison strictness."""

    kind: Literal["code_tests"] = "code_tests"
    sandbox: SandboxConfig = Field(default_factory=BwrapConfig)
    timeout_s: float = Field(default=5.0, gt=0, le=600, description="wall limit per test (per call for call tests)")
    cpu_s: float | None = Field(default=None, gt=0, description="CPU limit per job; default timeout_s")
    memory_mb: int = Field(default=512, ge=16)
    pids: int = Field(default=64, ge=1)
    output_bytes: int = Field(default=1 << 20, ge=1024)
    stack_mb: int | None = Field(default=None, ge=1, description="stack per job; default memory_mb, as judges")
    #: Python jobs run like a judge's: no int<->str digit cap (print(3 ** 9000) works), CPython's own recursion
    #: limit (judges keep 1000 and give a big stack instead; a program raises the limit itself). Both settable.
    python: PythonSettings = Field(default_factory=lambda: PythonSettings(int_max_str_digits=0))
    compare: CompareOptions = Field(default_factory=CompareOptions)
    default_language: str = "python"

    @model_validator(mode="before")
    @classmethod
    def _lift_flat_backend(cls, data: Any) -> Any:
        """``backend: bwrap`` at the top level means ``sandbox: {backend: bwrap}``."""
        if isinstance(data, dict) and "backend" in data:
            data = dict(data)
            backend = data.pop("backend")
            sandbox = data.get("sandbox")
            sandbox = dict(sandbox) if isinstance(sandbox, dict) else {}
            if sandbox.get("backend", backend) != backend:
                raise ValueError(f"backend {backend!r} contradicts sandbox.backend {sandbox['backend']!r}")
            sandbox["backend"] = backend
            data["sandbox"] = sandbox
        return data

    def limits(self) -> Limits:
        return Limits(
            wall_s=self.timeout_s,
            cpu_s=self.cpu_s or self.timeout_s,
            memory_mb=self.memory_mb,
            pids=self.pids,
            output_bytes=self.output_bytes,
            stack_mb=self.stack_mb,
        )


class CodeTestsSource(BaseSource[CodeTestsConfig]):
    """Pass rate of the response's code on the sample's tests, run in a sandbox."""

    kind = "code_tests"
    version = "2"  # 2: judge-style io comparison by default, per-sample compare, lifted int-str limit
    config_class: ClassVar[type[SourceConfig]] = CodeTestsConfig
    output_range = (0.0, 1.0)
    cost_class = "moderate"
    needs = ("sandbox",)

    def __init__(self, config: CodeTestsConfig | None = None, *, name: str | None = None, **fields: Any):
        super().__init__(config, name=name, **fields)
        self.backend: SandboxBackend = make_backend(self.config.sandbox)  # raises SandboxUnavailable
        self.grader = Grader(self.backend, self.config.limits(), self.config.compare, self.config.python)
        self._prefix = "UNSAFE: local backend, no isolation; " if self.backend.name == "local" else ""

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        if len(samples) == 1:
            return [self.safe_score_one(samples[0])]
        with ThreadPoolExecutor(max_workers=max(1, self.backend.concurrency)) as pool:
            return list(pool.map(self.safe_score_one, samples))

    def score_one(self, sample: Sample) -> Score:
        try:
            ref = parse_reference(sample.reference)
        except ReferenceError_ as exc:
            return Score.error(self._prefix + f"malformed code reference: {exc}")
        if ref is None:
            return Score.abstain(self._prefix + "no code tests in the reference")
        language = ref.language or self.config.default_language
        code, how = extract_code(sample.response, language)
        details: dict[str, Any] = {"language": language, "backend": self.backend.name, "code_from": how}
        try:
            report = self.grader.grade(code, ref.model_copy(update={"language": language}))
        except ReferenceError_ as exc:
            return Score.error(self._prefix + f"unusable reference: {exc}", details=details)
        except SandboxError as exc:
            return Score.error(self._prefix + f"sandbox failure ({self.backend.name}): {exc}", details=details)
        passed = sum(r.passed for r in report.results)
        details.update(
            passed=passed,
            total=len(report.results),
            statuses={r.name: r.status for r in report.results},
            notes=report.notes,
        )
        first = report.first_failure
        if first is None:
            evidence = f"all {passed} tests passed"
        else:
            evidence = f"{passed}/{len(report.results)} passed; first failure {first.name} ({first.kind}, "
            evidence += f"{first.status}): {first.evidence}"
        if report.notes:
            evidence += " | " + "; ".join(report.notes)
        return Score.ok(
            report.pass_rate,
            components={r.name: 1.0 if r.passed else 0.0 for r in report.results},
            details=details,
            evidence=self._prefix + evidence,
        )

    def close(self) -> None:
        self.backend.close()
