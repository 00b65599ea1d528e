import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from rewardstack import Score, Status


def test_ok_needs_finite_value() -> None:
    with pytest.raises(ValidationError, match="finite value"):
        Score(value=None, status=Status.OK)
    with pytest.raises(ValidationError, match="finite value"):
        Score(value=math.nan, status=Status.OK)


@pytest.mark.parametrize("status", [Status.ABSTAIN, Status.ERROR, Status.TIMEOUT])
def test_non_ok_never_carries_a_value(status: Status) -> None:
    # an error must never be encoded as 0.0
    with pytest.raises(ValidationError, match="value=None"):
        Score(value=0.0, status=status)
    assert Score(value=None, status=status).value is None


def test_constructors_set_status_and_evidence() -> None:
    assert Score.ok(0.25, evidence="why").status is Status.OK
    assert Score.abstain("no ref").status is Status.ABSTAIN
    assert Score.error("broke").evidence == "broke"
    assert Score.timeout("slow").status is Status.TIMEOUT


def test_frozen_and_extra_forbidden() -> None:
    score = Score.ok(1.0)
    with pytest.raises(ValidationError):
        score.value = 2.0  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs"):
        Score(value=1.0, status=Status.OK, bogus=1)  # type: ignore[call-arg]


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_json_round_trip(value: float) -> None:
    score = Score.ok(value, components={"a": 1.0}, details={"method": "x"}, evidence="e")
    assert Score.model_validate_json(score.model_dump_json()) == score


def test_stamped_keeps_verdict() -> None:
    stamped = Score.ok(0.5).stamped(source="s", source_version="2", latency_s=0.1)
    assert (stamped.value, stamped.source, stamped.source_version, stamped.latency_s) == (0.5, "s", "2", 0.1)
