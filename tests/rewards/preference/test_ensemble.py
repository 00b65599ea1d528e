"""Ensembles: the aggregates, and three checkpoints loading as one source with per-member components."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from rewardstack import ConfigError, RewardStack, Sample, Status
from rewardstack.rewards.preference import (
    ENSEMBLE_FILE,
    PreferenceModelSource,
    aggregate,
    spread,
    write_ensemble,
)

SAMPLES = [Sample(id="a", prompt="Name a fruit.", response="A banana."),
           Sample(id="b", prompt="Name a tool.", response="A hammer, obviously, the one in the shed.")]


@pytest.mark.parametrize(("how", "lam", "expected"), [
    ("mean", 1.0, [2.0, 1.0]),
    ("min", 1.0, [1.0, -1.0]),
    ("mean_minus_std", 1.0, [2.0 - np.sqrt(2 / 3), 1.0 - np.sqrt(8 / 3)]),
    ("mean_minus_std", 0.0, [2.0, 1.0]),
])
def test_aggregates(how: str, lam: float, expected: list[float]) -> None:
    values = np.array([[1.0, -1.0], [2.0, 1.0], [3.0, 3.0]])  # 3 members x 2 responses
    assert aggregate(values, how, lam=lam) == pytest.approx(expected)  # type: ignore[arg-type]


def test_unknown_aggregate_and_bad_shape_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown aggregate"):
        aggregate(np.ones((2, 2)), "median")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="members, n"):
        aggregate(np.ones(3), "mean")


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 8)),
              elements=st.floats(-1e3, 1e3, allow_nan=False)), st.floats(0, 5))
def test_conservative_aggregates_never_exceed_the_mean(values: np.ndarray, lam: float) -> None:
    mean = aggregate(values, "mean")
    assert np.all(aggregate(values, "min") <= mean + 1e-9)
    assert np.all(aggregate(values, "mean_minus_std", lam=lam) <= mean + 1e-9)
    assert np.all(spread(values) >= 0)


@pytest.fixture(scope="module")
def three(checkpoints: Callable[..., Path]) -> list[Path]:
    return [checkpoints("tiny-encoder", seed=seed, mean=0.1 * seed, std=1.0 + seed) for seed in range(3)]


def test_three_checkpoints_load_as_one_source_with_components(three: list[Path]) -> None:
    singles = [PreferenceModelSource(path=str(p), device="cpu").score(SAMPLES) for p in three]
    source = PreferenceModelSource(path=[str(p) for p in three], aggregate="mean_minus_std", device="cpu",
                                   **{"lambda": 0.5})
    assert source.is_ensemble and len(source.models) == 3
    for column, score in enumerate(source.score(SAMPLES)):
        members = np.array([singles[k][column].value for k in range(3)])
        assert score.status == Status.OK
        assert [score.components[f"member_{k}"] for k in range(3)] == pytest.approx(members, abs=1e-6)
        assert score.components["mean"] == pytest.approx(members.mean(), abs=1e-6)
        assert score.components["spread"] == pytest.approx(members.std(), abs=1e-6)
        assert score.value == pytest.approx(members.mean() - 0.5 * members.std(), abs=1e-6)
        assert score.details["aggregate"] == "mean_minus_std" and "spread" in score.evidence


def test_an_ensemble_folder_loads_like_the_list(three: list[Path], tmp_path: Path) -> None:
    for k, path in enumerate(three):
        (tmp_path / f"member-{k}").symlink_to(path, target_is_directory=True)
    write_ensemble(tmp_path, [f"member-{k}" for k in range(3)])
    from_folder = PreferenceModelSource(path=str(tmp_path), aggregate="min", device="cpu")
    from_list = PreferenceModelSource(path=[str(p) for p in three], aggregate="min", device="cpu")
    assert [s.value for s in from_folder.score(SAMPLES)] == [s.value for s in from_list.score(SAMPLES)]
    assert from_folder.fingerprint() == from_list.fingerprint()
    with RewardStack({"rm": from_folder}, cache=None) as stack:
        result = stack.score(SAMPLES)[0]
    assert set(result.scores["rm"].components) == {"member_0", "member_1", "member_2", "mean", "spread"}


def test_an_ensemble_folder_with_an_unfinished_member_is_refused(three: list[Path], tmp_path: Path) -> None:
    (tmp_path / "member-0").symlink_to(three[0], target_is_directory=True)
    (tmp_path / "member-1").mkdir()
    write_ensemble(tmp_path, ["member-0", "member-1"])
    with pytest.raises(ConfigError, match="member-1.*--resume"):
        PreferenceModelSource(path=str(tmp_path), device="cpu")
    (tmp_path / ENSEMBLE_FILE).write_text("{not json")
    with pytest.raises(ConfigError, match="cannot read"):
        PreferenceModelSource(path=str(tmp_path), device="cpu")
