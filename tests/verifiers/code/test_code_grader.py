"""The grader's verdicts: right answers pass, wrong ones and every known hack fail."""

from __future__ import annotations

import pytest

from rewardstack.verifiers.code.grader import CompareOptions, Grader
from rewardstack.verifiers.code.grader.compare import io_equal, values_equal
from rewardstack.verifiers.code.grader.tagged import Opaque, decode, encode
from rewardstack.verifiers.code.hacks import CORRECT_ADD, HACK_REFERENCES, HACKS
from rewardstack.verifiers.code.sandbox import Limits, SandboxBackend

LIMITS = Limits(wall_s=2, cpu_s=2, memory_mb=256)


@pytest.mark.parametrize("style", sorted(HACK_REFERENCES))
def test_correct_solution_passes(any_backend: SandboxBackend, style: str) -> None:
    report = Grader(any_backend, LIMITS).grade(CORRECT_ADD, HACK_REFERENCES[style])
    assert report.pass_rate == 1.0, report


@pytest.mark.parametrize("style", sorted(HACK_REFERENCES))
@pytest.mark.parametrize("hack", sorted(HACKS))
def test_grader_hack_fails(isolating_backend: SandboxBackend, hack: str, style: str) -> None:
    report = Grader(isolating_backend, LIMITS).grade(HACKS[hack], HACK_REFERENCES[style])
    assert report.pass_rate == 0.0, [(r.name, r.status, r.evidence) for r in report.results]


def test_humaneval_style_check_with_loops_and_helpers(bwrap: SandboxBackend) -> None:
    test = (
        "import math\n"
        "def ref(x):\n    return x * x\n"
        "def check(candidate):\n"
        "    for i in range(20):\n        assert candidate(i) == ref(i)\n"
        "    assert math.isclose(candidate(0.5), 0.25)\n"
        "    assert candidate(candidate(2)) == 16\n"
    )
    ref = {"language": "python", "entry_point": "sq", "tests": [{"kind": "assert", "code": test}]}
    grader = Grader(bwrap, LIMITS)
    assert grader.grade("def sq(x):\n    return x * x\n", ref).pass_rate == 1.0
    bad = grader.grade("def sq(x):\n    return x * x if x != 7 else 0\n", ref)
    assert bad.pass_rate == 0.0
    assert "assert candidate(i) == ref(i)" in bad.results[0].evidence


def test_candidate_exception_is_visible_to_the_test(bwrap: SandboxBackend) -> None:
    test = "def check(candidate):\n    try:\n        candidate(-1)\n        assert False\n"
    test += "    except ValueError:\n        pass\n"
    ref = {"language": "python", "entry_point": "f", "tests": [{"kind": "assert", "code": test}]}
    grader = Grader(bwrap, LIMITS)
    assert grader.grade("def f(x):\n    raise ValueError('neg')\n", ref).pass_rate == 1.0
    assert grader.grade("def f(x):\n    return 1\n", ref).pass_rate == 0.0


def test_call_and_io_evidence_and_statuses(bwrap: SandboxBackend) -> None:
    ref = {
        "language": "python",
        "tests": [
            {"kind": "call", "fn": "f", "args": [1], "expected": 2},
            {"kind": "call", "fn": "f", "args": [0], "expected": 0},
            {"kind": "call", "fn": "f", "args": [3], "expected": 6},
            {"kind": "io", "stdin": "", "stdout": "hello\n"},
        ],
    }
    code = "import time\ndef f(x):\n    if x == 0:\n        1 / 0\n    if x == 3:\n        time.sleep(30)\n"
    code += "    return 2 * x\n"
    code += "print('hello')\n"
    report = Grader(bwrap, LIMITS).grade(code, ref)
    assert [r.passed for r in report.results] == [True, False, False, True]
    assert report.results[1].status == "runtime_error" and "ZeroDivisionError" in report.results[1].evidence
    assert report.results[2].status == "timeout"


def test_io_is_whole_output_and_exit_code_cannot_pass(bwrap: SandboxBackend) -> None:
    grader = Grader(bwrap, LIMITS)
    ref = {"language": "python", "tests": [{"kind": "io", "stdin": "2 3\n", "stdout": "5\n"}]}
    assert grader.grade("a, b = map(int, input().split())\nprint(a + b)\n", ref).pass_rate == 1.0
    assert grader.grade("print(5)\nprint(6)\n", ref).pass_rate == 0.0  # prefix is not enough
    assert grader.grade("print(5)\nraise SystemExit(3)\n", ref).pass_rate == 0.0
    assert grader.grade("import sys\nsys.exit(0)\n", ref).pass_rate == 0.0


def test_syntax_error_is_compile_error(bwrap: SandboxBackend) -> None:
    ref = {"language": "python", "tests": [{"kind": "io", "stdin": "", "stdout": "1\n"}]}
    result = Grader(bwrap, LIMITS).grade("def f(:\n", ref).results[0]
    assert result.status == "compile_error" and not result.passed


def test_tagged_round_trip_and_opaque() -> None:
    value = {"a": [1, 2.5, float("inf")], (1, 2): {3, 4}, "b": (None, True, b"x", 1 + 2j)}
    assert decode(encode(value)) == value

    class Liar(int):
        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = int.__hash__

    assert isinstance(decode(encode(Liar(3))), Opaque)
    assert decode(encode(Liar(3))) != decode(encode(Liar(3)))


@pytest.mark.parametrize(
    ("expected", "actual", "opts", "equal"),
    [
        (3, 3, {}, True),
        (3, 3.0, {}, False),
        (3, 3.0, {"int_float_equal": True}, True),
        (1, True, {"int_float_equal": True}, False),
        (0.1 + 0.2, 0.3, {}, False),
        (0.1 + 0.2, 0.3, {"float_tol": 1e-9}, True),
        ([1, 2], (1, 2), {}, True),
        ([1, 2], (1, 2), {"sequence_types_equal": False}, False),
        ({"a": 1}, {"a": 1}, {}, True),
        ({"a": 1}, {"a": 1, "b": 2}, {}, False),
        ("x", "x", {}, True),
        (None, None, {}, True),
        (float("nan"), float("nan"), {}, True),
    ],
)
def test_values_equal(expected: object, actual: object, opts: dict[str, object], equal: bool) -> None:
    assert values_equal(expected, actual, CompareOptions.model_validate(opts)) is equal


@pytest.mark.parametrize(
    ("actual", "expected", "mode", "equal"),
    [
        (b"1 2\n", "1 2\n", "exact", True),
        (b"1 2", "1 2\n", "exact", False),
        (b"1 2  \n\n", "1 2\n", "trailing_whitespace", True),
        (b"1   2\n", "1 2", "tokens", True),
        (b"HELLO\n", "hello\n", "tokens", False),
        (b"\xff", "x", "exact", False),
    ],
)
def test_io_equal(actual: bytes, expected: str, mode: str, equal: bool) -> None:
    assert io_equal(actual, expected, CompareOptions.model_validate({"io": mode})) is equal
