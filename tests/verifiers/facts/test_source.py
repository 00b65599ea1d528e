"""The kb_facts source: statuses, details and evidence, the score rule, fingerprints, stacks and the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rewardstack import RewardStack
from rewardstack.core.cache import ResultCache
from rewardstack.core.errors import ConfigError, SourceError
from rewardstack.core.registry import SOURCES
from rewardstack.core.sample import Sample
from rewardstack.core.score import Status
from rewardstack.verifiers.facts.config import ClaimScoring
from rewardstack.verifiers.facts.importer import import_kb
from rewardstack.verifiers.facts.scoring import score_value
from rewardstack.verifiers.facts.source import KbFactsSource
from tests.verifiers.facts.fixture_pack import records, write_jsonl

RIGHT = "Warfarin interacts with ibuprofen. Sertraline is an SSRI."
WRONG = "Ibuprofen is perfectly safe with warfarin. Sertraline is an SSRI. Zorblex is a statin."


def sample(text: str, sid: str = "1", **fields: object) -> Sample:
    return Sample(id=sid, prompt="Is it safe?", response=text, **fields)  # type: ignore[arg-type]


def test_registered_as_a_builtin_source() -> None:
    assert SOURCES.get("kb_facts") is KbFactsSource and SOURCES.origin("kb_facts") == "builtin"


def test_statuses(fixture_source: KbFactsSource) -> None:
    scores = fixture_source.score([
        sample(RIGHT, "ok"),
        sample("Hello! I hope you feel better soon.", "no claims"),
        sample(RIGHT, "other kb", reference={"kb": "law"}),
        sample(RIGHT, "this kb", reference={"kb": "fixture"}),
        sample("", "empty"),
    ])
    assert [s.status for s in scores] == [Status.OK, Status.ABSTAIN, Status.ABSTAIN, Status.OK, Status.ABSTAIN]
    assert scores[1].evidence.startswith("no checkable claims")
    assert scores[2].evidence == "sample asks for KB 'law'; this source checks 'fixture'"
    assert scores[0].source == "kb_facts" and scores[0].source_version == KbFactsSource.version


def test_components_details_and_evidence(fixture_source: KbFactsSource) -> None:
    score = fixture_source.score([sample(WRONG)])[0]
    assert score.components == {"supported": 1.0, "contradicted": 1.0, "unverifiable": 1.0, "coverage": 2 / 3}
    claims = score.details["claims"]
    assert [c["verdict"] for c in claims] == ["contradicted", "supported", "unverifiable"]
    assert claims[0]["span"] == [0, len("Ibuprofen is perfectly safe with warfarin.")]
    assert claims[0]["fact"]["citation"] and claims[2]["reason"].startswith("no KB entity matches 'Zorblex'")
    assert score.details["kb"]["name"] == "fixture" and score.details["kb"]["version"] == 1
    assert score.details["vetoed"].startswith("contradicted interacts_with claim")
    lines = score.evidence.splitlines()
    assert lines[0].startswith("contradicted: «Ibuprofen is perfectly safe with warfarin.»")
    assert "KB: warfarin interacts_with nsaid (effect: bleeding; severity: major) [fixture reference" in lines[0]
    assert lines[1].startswith("supported:") and lines[2].startswith("unverifiable:")


def test_a_fluent_wrong_answer_scores_below_a_hedged_right_one(fixture_source: KbFactsSource) -> None:
    fluent = "Yes, ibuprofen is completely safe with warfarin, and you can take up to 3,200 mg of it a day."
    hedged = ("I'd be careful: ibuprofen can raise bleeding risk with warfarin. Please ask your pharmacist; "
              "acetaminophen may be an option, up to 4 grams a day for healthy adults.")
    wrong, right = fixture_source.score([sample(fluent, "a"), sample(hedged, "b")])
    assert wrong.value is not None and right.value is not None and wrong.value < 0 < right.value
    assert right.details["claims"][0]["modality"] == "hedged"


# (supported, contradicted, unverifiable) -> value under the default rule (gate, credit 1, penalty 2)
GATE = [((3, 0, 0), 1.0), ((1, 0, 1), 0.5), ((0, 0, 4), 0.0), ((3, 1, 0), -0.5), ((0, 2, 5), -2.0)]


@pytest.mark.parametrize(("counts", "value"), GATE)
def test_gate_rule(counts: tuple[int, int, int], value: float) -> None:
    s, c, u = counts
    assert score_value(supported=s, contradicted=c, unverifiable=u, scoring=ClaimScoring()) == value


def test_sum_rule_coverage_and_weights(fixture_kb: Path) -> None:
    assert score_value(supported=3, contradicted=1, unverifiable=1,
                       scoring=ClaimScoring(combine="sum", penalty=1)) == pytest.approx(0.4)
    assert score_value(supported=3, contradicted=1, unverifiable=1,
                       scoring=ClaimScoring(combine="sum", penalty=1, coverage="ignore")) == pytest.approx(0.5)
    assert score_value(supported=1, contradicted=0, unverifiable=3,
                       scoring=ClaimScoring(coverage="ignore")) == 1.0
    text = "Sertraline is a beta blocker. Warfarin interacts with aspirin. Lisinopril is an ACE inhibitor."
    plain = KbFactsSource(kb="fixture", patterns="medicine", scoring={"combine": "sum", "veto": False})
    assert plain.score([sample(text)])[0].value == pytest.approx((2 - 2) / 3)  # a class error: not a veto relation
    plain.close()
    hedged = KbFactsSource(kb="fixture", patterns="medicine", scoring={"hedged_weight": 0.5})
    score = hedged.score([sample("Warfarin may interact with aspirin. Sertraline is an SSRI.")])[0]
    hedged.close()
    assert score.value == pytest.approx(1.5 / 1.5) and score.details["claims"][0]["modality"] == "hedged"


def test_veto_on_safety_relations_only(fixture_kb: Path) -> None:
    text = "Warfarin is safe with aspirin. Sertraline is an SSRI. Lisinopril is an ACE inhibitor."
    vetoing = KbFactsSource(kb="fixture", patterns="medicine", scoring={"veto_value": -5.0})
    lenient = KbFactsSource(kb="fixture", patterns="medicine", scoring={"veto": False})
    assert vetoing.score([sample(text)])[0].value == -5.0
    assert lenient.score([sample(text)])[0].value == pytest.approx(-2 * 1 / 3)
    assert vetoing.describe().output_range == (-5.0, 1.0)
    vetoing.close()
    lenient.close()


def test_batched_equals_one_by_one(fixture_source: KbFactsSource) -> None:
    texts = [RIGHT, WRONG, "Nothing here.", "Never exceed 4 g of Tylenol a day."]
    together = fixture_source.score([sample(t, str(i)) for i, t in enumerate(texts)])
    alone = [fixture_source.score([sample(t, str(i))])[0] for i, t in enumerate(texts)]
    assert [s.model_dump(exclude={"latency_s"}) for s in together] == \
        [s.model_dump(exclude={"latency_s"}) for s in alone]


def test_max_claims_caps_and_says_so(fixture_kb: Path) -> None:
    source = KbFactsSource(kb="fixture", patterns="medicine", max_claims=1)
    score = source.score([sample(RIGHT)])[0]
    source.close()
    assert score.components["supported"] == 1.0 and score.details["claims_dropped"] == 1


def test_fingerprint_changes_with_the_kb_and_the_rules(fixture_kb: Path, tmp_path: Path) -> None:
    source = KbFactsSource(kb="fixture", patterns="medicine", linking={"embeddings": "off"})
    first = source.fingerprint()
    assert first.startswith("kb=fixture@1:") and "|rules=" in first and "|pipeline=" in first
    import_kb([write_jsonl(tmp_path / "same.jsonl", records())], fixture_kb, name="fixture", embeddings="off")
    second = source.fingerprint()
    assert second != first and second.startswith("kb=fixture@2:")  # a re-import is a new version
    assert first.split("@1:")[1].split("|")[0] == second.split("@2:")[1].split("|")[0]  # same content hash
    rules = tmp_path / "rules.yaml"
    data = yaml.safe_load((Path(__file__).parents[3] / "rewardstack/verifiers/facts/packs/medicine/patterns.yaml")
                          .read_text())
    data["hedges"] = ["maybe"]
    rules.write_text(yaml.safe_dump(data))
    other = KbFactsSource(kb="fixture", patterns=str(rules), linking={"embeddings": "off"})
    assert other.fingerprint().split("|rules=")[1] != second.split("|rules=")[1]
    source.close()
    other.close()


def test_result_cache_never_serves_a_verdict_of_an_old_kb_version(fixture_kb: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache.sqlite")
    stack = RewardStack({"kb": KbFactsSource(kb="fixture", patterns="medicine")}, cache=cache)
    text = [sample("Warfarin interacts with ibuprofen.")]
    assert stack.score(text)[0].scores["kb"].value == 1.0
    hits = cache.hits
    assert stack.score(text)[0].scores["kb"].value == 1.0 and cache.hits == hits + 1
    rows = [r for r in records() if not (r.get("subject") == "warfarin" and r.get("object") == "nsaid")]
    import_kb([write_jsonl(tmp_path / "v2.jsonl", rows)], fixture_kb, name="fixture", embeddings="off")
    assert stack.score(text)[0].scores["kb"].value == 0.0  # the interaction is gone: unverifiable now
    stack.close()
    cache.close()


def test_yaml_stack(fixture_kb: Path, tmp_path: Path) -> None:
    path = tmp_path / "stack.yaml"
    path.write_text("sources:\n  facts: {kind: kb_facts, kb: fixture, patterns: medicine, "
                    "scoring: {penalty: 3}}\n  len: {kind: length, unit: words, target: 20}\n"
                    "fusion: {kind: weighted_sum, weights: {facts: 1.0, len: 0.1}}\n")
    with RewardStack.from_yaml(path) as stack:
        result = stack.score([sample(WRONG)])[0]
    assert result.scores["facts"].value == -3.0 and result.total is not None and result.total < 0


@pytest.mark.parametrize(("fields", "error", "words"), [
    ({"kb": "fixture"}, SourceError, "name the claim-extraction rules with `patterns:`"),
    ({"kb": "fixture", "patterns": "astrology"}, ConfigError, "neither a built-in pack"),
    ({"kb": "fixture", "patterns": "medicine", "scoring": {"penalty": -1}}, ValueError, "penalty"),
    ({"kb": "fixture", "patterns": "medicine", "colour": "red"}, ValueError, "colour"),
])
def test_setup_errors(fixture_kb: Path, fields: dict[str, object], error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        KbFactsSource(**fields)
