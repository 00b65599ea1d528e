"""Learned preference models: the ``preference_model`` source, its checkpoint format, ensembles.

- :class:`PreferenceModelSource` / :class:`PreferenceModelConfig`: the reward source
  (kind ``preference_model``), one model or an ensemble;
- :class:`RewardModel`: one model in memory (loading, text layout, length-bucketed scoring);
- :mod:`~rewardstack.rewards.preference.checkpoint`: what ``rewardstack train rm`` writes;
- :func:`aggregate`: ensemble aggregates (mean, min, mean - lambda * std).

Training lives in :mod:`rewardstack.training.rm`. See docs/preference.md.
"""

from rewardstack.rewards.preference.checkpoint import (
    ENSEMBLE_FILE,
    META_FILE,
    Normalization,
    RewardModelMeta,
    checkpoint_fingerprint,
    ensemble_members,
    read_meta,
    write_ensemble,
    write_meta,
)
from rewardstack.rewards.preference.config import PreferenceModelConfig
from rewardstack.rewards.preference.ensemble import Aggregate, aggregate, spread
from rewardstack.rewards.preference.model import RewardModel
from rewardstack.rewards.preference.source import PreferenceModelSource
from rewardstack.rewards.preference.text import Encoded, RewardTextEncoder, collate

__all__ = [
    "ENSEMBLE_FILE",
    "META_FILE",
    "Aggregate",
    "Encoded",
    "Normalization",
    "PreferenceModelConfig",
    "PreferenceModelSource",
    "RewardModel",
    "RewardModelMeta",
    "RewardTextEncoder",
    "aggregate",
    "checkpoint_fingerprint",
    "collate",
    "ensemble_members",
    "read_meta",
    "spread",
    "write_ensemble",
    "write_meta",
]
