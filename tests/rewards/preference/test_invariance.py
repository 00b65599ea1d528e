"""A text's score does not depend on its batch or its padding (float32, within 1e-4).

Every set is scored alone (one sample per call), then through a RewardStack whose
engine cuts calls of 1, 7 and 64 samples and by padded tokens, and in one call of
mixed lengths; causal backbones with left and with right padding. Then the read-out
position itself: a causal model's score is its head on the last real token's state.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from rewardstack import RewardStack, Sample
from rewardstack.rewards.preference import PreferenceModelSource

TOLERANCE = 1e-4
CASES = [  # backbone, padding side
    ("tiny-lm", "left"),
    ("tiny-lm", "right"),
    ("tiny-encoder", "right"),
    ("all-minilm-l6-v2", "right"),
]
BATCHES: list[dict[str, Any]] = [{"max_samples": 1}, {"max_samples": 7}, {"max_samples": 64},
                                 {"max_tokens": 600}]


def _source(path: Path, side: str, **batch: Any) -> PreferenceModelSource:
    source = PreferenceModelSource(path=str(path), device="cpu", batch=batch)
    source.models[0].padding_side = side  # type: ignore[assignment]
    return source


def _stack_values(source: PreferenceModelSource, samples: list[Sample]) -> np.ndarray:
    with RewardStack({"rm": source}, cache=None) as stack:
        return np.array([r.scores["rm"].value for r in stack.score(samples)])


@pytest.mark.parametrize(("backbone", "side"), CASES)
def test_scores_do_not_depend_on_batching_or_padding(backbone: str, side: str, checkpoints: Callable[..., Path],
                                                     mixed_samples: Callable[..., list[Sample]]) -> None:
    path = checkpoints(backbone)
    samples = mixed_samples(64)
    source = _source(path, side)
    alone = np.array([source.score([s])[0].value for s in samples])
    assert np.abs(alone).mean() > 0.5  # large enough that 1e-4 means something
    whole = np.array([s.value for s in source.score(samples)])
    assert np.abs(whole - alone).max() < TOLERANCE
    for batch in BATCHES:
        batched = _stack_values(_source(path, side, **batch), samples)
        assert np.abs(batched - alone).max() < TOLERANCE, batch


def test_left_and_right_padding_agree_for_a_causal_model(checkpoints: Callable[..., Path],
                                                         mixed_samples: Callable[..., list[Sample]]) -> None:
    samples = mixed_samples(24, seed=3)
    left = np.array([s.value for s in _source(checkpoints("tiny-lm"), "left").score(samples)])
    right = np.array([s.value for s in _source(checkpoints("tiny-lm"), "right").score(samples)])
    assert np.abs(left - right).max() < TOLERANCE


def test_causal_score_is_the_head_on_the_last_real_token(checkpoints: Callable[..., Path],
                                                         mixed_samples: Callable[..., list[Sample]]) -> None:
    source = _source(checkpoints("tiny-lm"), "right")
    rm = source.models[0]
    samples = mixed_samples(5, seed=7)
    scored = [s.value for s in source.score(samples)]
    for sample, value in zip(samples, scored, strict=True):
        ids = torch.tensor([rm.encoder.encode(sample.prompt, sample.response).ids])
        with torch.inference_mode():
            hidden = rm.model.base_model(input_ids=ids).last_hidden_state[0, -1]
            expected = float(rm.model.score(hidden)[0])
        assert value == pytest.approx(expected, abs=TOLERANCE)


def test_a_pad_token_inside_the_text_is_still_a_real_token(checkpoints: Callable[..., Path]) -> None:
    # SmolLM2's pad token is <|im_end|>, which its chat template writes at the end of every turn:
    # pooling by pad id would read an earlier position; the attention mask never does
    source = _source(checkpoints("tiny-lm"), "right")
    rm = source.models[0]
    encoded = rm.encoder.encode("Say hi.", "Hi!")
    assert rm.tokenizer.pad_token_id in encoded.ids[-3:]
    short = Sample(id="a", prompt="Say hi.", response="Hi!")
    long = Sample(id="b", prompt="Say hi." * 30, response="Hi there, how are you doing today?" * 5)
    assert source.score([short, long])[0].value == pytest.approx(source.score([short])[0].value, abs=TOLERANCE)


def test_encoders_refuse_left_padding(checkpoints: Callable[..., Path]) -> None:
    source = PreferenceModelSource(path=str(checkpoints("tiny-encoder")), device="cpu")
    with pytest.raises(ValueError, match="right"):
        source.models[0].padding_side = "left"
