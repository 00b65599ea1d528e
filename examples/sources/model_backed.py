"""A model-backed source: prompt-response relevance from an embedded encoder.

What the engine gives a model-backed source, and what it must give back:

- models come from ``rewardstack.models`` by name (an embedded default, a local
  folder, or an HF id already in the local cache): device and dtype are picked
  once (CUDA + bf16 when present, CPU + float32 otherwise);
- ``count_tokens`` lets the engine cut calls by ``batch.max_tokens`` (the padded
  size of a forward pass); the source never chunks;
- ``fingerprint()`` returns the weights' identity, so new weights behind the
  same name never get old cached scores;
- scores must not depend on the batch: padding is masked out of the pooling.

Run:  .venv/bin/python examples/sources/model_backed.py [MODEL]   (default all-minilm-l6-v2; tiny-encoder is
      a seeded random model for fast tests: its numbers mean nothing)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Literal

import torch

from rewardstack import BaseSource, RewardStack, Sample, Score, SourceConfig
from rewardstack.models import load_encoder, model_fingerprint


class RelevanceConfig(SourceConfig):
    kind: Literal["relevance"] = "relevance"
    model: str = "tiny-encoder"
    max_length: int = 256


class Relevance(BaseSource[RelevanceConfig]):
    """Cosine similarity of mean-pooled prompt and response embeddings (a relevance signal)."""

    kind = "relevance"
    version = "1"
    config_class = RelevanceConfig
    output_range = (-1.0, 1.0)
    cost_class = "moderate"
    needs = ("model",)

    def __init__(self, config: RelevanceConfig | None = None, *, name: str | None = None, **fields: object):
        super().__init__(config, name=name, **fields)
        self.model, self.tokenizer = load_encoder(self.config.model)

    def fingerprint(self) -> str:
        return model_fingerprint(self.config.model)

    def count_tokens(self, sample: Sample) -> int:
        text = f"{sample.prompt}\n{sample.response}"
        return min(len(self.tokenizer(text)["input_ids"]), self.config.max_length)

    @torch.inference_mode()
    def _embed(self, texts: list[str]) -> torch.Tensor:
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=self.config.max_length,
                               return_tensors="pt").to(self.model.device)
        hidden = self.model(**batch).last_hidden_state.float()
        mask = batch["attention_mask"].unsqueeze(-1).float()  # pad tokens never enter the mean
        return torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1).clamp(min=1), dim=-1)

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        prompts = self._embed([s.prompt if isinstance(s.prompt, str) else s.prompt[-1].content for s in samples])
        responses = self._embed([s.response for s in samples])
        similarity = (prompts * responses).sum(-1).tolist()
        return [Score.ok(round(value, 6)) for value in similarity]


def main() -> None:
    model = sys.argv[1] if len(sys.argv) > 1 else "all-minilm-l6-v2"
    samples = [Sample(id=str(i), prompt=p, response=r) for i, (p, r) in enumerate([
        ("How do I boil an egg?", "Put the egg in boiling water for nine minutes."),
        ("How do I boil an egg?", "The stock market fell sharply on Tuesday."),
        ("What is the capital of France?", "Paris is the capital of France."),
        ("What is the capital of France?", "Bananas are rich in potassium."),
    ])]
    source = Relevance(model=model, batch={"max_tokens": 64})
    with RewardStack({"relevance": source}, cache=None) as stack:
        alone = [stack.score([s])[0].total for s in samples]
        together = [r.total for r in stack.score(samples)]
    for s, a, t in zip(samples, alone, together, strict=True):
        print(f"{s.id}: {t:+.4f} (alone {a:+.4f})  {s.response}")
    print("same alone and batched:", all(abs(a - t) < 1e-4 for a, t in zip(alone, together, strict=True)))


if __name__ == "__main__":
    main()
