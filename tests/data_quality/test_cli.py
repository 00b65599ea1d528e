"""``rewardstack data check`` on real files, in-process (the same app and arguments as a user's command)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.data_quality.synthetic import labelled_pairs, truth_rows, write_rows
from tests.support.cli import EXAMPLES
from tests.support.inprocess import rewardstack

LABELLED = EXAMPLES / "data/preferences_labelled.jsonl"
VERIFIED = EXAMPLES / "data/preferences_verified.jsonl"
DEPLOYMENT = EXAMPLES / "data/deployment_prompts.jsonl"
PLANTED = {**{f"honest{i}": 0.10 for i in range(1, 6)}, "planted": 0.40}


def report_of(*args: str | Path) -> dict[str, Any]:
    proc = rewardstack("data", "check", *args, "--json")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, "--json prints exactly one JSON object"
    report: dict[str, Any] = json.loads(lines[0])
    return report


def test_example_json_has_every_section() -> None:
    report = report_of(LABELLED, "--verifiable", VERIFIED)
    assert set(report) >= {"agreement", "labelers", "bias", "shift", "problems", "warnings"}
    assert report["kind"] == "preferences" and report["records"] + report["problems"]["by_file"][str(LABELLED)] == \
        report["lines"]
    agreement = report["agreement"]
    assert {"percent", "cohen_kappa", "krippendorff_alpha"} <= set(agreement)
    assert all(isinstance(agreement[k], float) for k in ("percent", "cohen_kappa", "krippendorff_alpha"))
    last = report["labelers"][-1]
    assert last["labeler"] == "eli" and last["flagged"] is True and last["rank"] == 5
    assert {"loo_agreement", "accuracy", "count", "flagged"} <= set(last) and last["verified"] > 0
    assert report["verifiable"]["matched_units"] == 80
    for probe in ("longer_chosen", "belief_agreeing_chosen"):
        low, high = report["bias"][probe]["interval"]
        assert low <= report["bias"][probe]["share"] <= high and report["bias"][probe]["method"] == "wilson"
    assert report["shift"] is None
    assert report["problems"]["counts"] == {"invalid_utf8": 1, "bad_json": 1, "wrong_format": 1, "empty_text": 1,
                                            "identical_pair": 1, "duplicate": 1}
    assert all(item["line"] > 0 and item["file"] == str(LABELLED) for item in report["problems"]["items"])
    assert any("'eli' flagged" in w for w in report["warnings"])


def test_example_rich_report_is_readable() -> None:
    proc = rewardstack("data", "check", LABELLED)
    assert proc.returncode == 0, proc.stderr
    for text in ("percent agreement", "Krippendorff's alpha", "FLAGGED", "eli", "the longer one", "identical_pair",
                 "preferences_labelled.jsonl:385", "warnings"):
        assert text in proc.stdout, text


@pytest.mark.slow
def test_example_with_deployment_prompts_reports_drift() -> None:
    report = report_of(LABELLED, "--deployment", DEPLOYMENT)
    shift = report["shift"]
    assert shift["drift"] is True and shift["deployment_prompts"] == 16 and shift["encoder"] == "all-minilm-l6-v2"
    assert shift["train_knn"]["p50"] < shift["deployment_knn"]["p50"]
    assert 0.5 <= shift["classifier_auc"] <= 1.0
    assert any("drift" in w for w in report["warnings"])


def test_planted_labeler_through_the_command(tmp_path: Path) -> None:
    rows = labelled_pairs(3, slips=PLANTED)
    data = write_rows(tmp_path / "prefs.jsonl", rows)
    truth = write_rows(tmp_path / "truth.jsonl", truth_rows(rows, PLANTED))
    report = report_of(data, "--verifiable", truth)
    names = [row["labeler"] for row in report["labelers"]]
    assert names[-1] == "planted" and [r["labeler"] for r in report["labelers"] if r["flagged"]] == ["planted"]


def test_low_agreement_warns_with_the_threshold(tmp_path: Path) -> None:
    rows = [{"item": i, "labeler": name, "label": "yes" if name == "a" or i % 2 else "no"}
            for i in range(20) for name in ("a", "b")]
    report = report_of(write_rows(tmp_path / "ratings.jsonl", rows))
    assert report["kind"] == "ratings" and report["agreement"]["percent"] == 0.5 and report["bias"] is None
    threshold = [w for w in report["warnings"] if "0.70" in w]
    assert threshold and "too weak to train on reliably" in threshold[0]
    assert threshold[0] in report["agreement"]["warnings"]


def test_garbage_lines_are_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = [json.dumps({"prompt": f"p{i}", "chosen": "a", "rejected": "bb", "labeler": lab}).encode()
            for i in range(5) for lab in ("x", "y")]
    garbage = [b"\x00\xff\xfe", b"{{{{", b"null", b'{"prompt": 1, "chosen": "a", "rejected": "b"}', b"[" * 5000,
               '{"prompt": "\u00e9"}'.encode("latin-1"), b'{"prompt": "p", "chosen": "\\ud800", "rejected": "b"}']
    path.write_bytes(b"\n".join(good[:4] + garbage + good[4:]) + b"\n")
    report = report_of(path)
    assert report["records"] == 10 and report["problems"]["total"] == len(garbage)
    assert sorted(item["line"] for item in report["problems"]["items"]) == list(range(5, 5 + len(garbage)))


@pytest.mark.parametrize(("setup", "args", "message"), [
    (None, ("{tmp}/absent.jsonl",), "absent.jsonl: cannot read"),
    ("", ("{tmp}/data.jsonl",), "the file is empty"),
    ("garbage\n{\"x\": 1}\n", ("{tmp}/data.jsonl",), "no line is a preference pair"),
    ('{"item": 1, "labeler": "a", "label": 1}\n', ("{tmp}/data.jsonl", "--deployment", "{tmp}/data.jsonl"),
     "holds ratings (no prompts)"),
    ('{"prompt": "p", "chosen": "a", "rejected": "b"}\n{"prompt": "p", "chosen": "a", "rejected": "a"}\n',
     ("{tmp}/data.jsonl", "--on-bad-line", "fail"), "data.jsonl:2: identical_pair"),
    ('{"prompt": "p", "chosen": "a", "rejected": "b"}\n', ("{tmp}/data.jsonl", "--verifiable", "{tmp}/none.jsonl"),
     "none.jsonl: cannot read"),
    ('{"prompt": "p", "chosen": "a", "rejected": "b"}\n', ("{tmp}/data.jsonl", "--labels", " , "),
     "name at least one label"),
    ('{"prompt": "p", "chosen": "a", "rejected": "b"}\n', ("{tmp}/data.jsonl", "--deployment", "{tmp}/data.jsonl",
                                                         "--encoder", "no-such-model"), "no-such-model"),
])
def test_bad_input_exits_2_with_a_clear_message(tmp_path: Path, setup: str | None, args: tuple[str, ...],
                                                message: str) -> None:
    if setup is not None:
        (tmp_path / "data.jsonl").write_text(setup)
    proc = rewardstack("data", "check", *(arg.format(tmp=tmp_path) for arg in args))
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert message in " ".join(proc.stderr.split()) and "Traceback" not in proc.stderr


def test_help_shows_examples() -> None:
    proc = rewardstack("data", "check", "--help")
    assert proc.returncode == 0 and "--verifiable" in proc.stdout and "--deployment" in proc.stdout
    assert "rewardstack data check examples/data/preferences_labelled.jsonl" in proc.stdout
