import pytest

from rewardstack.rewards.shaping import LengthSource, length_score, measure_length
from tests.support.samples import make_sample


@pytest.mark.parametrize(
    "n, target, expected", [(0, 10, 0.0), (5, 10, 0.5), (10, 10, 1.0), (15, 10, 0.5), (25, 10, 0.0)]
)
def test_length_score_hand_values(n: int, target: int, expected: float) -> None:
    assert length_score(n, target) == pytest.approx(expected)


def test_units() -> None:
    assert measure_length("a bb  ccc", "words") == 3
    assert measure_length("a bb", "chars") == 4


def test_raw_length_without_target() -> None:
    [score] = LengthSource(unit="chars").score([make_sample(1, "abcd")])
    assert score.value == 4.0 and score.components["length"] == 4.0


def test_format_regex_gates() -> None:
    source = LengthSource(unit="words", target=2, format_regex=r"^<think>.*</think>")
    good, bad = source.score([make_sample(1, "<think>x</think> yes"), make_sample(2, "no think")])
    assert good.value == 1.0 and good.components["format"] == 1.0
    assert bad.value == 0.0 and "does not match" in bad.evidence


def test_bad_config_rejected() -> None:
    with pytest.raises(ValueError, match="format_regex does not compile"):
        LengthSource(format_regex="(")
    with pytest.raises(ValueError, match="greater than 0"):
        LengthSource(target=0)
