"""TRL adapter: GRPOTrainer's reward-function contract (text and conversational), None without a total,
groups by prompt, per-source logging through log_metric / log_extra when TRL passes them."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from rewardstack import RewardStack, Sample
from rewardstack.integrations.common import open_stack
from rewardstack.integrations.trl import as_trl_reward_funcs
from rewardstack.rewards.shaping import LengthSource
from tests.integrations.helpers import write_stack


@pytest.fixture
def stack(tmp_path: Path) -> Any:
    with open_stack(write_stack(tmp_path)) as opened:
        yield opened


@pytest.mark.parametrize(("column", "values", "expected"), [
    ("answer", ["56", "56", "4"], [1.0, 0.0, None]),  # no answer to check in the third: no total -> None
    ("solution", ["56", "56", "4"], [1.0, 0.0, None]),
    ("reference", [{"answer": "56"}, {"answer": "56"}, None], [1.0, 0.0, None]),
    (None, None, [None, None, None]),  # no ground truth at all: the checker abstains, no total -> None
])
def test_text_prompts(stack: RewardStack, column: str | None, values: list[Any], expected: list[Any]) -> None:
    [reward] = as_trl_reward_funcs(stack)
    columns = {column: values} if column else {}
    completions = ["\\boxed{56}", "\\boxed{54}", "no answer"]
    out = reward(prompts=["7*8?", "7*8?", "2+2?"], completions=completions, completion_ids=[[1], [2], [3]],
                 trainer_state=object(), **columns)
    assert out == expected


@pytest.mark.parametrize(("columns", "message"), [
    ({"prompts": ["7*8?"], "completions": ["56", "54"]}, "rewardstack: 1 prompts and 2 completions: a reward"),
    ({"prompts": ["7*8?"] * 2, "completions": ["56", "54"], "answer": ["56"]},
     "rewardstack: 2 prompts and 2 completions, 1 from the column 'answer': a reward"),
])
def test_lists_of_other_lengths_are_named(stack: RewardStack, columns: dict[str, Any], message: str) -> None:
    [reward] = as_trl_reward_funcs(stack)
    with pytest.raises(ValueError) as raised:
        reward(**columns)
    assert str(raised.value).startswith(message)


def test_conversational_prompts_and_completions(stack: RewardStack) -> None:
    [reward] = as_trl_reward_funcs(stack)
    prompts = [[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "7*8?"}]] * 2
    completions = [[{"role": "assistant", "content": "\\boxed{56}"}], [{"role": "assistant", "content": "54"}]]
    assert reward(prompts=prompts, completions=completions, answer=["56", "56"]) == [1.0, 0.0]


def test_per_source_logging_when_trl_offers_it(stack: RewardStack) -> None:
    metrics: dict[str, float] = {}
    extra: dict[str, list[Any]] = {}
    [reward] = as_trl_reward_funcs(stack, name="math_stack")
    reward(prompts=["a", "b", "c"], completions=["\\boxed{1}", "\\boxed{2}", "x"], answer=["1", "3", None],
           log_metric=lambda name, value: metrics.__setitem__(name, value),
           log_extra=lambda column, values: extra.__setitem__(column, values))
    assert reward.__name__ == "math_stack"
    assert metrics["rewardstack/answer/ok"] == pytest.approx(2 / 3)
    assert metrics["rewardstack/answer/mean"] == 0.5
    assert metrics["rewardstack/no_total"] == pytest.approx(1 / 3)
    assert extra["rewardstack/answer"] == [1.0, 0.0, None] and len(extra["rewardstack/brevity"]) == 3


def test_completions_of_one_prompt_form_one_group() -> None:
    tree = {"kind": "group_normalize", "key": "group", "input": "len"}
    stack = RewardStack({"len": LengthSource(unit="chars")}, tree, cache=None)
    [reward] = as_trl_reward_funcs(stack)
    prompts = ["p1", "p1", "p2", "p2"]
    completions = ["a", "abc", "abcdef", "ab"]
    got = reward(prompts=prompts, completions=completions)
    expected = [r.total for r in stack.score([Sample(id=str(i), prompt=p, response=c, metadata={"group": p})
                                              for i, (p, c) in enumerate(zip(prompts, completions, strict=True))])]
    stack.close()
    assert got == expected and got[0] is not None and got[0] < 0 < got[1]


def test_a_dataset_without_references_warns_once_naming_the_columns(tmp_path: Path) -> None:
    yaml = ("sources:\n  answer: {kind: math_answer}\n  brevity: {kind: length, unit: words, target: 3}\n"
            "fusion: {kind: weighted_sum, weights: {answer: 1.0, brevity: 1.0}}\ncache: false\n")
    (tmp_path / "s.yaml").write_text(yaml)
    with open_stack(tmp_path / "s.yaml") as stack:
        [reward] = as_trl_reward_funcs(stack)
        said = r"no reference column .*passed question\).*'answer' abstained on all 2"
        with pytest.warns(RuntimeWarning, match=said):
            first = reward(prompts=["7*8?", "7*8?"], completions=["\\boxed{56}", "it is 54"], question=["q", "q"])
        assert all(total is not None for total in first)  # the totals exist: from brevity alone, hence the warning
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            reward(prompts=["7*8?"], completions=["\\boxed{56}"], question=["q"])  # said once, not every step
            reward(prompts=["7*8?"], completions=["\\boxed{56}"], answer=["56"])  # with references: nothing to say
