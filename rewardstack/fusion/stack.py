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
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from rewardstack.core.cache import ResultCache
from rewardstack.core.errors import ConfigError, RewardStackError, SourceError
from rewardstack.core.event_loop import LoopThread
from rewardstack.core.registry import SOURCES
from rewardstack.core.result import StackResult
from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import RewardSource, SourceConfig
from rewardstack.fusion.base import FusionOperator, OperatorConfig, ScoreBoard
from rewardstack.fusion.cached_fetch import fetch_async, fetch_sync
from rewardstack.fusion.execution import SourceRunner
from rewardstack.fusion.node import validate_node
from rewardstack.fusion.policies import SourcePolicy, parse_policies
from rewardstack.fusion.run import run_tree
from rewardstack.fusion.stack_arrays import StackArrays, build_results, missing_total_status
from rewardstack.fusion.stack_config import StackConfig, load_stack_config, undefined_policies, undefined_source
from rewardstack.fusion.stack_state import load_tree_state, read_state_file, tree_state
from rewardstack.fusion.weighted_sum import WeightedSumConfig

__all__ = ["DEFAULT_CACHE", "RewardStack", "as_samples", "build_source"]

DEFAULT_CACHE: Any = "default"  # sentinel: the user cache dir (see core.cache.default_cache_path)


def build_source(name: str, config: SourceConfig) -> RewardSource:
    """Instantiate the registered source class for ``config.kind``.

    A source that cannot start raises at construction; anything but a :class:`RewardStackError`
    (a plugin's ``RuntimeError``, ``OSError``, ...) becomes a :class:`SourceError` naming the
    source and its origin, so ``score``, ``serve`` and ``bench`` report it instead of a traceback.
    """
    source_class = SOURCES.get(config.kind)
    try:
        source: RewardSource = source_class(config, name=name)
    except RewardStackError:
        raise
    except Exception as exc:  # third-party code: any error while starting is a broken setup, named here
        raise SourceError(f"{name}: source kind {config.kind!r} ({SOURCES.origin(config.kind)}) could not start: "
                          f"{type(exc).__name__}: {exc}") from exc
    return source


def as_samples(samples: Sequence[Sample]) -> list[Sample]:
    """``samples`` as a list, refusing what is not a :class:`Sample` with its index and a fix.

    A dict from a JSON line or one bare Sample would otherwise fail deep inside a source.

    >>> as_samples([{"id": "1", "prompt": "p", "response": "r"}])
    Traceback (most recent call last):
    ...
    TypeError: samples[0] is a dict, not a Sample: build it with Sample(**obj) or Sample.model_validate(obj)
    """
    if isinstance(samples, Sample | str | Mapping):
        raise TypeError(f"score a sequence of Samples, not one {type(samples).__name__}: e.g. stack.score([sample])")
    batch = list(samples)
    for i, item in enumerate(batch):
        if not isinstance(item, Sample):
            raise TypeError(f"samples[{i}] is a {type(item).__name__}, not a Sample: build it with Sample(**obj) "
                            "or Sample.model_validate(obj)")
    return batch


def _checked_sources(sources: Mapping[str, RewardSource]) -> dict[str, RewardSource]:
    """The sources as a dict, refusing a class where an instance belongs, or anything without ``score``."""
    for name, source in sources.items():
        if isinstance(source, type):
            raise ConfigError(f"source {name!r} is the class {source.__name__}, not a source: pass an instance, "
                              f"e.g. {source.__name__}()")
        if not callable(getattr(source, "score", None)):
            raise ConfigError(f"source {name!r} is {source!r} ({type(source).__name__}), not a reward source: pass a "
                              "source object (e.g. LengthSource()), or write the stack as YAML/a StackConfig and use "
                              "RewardStack.from_yaml or from_config")
    return dict(sources)


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
        self.sources = _checked_sources(sources)
        self.fusion_config = self._fusion_config(fusion)
        self.tree: FusionOperator = fusion if isinstance(fusion, FusionOperator) else self.fusion_config.build()
        self._check_tree_names()
        self.policies = self._policies(policies)
        self.cache = self._open_cache(cache)
        self._loop = LoopThread("stack")  # every async source of this stack runs on this one loop
        self._runners = {name: SourceRunner(name, source, self._loop) for name, source in self.sources.items()}
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
        problem = undefined_source(self.tree.source_names(), self.sources)
        if problem is not None:
            raise ConfigError(problem[1])

    def _policies(self, policies: Mapping[str, Any] | None) -> dict[str, SourcePolicy]:
        try:
            parsed = parse_policies(policies)
        except ValueError as exc:
            raise ConfigError(f"invalid policies: {exc}") from None
        problem = undefined_policies(parsed, self.sources)
        if problem is not None:
            raise ConfigError(problem)
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
        samples = as_samples(samples)
        if not samples:
            return []
        board = self._board(samples)
        self._fetch_eager(board, samples)
        return build_results(samples, self._fuse(board), board.fetched())

    def score_arrays(self, samples: Sequence[Sample]) -> StackArrays:
        """Score a batch into arrays (totals, per-source values and statuses, flags): the trainers' path.

        Same totals, statuses and flags as :meth:`score`, without per-sample objects: trivial
        sources with a ``score_values`` fast path are computed straight into arrays (not
        through the cache), the rest as Scores through the cache.
        """
        samples = as_samples(samples)
        board = self._board(samples)
        if samples:
            self._fetch_eager(board, samples, arrays=True)
        return self._fuse(board)

    async def ascore(self, samples: Sequence[Sample]) -> list[StackResult]:
        """Async :meth:`score`: async sources run on the stack's loop, sync ones on its threads.

        The caller's loop is never blocked by a source; only the fusion step runs on it (or on a
        thread, when a lazy operator may still fetch sources).
        """
        samples = as_samples(samples)
        if not samples:
            return []
        board = self._board(samples)
        loop = asyncio.get_running_loop()
        names = self._eager_names()
        jobs = [self._afetch(name, samples) if self._runners[name].is_async
                else loop.run_in_executor(self._threads, self._fetch, name, samples) for name in names]
        for name, scores in zip(names, await asyncio.gather(*jobs), strict=True):
            board.put(name, dict(enumerate(scores)))
        arrays = await asyncio.to_thread(self._fuse, board) if self._lazy_names() else self._fuse(board)
        return build_results(samples, arrays, board.fetched())

    @property
    def group_key(self) -> str | None:
        """The ``sample.metadata`` key whose groups must reach one ``score`` call whole (None: no groups).

        Batching (``rewardstack score``, benchmarks, the server) keeps these groups whole. A
        tree that normalises within groups of two different keys has no single batching rule:
        :class:`ConfigError`.
        """
        keys = sorted(self.tree.group_keys())
        if len(keys) > 1:
            raise ConfigError(f"the fusion tree normalises within groups of {keys}; batching can keep only one "
                              "grouping whole: use one metadata key for every group operator")
        return keys[0] if keys else None

    def notes(self) -> list[str]:
        """What happened to sources so far (a halved micro-batch, isolated failures, quarantine)."""
        return [note for runner in self._runners.values() for note in runner.notes()]

    def as_trl_reward_funcs(self, **options: Any) -> list[Callable[..., list[float | None]]]:
        """This stack as TRL's ``GRPOTrainer(reward_funcs=...)``: one named reward function whose
        value is the fused total (None where there is none); pass ``reward_weights=[1.0]`` or leave
        TRL's default. Options and rules: :func:`rewardstack.integrations.trl.as_trl_reward_funcs`.
        """
        from rewardstack.integrations.trl import as_trl_reward_funcs

        return as_trl_reward_funcs(self, **options)

    # --- the engine's steps ----------------------------------------------------------
    def _board(self, samples: Sequence[Sample]) -> ScoreBoard:
        return ScoreBoard(samples, self._fetch, policies=self.policies)

    def _lazy_names(self) -> set[str]:
        return self.tree.source_names() - self.tree.eager_sources()

    def _eager_names(self) -> list[str]:
        lazy = self._lazy_names()
        return [name for name in self.sources if name not in lazy]

    def _fetch_eager(self, board: ScoreBoard, samples: Sequence[Sample], *, arrays: bool = False) -> None:
        eager = self._eager_names()
        if arrays:  # trivial sources with a value path: straight to arrays (a cache lookup costs more)
            for name in [n for n in eager if self._runners[n].value_path]:
                computed = self._runners[name].score_values(samples)
                if computed is not None:
                    board.put_arrays(name, *computed)
                    eager.remove(name)
        # Threads only pay off for sources that wait (I/O, subprocesses, worker pools, the async loop);
        # trivial in-process sources run right here, so they do not fight the others for the GIL.
        in_thread = [name for name in eager if self._runners[name].runs_elsewhere]
        futures = {name: self._threads.submit(self._fetch, name, samples) for name in in_thread}
        for name in eager:
            if name not in futures:
                board.put(name, dict(enumerate(self._fetch(name, samples))))
        for name, future in futures.items():
            board.put(name, dict(enumerate(future.result())))

    def _fuse(self, board: ScoreBoard) -> StackArrays:
        index = np.arange(len(board))
        if self._training:
            with self._state_lock:  # training-mode updates happen once per call, one call at a time
                output = run_tree(self.tree, board, index)
        else:
            output = run_tree(self.tree, board, index)
        values, statuses = board.arrays()
        contributions = dict(output.contributions)
        n = len(board)
        for name in self.sources:  # a lazy source no sample reached: every key present, every batch
            values.setdefault(name, np.full(n, np.nan))
            statuses.setdefault(name, np.full(n, -1, dtype=np.int8))  # -1 = never fetched
            if name in self.tree.source_names():
                contributions.setdefault(name, np.zeros(n))
        return StackArrays(
            ids=[s.id for s in board.samples], total=output.total,
            status=missing_total_status(output.total, statuses), values=values, statuses=statuses,
            contributions=contributions, baseline=output.base, flags=output.flags,
        )

    def _fetch(self, name: str, samples: Sequence[Sample]) -> list[Score]:
        """Scores of one source for ``samples``: cache hits, then one call for the misses."""
        runner = self._runners[name]
        return fetch_sync(self.cache, name, runner.source, samples, runner.score)

    async def _afetch(self, name: str, samples: Sequence[Sample]) -> list[Score]:
        runner = self._runners[name]
        return await fetch_async(self.cache, name, runner.source, samples,
                                 lambda missing: self._loop.run_async(runner.ascore(missing)))

    def describe(self) -> dict[str, Any]:
        return {name: source.describe().model_dump(mode="json") for name, source in self.sources.items()}

    def close(self) -> None:
        """Close every source and runner, the stack's loop and threads, and the cache. Idempotent."""
        for runner in self._runners.values():
            runner.close()
        for source in self.sources.values():
            close = getattr(source, "close", None)
            if callable(close):
                close()
        self._loop.close()
        self._threads.shutdown(wait=True)
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> RewardStack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
