import pytest

from rewardstack import Status
from rewardstack.verifiers.regex import RegexMatchSource
from tests.support.samples import make_sample


@pytest.mark.parametrize(
    "config, response, reference, status, value",
    [
        ({}, "42", {"pattern": r"\d+"}, Status.OK, 1.0),
        ({}, "42 apples", {"pattern": r"\d+"}, Status.OK, 0.0),  # fullmatch by default
        ({"mode": "search"}, "42 apples", {"pattern": r"\d+"}, Status.OK, 1.0),
        ({"ignore_case": True}, "PARIS", {"pattern": "paris"}, Status.OK, 1.0),
        ({"extract": r"Answer:\s*(.+)"}, "blah\nAnswer: 7", {"pattern": "7"}, Status.OK, 1.0),
        ({"extract": r"Answer:\s*(.+)"}, "no answer line", {"pattern": "7"}, Status.OK, 0.0),
        ({}, "x", None, Status.ABSTAIN, None),
        ({"field": "answer"}, "x", {"pattern": "x"}, Status.ABSTAIN, None),
        ({}, "x", {"pattern": "([bad"}, Status.ERROR, None),
        # present but malformed is an error (so on_error policies fire), never str(pattern) nor abstain
        ({}, "42", {"pattern": 42}, Status.ERROR, None),
        ({}, "4.5", {"pattern": 4.5}, Status.ERROR, None),
        ({}, "True", {"pattern": True}, Status.ERROR, None),
        ({}, "x", {"pattern": ["x"]}, Status.ERROR, None),
        ({}, "x", {"pattern": {"re": "x"}}, Status.ERROR, None),
        ({}, "x", {"pattern": None}, Status.ABSTAIN, None),
        ({}, "", {"pattern": ""}, Status.OK, 1.0),
    ],
)
def test_table(config: dict[str, object], response: str, reference: dict[str, object] | None,
               status: Status, value: float | None) -> None:
    [score] = RegexMatchSource(**config).score([make_sample(1, response, reference=reference)])
    assert score.status is status
    assert score.value == value


def test_extract_needs_a_group() -> None:
    with pytest.raises(ValueError, match="capturing group"):
        RegexMatchSource(extract="Answer")


def test_non_string_pattern_error_names_the_type() -> None:
    [score] = RegexMatchSource().score([make_sample(1, "42", reference={"pattern": 42})])
    assert score.status is Status.ERROR and "must be a regex string, got int" in score.evidence
