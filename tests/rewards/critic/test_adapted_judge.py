"""The ``embedded_adapted`` judge backend: registration, option handling, bad checkpoints, order invariance."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rewardstack.core.errors import ConfigError
from rewardstack.core.registry import JUDGE_BACKENDS
from rewardstack.core.score import Status
from rewardstack.rewards.critic.adapted.checkpoint import (
    DEFAULT_JUDGE_DIR,
    META_FILE,
    WEIGHTS_FILE,
    checkpoint_fingerprint,
    read_meta,
)
from rewardstack.rewards.critic.constitution import load_constitution
from rewardstack.rewards.critic.data.items import load_judgements
from rewardstack.rewards.critic.judges.adapted import NO_CRITIQUE, AdaptedJudge, AdaptedJudgeConfig
from rewardstack.rewards.critic.judges.base import JudgeRequest
from rewardstack.rewards.critic.questions import question_request
from rewardstack.rewards.critic.source import ConstitutionalCriticSource

QUESTION = "Principle: be honest.\n\nResponse:\nI am not sure.\n\nDoes the response follow the principle? Answer {}."


@pytest.fixture(scope="module")
def judge() -> AdaptedJudge:
    backend = AdaptedJudge(AdaptedJudgeConfig(device="cpu"))
    yield backend
    backend.close()


def test_the_shipped_checkpoint_is_small_and_trained_for_the_default_constitution() -> None:
    meta = read_meta(DEFAULT_JUDGE_DIR)
    size = sum((DEFAULT_JUDGE_DIR / name).stat().st_size for name in (META_FILE, WEIGHTS_FILE))
    assert size < 5 * 2**20
    assert meta.constitution == "default"
    assert meta.constitution_fingerprint == load_constitution("default").fingerprint, (
        "the default constitution changed since the shipped judge was trained on its questions: retrain it "
        "(docs/critic_judge.md, 'Re-training the shipped judge')")
    assert set(meta.principles) == {p.id for p in load_constitution("default").principles}


def test_it_is_registered_and_the_critics_default_judge() -> None:
    assert JUDGE_BACKENDS.get("embedded_adapted") is AdaptedJudge
    critic = ConstitutionalCriticSource(constitution="default", principles=["no_sycophancy"])
    try:
        assert isinstance(critic.judge, AdaptedJudge)
        assert critic.fingerprint().startswith(f"judge:embedded_adapted:{checkpoint_fingerprint(DEFAULT_JUDGE_DIR)}")
    finally:
        critic.close()


@pytest.mark.parametrize(("options", "ok"), [
    (("Yes", "No"), True), (("No", "Yes"), True), (("yes", "no"), True), (("A", "B"), False),
    (("Yes", "No", "Maybe"), False), (("Yes", "Nope"), False),
])
def test_yes_no_options_in_either_order_are_answered_others_are_errors(judge: AdaptedJudge, options: tuple[str, ...],
                                                                        ok: bool) -> None:
    [verdict] = judge.judge([JudgeRequest(prompt=QUESTION.format(" or ".join(options)), options=options)])
    if ok:
        assert verdict.status is Status.OK and list(verdict.probabilities) == list(options)
        assert sum(verdict.probabilities.values()) == pytest.approx(1.0) and verdict.tokens > 10
    else:
        assert verdict.status is Status.ERROR and "answers Yes/No questions" in verdict.reason


def test_a_batch_keeps_order_and_errors_stay_per_item(judge: AdaptedJudge) -> None:
    requests = [JudgeRequest(prompt=QUESTION.format("Yes or No")), JudgeRequest(prompt="A or B?", options=("A", "B")),
                JudgeRequest(prompt=QUESTION.format("No or Yes"), options=("No", "Yes"))]
    first, bad, last = judge.judge(requests)
    assert first.status is Status.OK and bad.status is Status.ERROR and last.status is Status.OK
    alone = judge.judge([requests[2]])[0]
    assert alone.probabilities["Yes"] == pytest.approx(last.probabilities["Yes"], abs=1e-5)  # batch invariance


def test_a_critique_request_says_that_no_critique_was_written(judge: AdaptedJudge) -> None:
    [verdict] = judge.judge([JudgeRequest(prompt=QUESTION.format("Yes or No"), critique_tokens=32)])
    assert verdict.status is Status.OK and verdict.text == NO_CRITIQUE


def test_the_answer_means_yes_whatever_position_yes_was_offered_in(judge: AdaptedJudge) -> None:
    default = load_constitution("default")
    items = [i for i in load_judgements("heldout") if i.principle in ("harm_avoidance", "no_sycophancy")][:16]
    requests = [question_request(default, default.principle(i.principle), i.prompt, i.response, order=o)
                for i in items for o in (0, 1)]
    verdicts = judge.judge(requests)
    yes = [v.probabilities["Yes"] for v in verdicts]
    assert all(abs(a - b) < 0.15 for a, b in zip(yes[::2], yes[1::2], strict=True))


def test_count_tokens_is_the_encoded_length(judge: AdaptedJudge) -> None:
    request = JudgeRequest(prompt=QUESTION.format("Yes or No"))
    assert judge.count_tokens(request) == judge.judge([request])[0].tokens


def test_a_folder_that_is_not_a_checkpoint_fails_at_construction(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not an adapted judge checkpoint"):
        AdaptedJudge(AdaptedJudgeConfig(path=str(tmp_path), device="cpu"))
    broken = tmp_path / "broken"
    shutil.copytree(DEFAULT_JUDGE_DIR, broken)
    (broken / WEIGHTS_FILE).write_bytes(b"\x00" * 64)
    with pytest.raises(ConfigError, match="cannot load the adapter"):
        AdaptedJudge(AdaptedJudgeConfig(path=str(broken), device="cpu"))
    (broken / META_FILE).write_text('{"format": "something-else"}')
    with pytest.raises(ConfigError, match="train the judge again"):
        AdaptedJudge(AdaptedJudgeConfig(path=str(broken), device="cpu"))
