"""C++ and JavaScript runners: io tests; compile errors and runtime errors are distinct."""

from __future__ import annotations

import shutil

import pytest

from rewardstack.verifiers.code.grader import Grader
from rewardstack.verifiers.code.sandbox import Limits, SandboxBackend

IO = [{"kind": "io", "stdin": "2 3\n", "stdout": "5\n"}, {"kind": "io", "stdin": "10 -4\n", "stdout": "6\n"}]
LIMITS = Limits(wall_s=5, cpu_s=5, memory_mb=512)

CPP_OK = "#include <iostream>\nint main(){long a,b; std::cin>>a>>b; std::cout<<a+b<<\"\\n\"; return 0;}\n"
CPP_WRONG = "#include <iostream>\nint main(){long a,b; std::cin>>a>>b; std::cout<<a*b<<\"\\n\";}\n"
CPP_BROKEN = "int main( { return 0; }\n"
CPP_CRASH = "#include <cstdlib>\nint main(){ std::abort(); }\n"
JS_OK = "const [a,b]=require('fs').readFileSync(0,'utf8').trim().split(/\\s+/).map(Number);console.log(a+b);\n"
JS_BROKEN = "function ( {\n"
JS_CRASH = "throw new Error('boom');\n"


@pytest.mark.skipif(shutil.which("g++") is None, reason="g++ not installed")
def test_cpp(bwrap: SandboxBackend) -> None:
    grader = Grader(bwrap, LIMITS)
    assert grader.grade(CPP_OK, {"language": "cpp", "tests": IO}).pass_rate == 1.0
    assert grader.grade(CPP_WRONG, {"language": "c++", "tests": IO}).pass_rate == 0.0
    broken = grader.grade(CPP_BROKEN, {"language": "cpp", "tests": IO}).results[0]
    assert broken.status == "compile_error" and "error" in broken.evidence
    crash = grader.grade(CPP_CRASH, {"language": "cpp", "tests": IO}).results[0]
    assert crash.status in ("killed", "runtime_error") and not crash.passed


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_javascript(bwrap: SandboxBackend) -> None:
    grader = Grader(bwrap, LIMITS)
    assert grader.grade(JS_OK, {"language": "javascript", "tests": IO}).pass_rate == 1.0
    broken = grader.grade(JS_BROKEN, {"language": "js", "tests": IO}).results[0]
    assert broken.status == "compile_error"
    crash = grader.grade(JS_CRASH, {"language": "js", "tests": IO}).results[0]
    assert crash.status == "runtime_error" and "boom" in crash.evidence


def test_call_tests_are_python_only(bwrap: SandboxBackend) -> None:
    from rewardstack.verifiers.code.grader.grade import ReferenceError_

    with pytest.raises(ReferenceError_):
        Grader(bwrap, LIMITS).grade(JS_OK, {"language": "js", "tests": [{"kind": "call", "fn": "f", "args": []}]})
