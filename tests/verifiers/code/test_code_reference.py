"""Code references: absent -> abstain, malformed -> error naming the problem, per-sample ``compare``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rewardstack.core.sample import Sample
from rewardstack.core.score import Status
from rewardstack.verifiers.code.grader.options import CompareOptions
from rewardstack.verifiers.code.grader.reference import ReferenceError_, parse_reference
from rewardstack.verifiers.code.source import CodeTestsSource

IO = {"kind": "io", "stdin": "1\n", "stdout": "2\n"}
CALL = {"kind": "call", "fn": "f", "args": [1], "expected": 2}


@pytest.mark.parametrize(
    "reference", [None, {}, {"language": "python"}, {"tests": None}, {"tests": []}, {"answer": "4"}]
)
def test_absent_tests_mean_nothing_to_grade(reference: dict[str, Any] | None) -> None:
    assert parse_reference(reference) is None


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ({"tests": "assert f(1) == 2"}, "tests: must be a list of tests, got str"),
        ({"tests": IO}, "tests: must be a list of tests, got dict"),
        ({"tests": 3}, "got int"),
        ({"tests": [IO, "assert f(1) == 2"]}, "tests[1]: a test must be an object"),
        ({"tests": [{"kind": "sql", "query": "x"}]}, "tests[0]: unknown test kind 'sql'"),
        ({"tests": [{"stdin": "", "stdout": ""}]}, "tests[0]: a test needs a 'kind'"),
        ({"tests": [{"kind": "io", "stdin": "1", "stdout": 2}]}, "tests[0].stdout: Input should be a valid string"),
        ({"tests": [{"kind": "io", "stdin": 1, "stdout": "2"}]}, "tests[0].stdin: Input should be a valid string"),
        ({"tests": [{"kind": "io", "stdin": "1"}]}, "tests[0].stdout: Field required"),
        ({"tests": [{"kind": "io", "stdout": ["2"]}]}, "tests[0].stdout"),
        ({"tests": [{**CALL, "args": "1"}]}, "tests[0].args: Input should be a valid list"),
        ({"tests": [{**CALL, "args": {"x": 1}}]}, "tests[0].args"),
        ({"tests": [{**CALL, "fn": 3}]}, "tests[0].fn"),
        ({"tests": [{**CALL, "fn": ""}]}, "tests[0].fn"),
        ({"tests": [{**CALL, "kwargs": [1]}]}, "tests[0].kwargs"),
        ({"tests": [{"kind": "call", "fn": "f", "args": [1]}]}, "tests[0].expected: Field required"),
        ({"tests": [{**CALL, "kwarg": {"x": 1}}]}, "tests[0].kwarg: unknown field; allowed: kind, fn, args"),
        ({"tests": [{"kind": "assert", "code": 7}]}, "tests[0].code"),
        ({"tests": [{"kind": "assert", "code": ""}]}, "tests[0].code"),
        ({"tests": [IO], "language": 3}, "language: Input should be a valid string"),
        ({"tests": [IO], "entry_point": ["f"]}, "entry_point"),
        ({"tests": [IO], "compare": "exact"}, "compare: Input should be a valid dictionary"),
    ],
)
def test_malformed_reference_names_the_problem(reference: dict[str, Any], message: str) -> None:
    with pytest.raises(ReferenceError_) as info:
        parse_reference(reference)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"io": "fuzzy"}, "compare.io"),
        ({"float_tol": -1}, "compare.float_tol"),
        ({"float_tol": "1e-6"}, "compare.float_tol"),
        ({"tolerance": 1e-6}, "compare.tolerance: unknown field; allowed: io, float_tol"),
    ],
)
def test_bad_compare_override_is_an_error(override: dict[str, Any], message: str) -> None:
    ref = parse_reference({"tests": [IO], "compare": override})
    assert ref is not None
    with pytest.raises(ReferenceError_, match=message.replace(".", r"\.")):
        ref.options(CompareOptions())


def test_extra_reference_keys_and_null_stdin_are_fine() -> None:
    ref = parse_reference({"tests": [{"kind": "io", "stdin": None, "stdout": ""}], "forbidden": "os._exit"})
    assert ref is not None and ref.tests[0].stdin is None  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def source() -> Iterator[CodeTestsSource]:
    src = CodeTestsSource(backend="bwrap", timeout_s=5, sandbox={"workers": 2})
    yield src
    src.close()


def _sample(response: str, reference: dict[str, Any] | None) -> Sample:
    return Sample(id="s", prompt="p", response=response, reference=reference)


def test_source_statuses_for_absent_and_malformed_references(source: CodeTestsSource) -> None:
    code = "```python\ndef f(x):\n    return x + 1\n```"
    scores = source.score(
        [
            _sample(code, None),
            _sample(code, {"language": "python", "tests": []}),
            _sample(code, {"language": "python", "tests": "assert f(1) == 2"}),
            _sample(code, {"language": "python", "tests": {"kind": "call", "fn": "f", "args": [1], "expected": 2}}),
            _sample(code, {"language": "python", "tests": [{"kind": "shell", "cmd": "true"}]}),
            _sample(code, {"language": "python", "tests": [{"kind": "io", "stdin": "", "stdout": 2}]}),
            _sample(code, {"language": "python", "tests": [CALL], "compare": {"io": "fuzzy"}}),
            _sample(code, {"language": "python", "tests": [CALL]}),
        ]
    )
    statuses = [s.status for s in scores]
    assert statuses[:2] == [Status.ABSTAIN, Status.ABSTAIN]
    assert statuses[2:7] == [Status.ERROR] * 5, [s.evidence for s in scores]
    assert all(s.value is None for s in scores[:7])
    assert "tests: must be a list of tests, got str" in scores[2].evidence
    assert "got dict" in scores[3].evidence
    assert "unknown test kind 'shell'" in scores[4].evidence
    assert "tests[0].stdout" in scores[5].evidence
    assert "compare.io" in scores[6].evidence
    assert scores[7].status is Status.OK and scores[7].value == 1.0


def test_one_source_mixes_float_and_exact_problems(source: CodeTestsSource) -> None:
    """The source compares exactly by default; a float problem asks for a tolerance in its own reference."""
    third = "```python\nprint('%.6f' % (1 / 3))\n```"
    float_problem = {"language": "python", "tests": [{"kind": "io", "stdout": "0.333333333\n"}],
                     "compare": {"float_tol": 1e-6}}  # fmt: skip
    exact_problem = {"language": "python", "tests": [{"kind": "io", "stdout": "0.333333333\n"}]}
    tol, exact = source.score([_sample(third, float_problem), _sample(third, exact_problem)])
    assert (tol.status, tol.value) == (Status.OK, 1.0), tol.evidence
    assert (exact.status, exact.value) == (Status.OK, 0.0)
    assert "compare: trailing_whitespace" in exact.evidence
    tuple_problem = {"language": "python", "tests": [{**CALL, "fn": "g", "expected": [1, 2]}],
                     "compare": {"sequence_types_equal": False}}  # fmt: skip
    [strict] = source.score([_sample("def g(x):\n    return (1, 2)\n", tuple_problem)])
    assert strict.value == 0.0
