"""The done-means figures on the medicine pack, through the real source (the built-in KB, auto-imported).

Held-out split (the extractor rules were never tuned on it): verdict accuracy >= 0.90, no ``supported``
verdict on a contradicted claim, >= 95% of negation flips flip the verdict, recall of contradicted
interaction/dose claims >= 0.9 at precision >= 0.9. Dev figures are asserted at the same bar. Every
fluent-wrong answer scores strictly below its hedged-right twin. The figures are printed (``-s``) and
recorded by ``benchmarks/perf/facts_accuracy.py``.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from rewardstack.core.sample import Sample
from rewardstack.verifiers.facts import packs_io
from rewardstack.verifiers.facts.evaluate import claim_report, load_jsonl, pair_report, predict_claims
from rewardstack.verifiers.facts.packs_io import ensure_kb, pack_file
from rewardstack.verifiers.facts.source import KbFactsSource
from rewardstack.verifiers.facts.store import KnowledgeBase
from tests.verifiers.facts.fixture_pack import records, write_jsonl


@cache
def _claims() -> list[dict[str, Any]]:
    return load_jsonl(pack_file("medicine", "claims.jsonl"))


@pytest.fixture(scope="module")
def report(medicine_kb_dir: Path) -> dict[str, dict[str, Any]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REWARDSTACK_KB_DIR", str(medicine_kb_dir))
        source = KbFactsSource(kb="medicine")
        predicted = predict_claims(source, _claims())
        source.close()
    result = claim_report(_claims(), predicted)
    print(json.dumps({split: {k: v for k, v in r.items() if k != "confusion"} for split, r in result.items()},
                     indent=1))
    return result


@pytest.mark.parametrize("split", ["heldout", "dev"])
def test_done_means_figures(report: dict[str, dict[str, Any]], split: str) -> None:
    figures = report[split]
    assert figures["n"] >= 100
    assert figures["accuracy"] >= 0.90, figures["wrong"]
    assert figures["supported_on_contradicted"] == 0
    assert figures["negation_pairs"] >= 20 and figures["negation_flip_rate"] >= 0.95
    assert figures["contradicted_recall"] >= 0.9 and figures["contradicted_precision"] >= 0.9


def test_fluent_wrong_scores_below_hedged_right_on_every_pair(medicine_source: KbFactsSource) -> None:
    pairs = load_jsonl(pack_file("medicine", "pairs.jsonl"))
    result = pair_report(medicine_source, pairs)
    assert result["n"] >= 60
    assert result["losses"] == []


def test_the_user_story(medicine_source: KbFactsSource) -> None:
    """`kb: {kind: kb_facts, kb: medicine}`: each claim with its verdict and the fact behind it."""
    response = ("Yes, you can take ibuprofen with warfarin, it's perfectly safe. Tylenol is a good choice too: "
                "up to 4 grams a day for healthy adults.")
    score = medicine_source.score([Sample(id="1", prompt="Can I take Advil with warfarin?", response=response)])[0]
    verdicts = {c["claim"]: c["verdict"] for c in score.details["claims"]}
    assert verdicts["ibuprofen NOT interacts_with warfarin"] == "contradicted"
    assert verdicts["acetaminophen max_daily_dose within 4 g/day"] == "supported"
    assert score.evidence.startswith("contradicted: «Yes, you can take ibuprofen with warfarin")
    assert "[BNF" in score.evidence.splitlines()[0] or "citation" in score.details["claims"][0]["fact"]
    assert score.value == -2.0 and score.details["vetoed"]


def test_built_in_pack_imports_itself_once_and_again_when_its_file_changes(kb_dir: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    pack = tmp_path / "packs" / "medicine"
    pack.mkdir(parents=True)
    write_jsonl(pack / "kb.jsonl", records())
    shutil.copy(pack_file("medicine", "patterns.yaml"), pack / "patterns.yaml")
    monkeypatch.setattr(packs_io, "pack_dir", lambda name: pack if name == "medicine" else None)
    path = ensure_kb("medicine", embeddings="off")
    meta = KnowledgeBase(path).meta()
    assert (meta.version, meta.origin) == (1, "pack:medicine")
    assert ensure_kb("medicine", embeddings="off") == path and KnowledgeBase(path).meta().version == 1
    write_jsonl(pack / "kb.jsonl", records()[:-1])  # a new rewardstack version ships a changed pack
    ensure_kb("medicine", embeddings="off")
    assert KnowledgeBase(path).meta().version == 2


def test_a_users_own_kb_under_a_pack_name_is_left_alone(kb_dir: Path, tmp_path: Path) -> None:
    from rewardstack.verifiers.facts.importer import import_kb

    mine = write_jsonl(tmp_path / "mine.jsonl", records()[:5])
    import_kb([mine], kb_dir / "medicine.sqlite", name="medicine", embeddings="off")
    ensure_kb("medicine")
    meta = KnowledgeBase(kb_dir / "medicine.sqlite").meta()
    assert (meta.origin, meta.entities) == ("file", 5)


def test_a_broken_pack_kb_says_to_remove_it(kb_dir: Path) -> None:
    from rewardstack.core.errors import SourceError

    (kb_dir / "medicine.sqlite").write_bytes(b"garbage" * 1000)
    with pytest.raises(SourceError, match=r"Remove it \(rm .*medicine.sqlite\*\): the built-in pack 'medicine' is "
                                          "imported again on next use"):
        KbFactsSource(kb="medicine")
