"""Agreement: hand-computed values, equality with the reference packages, and invariants."""

from __future__ import annotations

import itertools
import json
import random
import warnings
from pathlib import Path
from typing import Any

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from rewardstack.data import (
    CheckOptions,
    PreferenceRecord,
    RatingRecord,
    check_data,
    krippendorff_alpha,
    label_table,
    mean_pairwise_kappa,
    measure_agreement,
    percent_agreement,
)

N = np.nan
# 3 labelers x 4 items, A = 0, B = 1 (worked by hand in the comments of test_hand_computed_example)
HAND = np.array([[0, 0, 1, N], [0, 1, 1, 1], [0, N, 0, 1]])


def test_hand_computed_example() -> None:
    # percent: item1 3/3 pairs agree, item2 0/1, item3 1/3, item4 1/1 -> 5/8
    assert percent_agreement(HAND) == pytest.approx(5 / 8)
    # kappa (1,2) on items 1-3: po 2/3, pe 4/9 -> 0.4; (1,3) on 1,3: po 1/2, pe 1/2 -> 0; (2,3) on 1,3,4: 0.4
    kappa, pairs = mean_pairwise_kappa(HAND)
    assert pairs == 3 and kappa == pytest.approx(0.8 / 3)
    # alpha: coincidences o_AA 3, o_AB 2, o_BA 2, o_BB 3; n 10; Do 0.4, De 50/90 -> 1 - 0.72
    assert krippendorff_alpha(HAND) == pytest.approx(0.28)


def test_two_labelers_kappa_is_sklearns() -> None:
    a = [0, 1, 2, 1, 0, 2, 2, 1]
    b = [0, 1, 1, 1, 0, 2, 0, 1]
    kappa, pairs = mean_pairwise_kappa(np.array([a, b], dtype=float))
    assert pairs == 1 and kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


@pytest.mark.parametrize(("codes", "percent", "kappa", "alpha"), [
    (np.array([[0, 1, 0, 1], [0, 1, 0, 1]]), 1.0, 1.0, 1.0),  # perfect
    (np.array([[0, 1, 0, 1], [1, 0, 1, 0]]), 0.0, -1.0, -0.75),  # always opposite: Do 1, De 32/56
    (np.array([[0, 0, 0], [0, 0, 0]]), 1.0, None, None),  # one answer only: chance-corrected numbers undefined
    (np.array([[0, N], [N, 1]]), None, None, None),  # nothing judged twice
])
def test_edge_cases(codes: np.ndarray, percent: float | None, kappa: float | None, alpha: float | None) -> None:
    codes = codes.astype(float)
    assert percent_agreement(codes) == (pytest.approx(percent) if percent is not None else None)
    assert mean_pairwise_kappa(codes)[0] == (pytest.approx(kappa) if kappa is not None else None)
    assert krippendorff_alpha(codes) == (pytest.approx(alpha) if alpha is not None else None)


def _random_ratings(rng: random.Random, labelers: int, items: int, labels: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for item in range(items):
        truth = rng.choice(labels)
        for labeler in rng.sample(range(labelers), rng.randint(1, labelers)):  # missing values everywhere
            label = truth if rng.random() < 0.7 else rng.choice(labels)
            rows.append({"item": f"item-{item}", "labeler": f"L{labeler}", "label": label})
    rng.shuffle(rows)
    return rows


def _reference(rows: list[dict[str, Any]], answer: Any) -> tuple[float, float, float]:
    """(percent, kappa, alpha) computed straight from the rows with the reference packages."""
    labelers = sorted({r["labeler"] for r in rows})
    items = sorted({r["item"] for r in rows})
    values = sorted({answer(r) for r in rows}, key=str)
    data = np.full((len(labelers), len(items)), np.nan)
    for r in rows:
        data[labelers.index(r["labeler"]), items.index(r["item"])] = values.index(answer(r))
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    kappas = []
    for i, j in itertools.combinations(range(len(labelers)), 2):
        both = ~np.isnan(data[i]) & ~np.isnan(data[j])
        if both.any():
            with warnings.catch_warnings():  # undefined kappas (one label) warn; they are left out
                warnings.simplefilter("ignore")
                k = cohen_kappa_score(data[i, both], data[j, both], replace_undefined_by=np.nan)
            if np.isfinite(k):
                kappas.append(k)
    agree = total = 0
    for column in data.T:
        present = column[~np.isnan(column)]
        for x, y in itertools.combinations(present, 2):
            agree += x == y
            total += 1
    return agree / total, float(np.mean(kappas)), float(alpha)


@pytest.mark.parametrize("seed", range(6))
def test_ratings_file_matches_krippendorff_and_sklearn(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    labels: list[Any] = rng.choice([["good", "bad", "unsure"], [1, 2, 3, 4, 5], [True, False]])
    rows = _random_ratings(rng, labelers=rng.randint(2, 6), items=rng.randint(15, 60), labels=labels)
    path = tmp_path / "ratings.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report = check_data(CheckOptions(file=path))
    percent, kappa, alpha = _reference(rows, lambda r: r["label"])
    assert report.agreement.percent == pytest.approx(percent, abs=1e-6)
    assert report.agreement.cohen_kappa == pytest.approx(kappa, abs=1e-6)
    assert report.agreement.krippendorff_alpha == pytest.approx(alpha, abs=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_preference_file_matches_krippendorff_and_sklearn(tmp_path: Path, seed: int) -> None:
    # a pair's answer: which response of the (sorted) pair was chosen; swapping chosen/rejected order
    # between labelers is the same pair
    rng = random.Random(seed)
    rows = []
    for pair in range(40):
        a, b = f"answer {pair} one", f"answer {pair} two"
        better = rng.choice([a, b])
        for labeler in rng.sample(["ann", "bob", "cy", "dee"], rng.randint(1, 4)):
            chosen = better if rng.random() < 0.8 else (b if better == a else a)
            rows.append({"prompt": f"q{pair}", "chosen": chosen, "rejected": b if chosen == a else a,
                         "labeler": labeler, "item": None})
    path = tmp_path / "prefs.jsonl"
    path.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "item"}) + "\n" for r in rows))
    for r in rows:
        r["item"] = r["prompt"]
    report = check_data(CheckOptions(file=path))
    percent, kappa, alpha = _reference(rows, lambda r: min(r["chosen"], r["rejected"]) == r["chosen"])
    assert report.agreement.percent == pytest.approx(percent, abs=1e-6)
    assert report.agreement.cohen_kappa == pytest.approx(kappa, abs=1e-6)
    assert report.agreement.krippendorff_alpha == pytest.approx(alpha, abs=1e-6)


def test_order_of_chosen_and_rejected_does_not_split_a_pair() -> None:
    records = [PreferenceRecord(1, "p", "x", "y", "ann"), PreferenceRecord(2, "p", "x", "y", "bob"),
               PreferenceRecord(3, "p", "y", "x", "cy")]
    table = label_table(records)
    assert len(table.units) == 1
    assert percent_agreement(table.codes) == pytest.approx(1 / 3)


def test_warning_names_the_threshold_below_070() -> None:
    records = [RatingRecord(i * 2 + k, f"q{i}", name, label)
               for i in range(10) for k, (name, label) in enumerate([("a", "x"), ("b", "x" if i < 6 else "y")])]
    agreement = measure_agreement(label_table(records))
    assert agreement.percent == pytest.approx(0.6)
    assert any("0.70 threshold" in w and "too weak to train on reliably" in w for w in agreement.warnings)
    good = [RatingRecord(i * 2 + k, f"q{i}", name, "x" if i % 2 else "y") for i in range(10) for k, name in
            enumerate("ab")]
    assert measure_agreement(label_table(good)).warnings == []


def test_notes_when_agreement_cannot_be_measured() -> None:
    single = measure_agreement(label_table([RatingRecord(1, "q", "a", "x")]))
    assert single.percent is None and "two or more named labelers" in single.notes[0]
    disjoint = measure_agreement(label_table([RatingRecord(1, "q1", "a", "x"), RatingRecord(2, "q2", "b", "y")]))
    assert disjoint.units_multi == 0 and "judged by two labelers" in disjoint.notes[0]


_MATRIX = st.integers(2, 5).flatmap(lambda labelers: st.lists(
    st.lists(st.one_of(st.none(), st.integers(0, 2)), min_size=labelers, max_size=labelers), min_size=1, max_size=12))


def _codes(columns: list[list[int | None]]) -> np.ndarray:
    return np.array([[np.nan if v is None else v for v in column] for column in columns], dtype=float).T


@settings(max_examples=200, deadline=None)
@given(columns=_MATRIX)
def test_percent_is_a_share_and_ignores_label_names(columns: list[list[int | None]]) -> None:
    codes = _codes(columns)
    percent = percent_agreement(codes)
    if percent is None:
        assert ((~np.isnan(codes)).sum(axis=0) < 2).all()
        return
    assert 0.0 <= percent <= 1.0
    renamed = np.where(np.isnan(codes), np.nan, (codes + 1) % 3)
    assert percent_agreement(renamed) == pytest.approx(percent)


@settings(max_examples=100, deadline=None)
@given(row=st.lists(st.integers(0, 2), min_size=2, max_size=20).filter(lambda r: len(set(r)) > 1),
       copies=st.integers(2, 4))
def test_identical_labelers_agree_perfectly(row: list[int], copies: int) -> None:
    codes = np.array([row] * copies, dtype=float)
    assert percent_agreement(codes) == 1.0
    assert mean_pairwise_kappa(codes)[0] == pytest.approx(1.0)
    assert krippendorff_alpha(codes) == pytest.approx(1.0)


@settings(max_examples=100, deadline=None)
@given(columns=_MATRIX)
def test_kappa_and_alpha_are_bounded(columns: list[list[int | None]]) -> None:
    codes = _codes(columns)
    kappa, _ = mean_pairwise_kappa(codes)
    alpha = krippendorff_alpha(codes)
    assert kappa is None or -1.0 - 1e-9 <= kappa <= 1.0 + 1e-9
    assert alpha is None or alpha <= 1.0 + 1e-9
