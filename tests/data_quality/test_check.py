"""The whole check through the Python API: any file either gives a report (JSON and tables) or a DataFileError."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from rewardstack.data import CheckOptions, DataFileError, PreferenceRecord, check_data, unit_of
from rewardstack.data.render import print_report
from tests.data_quality.synthetic import labelled_pairs, truth_rows, write_rows


def render(report: object) -> str:
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=200, force_terminal=False))  # type: ignore[arg-type]
    return buffer.getvalue()


_NAMES = st.sampled_from(["ann", "bob", "[bold]cy[/bold]", "dee", 3, None, "", True])
_TEXTS = st.sampled_from(["a", "bb", "Yes, you're right.", "No, that's a myth.", "", "  ", 5, None,
                          [{"role": "user", "content": "hi"}]])
_PREF = st.fixed_dictionaries({"prompt": st.sampled_from(["I think bats are blind.", "p", "q", ""]),
                               "chosen": _TEXTS, "rejected": _TEXTS, "labeler": _NAMES})
_RATING = st.fixed_dictionaries({"item": st.sampled_from([1, 2, "x", None]), "labeler": _NAMES,
                                 "label": st.sampled_from([1, 2, "1", True, 1.5, None, [1]])})
_LINE = st.one_of(_PREF.map(lambda d: json.dumps(d).encode()), _RATING.map(lambda d: json.dumps(d).encode()),
                  st.binary(max_size=30).filter(lambda b: b"\n" not in b and b"\r" not in b))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINE, min_size=1, max_size=30))
def test_any_file_gives_a_report_or_a_clear_error(tmp_path_factory: pytest.TempPathFactory,
                                                  lines: list[bytes]) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "data.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    try:
        report = check_data(CheckOptions(file=path))
    except DataFileError as exc:
        assert str(path) in str(exc)
        return
    decoded = json.loads(report.to_json())  # strict JSON: no NaN, no Infinity
    assert decoded["records"] + decoded["problems"]["total"] == decoded["lines"]
    for key in ("percent", "krippendorff_alpha", "cohen_kappa"):
        value = decoded["agreement"][key]
        assert value is None or math.isfinite(value)
    assert "data check" in render(report)


def test_labeler_names_are_printed_as_written(tmp_path: Path) -> None:
    rows = [{"prompt": f"p{i}", "chosen": "a", "rejected": "b", "labeler": name}
            for i in range(3) for name in ("[red]x[/red]", "y")]
    report = check_data(CheckOptions(file=write_rows(tmp_path / "p.jsonl", rows)))
    assert "[red]x[/red]" in render(report)


def test_verifiable_accuracy_and_matched_units(tmp_path: Path) -> None:
    slips = {"a": 0.0, "b": 0.0, "c": 0.5}
    rows = labelled_pairs(0, pairs=30, slips=slips, per_pair=3)
    truth = truth_rows(rows, slips)[:20]
    report = check_data(CheckOptions(file=write_rows(tmp_path / "p.jsonl", rows),
                                     verifiable=write_rows(tmp_path / "t.jsonl", truth)))
    assert report.verifiable is not None and report.verifiable.matched_units == 20
    accuracy = {row.labeler: row.accuracy for row in report.labelers}
    assert accuracy["a"] == accuracy["b"] == 1.0 and accuracy["c"] is not None and accuracy["c"] < 1.0
    assert all(row.verified == 20 for row in report.labelers)


def test_unusable_ground_truth_is_an_error(tmp_path: Path) -> None:
    data = write_rows(tmp_path / "p.jsonl", [{"prompt": "p", "chosen": "a", "rejected": "b", "labeler": "x"}])
    truth = tmp_path / "t.jsonl"
    truth.write_text('{"item": 1, "label": 2}\n')
    with pytest.raises(DataFileError, match="no usable ground-truth preferences line"):
        check_data(CheckOptions(file=data, verifiable=truth))


@settings(max_examples=100, deadline=None)
@given(prompt=st.text(min_size=1), a=st.text(min_size=1), b=st.text(min_size=1))
def test_a_pair_is_the_same_unit_in_either_order(prompt: str, a: str, b: str) -> None:
    first = PreferenceRecord(line=1, prompt=prompt, chosen=a, rejected=b)
    second = PreferenceRecord(line=2, prompt=prompt, chosen=b, rejected=a)
    assert unit_of(first) == unit_of(second)


def test_ratings_ground_truth_and_label_set(tmp_path: Path) -> None:
    rows = [{"item": i, "labeler": name, "label": (i % 3) + 1 if name != "z" or i % 2 else 3}
            for i in range(30) for name in ("x", "y", "z")] + [{"item": 99, "labeler": "x", "label": 7}]
    truth = [{"item": i, "label": (i % 3) + 1} for i in range(30)]
    report = check_data(CheckOptions(file=write_rows(tmp_path / "r.jsonl", rows),
                                     verifiable=write_rows(tmp_path / "t.jsonl", truth), labels=("1", "2", "3")))
    assert report.kind.value == "ratings" and report.bias is None
    assert report.problems.counts == {"label_out_of_range": 1}
    accuracy = {row.labeler: row.accuracy for row in report.labelers}
    assert accuracy["x"] == accuracy["y"] == 1.0
    # z answers 3 on even items: right on the 5 even items whose truth is 3 (i = 2, 8, 14, 20, 26)
    assert accuracy["z"] == pytest.approx((15 + 5) / 30)
    assert report.labelers[-1].labeler == "z"
