"""The judgements a run trains on: reading, checking them against the constitution, the splits.

- The file (``data``; default the shipped set) is read with
  :func:`rewardstack.rewards.critic.data.items.read_judgements`: bad lines are reported and skipped.
- Every principle of the file must be a principle of the constitution with Yes/No options (its
  question is what the judge learns to answer); anything else is a config error naming the key.
- ``train`` items are trained on, ``heldout`` items are evaluated in the report. With
  ``calibration_fraction`` > 0 a seeded share of the training *groups* (a pair stays whole) is kept
  out of training to fit the temperature.

>>> from rewardstack.rewards.critic.constitution import load_constitution
>>> data = read_training_data(None, load_constitution("default"))
>>> len(data.train) + len(data.heldout) == len(data.source.items), data.source.bad_lines
(True, [])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rewardstack.rewards.critic.constitution import Constitution
from rewardstack.rewards.critic.data.items import JUDGEMENTS_PATH, JudgementData, JudgementItem, read_judgements
from rewardstack.training.rm.config_file import ConfigKeyError

__all__ = ["JudgeDataError", "TrainingData", "hold_out_groups", "read_training_data"]


class JudgeDataError(ConfigKeyError):
    """Judgement data that cannot be trained on (missing file, unknown principle, nothing to train): exit 2."""


@dataclass(frozen=True)
class TrainingData:
    source: JudgementData
    train: list[JudgementItem]
    heldout: list[JudgementItem]


def read_training_data(path: Path | None, constitution: Constitution) -> TrainingData:
    """Read and check the judgement file (see the module docstring)."""
    file = path if path is not None else JUDGEMENTS_PATH
    try:
        data = read_judgements(file)
    except OSError as exc:
        raise JudgeDataError(("data",), f"cannot read {file} ({exc.strerror or exc})") from None
    known = {p.id: p for p in constitution.principles}
    for principle in sorted({i.principle for i in data.items}):
        if principle not in known:
            raise JudgeDataError(("data",), f"{file}: principle {principle!r} is not in constitution "
                                 f"{constitution.name!r} (its principles: {', '.join(known)}); name the "
                                 "constitution the set was labelled for with `constitution:`")
        if set(known[principle].options) != {"Yes", "No"}:
            raise JudgeDataError(("constitution",), f"principle {principle!r} asks {list(known[principle].options)}; "
                                 "the adapted judge answers Yes/No questions")
    train = [i for i in data.items if i.split == "train"]
    if not train:
        raise JudgeDataError(("data",), f"{file}: no usable item with split 'train' "
                             f"({len(data.items)} items, {len(data.bad_lines)} bad lines)")
    return TrainingData(data, train, [i for i in data.items if i.split == "heldout"])


def hold_out_groups(items: Sequence[JudgementItem], fraction: float, seed: int
                    ) -> tuple[list[JudgementItem], list[JudgementItem]]:
    """(kept, held out): a seeded ``fraction`` of the groups (pairs whole, singles alone), per principle.

    >>> from rewardstack.rewards.critic.data.items import load_judgements
    >>> kept, out = hold_out_groups(load_judgements("train"), 0.2, seed=0)
    >>> {i.pair_id for i in out if i.pair_id} & {i.pair_id for i in kept if i.pair_id}
    set()
    """
    if fraction <= 0:
        return list(items), []
    out_groups: set[str] = set()
    principles = sorted({i.principle for i in items})
    for k, principle in enumerate(principles):
        groups = sorted({i.pair_id or i.id for i in items if i.principle == principle})
        count = round(fraction * len(groups))
        picked = np.random.default_rng([seed, k]).permutation(len(groups))[:count]
        out_groups.update(groups[j] for j in picked)
    kept = [i for i in items if (i.pair_id or i.id) not in out_groups]
    return kept, [i for i in items if (i.pair_id or i.id) in out_groups]
