"""Inter-labeler agreement over a labeler x unit table of nominal answers.

Three numbers, each on the units judged by at least two labelers:

- ``percent``: pairwise percent agreement, the share of agreeing pairs of
  answers about the same unit::

      P = sum_u sum_c n_uc (n_uc - 1) / 2  /  sum_u m_u (m_u - 1) / 2

  with ``n_uc`` the labelers who gave answer ``c`` about unit ``u`` and ``m_u``
  the labelers of ``u``. Chance level is 1/2 for preference pairs.
- ``cohen_kappa``: Cohen's kappa ``(p_o - p_e) / (1 - p_e)`` of two labelers on
  the units both judged (scikit-learn's ``cohen_kappa_score``); with more
  labelers the unweighted mean over every pair of labelers sharing a unit
  whose kappa is defined (Light's kappa). Undefined (``p_e = 1``: both gave
  one and the same answer throughout) pairs are left out.
- ``krippendorff_alpha``: Krippendorff's alpha, nominal, ``1 - D_o / D_e``
  (the ``krippendorff`` package): any number of labelers, missing answers
  allowed, corrected for chance.

Thresholds (warnings): ``percent < 0.70`` is "too weak to train on reliably"
(labels that disagree this often mostly teach noise); ``alpha < 0.667`` is
below the lowest value Krippendorff accepts even for tentative conclusions.

>>> codes = np.array([[0, 1, 0, 1], [0, 1, 1, 1]], dtype=float)
>>> percent_agreement(codes, 2), round(mean_pairwise_kappa(codes)[0], 4)
(0.75, 0.5)
"""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from rewardstack.data.table import LabelTable, label_counts

__all__ = [
    "AGREEMENT_THRESHOLD",
    "ALPHA_THRESHOLD",
    "Agreement",
    "measure_agreement",
    "krippendorff_alpha",
    "mean_pairwise_kappa",
    "percent_agreement",
]

AGREEMENT_THRESHOLD = 0.70
ALPHA_THRESHOLD = 0.667


class Agreement(BaseModel):
    """Agreement numbers of one file (None where a number cannot be computed; ``notes`` say why)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    percent: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None
    labelers: int
    units: int  # units judged by at least one named labeler
    units_multi: int  # units judged by two or more labelers (the ones agreement is about)
    kappa_pairs: int  # pairs of labelers whose kappa entered the mean
    warnings: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


def _n_categories(codes: np.ndarray) -> int:
    present = codes[~np.isnan(codes)]
    return int(present.max()) + 1 if present.size else 0


def percent_agreement(codes: np.ndarray, n_categories: int | None = None) -> float | None:
    """Pairwise percent agreement (module docstring); None when no unit has two answers.

    >>> percent_agreement(np.array([[0, 0], [0, 1], [0, np.nan]]))
    0.75
    """
    counts = label_counts(codes, n_categories or _n_categories(codes))
    judged = counts.sum(axis=1)
    total = float((judged * (judged - 1)).sum()) / 2
    if total == 0:
        return None
    return float((counts * (counts - 1)).sum()) / 2 / total


def mean_pairwise_kappa(codes: np.ndarray) -> tuple[float | None, int]:
    """``(mean Cohen's kappa over labeler pairs, number of pairs used)`` (module docstring)."""
    from sklearn.metrics import cohen_kappa_score

    kappas = []
    for i, j in itertools.combinations(range(codes.shape[0]), 2):
        both = ~np.isnan(codes[i]) & ~np.isnan(codes[j])
        if not both.any():
            continue
        with warnings.catch_warnings():  # an undefined kappa is expected here and left out, not an alarm
            warnings.simplefilter("ignore")
            kappa = cohen_kappa_score(codes[i, both], codes[j, both], replace_undefined_by=np.nan)
        if math.isfinite(kappa):
            kappas.append(float(kappa))
    return (float(np.mean(kappas)) if kappas else None), len(kappas)


def krippendorff_alpha(codes: np.ndarray) -> float | None:
    """Nominal Krippendorff's alpha; None when undefined (fewer than two distinct answers, nothing pairable)."""
    import krippendorff

    judged = (~np.isnan(codes)).sum(axis=0)
    if not (judged >= 2).any() or _n_categories(codes) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 0/0 inside the package becomes NaN, reported as None
        try:
            alpha = krippendorff.alpha(reliability_data=codes, level_of_measurement="nominal")
        except ValueError:  # "There has to be more than one value in the domain."
            return None
    return float(alpha) if math.isfinite(alpha) else None


def _warnings(percent: float | None, alpha: float | None) -> list[str]:
    found = []
    if percent is not None and percent < AGREEMENT_THRESHOLD:
        found.append(f"agreement {percent:.2f} is below the {AGREEMENT_THRESHOLD:.2f} threshold: too weak to train "
                     f"on reliably (labelers disagree on {1 - percent:.0%} of pairs of answers)")
    if alpha is not None and alpha < ALPHA_THRESHOLD:
        found.append(f"Krippendorff's alpha {alpha:.2f} is below {ALPHA_THRESHOLD}, the lowest value accepted even "
                     "for tentative conclusions")
    return found


def measure_agreement(table: LabelTable) -> Agreement:
    """All agreement numbers of a table, with warnings and notes."""
    codes = table.codes
    judged = (~np.isnan(codes)).sum(axis=0)
    percent = percent_agreement(codes, len(table.categories))
    kappa, pairs = mean_pairwise_kappa(codes)
    alpha = krippendorff_alpha(codes)
    notes = []
    if len(table.labelers) < 2:
        notes.append("agreement needs answers from two or more named labelers (the labeler field)")
    elif not (judged >= 2).any():
        notes.append("no pair or item was judged by two labelers: agreement cannot be measured")
    elif kappa is None:
        notes.append("Cohen's kappa is undefined for every pair of labelers (each gave one answer throughout)")
    return Agreement(percent=percent, cohen_kappa=kappa, krippendorff_alpha=alpha, labelers=len(table.labelers),
                     units=len(table.units), units_multi=int((judged >= 2).sum()), kappa_pairs=pairs,
                     warnings=_warnings(percent, alpha), notes=notes)
