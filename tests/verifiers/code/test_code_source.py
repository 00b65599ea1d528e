"""The ``code_tests`` source: config spellings, statuses, evidence, registry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from rewardstack.core.registry import SOURCES
from rewardstack.core.sample import Sample
from rewardstack.core.score import Status
from rewardstack.verifiers.code.extract import extract_code
from rewardstack.verifiers.code.sandbox import BwrapConfig, Job, JobResult, LocalConfig
from rewardstack.verifiers.code.sandbox.base import SandboxError
from rewardstack.verifiers.code.source import CodeTestsConfig, CodeTestsSource

REF = {
    "language": "python",
    "tests": [
        {"kind": "call", "fn": "add", "args": [1, 2], "expected": 3},
        {"kind": "call", "fn": "add", "args": [-1, 1], "expected": 0},
    ],
}


def _sample(response: str, reference: dict[str, object] | None = REF) -> Sample:
    return Sample(id="s", prompt="write add", response=response, reference=reference)


def test_flat_backend_spelling_is_lifted() -> None:
    cfg = CodeTestsConfig.model_validate({"kind": "code_tests", "backend": "bwrap", "timeout_s": 5})
    assert isinstance(cfg.sandbox, BwrapConfig) and cfg.timeout_s == 5
    cfg = CodeTestsConfig.model_validate({"kind": "code_tests", "backend": "local", "sandbox": {"allow_unsafe": True}})
    assert isinstance(cfg.sandbox, LocalConfig) and cfg.sandbox.allow_unsafe
    assert isinstance(CodeTestsConfig().sandbox, BwrapConfig)
    with pytest.raises(ValidationError):
        CodeTestsConfig.model_validate({"kind": "code_tests", "backend": "bwrap", "sandbox": {"backend": "local"}})
    with pytest.raises(ValidationError):
        CodeTestsConfig.model_validate({"kind": "code_tests", "backend": "bwrap", "bogus": 1})


def test_registered_as_builtin() -> None:
    assert SOURCES.get("code_tests") is CodeTestsSource


@pytest.fixture(scope="module")
def source() -> Iterator[CodeTestsSource]:
    src = CodeTestsSource(backend="bwrap", timeout_s=2, sandbox={"workers": 2})
    yield src
    src.close()


def test_scores_pass_rate_components_and_evidence(source: CodeTestsSource) -> None:
    good, half, none = source.score(
        [
            _sample("Sure:\n```python\ndef add(a, b):\n    return a + b\n```"),
            _sample("```python\ndef add(a, b):\n    return 3\n```"),
            _sample("no tests here", reference=None),
        ]
    )
    assert good.status is Status.OK and good.value == 1.0 and good.components == {"test_0": 1.0, "test_1": 1.0}
    assert half.value == 0.5 and half.components == {"test_0": 1.0, "test_1": 0.0}
    assert "test_1" in half.evidence and "returned 3, expected 0" in half.evidence
    assert none.status is Status.ABSTAIN and none.value is None
    assert good.source == "code_tests" and good.latency_s > 0


def test_timeout_is_a_failed_test_not_an_error(source: CodeTestsSource) -> None:
    [score] = source.score([_sample("def add(a, b):\n    while True:\n        pass\n")])
    assert score.status is Status.OK and score.value == 0.0
    assert score.details["statuses"]["test_0"] == "timeout"


def test_unknown_language_is_an_error(source: CodeTestsSource) -> None:
    [score] = source.score([_sample("x", {"language": "cobol", "tests": [{"kind": "io", "stdout": ""}]})])
    assert score.status is Status.ERROR and "cobol" in score.evidence


def test_backend_failure_is_an_error_with_evidence(source: CodeTestsSource, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(job: Job) -> JobResult:
        raise SandboxError("daemon went away")

    monkeypatch.setattr(source.backend, "run", broken)
    [score] = source.score([_sample("def add(a, b):\n    return a + b\n")])
    assert score.status is Status.ERROR and "daemon went away" in score.evidence and score.value is None


def test_local_backend_refuses_without_opt_in_and_marks_scores() -> None:
    with pytest.raises(Exception, match="allow_unsafe"):
        CodeTestsSource(backend="local")
    src = CodeTestsSource(backend="local", sandbox={"allow_unsafe": True})
    try:
        [score] = src.score([_sample("def add(a, b):\n    return a + b\n")])
        assert score.value == 1.0 and score.evidence.startswith("UNSAFE: local backend")
    finally:
        src.close()


@pytest.mark.parametrize(
    ("response", "code", "how"),
    [
        ("```python\nA\n```\ntext\n```python\nLONGER\n```", "LONGER\n", "fenced"),
        ("```\nX = 1\n```", "X = 1\n", "fenced_untagged"),
        ("```js\nnope\n```\n```py\nyes\n```", "yes\n", "fenced"),
        ("plain code", "plain code", "raw"),
        ("```python\nunterminated", "unterminated", "fenced"),
    ],
)
def test_extract_code(response: str, code: str, how: str) -> None:
    assert extract_code(response, "python") == (code, how)
