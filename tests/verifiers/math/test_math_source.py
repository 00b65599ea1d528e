"""The ``math_answer`` source: Score mapping, registry, batching, config validation."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from rewardstack.core.registry import SOURCES
from rewardstack.core.sample import Sample
from rewardstack.core.score import Status
from rewardstack.verifiers.math import MathAnswerConfig, MathAnswerSource


def _sample(response: str, answer: object | None, i: int = 0) -> Sample:
    reference = None if answer is None else {"answer": answer}
    return Sample(id=str(i), prompt="q", response=response, reference=reference)


@pytest.fixture(scope="module")
def source() -> MathAnswerSource:
    return MathAnswerSource()


def test_registered_as_builtin() -> None:
    assert SOURCES.get("math_answer") is MathAnswerSource
    assert SOURCES.origin("math_answer") == "builtin"


def test_config_rejects_unknown_keys() -> None:
    with pytest.raises(ValidationError):
        MathAnswerConfig(percnt="strip")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        MathAnswerConfig(percent="sometimes")  # type: ignore[arg-type]


def test_status_mapping(source: MathAnswerSource) -> None:
    samples = [
        _sample(r"so \boxed{12}", "12", 0),
        _sample(r"so \boxed{13}", "12", 1),
        _sample("no idea", "12", 2),
        _sample(r"\boxed{12}", None, 3),
        _sample(r"\boxed{\sqrt{8}}", r"2\sqrt{2}", 4),
        _sample(r"\boxed{[1,2)}", "(1,2]", 5),
    ]
    scores = source.score(samples)
    assert [s.status for s in scores] == [Status.OK, Status.OK, Status.ERROR, Status.ABSTAIN, Status.OK, Status.OK]
    assert [s.value for s in scores] == [1.0, 0.0, None, None, 1.0, 0.0]
    assert "unverifiable" in scores[2].evidence
    assert "brackets" in scores[5].evidence
    assert scores[4].details["method"] == "symbolic"
    assert scores[0].details["method"] == "string"
    for score in scores:
        assert score.source == "math_answer"
        assert score.components == {}
    assert set(scores[0].details) >= {"extracted", "normalised_pred", "normalised_ref", "method", "verdict"}


def test_numeric_reference_values(source: MathAnswerSource) -> None:
    scores = source.score([_sample(r"\boxed{0.5}", 0.5), _sample(r"\boxed{7}", 7), _sample(r"\boxed{7}", [7])])
    assert [s.value for s in scores] == [1.0, 1.0, 1.0]


def test_reference_may_be_a_solution(source: MathAnswerSource) -> None:
    score = source.score([_sample(r"\boxed{\frac{1}{2}}", r"We divide and get $\boxed{0.5}$.")])[0]
    assert score.value == 1.0


def test_ascore_from_asyncio(source: MathAnswerSource) -> None:
    async def main() -> list[float | None]:
        batches = await asyncio.gather(*[
            source.ascore([_sample(rf"\boxed{{(x+{k})^2}}", f"x^2+{2 * k}x+{k * k}", k)]) for k in range(4)
        ])
        return [b[0].value for b in batches]

    assert asyncio.run(main()) == [1.0, 1.0, 1.0, 1.0]


def test_describe() -> None:
    info = MathAnswerSource().describe()
    assert info.kind == "math_answer" and info.output_range == (0.0, 1.0)


def test_unsupported_reference_type_is_an_error_not_a_crash(source: MathAnswerSource) -> None:
    scores = source.score([_sample(r"\boxed{1}", {"nested": 1}, 0), _sample(r"\boxed{1}", "1", 1)])
    assert scores[0].status is Status.ERROR and "malformed reference" in scores[0].evidence
    assert "dict" in scores[0].evidence
    assert scores[1].value == 1.0


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (True, "boolean"),
        (False, "boolean"),
        (float("nan"), "NaN"),
        (float("inf"), "out of float range"),
        (float("-inf"), "out of float range"),
        ([1, float("nan")], "element 1"),
        ([True], "boolean"),
        ([], "empty list"),
        ([[1, 2]], "element 0"),
    ],
)
def test_malformed_reference_is_an_error_saying_what_is_wrong(source: MathAnswerSource, answer: object,
                                                              fragment: str) -> None:
    # present but malformed: error (so on_error policies such as veto fire), never abstain or 0.0
    score = source.score([_sample(r"\boxed{1}", answer)])[0]
    assert score.status is Status.ERROR and score.value is None
    assert "malformed reference" in score.evidence and fragment in score.evidence


@pytest.mark.parametrize("reference", [None, {}, {"answer": None}, {"answer": "  "}])
def test_absent_reference_abstains(source: MathAnswerSource, reference: dict[str, object] | None) -> None:
    sample = Sample(id="0", prompt="q", response=r"\boxed{1}", reference=reference)
    assert source.score([sample])[0].status is Status.ABSTAIN


def test_pool_failure_becomes_unverifiable(monkeypatch: pytest.MonkeyPatch, source: MathAnswerSource) -> None:
    import rewardstack.verifiers.math.pool as module

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("pool is closed")

    monkeypatch.setattr(module, "shared_pool", broken)
    score = source.score([_sample(r"\boxed{\sqrt{8}}", r"2\sqrt{2}")])[0]
    assert score.status is Status.ERROR and "pool unavailable" in score.evidence
