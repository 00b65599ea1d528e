"""tiny-lm / tiny-encoder: same weights on every build, small, trainable, SmolLM2's tokenizer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch

from rewardstack.models import MODEL_DIR_ENV, load_causal_lm, load_encoder, load_tokenizer, resolve_model
from rewardstack.models.store import sha256_file
from rewardstack.models.tiny import TOKENIZER_DIR

Loader = Callable[..., tuple[Any, Any]]


@pytest.mark.parametrize("name", ["tiny-lm", "tiny-encoder"])
def test_two_builds_are_byte_identical(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digests = []
    for build in ("first", "second"):
        monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / build))
        digests.append(sha256_file(resolve_model(name) / "model.safetensors"))
    assert digests[0] == digests[1]


def test_building_leaves_the_callers_random_state_alone(isolated_model_dir: Path) -> None:
    torch.manual_seed(7)
    expected = torch.rand(3)
    torch.manual_seed(7)
    resolve_model("tiny-lm")
    assert torch.equal(torch.rand(3), expected)


@pytest.mark.parametrize(("name", "load"), [("tiny-lm", load_causal_lm), ("tiny-encoder", load_encoder)])
def test_tiny_models_are_small_and_trainable(name: str, load: Loader, isolated_model_dir: Path) -> None:
    model, tokenizer = load(name, device="cpu")
    assert 2_000_000 < sum(p.numel() for p in model.parameters()) < 5_000_000
    batch = tokenizer(["def f(x): return x", "hello"], return_tensors="pt", padding=True)
    model.train()
    output = model(**batch)
    loss = output.logits.mean() if name == "tiny-lm" else output.last_hidden_state.mean() + output.pooler_output.mean()
    loss.backward()
    assert all(p.grad is not None for p in model.parameters() if p.requires_grad and p.dim() > 1)


def test_the_tokenizer_is_smollm2s(isolated_model_dir: Path) -> None:
    tokenizer = load_tokenizer("tiny-lm")
    assert len(tokenizer) == 49152 and (tokenizer.eos_token, tokenizer.pad_token) == ("<|im_end|>", "<|im_end|>")
    prompt = tokenizer.apply_chat_template([{"role": "user", "content": "2+2?"}], tokenize=False,
                                           add_generation_prompt=True)
    assert prompt.startswith("<|im_start|>system\n") and prompt.endswith("<|im_start|>assistant\n")
    assert TOKENIZER_DIR.joinpath("tokenizer.json").is_file()  # shipped: works offline, before SmolLM2 exists
