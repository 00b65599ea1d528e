"""Gold for the synthetic world, from latent truth. Reward sources never import this package.

``tests/benchmarks/worlds/test_gold_isolation.py`` scans the import graph: nothing under
``rewardstack/`` outside ``rewardstack/benchmarks/`` imports it, and no module of the source
packages (core, rewards, verifiers, fusion, training, data, models, integrations) reaches it
through any chain of imports.

- :func:`gold_for`: gold per candidate of each prompt (runs coding's hidden tests once per
  distinct program in the real sandbox).
- :mod:`.scales`: the one gold scale and its constants.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rewardstack.benchmarks.worlds.families.base import PromptDrafts
from rewardstack.benchmarks.worlds.gold.code import CodeOutcome, run_hidden
from rewardstack.benchmarks.worlds.gold.scales import gold_value

__all__ = ["CodeOutcome", "GoldPool", "gold_for", "gold_value"]


@dataclass(frozen=True)
class GoldPool:
    """Gold of one prompt's candidates, and coding outcomes (None for other candidates)."""

    gold: np.ndarray
    code: list[CodeOutcome | None]


def gold_for(pools: Sequence[PromptDrafts], *, sandbox: dict[str, Any], timeout_s: float) -> list[GoldPool]:
    """Gold for every pool; coding candidates are graded on all their units in ``sandbox``."""
    latents = [d.latent.code for p in pools for d in p.drafts if d.latent.code is not None]
    outcomes = run_hidden(latents, sandbox=sandbox, timeout_s=timeout_s) if latents else {}
    out = []
    for pool in pools:
        values, code = [], []
        for draft in pool.drafts:
            lat = draft.latent
            outcome = outcomes[(lat.code.task_id, lat.code.program)] if lat.code is not None else None
            values.append(gold_value(pool.family, lat, pass_rate=outcome.pass_rate if outcome else None))
            code.append(outcome)
        out.append(GoldPool(np.asarray(values, dtype=float), code))
    return out
