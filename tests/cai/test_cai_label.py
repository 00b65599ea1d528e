"""``cai label`` with the tiny seeded judge: both orders averaged, clamped, oriented, deterministic, resumable."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from rewardstack.cai import LabelSettings, judge_from_spec, run_label
from rewardstack.core.errors import ConfigError
from rewardstack.rewards.critic.judges.hf_local import HfLocalConfig, HfLocalJudge
from rewardstack.training.rm import read_preferences
from tests.cai.conftest import LABEL, PAIRS, read_jsonl, write_jsonl


@pytest.mark.parametrize("band", [(0.4, 0.6), (0.0, 1.0), (0.5, 0.5)])
def test_labels_are_averaged_over_orders_clamped_and_oriented(tmp_path: Path, pairs_file: Path,
                                                              tiny_judge: HfLocalJudge,
                                                              band: tuple[float, float]) -> None:
    out = tmp_path / "prefs.jsonl"
    settings = LABEL.model_copy(update={"band": band})
    summary = run_label(pairs_file, out, settings, batch_size=4, judge=tiny_judge)
    assert (summary.written, summary.skipped) == (len(PAIRS), [])
    assert read_preferences(out).bad_lines == []
    for row, given in zip(read_jsonl(out), PAIRS, strict=True):
        meta = row["metadata"]
        assert meta["p_first"] == pytest.approx(sum(meta["by_order"]) / 2, abs=2e-6)
        clamped = min(band[1], max(band[0], meta["p_first"]))
        assert row["label_prob"] == pytest.approx(max(clamped, 1 - clamped), abs=1e-6)
        assert row["margin"] == pytest.approx(math.log(row["label_prob"] / (1 - row["label_prob"])), abs=1e-5)
        expected = (given["rejected"], given["chosen"]) if meta["swapped"] else (given["chosen"], given["rejected"])
        assert (row["chosen"], row["rejected"]) == expected and meta["swapped"] == (clamped < 0.5)
        assert meta["flipped"] == ((meta["by_order"][0] >= 0.5) != (meta["by_order"][1] >= 0.5))
        assert meta["pair"] == given.get("metadata", {}) and meta["band"] == list(band)


def test_pointwise_labels_are_the_bradley_terry_preference_of_two_critic_verdicts(
        tmp_path: Path, pairs_file: Path, tiny_judge: HfLocalJudge) -> None:
    out = tmp_path / "prefs.jsonl"
    settings = LABEL.model_copy(update={"mode": "pointwise", "band": (0.0, 1.0)})
    assert run_label(pairs_file, out, settings, judge=tiny_judge).written == len(PAIRS)
    for row, given in zip(read_jsonl(out), PAIRS, strict=True):
        meta = row["metadata"]
        first, second = meta["first"], meta["second"]
        for verdict in (first, second):
            assert verdict["value"] == pytest.approx(sum(verdict["by_order"]) / 2, abs=2e-6)
        v1, v2 = first["value"], second["value"]
        assert meta["p_first"] == pytest.approx(v1 * (1 - v2) / (v1 * (1 - v2) + v2 * (1 - v1)), abs=1e-5)
        assert meta["mode"] == "pointwise" and meta["swapped"] == (meta["p_first"] < 0.5)
        assert {row["chosen"], row["rejected"]} == {given["chosen"], given["rejected"]}


def test_two_runs_give_identical_files_and_resume_skips_done_pairs(tmp_path: Path, pairs_file: Path,
                                                                  tiny_judge: HfLocalJudge) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    run_label(pairs_file, a, LABEL, batch_size=4, judge=tiny_judge)
    run_label(pairs_file, b, LABEL, batch_size=4, judge=tiny_judge)
    assert a.read_bytes() == b.read_bytes()
    lines = a.read_bytes().splitlines(keepends=True)
    b.write_bytes(b"".join(lines[:4]) + lines[4][:30])  # 4 whole lines and a cut one
    resumed = run_label(pairs_file, b, LABEL, batch_size=4, judge=tiny_judge)
    assert (resumed.already_done, resumed.written) == (4, 2)
    assert b.read_bytes() == a.read_bytes()
    with pytest.raises(ConfigError, match=r"b.jsonl:1: metadata.seed is 0, this run has 5"):
        run_label(pairs_file, b, LABEL.model_copy(update={"seed": 5}), judge=tiny_judge)


def test_a_judge_error_skips_the_pair_with_the_reason(tmp_path: Path, pairs_file: Path) -> None:
    judge = HfLocalJudge(HfLocalConfig(model="tiny-lm", device="cpu", max_length=150))  # the long pairs do not fit
    summary = run_label(pairs_file, tmp_path / "prefs.jsonl", LABEL, judge=judge)
    judge.close()
    assert summary.skipped and summary.written == len(PAIRS) - len(summary.skipped)
    assert all(s.reason.startswith("judge error: the judge prompt has ") for s in summary.skipped)


@pytest.mark.parametrize(("spec", "message"), [
    ("{kind: no_such_judge}", "--judge: "),
    ("{kind: hf_local, modle: tiny-lm}", "--judge: "),
    ("{kind: [", "--judge: not a YAML mapping"),
])
def test_a_bad_judge_spec_is_a_config_error(spec: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        judge_from_spec(spec)


def test_a_band_without_one_half_is_refused() -> None:
    with pytest.raises(ValueError, match="the band must hold 0.5"):
        LabelSettings(band=(0.6, 0.9))


def test_a_pair_whose_domain_no_principle_covers_is_skipped(tmp_path: Path, tiny_judge: HfLocalJudge) -> None:
    constitution = tmp_path / "med.yaml"
    constitution.write_text("name: med-only\nprinciples:\n  - id: medical_caution\n    text: Careful medicine.\n"
                            "    applies_to: [medicine]\n")
    pairs = write_jsonl(tmp_path / "pairs.jsonl", [{**PAIRS[3], "domain": "medicine"}, PAIRS[0]])
    summary = run_label(pairs, tmp_path / "prefs.jsonl", LABEL.model_copy(update={"constitution": str(constitution)}),
                        judge=tiny_judge)
    assert summary.written == 1 and [(s.line, s.reason) for s in summary.skipped] == [
        (2, "no principle of constitution 'med-only' applies to domain None")]
    assert read_jsonl(tmp_path / "prefs.jsonl")[0]["metadata"]["principle"] == "medical_caution"
