"""The operator contract: a batch of Scores in, totals + contributions + flags out.

Operators are vectorised over the batch with numpy. A source's value is NaN
wherever its Score is not ``ok`` (after the source's non-ok policy, see
:mod:`rewardstack.fusion.policies`); what NaN means is each operator's
decision, never an implicit 0.

Scores are pulled through a :class:`ScoreBoard`, which fetches lazily: an
operator may ask for a source on a subset of samples only (a cascade calls
the expensive source just where cheap ones did not decide). The board keeps
one float array and one status array per source, so operators never loop
over Score objects (the fast path: ``put_arrays`` fills a source without
building Scores at all).

Every :class:`FusionOutput` carries a per-sample ``baseline`` (the operator's
value with its sources "absent") and per-source ``contributions`` that add up
to ``total - baseline`` (see :mod:`rewardstack.fusion.attribution`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer, model_validator

from rewardstack.core.sample import Sample, group_label
from rewardstack.core.score import STATUS_CODES, Score, Status

__all__ = ["STATUS_CODES", "FusionOperator", "FusionOutput", "OperatorConfig", "ScoreBoard"]

Fetch = Callable[[str, Sequence[Sample]], list[Score]]
_UNKNOWN = -1


def _no_fetch(name: str, samples: Sequence[Sample]) -> list[Score]:
    raise KeyError(f"source {name!r} was not put on this board and the board has no fetch function")


class ScoreBoard:
    """Scores of a batch, per source, fetched on first request and then kept.

    ``policies`` (name -> :class:`~rewardstack.fusion.policies.SourcePolicy`)
    decide what a non-ok Score becomes when an operator reads values.
    """

    def __init__(
        self, samples: Sequence[Sample], fetch: Fetch | None = None, policies: Mapping[str, Any] | None = None
    ):
        self.samples = samples
        self._fetch = fetch or _no_fetch
        self.policies: dict[str, Any] = dict(policies or {})
        self._scores: dict[str, dict[int, Score]] = {}
        self._values: dict[str, np.ndarray] = {}
        self._status: dict[str, np.ndarray] = {}
        self._groups: dict[str, np.ndarray] = {}
        self.calls: dict[str, int] = {}  # samples fetched per source (cascade savings are counted here)
        self.veto: dict[str, np.ndarray] = {}  # source -> bool mask of samples a "veto" policy vetoed

    def __len__(self) -> int:
        return len(self.samples)

    def _arrays(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        if name not in self._values:
            self._values[name] = np.full(len(self.samples), np.nan)
            self._status[name] = np.full(len(self.samples), _UNKNOWN, dtype=np.int8)
        return self._values[name], self._status[name]

    def put(self, name: str, scores: Mapping[int, Score]) -> None:
        self._scores.setdefault(name, {}).update(scores)
        values, status = self._arrays(name)
        positions = np.fromiter(scores.keys(), dtype=np.int64, count=len(scores))
        # built as lists and assigned once: per-element numpy assignment costs ~10x more
        status[positions] = [STATUS_CODES[score.status] for score in scores.values()]
        values[positions] = [score.value if score.status is Status.OK else np.nan for score in scores.values()]

    def put_arrays(self, name: str, values: np.ndarray, status: np.ndarray | None = None) -> None:
        """Fast path: a whole source as arrays (NaN / status code != 0 = not ok); no Score objects kept."""
        values = np.asarray(values, dtype=float)
        if values.shape != (len(self.samples),):
            raise ValueError(f"{name}: expected {len(self.samples)} values, got shape {values.shape}")
        if status is None:
            status = np.where(np.isnan(values), STATUS_CODES[Status.ERROR], 0).astype(np.int8)
        self._values[name] = np.where(status == 0, values, np.nan)
        self._status[name] = np.asarray(status, dtype=np.int8)

    def _ensure(self, name: str, index: np.ndarray) -> None:
        _, status = self._arrays(name)
        missing = index[status[index] == _UNKNOWN]
        if missing.size:
            fetched = self._fetch(name, [self.samples[int(i)] for i in missing])
            self.calls[name] = self.calls.get(name, 0) + int(missing.size)
            self.put(name, dict(zip((int(i) for i in missing), fetched, strict=True)))

    def scores(self, name: str, index: np.ndarray) -> list[Score]:
        self._ensure(name, index)
        known = self._scores.get(name, {})
        return [known[int(i)] for i in index]

    def raw_values(self, name: str, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(values with NaN where not ok, status codes) for ``index``, fetching what is missing."""
        self._ensure(name, index)
        return self._values[name][index], self._status[name][index]

    def values(self, name: str, index: np.ndarray) -> np.ndarray:
        """Float values, NaN where the Score is not ok (no policy applied)."""
        return self.raw_values(name, index)[0]

    def group_ids(self, key: str, index: np.ndarray) -> np.ndarray:
        """Integer group ids from ``sample.metadata[key]`` (-1 where missing), computed once per batch.

        Ids compare by :func:`~rewardstack.core.sample.group_label`: ``7`` and ``"7"`` are one group.
        """
        if key not in self._groups:
            labels: dict[str, int] = {}
            ids = np.empty(len(self.samples), dtype=np.int64)
            for i, sample in enumerate(self.samples):
                label = group_label(sample.metadata.get(key))
                ids[i] = -1 if label is None else labels.setdefault(label, len(labels))
            self._groups[key] = ids
        return self._groups[key][index]

    def set_group_ids(self, key: str, ids: np.ndarray) -> None:
        self._groups[key] = np.asarray(ids, dtype=np.int64)

    def fetched(self) -> dict[str, dict[int, Score]]:
        return self._scores

    def arrays(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """(values, status codes) per source on the board: NaN unless ok; code -1 = never fetched."""
        return dict(self._values), dict(self._status)


@dataclass
class FusionOutput:
    """Per-sample totals (NaN = no value), baseline, signed contributions, and flags.

    ``flags`` maps a flag name to a boolean mask over the batch (vectorised;
    :meth:`flags_for` lists one sample's flags). ``contributions`` add up to
    ``total - baseline`` wherever ``total`` is finite.
    """

    total: np.ndarray
    contributions: dict[str, np.ndarray]
    flags: dict[str, np.ndarray] = field(default_factory=dict)
    baseline: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.baseline is None:
            self.baseline = np.zeros_like(self.total)

    @property
    def base(self) -> np.ndarray:
        assert self.baseline is not None
        return self.baseline

    def __len__(self) -> int:
        return int(self.total.shape[0])

    @classmethod
    def empty(cls, n: int) -> FusionOutput:
        return cls(total=np.full(n, np.nan), contributions={}, flags={}, baseline=np.zeros(n))

    def flag(self, name: str, mask: np.ndarray) -> None:
        """OR ``mask`` into flag ``name`` (masks that are all False are not stored)."""
        if not mask.any():
            return
        current = self.flags.get(name)
        self.flags[name] = mask.copy() if current is None else (current | mask)

    def merge_flags(self, other: FusionOutput, positions: np.ndarray | None = None) -> None:
        """Take ``other``'s flags; with ``positions``, other row k is this row ``positions[k]``."""
        for name, mask in other.flags.items():
            if positions is None:
                self.flag(name, mask)
            else:
                full = np.zeros(len(self), dtype=bool)
                full[positions] = mask
                self.flag(name, full)

    def flags_for(self, row: int) -> list[str]:
        return [name for name, mask in self.flags.items() if mask[row]]

    def sources(self) -> Iterator[str]:
        return iter(self.contributions)

    @classmethod
    def scatter(cls, n: int, parts: Sequence[tuple[np.ndarray, FusionOutput]]) -> FusionOutput:
        """Assemble a batch from outputs computed on disjoint row subsets."""
        out = cls(total=np.full(n, np.nan), contributions={}, flags={}, baseline=np.zeros(n))
        for positions, part in parts:
            out.total[positions] = part.total
            out.base[positions] = part.base
            for name, values in part.contributions.items():
                out.contributions.setdefault(name, np.zeros(n))[positions] = values
            out.merge_flags(part, positions)
        return out


class FusionOperator(ABC):
    """One node of a fusion tree.

    ``training`` (set on every node by :meth:`set_updates`) tells a node whether
    it may move running state and use statistics of the batch beyond a sample's
    own group. In evaluation (``training = False``) a node's output must be a
    pure function of the sample (and its group) and the saved state.
    """

    training: bool = True  # a bare operator updates (its tests drive it directly); a RewardStack sets eval

    def children(self) -> list[FusionOperator]:
        """Sub-operators (for state, steps and explanations); leaves have none."""
        return []

    @abstractmethod
    def source_names(self) -> set[str]:
        """Every source this subtree may read."""

    def group_keys(self) -> set[str]:
        """``sample.metadata`` keys whose groups this subtree normalises within (kept whole by batching)."""
        return set().union(*(child.group_keys() for child in self.children()))

    def eager_sources(self) -> set[str]:
        """Sources worth fetching for the whole batch up front (concurrently)."""
        return self.source_names()

    @abstractmethod
    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        """Fuse the samples at ``index`` (positions into ``board.samples``)."""

    # --- state: multipliers, running statistics, training step -------------------
    def own_state(self) -> dict[str, Any]:
        """This node's JSON-serialisable state (operators with running state override)."""
        return {}

    def load_own_state(self, state: Mapping[str, Any]) -> None:  # noqa: B027 (most nodes have no state)
        """Restore what :meth:`own_state` returned."""

    def state_dict(self) -> dict[str, Any]:
        """The subtree's state, nested like the tree: ``{"state": ..., "children": [...]}``."""
        return {"state": self.own_state(), "children": [c.state_dict() for c in self.children()]}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        self.load_own_state(state.get("state", {}))
        kids = self.children()
        saved = list(state.get("children", []))
        if len(saved) != len(kids):
            raise ValueError(
                f"state has {len(saved)} children, tree node has {len(kids)}: was it saved from this tree?"
            )
        for child, child_state in zip(kids, saved, strict=True):
            child.load_state_dict(child_state)

    def set_step(self, step: int) -> None:
        """Tell the subtree the training step (weight schedules read it)."""
        for child in self.children():
            child.set_step(step)

    def set_updates(self, enabled: bool) -> None:
        """Switch running-state updates (multipliers, statistics) on (training) or off (evaluation)."""
        self.training = enabled
        for child in self.children():
            child.set_updates(enabled)

    def metrics(self) -> dict[str, float]:
        """Scalars to log (multipliers, running means) of the whole subtree, e.g. ``lambda/<cost>``.

        Keys are not prefixed by tree position (readable in a logger); give costs distinct
        ``name``s when a tree has several constraint nodes.
        """
        out: dict[str, float] = {}
        for child in self.children():
            out.update(child.metrics())
        return out


class OperatorConfig(BaseModel):
    """Base of every operator config: frozen, unknown keys rejected, ``kind`` discriminates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str

    @model_validator(mode="before")
    @classmethod
    def _a_tree(cls, data: Any) -> Any:
        # before the fields: a cyclic or absurdly deep tree would overflow the recursion below
        from rewardstack.core.config import check_tree_shape  # core.config imports the registries

        check_tree_shape(data)
        return data

    @model_validator(mode="after")
    def _finite_numbers(self) -> OperatorConfig:
        # NaN/inf weights, thresholds, budgets: one check for every operator, plugins included
        from rewardstack.core.config import check_finite

        check_finite(self, skip=(OperatorConfig,))
        return self

    @model_serializer(mode="wrap")
    def _always_kind(self, handler: SerializerFunctionWrapHandler) -> Any:
        # ``kind`` has a default in every subclass; exclude_defaults must not drop the discriminator
        data = handler(self)
        return {"kind": self.kind, **data} if isinstance(data, dict) else data

    def build(self) -> FusionOperator:
        raise NotImplementedError(f"{type(self).__name__} does not implement build()")

    def explain(self) -> tuple[str, list[tuple[str | None, str | OperatorConfig]]]:
        """This node in words for ``rewardstack fusion explain``: ``(headline, children)``.

        A child is ``(a label line printed above it, or None; an operand)``; the
        walker indents children under the headline. Operators override this with
        a sentence; the default names the kind and its fields, nested nodes below.
        """
        from rewardstack.fusion.explain import field_explanation  # explain.py imports this module

        return field_explanation(self)
