"""Distribution shift between training prompts and deployment prompts, in the encoder's embedding space.

Prompts are de-duplicated (pairs share prompts; a copy would sit at distance 0
from itself), embedded as unit vectors (:mod:`rewardstack.data.embed`) and
compared two ways:

- kNN distance: for each deployment prompt, the mean cosine distance
  ``1 - cos(a, b)`` to its ``k`` (5) nearest training prompts; the baseline is
  the same number for each training prompt against the *other* training
  prompts. Reported as percentiles (p50, p90, p95) of both, plus
  ``beyond_train_p95``: the share of deployment prompts farther from the
  training set than 95% of training prompts are (about 0.05 without shift).
- Classifier two-sample test: a logistic regression (standardised features)
  learns to tell training from deployment prompts; its stratified 5-fold
  cross-validated ROC AUC is 0.5 when the two sets come from one distribution
  and 1.0 when they are separable.

Drift rule (a warning, ``drift: true``), any of:

- ``classifier_auc >= max(0.70, 0.5 + 4 * sd0)``, where
  ``sd0 = sqrt((n1 + n2 + 1) / (12 n1 n2))`` is the AUC's standard deviation
  when both sets come from one distribution (Hanley & McNeil): with 70 vs 30
  prompts a chance AUC of 0.7 is not rare, so small sets need more;
- ``median_ratio >= 1.5`` and ``beyond_train_p95 >= 0.20``: the typical
  deployment prompt is half again as far from the training prompts as training
  prompts are from each other, and many lie beyond the training tail (either
  alone happens by chance on small, clustered sets);
- ``beyond_train_p95 >= 0.5``: half the deployment prompts are outliers.

``beyond_train_p95 >= 0.20`` without drift is a note (some deployment topics
are thin in the training data; on small or clustered sets this also happens
by chance). Each side is capped at ``MAX_PROMPTS`` (a seeded random sample,
said in ``notes``); with fewer than ``MIN_PROMPTS`` prompts on a side there is
no verdict.

>>> reference = np.eye(3, dtype=np.float32)
>>> knn_distance(reference, np.array([[1.0, 0.0, 0.0]]), k=1).tolist()
[0.0]
>>> knn_distance(reference, reference, k=1, exclude_self=True).tolist()
[1.0, 1.0, 1.0]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AUC_DRIFT",
    "BEYOND_DRIFT",
    "RATIO_DRIFT",
    "MAX_PROMPTS",
    "MIN_PROMPTS",
    "Percentiles",
    "Shift",
    "auc_drift_threshold",
    "classifier_auc",
    "knn_distance",
    "measure_shift",
    "shift_from_embeddings",
]

AUC_DRIFT = 0.70
AUC_NULL_SDS = 4.0
RATIO_DRIFT = 1.5
BEYOND_DRIFT = 0.5
BEYOND_NOTE = 0.20
MAX_PROMPTS = 5000
MIN_PROMPTS = 10
K_NEIGHBOURS = 5
_CHUNK = 1024  # query rows per distance block: bounds memory at CHUNK x len(reference)


class Percentiles(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    p50: float
    p90: float
    p95: float


class Shift(BaseModel):
    """The shift section of the report (None where a number could not be computed; ``notes`` say why)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    train_prompts: int  # distinct prompts compared (after the cap)
    deployment_prompts: int
    k: int
    train_knn: Percentiles | None  # within-train baseline
    deployment_knn: Percentiles | None
    beyond_train_p95: float | None
    median_ratio: float | None  # deployment p50 / train p50
    classifier_auc: float | None
    auc_drift_at: float | None  # the AUC that counts as drift for these set sizes
    drift: bool | None
    encoder: str
    warnings: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


def knn_distance(reference: np.ndarray, queries: np.ndarray, k: int, *, exclude_self: bool = False) -> np.ndarray:
    """Mean cosine distance of each query (unit vector) to its ``k`` nearest reference rows.

    ``exclude_self``: ``queries`` *is* ``reference`` and row ``i`` must not count as its own neighbour.
    """
    out = np.empty(len(queries), dtype=np.float64)
    for start in range(0, len(queries), _CHUNK):
        distance = 1.0 - queries[start:start + _CHUNK].astype(np.float64) @ reference.T.astype(np.float64)
        if exclude_self:
            rows = np.arange(distance.shape[0])
            distance[rows, rows + start] = np.inf
        nearest = np.partition(distance, k - 1, axis=1)[:, :k]
        out[start:start + len(distance)] = np.clip(nearest, 0.0, 2.0).mean(axis=1)
    return out


def classifier_auc(first: np.ndarray, second: np.ndarray, *, folds: int = 5, seed: int = 0) -> float | None:
    """Cross-validated ROC AUC of a logistic regression telling ``first`` rows from ``second`` rows.

    None when a side has fewer than two rows (no stratified split exists).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    splits = min(folds, len(first), len(second))
    if splits < 2:
        return None
    features = np.vstack([first, second])
    labels = np.r_[np.zeros(len(first)), np.ones(len(second))]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, class_weight="balanced"))
    scores = cross_val_score(model, features, labels, scoring="roc_auc",
                             cv=StratifiedKFold(n_splits=splits, shuffle=True, random_state=seed))
    return float(np.mean(scores))


def _percentiles(values: np.ndarray) -> Percentiles:
    p50, p90, p95 = np.percentile(values, [50, 90, 95])
    return Percentiles(p50=float(p50), p90=float(p90), p95=float(p95))


def auc_drift_threshold(n_first: int, n_second: int) -> float:
    """``max(0.70, 0.5 + 4 sd0)`` with ``sd0 = sqrt((n1 + n2 + 1) / (12 n1 n2))`` (module docstring).

    >>> round(auc_drift_threshold(70, 30), 3), auc_drift_threshold(5000, 5000)
    (0.753, 0.7)
    """
    sd0 = math.sqrt((n_first + n_second + 1) / (12 * n_first * n_second))
    return max(AUC_DRIFT, 0.5 + AUC_NULL_SDS * sd0)


def _drift_warnings(auc: float | None, auc_at: float, ratio: float | None, beyond: float) -> list[str]:
    found = []
    if auc is not None and auc >= auc_at:
        found.append(f"deployment prompts drift from the training prompts: a classifier tells them apart with "
                     f"AUC {auc:.2f} (>= {auc_at:.2f}); labels from the training prompts may not reflect users' needs")
    if ratio is not None and ratio >= RATIO_DRIFT and BEYOND_NOTE <= beyond < BEYOND_DRIFT:
        found.append(f"the typical deployment prompt is {ratio:.1f}x as far from the training prompts as training "
                     f"prompts are from each other (>= {RATIO_DRIFT}) and {beyond:.0%} lie beyond the training p95")
    if beyond >= BEYOND_DRIFT:
        found.append(f"{beyond:.0%} of deployment prompts lie farther from the training prompts than 95% of "
                     f"training prompts do (>= {BEYOND_DRIFT:.0%}; about 5% without shift)")
    return found


def shift_from_embeddings(train: np.ndarray, deployment: np.ndarray, *, encoder: str = "",
                          notes: Sequence[str] = (), seed: int = 0) -> Shift:
    """The shift numbers of two sets of unit vectors (module docstring)."""
    found_notes = list(notes)
    k = min(K_NEIGHBOURS, len(train) - 1)
    if k < 1 or len(deployment) == 0:
        found_notes.append("need two or more distinct training prompts and one deployment prompt")
        return Shift(train_prompts=len(train), deployment_prompts=len(deployment), k=max(k, 0), train_knn=None,
                     deployment_knn=None, beyond_train_p95=None, median_ratio=None, classifier_auc=None,
                     auc_drift_at=None, drift=None, encoder=encoder, notes=found_notes)
    baseline = knn_distance(train, train, k, exclude_self=True)
    distance = knn_distance(train, deployment, k)
    train_knn, deployment_knn = _percentiles(baseline), _percentiles(distance)
    beyond = float((distance > train_knn.p95).mean())
    ratio = deployment_knn.p50 / train_knn.p50 if train_knn.p50 > 0 else None
    if ratio is not None and not math.isfinite(ratio):
        ratio = None
    enough = min(len(train), len(deployment)) >= MIN_PROMPTS
    auc = classifier_auc(train, deployment, seed=seed) if enough else None
    auc_at = auc_drift_threshold(len(train), len(deployment))
    warnings = _drift_warnings(auc, auc_at, ratio, beyond) if enough else []
    if not enough:
        found_notes.append(f"fewer than {MIN_PROMPTS} prompts on a side: no classifier and no drift verdict")
    elif not warnings and beyond >= BEYOND_NOTE:
        found_notes.append(f"{beyond:.0%} of deployment prompts lie beyond the training p95 (about 5% without shift): "
                           "some deployment topics are thin in the training data (or the sets are small)")
    return Shift(train_prompts=len(train), deployment_prompts=len(deployment), k=k, train_knn=train_knn,
                 deployment_knn=deployment_knn, beyond_train_p95=beyond, median_ratio=ratio, classifier_auc=auc,
                 auc_drift_at=auc_at if enough else None, drift=bool(warnings) if enough else None, encoder=encoder,
                 warnings=warnings, notes=found_notes)


def _capped(texts: Sequence[str], side: str, rng: np.random.Generator, notes: list[str]) -> list[str]:
    distinct = list(dict.fromkeys(texts))
    if len(distinct) <= MAX_PROMPTS:
        return distinct
    notes.append(f"{side}: a random {MAX_PROMPTS} of {len(distinct)} distinct prompts compared")
    keep = sorted(rng.choice(len(distinct), size=MAX_PROMPTS, replace=False).tolist())
    return [distinct[i] for i in keep]


def measure_shift(train_prompts: Sequence[str], deployment_prompts: Sequence[str], *, encoder: str = "all-minilm-l6-v2",
          device: str | None = None, seed: int = 0, advance: Callable[[int], None] | None = None) -> Shift:
    """Embed both prompt sets with ``encoder`` and measure the shift (module docstring)."""
    from rewardstack.data.embed import embed_texts

    notes: list[str] = []
    rng = np.random.default_rng(seed)
    train = _capped(train_prompts, "training", rng, notes)
    deployment = _capped(deployment_prompts, "deployment", rng, notes)
    vectors = embed_texts([*train, *deployment], model=encoder, device=device, advance=advance)
    return shift_from_embeddings(vectors[:len(train)], vectors[len(train):], encoder=encoder, notes=notes,
                                 seed=seed)
