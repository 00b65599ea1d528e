"""Every regression case rebuilt from public bug reports (/work/shared/cases/math_cases.jsonl) through the real source.

Each line is a Sample plus ``expected`` (a value or a status) and optionally
``accept_also`` (other acceptable outcomes, e.g. ``error`` for a pair that may
safely stay unverifiable). The cases are read from the repository's copy in
tests/cases/ (so CI needs nothing outside the checkout); where the shared original
exists, the copy must still equal it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score, Status
from rewardstack.verifiers.math import MathAnswerSource

CASES_FILE = Path(__file__).resolve().parents[2] / "cases" / "math_cases.jsonl"  # copied from ../shared/cases
SHARED_FILE = Path("/work/shared/cases/math_cases.jsonl")


def _cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CASES_FILE.read_text().splitlines() if line.strip()]


def test_the_copy_is_complete_and_current() -> None:
    fields = {"id", "prompt", "response", "reference", "expected", "origin"}
    assert all(fields <= set(case) for case in _cases())
    if SHARED_FILE.exists():  # only on the development machine; CI has the copy alone
        assert CASES_FILE.read_text() == SHARED_FILE.read_text(), f"refresh {CASES_FILE} from {SHARED_FILE}"


def _outcome(score: Score) -> float | str:
    return score.value if score.status is Status.OK else score.status.value  # type: ignore[return-value]


@pytest.fixture(scope="module")
def scored() -> list[tuple[dict[str, Any], Score]]:
    cases = _cases()
    samples = [Sample(**{k: c[k] for k in ("id", "prompt", "response", "domain", "reference")}) for c in cases]
    return list(zip(cases, MathAnswerSource().score(samples), strict=True))


def test_the_file_has_cases_of_every_outcome(scored: list[tuple[dict[str, Any], Score]]) -> None:
    expected = {c["expected"] for c, _ in scored}
    assert {0.0, 1.0} <= expected and len(scored) >= 30


def test_every_case_gets_its_expected_outcome(scored: list[tuple[dict[str, Any], Score]]) -> None:
    wrong = [
        f"{case['id']}: expected {case['expected']} (or {case.get('accept_also', [])}), got {_outcome(score)}: "
        f"{score.evidence}"
        for case, score in scored
        if _outcome(score) != case["expected"] and _outcome(score) not in case.get("accept_also", [])
    ]
    assert not wrong, "\n".join(wrong)


def test_an_unverifiable_case_says_why(scored: list[tuple[dict[str, Any], Score]]) -> None:
    for case, score in scored:
        if score.status is Status.ERROR:
            assert score.evidence.startswith("unverifiable: ") and len(score.evidence) > 20, case["id"]
            assert "derivative" not in score.evidence, case["id"]  # an apostrophe in prose is not a prime
