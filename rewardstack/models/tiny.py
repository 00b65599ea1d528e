"""``tiny-lm`` and ``tiny-encoder``: seeded, randomly initialised few-million-parameter models.

They exist so tests and CPU benchmarks exercise the real model code paths
(tokenise, batch, forward, backward, save, load) in milliseconds. They know
nothing: never use them to judge quality.

- Same weights every time: the config is fixed below and initialisation runs
  under ``torch.manual_seed(SEED)`` inside ``torch.random.fork_rng`` (the
  caller's random state is left untouched). Built on CPU in float32, so the
  bytes do not depend on the machine's accelerator. The first build is saved
  to the model cache; later loads read the same file.
- Tokenizer: the SmolLM2 tokenizer, shipped in ``rewardstack/models/smollm2_tokenizer/``
  (3.5 MB of JSON, extracted once from the same GGUF that ``smollm2-135m-instruct``
  is built from, with its chat template and a 8192-token ``model_max_length``).
  Shipping it means the tiny models work offline and before SmolLM2 was ever
  fetched; the tests check it encodes exactly like the GGUF-derived one.
  Its 49,152-token vocabulary is most of the parameters (embeddings, tied in
  the LM).

>>> tiny_lm_config().num_hidden_layers, tiny_encoder_config().hidden_size
(2, 64)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rewardstack.models.quiet import quiet_transformers
from rewardstack.models.store import Progress

if TYPE_CHECKING:
    from transformers import BertConfig, LlamaConfig

__all__ = ["SEED", "TOKENIZER_DIR", "build_tiny_encoder", "build_tiny_lm", "tiny_encoder_config", "tiny_lm_config"]

SEED = 1234
TOKENIZER_DIR = Path(__file__).parent / "smollm2_tokenizer"
_VOCAB = 49152  # the SmolLM2 tokenizer's
# <|im_start|>, <|im_end|>, <|im_end|>: the ids SmolLM2 uses
_SPECIAL: dict[str, Any] = {"bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 2}
_SHAPE: dict[str, Any] = {"hidden_size": 64, "intermediate_size": 256, "num_hidden_layers": 2,
                          "num_attention_heads": 4}


def tiny_lm_config() -> LlamaConfig:
    """A 2-layer Llama of width 64 (3.3M parameters, 3.1M of them the tied embedding)."""
    from transformers import LlamaConfig

    return LlamaConfig(vocab_size=_VOCAB, num_key_value_heads=2, max_position_embeddings=8192,
                       tie_word_embeddings=True, **_SHAPE, **_SPECIAL)


def tiny_encoder_config() -> BertConfig:
    """A 2-layer BERT of width 64 (3.3M parameters); 512 positions like most sentence encoders."""
    from transformers import BertConfig

    return BertConfig(vocab_size=_VOCAB, max_position_embeddings=512, **_SHAPE, **_SPECIAL)


def _build(folder: Path, progress: Progress, *, causal: bool) -> None:
    import torch
    from transformers import AutoTokenizer, BertModel, LlamaForCausalLM

    progress(f"initialising from seed {SEED}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEED)
        model = LlamaForCausalLM(tiny_lm_config()) if causal else BertModel(tiny_encoder_config())
    tokenizer = AutoTokenizer.from_pretrained(TOKENIZER_DIR, local_files_only=True)
    tokenizer.model_max_length = model.config.max_position_embeddings
    with quiet_transformers():
        model.save_pretrained(folder)
        tokenizer.save_pretrained(folder)


def build_tiny_lm(folder: Path, progress: Progress) -> None:
    """Recipe for ``tiny-lm``."""
    _build(folder, progress, causal=True)


def build_tiny_encoder(folder: Path, progress: Progress) -> None:
    """Recipe for ``tiny-encoder``."""
    _build(folder, progress, causal=False)
