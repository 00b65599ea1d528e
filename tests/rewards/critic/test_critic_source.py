"""constitutional_critic: scoring rules with a scripted judge (exact numbers), then with a real local model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from rewardstack import RewardStack, Sample
from rewardstack.core.errors import ConfigError, SourceError
from rewardstack.core.identity import source_identity
from rewardstack.core.registry import JUDGE_BACKENDS, SOURCES
from rewardstack.core.score import Status
from rewardstack.core.source import is_async_source
from rewardstack.rewards.critic.source import DEFAULT_JUDGE, ConstitutionalCriticSource
from tests.rewards.critic.critic_support import ScriptedJudge
from tests.support.cli import rewardstack

GENERAL = ["harm_avoidance", "honesty_uncertainty", "no_sycophancy", "helpful_no_needless_refusal"]


def critic(**judge: Any) -> ConstitutionalCriticSource:
    options = {k: judge.pop(k) for k in list(judge) if k in ("constitution", "principles", "critique_tokens",
                                                              "critique_for", "self_consistency", "batch")}
    return ConstitutionalCriticSource(judge={"kind": "scripted_test", **judge}, **options)


def sample(i: int = 0, domain: str | None = None, response: str = "A response.") -> Sample:
    return Sample(id=str(i), prompt=f"Question {i}?", response=response, domain=domain)


@pytest.fixture(autouse=True)
def _fresh_calls() -> Iterator[None]:
    ScriptedJudge.calls.clear()
    yield
    ScriptedJudge.calls.clear()


def test_registered_and_sync_with_a_local_judge() -> None:
    assert SOURCES.get("constitutional_critic") is ConstitutionalCriticSource
    source = critic()
    assert type(source) is ConstitutionalCriticSource and not is_async_source(source)
    assert source.describe().output_range == (0.0, 1.0)


def test_both_orders_are_asked_and_averaged_and_flips_are_counted() -> None:
    """A judge that always gives the first-listed option 0.8: each order's verdict flips, the mean is 0.5."""
    source = critic(first=0.8)
    [score] = source.score([sample()])
    assert score.status is Status.OK and score.value == pytest.approx(0.5)
    assert score.components == pytest.approx({p: 0.5 for p in GENERAL})
    assert score.details["orders"]["no_sycophancy"] == pytest.approx([0.8, 0.2])
    assert score.details["flipped"] == GENERAL and score.details["flip_rate"] == 1.0
    [requests] = ScriptedJudge.calls
    assert len(requests) == 2 * len(GENERAL)
    assert {r.options for r in requests} == {("Yes", "No"), ("No", "Yes")}
    assert sum(str(r.prompt).endswith("Answer Yes or No.") for r in requests) == len(GENERAL)
    assert source.notes() == ["option order changed the side of 4 of 4 principle verdicts (flip rate 100.0%); "
                              "both orders are averaged"]


def test_an_unbiased_judge_does_not_flip() -> None:
    [score] = critic(yes={"Question": 0.9}).score([sample()])
    assert score.value == pytest.approx(0.9) and score.details["flipped"] == [] and score.details["flip_rate"] == 0


def test_value_is_the_weighted_mean_of_applying_principles(tmp_path: Path) -> None:
    path = tmp_path / "weights.yaml"
    path.write_text("name: w\nprinciples:\n"
                    "  - {id: kind, text: 'Be kind.', weight: 3}\n"
                    "  - {id: brief, text: 'Be brief.', weight: 1}\n"
                    "  - {id: cited, text: 'Cite sources.', weight: 5, applies_to: [medicine]}\n")
    source = critic(constitution=str(path), yes={"Be kind": 1.0, "Be brief": 0.2, "Cite": 0.0})
    general, medical = source.score([sample(0), sample(1, domain="medicine")])
    assert general.value == pytest.approx((3 * 1.0 + 1 * 0.2) / 4)
    assert general.components == pytest.approx({"kind": 1.0, "brief": 0.2})
    assert medical.value == pytest.approx((3 * 1.0 + 1 * 0.2 + 5 * 0.0) / 9)
    assert set(medical.components) == {"kind", "brief", "cited"}


@pytest.mark.parametrize(("constitution", "domain", "expected"), [
    ("default", None, GENERAL),
    ("default", "medicine", [*GENERAL, "medical_caution"]),
    ("default", "code", GENERAL),
    ("coding", "code", ["secure_code", "honest_about_code", "no_sycophancy", "helpful_no_needless_refusal",
                        "harm_avoidance"]),
])
def test_components_are_the_principles_that_apply(constitution: str, domain: str | None,
                                                  expected: list[str]) -> None:
    [score] = critic(constitution=constitution, yes={"Question": 0.7}).score([sample(domain=domain)])
    assert list(score.components) == expected


def test_no_applicable_principle_abstains(tmp_path: Path) -> None:
    path = tmp_path / "only_medicine.yaml"
    path.write_text("name: m\nprinciples:\n  - {id: dose, text: 'Safe doses.', applies_to: [medicine]}\n")
    abstained, scored = critic(constitution=str(path), first=0.6).score([sample(0, "code"), sample(1, "medicine")])
    assert abstained.status is Status.ABSTAIN and abstained.value is None
    assert "no principle of constitution m@1 applies to this sample (domain 'code')" in abstained.evidence
    assert scored.status is Status.OK
    assert len(ScriptedJudge.calls[0]) == 2  # nothing was asked for the abstaining sample


def test_a_principle_subset() -> None:
    [score] = critic(principles=["no_sycophancy"], first=0.5).score([sample(domain="medicine")])
    assert list(score.components) == ["no_sycophancy"]
    with pytest.raises(ValidationError, match="no_such"):
        critic(principles=["no_such"])


@pytest.mark.parametrize(("judge", "status", "evidence"), [
    ({"errors": {"to please them": "malformed reply: not JSON"}}, Status.ERROR,
     "no_sycophancy: verdict: malformed reply: not JSON"),
    ({"timeouts": {"to please them": "no answer within 5s"}}, Status.TIMEOUT, "no_sycophancy: verdict: no answer"),
    ({"timeouts": {"to please them": "slow"}, "errors": {"serious harm": "refused"}}, Status.ERROR,
     "harm_avoidance: verdict"),
])
def test_judge_failures_are_statuses_with_reasons(judge: dict[str, Any], status: Status, evidence: str) -> None:
    # "to please them" occurs only in no_sycophancy's text, "serious harm" only in harm_avoidance's
    [score] = critic(first=0.7, **judge).score([sample()])
    assert score.status is status and score.value is None
    assert evidence in score.evidence
    assert "honesty_uncertainty" in score.details["partial"] and score.components == {}


def test_critiques_go_into_evidence_for_violated_principles() -> None:
    source = critic(yes={"to please them": 0.1, "Question": 0.9}, critique_tokens=32)
    [score] = source.score([sample()])
    assert score.details["critiques"] == {"no_sycophancy": "critique of to please them"}
    assert "\nno_sycophancy: critique of to please them" in score.evidence
    critique_calls = ScriptedJudge.calls[-1]
    assert len(critique_calls) == 1 and critique_calls[0].critique_tokens == 32
    assert critique_calls[0].temperature == 0.0
    [every] = critic(first=0.5, critique_tokens=8, critique_for="all").score([sample()])
    assert set(every.details["critiques"]) == set(GENERAL)


def test_self_consistency_asks_k_seeded_rationales_then_reads_after_each() -> None:
    source = critic(yes={"Question": 0.6}, self_consistency={"samples": 3, "temperature": 0.9, "seed": 7,
                                                             "rationale_tokens": 16})
    [score] = source.score([sample()])
    rationales, verdicts = ScriptedJudge.calls
    assert len(rationales) == 3 * len(GENERAL)
    assert {r.seed for r in rationales} == {7, 8, 9} and {r.temperature for r in rationales} == {0.9}
    assert len(verdicts) == 2 * 3 * len(GENERAL)
    assert all([t.role for t in v.prompt] == ["user", "assistant", "user"] for v in verdicts)  # type: ignore[union-attr]
    assert score.value == pytest.approx(0.6) and score.details["consistency_spread"]["no_sycophancy"] == 0.0


def test_cost_counts_judge_tokens() -> None:
    [score] = critic(first=0.5).score([sample()])
    assert score.cost == 10 * 2 * len(GENERAL)


def test_fingerprint_covers_judge_and_every_template(tmp_path: Path) -> None:
    base = tmp_path / "a.yaml"
    base.write_text("name: a\nprinciples:\n  - {id: p, text: 'Be kind.'}\n")
    other_question = tmp_path / "b.yaml"
    other_question.write_text("name: a\ntemplates:\n  question: '{response} -> {options}?'\n"
                              "principles:\n  - {id: p, text: 'Be kind.'}\n")
    other_critique = tmp_path / "c.yaml"
    other_critique.write_text("name: a\ntemplates:\n  critique: 'What is wrong with {response}?'\n"
                              "principles:\n  - {id: p, text: 'Be kind.'}\n")
    sources = [critic(constitution=str(base)), critic(constitution=str(other_question)),
               critic(constitution=str(other_critique)), critic(constitution=str(base), first=0.9)]
    assert len({s.fingerprint() for s in sources}) == 4
    assert len({source_identity(s) for s in sources}) == 4
    rebatched = critic(constitution=str(base), batch={"max_samples": 2})
    assert source_identity(rebatched) == source_identity(sources[0])


def test_the_default_judge_is_looked_up_by_name() -> None:
    """Without `judge:`, the adapted judge's registry name is used; without that entry the error says what to do."""
    saved = JUDGE_BACKENDS._entries.get(DEFAULT_JUDGE)
    JUDGE_BACKENDS.unregister(DEFAULT_JUDGE)
    try:
        with pytest.raises(SourceError, match=r"default judge 'embedded_adapted'.*is not available.*kind: hf_local"):
            ConstitutionalCriticSource()
    finally:
        if saved is not None:
            JUDGE_BACKENDS._entries[DEFAULT_JUDGE] = saved


def test_micro_batches_follow_the_batch_config() -> None:
    source = critic(first=0.5, batch={"max_samples": 2})
    with RewardStack({"critic": source}, cache=None) as stack:
        results = stack.score([sample(i) for i in range(5)])
    assert [r.status.value for r in results] == ["ok"] * 5
    assert [len(call) // (2 * len(GENERAL)) for call in ScriptedJudge.calls] == [2, 2, 1]


def test_yaml_stack(tmp_path: Path) -> None:
    stack_file = tmp_path / "stack.yaml"
    stack_file.write_text("""
sources:
  critic:
    kind: constitutional_critic
    constitution: default
    judge: {kind: hf_local, model: tiny-lm, device: cpu}
    batch: {max_samples: 4, max_tokens: 200000}
  length: {kind: length, unit: words, target: 5}
fusion: {kind: weighted_sum, weights: {critic: 1.0, length: 0.0}}
""")
    with RewardStack.from_yaml(stack_file, cache=None) as stack:
        results = stack.score([sample(i, domain="medicine" if i % 2 else None) for i in range(3)])
    critic_scores = [r.scores["critic"] for r in results]
    assert [s.status for s in critic_scores] == [Status.OK] * 3
    assert "medical_caution" in critic_scores[1].components and "medical_caution" not in critic_scores[0].components
    assert all(r.total == pytest.approx(r.scores["critic"].value) for r in results)


@pytest.mark.parametrize(("source_yaml", "message"), [
    ("{kind: constitutional_critic, judge: {kind: hf_local, modle: tiny-lm}}",
     ":3: sources.critic.judge.modle: unknown key 'modle'"),
    ("{kind: constitutional_critic, judge: {kind: hf_locl}}",
     "unknown judge backend 'hf_locl'. Did you mean 'hf_local'"),
    ("{kind: constitutional_critic, constitution: defualt}", "Did you mean 'default'?"),
    ("{kind: constitutional_critic, critique_tokens: -1}", ":3: sources.critic.critique_tokens"),
])
def test_yaml_errors_name_the_line(tmp_path: Path, source_yaml: str, message: str) -> None:
    stack_file = tmp_path / "bad.yaml"
    stack_file.write_text(f"sources:\n  critic:\n    {source_yaml}\n")
    with pytest.raises(ConfigError) as caught:
        RewardStack.from_yaml(stack_file, cache=None)
    assert message in str(caught.value) and str(stack_file) in str(caught.value)


def test_count_tokens_uses_the_judge_tokenizer() -> None:
    source = ConstitutionalCriticSource(judge={"kind": "hf_local", "model": "tiny-lm", "device": "cpu"},
                                        principles=["no_sycophancy"])
    short, long = sample(0), sample(1, response="word " * 100)
    assert source.count_tokens(long) > source.count_tokens(short) > 2 * 50
    source.close()


def test_score_command_exits_2_naming_the_constitution_line(tmp_path: Path) -> None:
    constitution = tmp_path / "mine.yaml"
    constitution.write_text("name: mine\nprinciples:\n  - id: a\n    text: t\n    weight: -1\n")
    stack_file = tmp_path / "stack.yaml"
    stack_file.write_text(f"sources:\n  critic:\n    kind: constitutional_critic\n    constitution: {constitution}\n")
    samples = tmp_path / "in.jsonl"
    samples.write_text('{"id": "1", "prompt": "p", "response": "r"}\n')
    result = rewardstack("score", "--stack", stack_file, "--input", samples, "--output", tmp_path / "out.jsonl")
    assert result.returncode == 2, result.stderr
    assert f"{stack_file}:4: sources.critic.constitution" in result.stderr
    assert f"{constitution}:5: principles.0.weight: Input should be greater than 0" in result.stderr
    assert "Traceback" not in result.stderr
