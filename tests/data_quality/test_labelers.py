"""Labeler reliability: leave-one-out agreement, accuracy against ground truth, the outlier rule, ranking."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.data import (
    PreferenceRecord,
    RatingRecord,
    flag_outliers,
    label_table,
    labeler_stats,
    loo_agreement,
)
from tests.data_quality.synthetic import labelled_pairs, truth_rows

HONEST = {f"honest{i}": 0.10 for i in range(1, 6)}
PLANTED = {**HONEST, "planted": 0.40}


def _records(rows: list[dict[str, object]]) -> list[PreferenceRecord]:
    return [PreferenceRecord(line=i, **row) for i, row in enumerate(rows, start=1)]  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(5))
def test_planted_labeler_flipping_40_percent_is_flagged_and_last(seed: int) -> None:
    records = _records(labelled_pairs(seed, slips=PLANTED))
    rows = labeler_stats(label_table(records), records)
    assert rows[-1].labeler == "planted" and rows[-1].rank == 6
    assert [r.labeler for r in rows if r.flagged] == ["planted"]
    assert "majority" in rows[-1].reasons[0] and "cutoff" in rows[-1].reasons[0]
    assert all(r.loo_agreement is not None and r.loo_agreement > 0.75 for r in rows[:-1])


@pytest.mark.parametrize("seed", range(3))
def test_planted_labeler_is_flagged_on_ground_truth_too(seed: int) -> None:
    rows = labelled_pairs(seed, slips=PLANTED)
    records = _records(rows)
    truth = _records(truth_rows(rows, PLANTED))
    stats = labeler_stats(label_table(records), records, truth)
    last = stats[-1]
    assert last.labeler == "planted" and last.flagged and len(last.reasons) == 2
    assert last.accuracy == pytest.approx(0.6, abs=0.1) and last.verified == last.count
    assert all(r.accuracy is not None and r.accuracy > 0.8 for r in stats[:-1])


@pytest.mark.parametrize("seed", range(5))
def test_honest_labelers_of_different_care_are_not_flagged(seed: int) -> None:
    slips = {"a": 0.02, "b": 0.06, "c": 0.10, "d": 0.14, "e": 0.05, "f": 0.12}
    records = _records(labelled_pairs(seed, slips=slips))
    assert not any(r.flagged for r in labeler_stats(label_table(records), records))


def test_hand_computed_loo() -> None:
    n = np.nan
    # labeler 0: item0 others (0,0) agree; item1 others (1) disagree; item2 others (1,0) tie
    # labeler 1: item0 (0,0) agree; item1 (0) disagree; item2 (0,0) disagree
    # labeler 2: item0 (0,0) agree; item2 (0,1) tie
    codes = np.array([[0, 0, 0], [0, 1, 1], [0, n, 0]])
    agree, decided, ties = loo_agreement(codes, 2)
    assert agree.tolist() == [1, 1, 1] and decided.tolist() == [2, 3, 1] and ties.tolist() == [1, 0, 1]


@pytest.mark.parametrize(("values", "support", "flags", "cutoff"), [
    ([0.9, 0.88, 0.91, 0.6], [50] * 4, [False, False, False, True], 0.79),
    ([0.9, 0.88, 0.91, 0.6], [50, 50, 50, 5], [False] * 4, 0.8),  # too few units behind the low one
    ([0.9, 0.6], [50, 50], [False, False], None),  # two labelers: no outlier rule
    ([0.9, None, 0.88, 0.91, 0.5], [50, 0, 50, 50, 50], [False, False, False, False, True], 0.79),
    # a spread-out group: 3 * 1.4826 * MAD (0.1) = 0.445 > MIN_GAP
    ([0.9, 0.8, 0.7, 0.6, 0.2], [50] * 5, [False, False, False, False, True], 0.25522),
])
def test_flag_rule(values: list[float | None], support: list[int], flags: list[bool], cutoff: float | None) -> None:
    found, found_cutoff = flag_outliers(values, support)
    assert found == flags
    assert found_cutoff == (pytest.approx(cutoff) if cutoff is not None else None)


def test_ratings_counts_and_ranking_without_truth() -> None:
    records = [RatingRecord(i, f"q{i % 4}", name, "x" if name != "z" or i % 2 else "y")
               for i, name in enumerate(["a", "b", "z"] * 4)]
    rows = labeler_stats(label_table(records), records)
    assert [r.rank for r in rows] == [1, 2, 3]
    assert rows[-1].labeler == "z" and all(r.count == 4 for r in rows)
    assert all(r.accuracy is None and r.verified == 0 for r in rows)


@settings(max_examples=100, deadline=None)
@given(columns=st.lists(st.lists(st.one_of(st.none(), st.integers(0, 2)), min_size=4, max_size=4), min_size=1,
                        max_size=15))
def test_loo_counts_add_up(columns: list[list[int | None]]) -> None:
    codes = np.array([[np.nan if v is None else v for v in c] for c in columns], dtype=float).T
    agree, decided, ties = loo_agreement(codes, 3)
    judged = (~np.isnan(codes)).sum(axis=0)
    for i in range(codes.shape[0]):
        shared = int((~np.isnan(codes[i]) & (judged >= 2)).sum())
        assert 0 <= agree[i] <= decided[i] and decided[i] + ties[i] == shared
