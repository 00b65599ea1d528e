"""Trusted grading: compare outside the sandbox, never trust the untrusted process's word."""

from rewardstack.verifiers.code.grader.grade import Grader, GradeReport, TestResult
from rewardstack.verifiers.code.grader.options import CompareOptions

__all__ = ["CompareOptions", "GradeReport", "Grader", "TestResult"]
