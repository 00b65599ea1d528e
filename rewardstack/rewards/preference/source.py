"""``preference_model``: a learned reward model (or an ensemble of them) as a reward source.

Batch-native: the engine cuts calls by the config's ``batch:`` limits (using
:meth:`PreferenceModelSource.count_tokens`, the model's own tokenizer); within
a call the source sorts samples by length and runs one forward pass per length
bucket with dynamic padding, under ``torch.inference_mode``.

What a Score holds:

- ``value``: the normalised reward (a checkpoint's training statistics
  applied) or, for an ensemble, the members' aggregate (``mean``, ``min``,
  ``mean_minus_std``);
- ``components``: ``raw`` (one model), or ``member_0 .. member_{K-1}``, ``mean``
  and ``spread`` (population std over members) for an ensemble;
- ``details``: ``tokens`` (untruncated length), ``truncated`` (the text was cut
  to ``max_length``; then ``max_length`` too);
- ``error`` for a sample whose text cannot be laid out (e.g. a chat template
  that refuses a role); the rest of the call is scored.

Runnable (``tiny-encoder`` is a seeded random model: fast, and its numbers mean
nothing; name a checkpoint of ``rewardstack train rm`` for real scores):

>>> import warnings
>>> from rewardstack import Sample
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")          # "fresh reward head" warning: tiny-encoder is a bare backbone
...     source = PreferenceModelSource(path="tiny-encoder", device="cpu")
>>> [score] = source.score([Sample(id="1", prompt="Name a fruit.", response="A banana.")])
>>> score.status.value, sorted(score.details)
('ok', ['head', 'tokens', 'truncated'])
>>> source.count_tokens(Sample(id="2", prompt="Name a fruit.", response="A banana.")) == score.details["tokens"]
True
"""

from __future__ import annotations

import hashlib
import inspect
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rewardstack.core.errors import ModelNotFound
from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import BaseSource, describe_exception
from rewardstack.rewards.preference import checkpoint, ensemble, forward, text
from rewardstack.rewards.preference import model as model_module
from rewardstack.rewards.preference.checkpoint import ensemble_members
from rewardstack.rewards.preference.config import PreferenceModelConfig
from rewardstack.rewards.preference.ensemble import aggregate, spread
from rewardstack.rewards.preference.model import RewardModel
from rewardstack.rewards.preference.text import Encoded

__all__ = ["PreferenceModelSource"]


def _member_names(config: PreferenceModelConfig) -> list[str]:
    """Model names to load: each path, with an ensemble folder expanded into its members."""
    names: list[str] = []
    for path in config.paths:
        folder = Path(path).expanduser()
        members = ensemble_members(folder) if folder.is_dir() else None
        if members:
            names.extend(str(m) for m in members)
        else:
            names.append(path)
    return names


class PreferenceModelSource(BaseSource[PreferenceModelConfig]):
    """A learned reward model or ensemble: normalised scores, per-member components and spread."""

    kind = "preference_model"
    version = "1"
    config_class = PreferenceModelConfig
    cost_class = "expensive"
    needs = ("model",)

    def __init__(self, config: PreferenceModelConfig | None = None, *, name: str | None = None, **fields: Any):
        super().__init__(config, name=name, **fields)
        cfg = self.config
        try:
            self.models = [RewardModel.load(member, device=cfg.device, dtype=cfg.dtype, max_length=cfg.max_length)
                           for member in _member_names(cfg)]
        except ModelNotFound as exc:
            raise ModelNotFound(f"{self.name}: {exc}\nA reward-model checkpoint is the output_dir of "
                                "`rewardstack train rm --config C.yaml` (see docs/preference.md).") from None
        fresh = [m.name for m in self.models if m.fresh_head]
        if fresh:
            warnings.warn(f"{self.name}: {', '.join(fresh)} has no reward head (a bare backbone); a fresh head "
                          "was initialised from a fixed seed: its scores mean nothing until trained "
                          "(rewardstack train rm)", RuntimeWarning, stacklevel=2)

    @property
    def is_ensemble(self) -> bool:
        return len(self.models) > 1

    def fingerprint(self) -> str:
        return "|".join([m.fingerprint() for m in self.models] + [f"code:{_helpers_hash()}"])

    def count_tokens(self, sample: Sample) -> int:
        """Tokens of the longest member encoding after truncation: what a padded forward pass pays."""
        try:
            return max(len(self._encode(m, sample).ids) for m in self.models)
        except Exception:  # a sample that cannot be encoded is reported by score_batch, not here
            return 1

    @staticmethod
    def _encode(model: RewardModel, sample: Sample) -> Encoded:
        return model.encoder.encode(sample.prompt, sample.response)

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        errors: dict[int, str] = {}
        encodings: list[list[Encoded | None]] = []
        for model in self.models:
            encoded: list[Encoded | None] = []
            for i, sample in enumerate(samples):
                try:
                    encoded.append(self._encode(model, sample))
                except Exception as exc:  # one sample's text must not fail the call
                    errors.setdefault(i, describe_exception(exc))
                    encoded.append(None)
            encodings.append(encoded)
        good = [i for i in range(len(samples)) if i not in errors]
        raws = np.stack([model.raw_rewards([enc[i] for i in good])  # type: ignore[misc]
                         for model, enc in zip(self.models, encodings, strict=True)])
        values = np.stack([m.normalize(r) for m, r in zip(self.models, raws, strict=True)]) \
            if self.config.normalize else raws
        column = {i: c for c, i in enumerate(good)}
        scores = []
        for i in range(len(samples)):
            if i in errors:
                scores.append(Score.error(f"cannot lay out the text: {errors[i]}"))
                continue
            longest = max((enc[i] for enc in encodings), key=lambda e: e.tokens)  # type: ignore[union-attr]
            scores.append(self._score(values[:, column[i]], raws[:, column[i]], longest))  # type: ignore[arg-type]
        return scores

    def _score(self, values: np.ndarray, raws: np.ndarray, encoded: Encoded) -> Score:
        details: dict[str, Any] = {"tokens": encoded.tokens, "truncated": encoded.truncated}
        if encoded.truncated:
            details["max_length"] = len(encoded.ids)
        if any(m.fresh_head for m in self.models):
            details["head"] = "untrained"
        note = f"; truncated to {len(encoded.ids)} of {encoded.tokens} tokens" if encoded.truncated else ""
        if not self.is_ensemble:
            value = float(values[0])
            return Score.ok(value, components={"raw": float(raws[0])}, details=details,
                            evidence=f"reward {value:+.4f}{note}")
        column = values.reshape(-1, 1)
        value = float(aggregate(column, self.config.aggregate, lam=self.config.lambda_)[0])
        components = {f"member_{k}": float(v) for k, v in enumerate(values)}
        components["mean"] = float(values.mean())
        components["spread"] = float(spread(column)[0])
        evidence = (f"{self.config.aggregate} of {len(values)} members {value:+.4f} "
                    f"(spread {components['spread']:.4f}){note}")
        return Score.ok(value, components=components, details={**details, "aggregate": self.config.aggregate},
                        evidence=evidence)

    def close(self) -> None:
        for model in self.models:
            model.close()



_HELPER_MODULES = (text, forward, checkpoint, ensemble, model_module)
_helpers_digest: list[str] = []


def _helpers_hash() -> str:
    """SHA-256 of the helper modules' source: the text layout and read-out live there, not in this class,
    so a change there must change the cache identity too (the engine hashes only the source's own classes)."""
    if not _helpers_digest:
        digest = hashlib.sha256()
        for module in _HELPER_MODULES:
            digest.update(inspect.getsource(module).encode())
        _helpers_digest.append(digest.hexdigest()[:16])
    return _helpers_digest[0]
