"""``RewardStack``: named sources + a fusion tree -> one :class:`StackResult` per sample.

Sources the tree reads eagerly are scored concurrently (one thread each;
process-mode sources fan out further into their worker pools); a lazy
operator (e.g. a cascade) pulls the rest only for the samples that need it.
Every source call goes through the content-addressed cache first.

>>> from rewardstack import RewardStack, Sample
>>> from rewardstack.rewards.shaping import LengthSource
>>> stack = RewardStack({"len": LengthSource(unit="chars", target=5)}, cache=None)
>>> stack.score([Sample(id="a", prompt="p", response="hello")])[0].total
1.0
"""

from __future__ import annotations

import asyncio
import difflib
import json
import math
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from rewardstack.core.cache import ResultCache, cache_key
from rewardstack.core.errors import ConfigError
from rewardstack.core.registry import SOURCES
from rewardstack.core.result import StackResult
from rewardstack.core.sample import Sample
from rewardstack.core.score import Score, Status
from rewardstack.core.source import RewardSource, SourceConfig
from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.execution import SourceRunner
from rewardstack.fusion.node import validate_node
from rewardstack.fusion.policies import SourcePolicy, parse_policies
from rewardstack.fusion.run import run_tree
from rewardstack.fusion.stack_config import StackConfig, load_stack_config
from rewardstack.fusion.stack_state import load_tree_state, read_state_file, tree_state
from rewardstack.fusion.weighted_sum import WeightedSumConfig

__all__ = ["DEFAULT_CACHE", "RewardStack", "build_source"]

DEFAULT_CACHE: Any = "default"  # sentinel: the user cache dir (see core.cache.default_cache_path)


def build_source(name: str, config: SourceConfig) -> RewardSource:
    """Instantiate the registered source class for ``config.kind``."""
    source_class = SOURCES.get(config.kind)
    source: RewardSource = source_class(config, name=name)
    return source


class RewardStack:
    """Compose reward sources with a fusion tree (default: equal-weight sum)."""

    def __init__(
        self,
        sources: Mapping[str, RewardSource],
        fusion: OperatorConfig | FusionOperator | Mapping[str, Any] | None = None,
        *,
        cache: ResultCache | str | Path | None = DEFAULT_CACHE,
        max_concurrency: int | None = None,
        policies: Mapping[str, SourcePolicy | Mapping[str, Any]] | None = None,
    ):
        if not sources:
            raise ConfigError("a RewardStack needs at least one source")
        self.sources = dict(sources)
        self.fusion_config = self._fusion_config(fusion)
        self.tree: FusionOperator = fusion if isinstance(fusion, FusionOperator) else self.fusion_config.build()
        self._check_tree_names()
        self.policies = self._policies(policies)
        self.cache = self._open_cache(cache)
        self._runners = {name: SourceRunner(name, source) for name, source in self.sources.items()}
        self._threads = ThreadPoolExecutor(max_workers=max_concurrency or max(1, len(self.sources)))
        self._state_lock = threading.RLock()  # training-mode state updates and state loads are serialised
        self._training = False
        self.tree.set_updates(False)  # evaluation mode by default

    # --- construction ----------------------------------------------------------
    @classmethod
    def from_config(cls, config: StackConfig, *, cache: ResultCache | str | Path | None = DEFAULT_CACHE) -> RewardStack:
        sources = {name: build_source(name, cfg) for name, cfg in config.sources.items()}
        return cls(sources, config.fusion, cache=cache if config.cache else None, policies=config.policies)

    @classmethod
    def from_yaml(cls, path: str | Path, *, cache: ResultCache | str | Path | None = DEFAULT_CACHE) -> RewardStack:
        return cls.from_config(load_stack_config(path), cache=cache)

    def _fusion_config(self, fusion: Any) -> OperatorConfig:
        if fusion is None or isinstance(fusion, FusionOperator):
            return WeightedSumConfig(weights={name: 1.0 for name in self.sources})
        try:
            return validate_node(dict(fusion) if isinstance(fusion, Mapping) else fusion)
        except ValueError as exc:
            raise ConfigError(f"invalid fusion tree: {exc}") from None

    def _check_tree_names(self) -> None:
        for name in sorted(self.tree.source_names()):
            if name not in self.sources:
                close = difflib.get_close_matches(name, list(self.sources), n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                raise ConfigError(f"the fusion tree reads source {name!r}, which the stack does not define.{hint}")

    def _policies(self, policies: Mapping[str, Any] | None) -> dict[str, SourcePolicy]:
        try:
            parsed = parse_policies(policies)
        except ValueError as exc:
            raise ConfigError(f"invalid policies: {exc}") from None
        unknown = sorted(set(parsed) - set(self.sources))
        if unknown:
            raise ConfigError(
                f"policies name {unknown}, which the stack does not define (sources: {sorted(self.sources)})"
            )
        return parsed

    # --- modes: evaluation (default) never moves fusion state; training does, once per call ------
    @property
    def training(self) -> bool:
        """True in training mode (running statistics and multipliers update once per ``score`` call)."""
        return self._training

    def train(self, mode: bool = True) -> RewardStack:
        """Switch to training mode (like ``torch.nn.Module.train``); returns the stack."""
        with self._state_lock:
            self._training = bool(mode)
            self.tree.set_updates(self._training)
        return self

    def eval(self) -> RewardStack:
        """Switch to evaluation mode: scoring is a pure function of the samples and the saved state."""
        return self.train(False)

    # --- fusion state (multipliers, running statistics, step) -------------------
    def state_dict(self) -> dict[str, Any]:
        """The fusion tree's JSON-serialisable state and shape; save it with training checkpoints."""
        with self._state_lock:
            return tree_state(self.tree)

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore :meth:`state_dict`; :class:`ConfigError` naming the mismatch for another tree's state."""
        with self._state_lock:
            load_tree_state(self.tree, state)

    def save_state(self, path: str | Path) -> None:
        """Write :meth:`state_dict` as JSON (atomically: a temporary file renamed into place)."""
        path = Path(path)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(self.state_dict(), indent=1), encoding="utf-8")
        tmp.replace(path)

    def load_state_file(self, path: str | Path) -> None:
        """Load a state file (``rewardstack score --state``); :class:`ConfigError` for a bad or foreign file."""
        with self._state_lock:
            load_tree_state(self.tree, read_state_file(path), origin=str(path))

    def set_step(self, step: int) -> None:
        """Training step for weight schedules."""
        self.tree.set_step(step)

    def metrics(self) -> dict[str, float]:
        """Fusion scalars to log (``fusion/lambda/<cost>``, ...)."""
        return {f"fusion/{k}": v for k, v in self.tree.metrics().items()}

    @staticmethod
    def _open_cache(cache: ResultCache | str | Path | None) -> ResultCache | None:
        if cache is None or isinstance(cache, ResultCache):
            return cache
        return ResultCache(None if cache == DEFAULT_CACHE else cache)

    # --- scoring ---------------------------------------------------------------
    def score(self, samples: Sequence[Sample]) -> list[StackResult]:
        """Score a batch; one StackResult per sample, in order."""
        samples = list(samples)
        if not samples:
            return []
        board = ScoreBoard(samples, self._fetch, policies=self.policies)
        index = np.arange(len(samples))
        lazy = self.tree.source_names() - self.tree.eager_sources()
        eager = [name for name in self.sources if name not in lazy]
        # Threads only pay off for sources that wait (I/O, subprocesses, worker pools); trivial
        # in-process sources run right here, so they do not fight the others for the GIL.
        in_thread = [name for name in eager if self._runners[name].runs_elsewhere]
        futures = {name: self._threads.submit(self._fetch, name, samples) for name in in_thread}
        for name in eager:
            if name not in futures:
                board.put(name, dict(enumerate(self._fetch(name, samples))))
        for name, future in futures.items():
            board.put(name, dict(enumerate(future.result())))
        output = run_tree(self.tree, board, index)
        return self._results(samples, board, output)

    async def ascore(self, samples: Sequence[Sample]) -> list[StackResult]:
        return await asyncio.to_thread(self.score, samples)

    def _fetch(self, name: str, samples: Sequence[Sample]) -> list[Score]:
        """Scores of one source for ``samples``: cache hits, then one call for the misses."""
        runner = self._runners[name]
        if self.cache is None:
            return runner.score(samples)
        identity = _cache_identity(name, runner.source)
        if identity is None:
            return runner.score(samples)
        keys = [cache_key(identity, s.content_key()) for s in samples]
        found = self.cache.get_many(keys)
        missing = [i for i, k in enumerate(keys) if k not in found]
        if missing:
            fresh = runner.score([samples[i] for i in missing])
            self.cache.put_many((keys[i], score) for i, score in zip(missing, fresh, strict=True))
            found.update((keys[i], score) for i, score in zip(missing, fresh, strict=True))
        return [found[k] for k in keys]

    def _results(self, samples: Sequence[Sample], board: ScoreBoard, output: FusionOutput) -> list[StackResult]:
        fetched = board.fetched()
        # plain lists once: per-element numpy indexing would cost more than the fusion itself
        totals = output.total.tolist()
        bases = output.base.tolist()
        contribution_lists = {name: values.tolist() for name, values in output.contributions.items()}
        row_flags: list[list[str]] = [[] for _ in samples]
        for flag, mask in output.flags.items():
            for i in np.flatnonzero(mask).tolist():
                row_flags[i].append(flag)
        results = []
        fields_set = set(StackResult.model_fields)  # passing it saves model_construct a per-object scan
        for i, sample in enumerate(samples):
            scores = {name: by_pos[i] for name, by_pos in fetched.items() if i in by_pos}
            total = totals[i]
            has_total = math.isfinite(total)
            contributions = {name: values[i] for name, values in contribution_lists.items() if math.isfinite(values[i])}
            results.append(
                StackResult.model_construct(
                    id=sample.id,
                    total=total if has_total else None,
                    status=Status.OK if has_total else _missing_total_status(scores),
                    scores=scores,
                    contributions=contributions,
                    flags=row_flags[i],
                    baseline=bases[i] if has_total else 0.0,
                    _fields_set=fields_set,
                )
            )
        return results

    def describe(self) -> dict[str, Any]:
        return {name: source.describe().model_dump(mode="json") for name, source in self.sources.items()}

    def close(self) -> None:
        for runner in self._runners.values():
            runner.close()
        self._threads.shutdown(wait=True)
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> RewardStack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _cache_identity(name: str, source: RewardSource) -> str | None:
    """Sources that cannot say what determines their verdicts are not cached."""
    identity = getattr(source, "cache_identity", None)
    return f"{name}|{identity()}" if callable(identity) else None


def _missing_total_status(scores: Mapping[str, Score]) -> Status:
    statuses = {s.status for s in scores.values()}
    if statuses and statuses <= {Status.ABSTAIN}:
        return Status.ABSTAIN
    if Status.TIMEOUT in statuses and Status.ERROR not in statuses:
        return Status.TIMEOUT
    return Status.ERROR
