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

Drift rule (a warning): ``classifier_auc >= 0.70`` or ``beyond_train_p95 >= 0.20``
(four times its no-shift value). Each side is capped at ``MAX_PROMPTS``
(a seeded random sample, said in ``notes``); with fewer than ``MIN_PROMPTS``
prompts on a side there is no verdict.

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
    "MAX_PROMPTS",
    "MIN_PROMPTS",
    "Percentiles",
    "Shift",
    "classifier_auc",
    "knn_distance",
    "measure_shift",
    "shift_from_embeddings",
]

AUC_DRIFT = 0.70
BEYOND_DRIFT = 0.20
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


def _drift_warnings(auc: float | None, beyond: float | None) -> list[str]:
    found = []
    if auc is not None and auc >= AUC_DRIFT:
        found.append(f"deployment prompts drift from the training prompts: a classifier tells them apart with "
                     f"AUC {auc:.2f} (>= {AUC_DRIFT}); labels from the training prompts may not reflect users' needs")
    if beyond is not None and beyond >= BEYOND_DRIFT:
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
                     deployment_knn=None, beyond_train_p95=None, median_ratio=None, classifier_auc=None, drift=None,
                     encoder=encoder, notes=found_notes)
    baseline = knn_distance(train, train, k, exclude_self=True)
    distance = knn_distance(train, deployment, k)
    train_knn, deployment_knn = _percentiles(baseline), _percentiles(distance)
    beyond = float((distance > train_knn.p95).mean())
    ratio = deployment_knn.p50 / train_knn.p50 if train_knn.p50 > 0 else None
    enough = min(len(train), len(deployment)) >= MIN_PROMPTS
    auc = classifier_auc(train, deployment, seed=seed) if enough else None
    if not enough:
        found_notes.append(f"fewer than {MIN_PROMPTS} prompts on a side: no classifier and no drift verdict")
    warnings = _drift_warnings(auc, beyond) if enough else []
    return Shift(train_prompts=len(train), deployment_prompts=len(deployment), k=k, train_knn=train_knn,
                 deployment_knn=deployment_knn, beyond_train_p95=beyond,
                 median_ratio=ratio if ratio is None or math.isfinite(ratio) else None, classifier_auc=auc,
                 drift=bool(warnings) if enough else None, encoder=encoder, warnings=warnings, notes=found_notes)


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
