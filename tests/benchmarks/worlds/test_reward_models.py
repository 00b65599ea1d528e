"""The world's reward-model build: each member's own training run holds out what one joint run would."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewardstack.benchmarks.worlds.labeler import LabeledPair
from rewardstack.benchmarks.worlds.reward_models import VALIDATION_FRACTION, _split
from rewardstack.training.rm import read_preferences, split_by_prompt


def _pairs(prompts: int, per_prompt: int) -> list[LabeledPair]:
    return [LabeledPair(family="chat", prompt=f"question {p}?", chosen=f"answer {p}.{k} is longer",
                        rejected=f"no {p}.{k}", gold_chosen=1.0, gold_rejected=0.0, words_chosen=4,
                        words_rejected=2, agrees_chosen=False, agrees_rejected=False, flipped=False)
            for p in range(prompts) for k in range(per_prompt)]  # fmt: skip


def _lines(path: Path) -> list[tuple[object, str, str]]:
    return [(p.prompt, p.chosen, p.rejected) for p in read_preferences(path).pairs]


@pytest.mark.parametrize(("prompts", "per_prompt", "seed"), [(48, 8, 0), (10, 3, 1), (2, 5, 7), (31, 1, 3)])
def test_split_files_are_the_split_train_makes_of_the_whole_file(
    tmp_path: Path, prompts: int, per_prompt: int, seed: int
) -> None:
    pairs = _pairs(prompts, per_prompt)
    train_path, validation_path = _split(pairs, tmp_path, seed)
    whole = read_preferences(tmp_path / "pairs.jsonl").pairs
    train, validation = split_by_prompt(whole, VALIDATION_FRACTION, seed)
    assert _lines(train_path) == [(p.prompt, p.chosen, p.rejected) for p in train]
    assert _lines(validation_path) == [(p.prompt, p.chosen, p.rejected) for p in validation]
    assert len(train) + len(validation) == len(pairs) and validation  # every pair kept, some held out
