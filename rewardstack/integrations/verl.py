"""verl: ``compute_score`` for ``custom_reward_function``, built from a stack.

verl calls ``compute_score(data_source, solution_str, ground_truth,
extra_info=None, **kwargs)`` once per response and accepts a float or a dict
with ``"score"`` plus extra keys (logged per key). Here it returns the dict form,
the same keys for every sample (verl gathers them into columns):
``{"score": total, "no_total": 0.0|1.0, <source>: value, "<source>/ok": 0.0|1.0, ...}``.
A sample without a total gets ``missing_score`` (default 0.0) and ``no_total``
1.0; a source that was not ok reports ``missing_score`` and ``<source>/ok`` 0.0.

How verl's arguments become a Sample: ``solution_str`` is the response;
``ground_truth`` the reference (an object as it is, a string ``s`` as ``{"answer": s}``);
``data_source`` the domain; the prompt is ``extra_info["prompt"]`` or
``extra_info["question"]`` when the dataset put one there (else empty);
``extra_info["index"]`` the id.

Two ways in:

- point verl at this module: ``custom_reward_function.path=<site-packages>/rewardstack/integrations/verl.py``,
  ``custom_reward_function.name=compute_score`` and ``REWARDSTACK_STACK=stack.yaml``
  (``REWARDSTACK_STATE=state.json`` optional) in the workers' environment;
- or in your own reward file: ``compute_score = make_compute_score(stack)``.

``compute_score_batch`` (verl's batch reward manager: lists in, list out) scores
a whole batch in one stack call, which batch-native sources want.

Groups: for a stack that normalises within groups (``group_normalize``, its
``group_key``), responses with the same prompt are one group (``metadata[group_key]``
= a hash of the prompt, the TRL and server rule), and the dict gains ``no_group``:
1.0 for a response alone in its group, whose normalised score is 0 whatever it did.
Such a stack needs ``compute_score_batch``: ``compute_score`` sees one response at a
time, so every response is alone (``no_group`` 1.0, and a one-time ``RuntimeWarning``
saying so), never a silent 0.

>>> from rewardstack import RewardStack
>>> from rewardstack.rewards.shaping import LengthSource
>>> score = make_compute_score(RewardStack({"len": LengthSource(unit="chars", target=5)}, cache=None))
>>> score("gsm8k", "hello", "5", extra_info={"question": "Say hello."})
{'score': 1.0, 'no_total': 0.0, 'len': 1.0, 'len/ok': 1.0}
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from rewardstack.core.errors import ConfigError
from rewardstack.core.sample import Sample
from rewardstack.fusion.stack import RewardStack
from rewardstack.integrations.common import (
    alone_in_group,
    group_by_prompt,
    label_to_reference,
    open_stack,
    reward_logs,
)

__all__ = ["STACK_ENV", "STATE_ENV", "compute_score", "compute_score_batch", "make_compute_score",
           "make_compute_score_batch"]

STACK_ENV = "REWARDSTACK_STACK"
STATE_ENV = "REWARDSTACK_STATE"

ComputeScore = Callable[..., dict[str, float]]
ComputeScoreBatch = Callable[..., list[dict[str, float]]]


def _sample(index: int, data_source: Any, solution_str: str, ground_truth: Any,
            extra_info: dict[str, Any] | None) -> Sample:
    info = extra_info or {}
    prompt = info.get("prompt", info.get("question", ""))
    return Sample(id=str(info.get("index", index)), prompt=prompt if isinstance(prompt, str) else str(prompt),
                  response=solution_str, reference=label_to_reference(ground_truth),
                  domain=None if data_source is None else str(data_source))


_warned_single = False


def _warn_single(key: str) -> None:
    global _warned_single
    if not _warned_single:  # once per process: verl calls compute_score for every response
        _warned_single = True
        warnings.warn(f"rewardstack: this stack normalises rewards within groups (metadata.{key}), but verl's "
                      "compute_score scores one response at a time, so every response is alone in its group "
                      "and its reward is 0 whatever it did (reported as no_group=1.0). Use compute_score_batch "
                      "(verl's batch reward manager) so responses of one prompt are compared.",
                      RuntimeWarning, stacklevel=3)


def _dicts(stack: RewardStack, samples: list[Sample], missing: float) -> list[dict[str, float]]:
    key = stack.group_key
    samples = group_by_prompt(samples, key)
    alone = alone_in_group(samples, key) if key else None
    if key and len(samples) == 1:
        _warn_single(key)
    results = stack.score(samples)
    logs = reward_logs(results, list(stack.sources), missing, alone=alone)
    rows = []
    for i, result in enumerate(results):
        row = {"score": missing if result.total is None else result.total}
        row.update({key: values[i] for key, values in logs.items()})
        rows.append(row)
    return rows


def make_compute_score(stack: RewardStack, *, missing_score: float = 0.0) -> ComputeScore:
    """verl's per-sample ``compute_score`` scoring with ``stack`` (see the module docstring)."""

    def compute_score(data_source: Any, solution_str: str, ground_truth: Any,
                      extra_info: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, float]:
        return _dicts(stack, [_sample(0, data_source, solution_str, ground_truth, extra_info)], missing_score)[0]

    return compute_score


def make_compute_score_batch(stack: RewardStack, *, missing_score: float = 0.0) -> ComputeScoreBatch:
    """verl's batch form: ``(data_sources, solution_strs, ground_truths, extra_infos)`` -> one dict each."""

    def compute_score_batch(data_sources: Sequence[Any], solution_strs: Sequence[str], ground_truths: Sequence[Any],
                            extra_infos: Sequence[dict[str, Any] | None] | None = None,
                            **kwargs: Any) -> list[dict[str, float]]:
        infos = list(extra_infos) if extra_infos is not None else [None] * len(solution_strs)
        samples = [_sample(i, *row) for i, row in enumerate(zip(data_sources, solution_strs, ground_truths, infos,
                                                                  strict=True))]
        return _dicts(stack, samples, missing_score)

    return compute_score_batch


_lock = threading.Lock()
_stack: RewardStack | None = None


def _env_stack() -> RewardStack:
    global _stack
    with _lock:  # verl may call from several threads; the stack is built once per process
        if _stack is None:
            path = os.environ.get(STACK_ENV, "").strip()
            if not path:
                raise ConfigError(f"{STACK_ENV} is not set: export {STACK_ENV}=path/to/stack.yaml in the reward "
                                  "workers' environment, or build compute_score with make_compute_score(stack)")
            _stack = open_stack(path, state=os.environ.get(STATE_ENV) or None)
        return _stack


def compute_score(data_source: Any, solution_str: str, ground_truth: Any, extra_info: dict[str, Any] | None = None,
                  **kwargs: Any) -> dict[str, float]:
    """verl's ``compute_score`` over the stack named by ``$REWARDSTACK_STACK`` (built on first call)."""
    return make_compute_score(_env_stack())(data_source, solution_str, ground_truth, extra_info, **kwargs)


def compute_score_batch(data_sources: Sequence[Any], solution_strs: Sequence[str], ground_truths: Sequence[Any],
                        extra_infos: Sequence[dict[str, Any] | None] | None = None,
                        **kwargs: Any) -> list[dict[str, float]]:
    """The batch form over ``$REWARDSTACK_STACK``: one stack call for the whole batch."""
    return make_compute_score_batch(_env_stack())(data_sources, solution_strs, ground_truths, extra_infos, **kwargs)
