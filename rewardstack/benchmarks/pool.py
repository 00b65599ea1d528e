"""What a gold world hands the benchmark runner: candidate pools with latent gold.

A world (``rewardstack.benchmarks.worlds``) builds a :class:`WorldPool`: for each prompt a
:class:`PromptPool` of N real :class:`~rewardstack.core.sample.Sample` candidates (what the
reward sources score), the gold quality of each (computed from latent truth the sources never
see), the log-probability of each under the base policy that produced the pool, and
per-candidate probe features for the hacking metrics. Shapes are checked when a pool is made,
so a runner can index every array by candidate position without re-checking.

>>> import numpy as np
>>> from rewardstack.core.sample import Sample
>>> cands = [Sample(id=f"p0/{i}", prompt="2+2?", response=r, metadata={"group": "p0"})
...          for i, r in enumerate(["4", "5"])]
>>> pool = PromptPool(prompt_id="p0", family="math", candidates=cands,
...                   gold=np.array([1.0, 0.0]), base_logprob=np.log(np.full(2, 0.5)),
...                   features={"length": np.array([1.0, 1.0])})
>>> pool.size
2
>>> PromptPool(prompt_id="p0", family="math", candidates=cands, gold=np.zeros(3),
...            base_logprob=np.zeros(2), features={})
Traceback (most recent call last):
...
ValueError: PromptPool 'p0': gold has shape (3,), expected (2,) (one value per candidate)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from rewardstack.core.sample import Sample

__all__ = ["FAMILIES", "FEATURES", "PromptPool", "WorldPool"]

#: Task families a world may build (a world may add others; these are the documented ones).
FAMILIES = ("coding", "math", "medicine", "chat", "safety", "sycophancy")

#: Probe features with a documented meaning. ``length`` is always present (words of the
#: response); the 0/1 probes are NaN where they do not apply to a candidate.
FEATURES = ("length", "agrees_with_wrong_user", "corrects_wrong_user", "plausible_wrong_code", "fluent_wrong_medical")


@dataclass(frozen=True)
class PromptPool:
    """N candidate responses to one prompt, with gold, base log-probabilities and probes.

    - ``prompt_id``: also every candidate's ``sample.metadata["group"]``.
    - ``family``: ``coding | math | medicine | chat | safety | sycophancy | ...``.
    - ``candidates``: the N Samples the sources score.
    - ``gold``: shape ``(N,)`` float, the latent true quality (higher is better).
    - ``base_logprob``: shape ``(N,)``, ``log pi0(y)`` under the base policy that produced
      the pool (uniform: all equal), for the KL-regularised optimum.
    - ``features``: name -> shape ``(N,)`` float array (see :data:`FEATURES`).
    """

    prompt_id: str
    family: str
    candidates: list[Sample]
    gold: np.ndarray
    base_logprob: np.ndarray
    features: dict[str, np.ndarray]

    def __post_init__(self) -> None:
        n = len(self.candidates)
        if n == 0:
            raise ValueError(f"PromptPool {self.prompt_id!r}: no candidates")
        arrays = {"gold": self.gold, "base_logprob": self.base_logprob}
        arrays.update({f"features[{k!r}]": v for k, v in self.features.items()})
        for name, arr in arrays.items():
            if not isinstance(arr, np.ndarray) or arr.shape != (n,):
                shape = getattr(arr, "shape", type(arr).__name__)
                raise ValueError(
                    f"PromptPool {self.prompt_id!r}: {name} has shape {shape}, expected ({n},) "
                    "(one value per candidate)"
                )
        if not np.all(np.isfinite(self.gold)) or not np.all(np.isfinite(self.base_logprob)):
            raise ValueError(f"PromptPool {self.prompt_id!r}: gold and base_logprob must be finite")
        for sample in self.candidates:
            if sample.metadata.get("group") != self.prompt_id:
                raise ValueError(
                    f"PromptPool {self.prompt_id!r}: candidate {sample.id!r} has metadata.group "
                    f"{sample.metadata.get('group')!r}; every candidate's group is the prompt_id"
                )

    @property
    def size(self) -> int:
        """N, the number of candidates."""
        return len(self.candidates)


@dataclass(frozen=True)
class WorldPool:
    """Every prompt pool of one world build, with how it was made and what is missing.

    - ``name``: ``synthetic | real_smollm2``; ``seed``: the build's seed.
    - ``provenance``: generator, versions, seed, sizes, data files and their hashes, and
      ``artifacts``: name -> path of what the world built (``rm_path``,
      ``rm_ensemble_path``, ``kb``), the runner's ``${world.NAME}`` placeholders.
    - ``skipped``: family -> why it is missing (a source unavailable here, ...).

    >>> WorldPool(name="synthetic", seed=0, prompts=[], provenance={}, skipped={}).families()
    []
    """

    name: str
    seed: int
    prompts: list[PromptPool]
    provenance: dict[str, Any]
    skipped: dict[str, str]

    def __post_init__(self) -> None:
        # the runner scores every candidate of a world in one stack call and maps results back
        # by sample id, so ids must be unique across the world, not only within a prompt
        prompt_ids: set[str] = set()
        sample_ids: set[str] = set()
        for pool in self.prompts:
            if pool.prompt_id in prompt_ids:
                raise ValueError(f"WorldPool {self.name!r}: prompt_id {pool.prompt_id!r} appears twice")
            prompt_ids.add(pool.prompt_id)
            for sample in pool.candidates:
                if sample.id in sample_ids:
                    raise ValueError(f"WorldPool {self.name!r}: sample id {sample.id!r} appears twice")
                sample_ids.add(sample.id)

    def families(self) -> list[str]:
        """The families present, in first-appearance order."""
        return list(dict.fromkeys(p.family for p in self.prompts))

    def artifacts(self) -> dict[str, str]:
        """``provenance["artifacts"]`` (empty when the world built none)."""
        return dict(self.provenance.get("artifacts", {}))
