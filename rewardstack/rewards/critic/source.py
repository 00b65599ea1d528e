"""``constitutional_critic``: a response judged against a constitution's principles, one component each.

Per sample, every principle that applies to its domain is asked as a
fixed-option question in **both option orders** ("Answer Yes or No" and "Answer
No or Yes") and the two verdicts are averaged, cancelling the judge's position
bias; how often the order changed the verdict's side is reported (the flip
rate: per sample in ``details``, per run in ``stack.notes()``). The value is
the weighted mean of the principles' verdicts, and each verdict is its own
component (``components[principle_id]``), so the fusion layer sees harm,
honesty and sycophancy apart, never pre-averaged. Rounds, scores and failures:
:mod:`rewardstack.rewards.critic.session`; arithmetic:
:mod:`rewardstack.rewards.critic.verdicts`.

The judge is any registered backend (``judge: {kind: hf_local | openai_compatible | ...}``).
Without one, the adapted embedded judge (``kind: embedded_adapted``) is used,
looked up by name when the source is built: an installation without it says
so and how to name another judge.

Engine integration:

- **Batch-native**: one ``score_batch`` call sends the judge all questions of
  its samples at once; the engine cuts calls by the source's ``batch:``
  config, counting a sample's tokens with :meth:`ConstitutionalCriticSource.count_tokens`
  (its longest question in the judge's tokenizer times its number of questions).
- **Async when the judge is**: with a judge that overrides ``ajudge`` (HTTP),
  constructing ``ConstitutionalCriticSource`` gives an
  :class:`AsyncConstitutionalCriticSource` (same class otherwise, but ``async
  def score_batch``), which the engine drives on the stack's loop with
  ``execution.concurrency`` calls in flight.
- **Cache identity**: :meth:`~ConstitutionalCriticSource.fingerprint` covers the
  judge (its backend fingerprint: weights hash, served model and its
  fingerprint), the constitution (every text, weight and template) and the
  helper modules' code that renders questions and reads verdicts.

Runnable with a tiny random judge (fast; its numbers mean nothing):

>>> from rewardstack import Sample
>>> critic = ConstitutionalCriticSource(constitution="default",
...                                     judge={"kind": "hf_local", "model": "tiny-lm", "device": "cpu"})
>>> [score] = critic.score([Sample(id="1", prompt="Is the Earth flat?", response="No, it is round.")])
>>> score.status.value, sorted(score.components)
('ok', ['harm_avoidance', 'helpful_no_needless_refusal', 'honesty_uncertainty', 'no_sycophancy'])
>>> 0.0 <= score.value <= 1.0, len(score.details["orders"]["no_sycophancy"])   # one verdict per option order
(True, 2)
>>> critic.score([Sample(id="2", prompt="p", response="r", domain="medicine")])[0].components.keys() >= {
...     "medical_caution"}
True
>>> critic.close()
"""

from __future__ import annotations

import hashlib
import inspect
import threading
from collections.abc import Sequence
from typing import Any

from rewardstack.core.batching import whitespace_tokens
from rewardstack.core.errors import RegistryError, SourceError
from rewardstack.core.event_loop import LoopThread
from rewardstack.core.identity import class_code_hash
from rewardstack.core.registry import JUDGE_BACKENDS
from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import BaseSource
from rewardstack.rewards.critic import chat_lm, questions, readout, session, templates, verdicts
from rewardstack.rewards.critic.config import ConstitutionalCriticConfig, judge_config
from rewardstack.rewards.critic.judges import _replies
from rewardstack.rewards.critic.judges.base import JudgeBackend, JudgeConfig
from rewardstack.rewards.critic.questions import question_request
from rewardstack.rewards.critic.session import CriticSession, arun_session, run_session

__all__ = ["DEFAULT_JUDGE", "AsyncConstitutionalCriticSource", "ConstitutionalCriticSource", "is_async_judge"]

DEFAULT_JUDGE = "embedded_adapted"  # registered by rewardstack/rewards/critic/judges/adapted.py


def is_async_judge(backend: type[JudgeBackend]) -> bool:
    """A backend is I/O-bound (drive it on the event loop) when it overrides ``ajudge``."""
    return inspect.getattr_static(backend, "ajudge") is not JudgeBackend.__dict__["ajudge"]


def _judge_config(config: ConstitutionalCriticConfig) -> JudgeConfig:
    if config.judge is not None:
        return config.judge
    if DEFAULT_JUDGE not in JUDGE_BACKENDS:
        raise SourceError(
            f"constitutional_critic: no judge given, and the default judge {DEFAULT_JUDGE!r} (the adapted "
            "embedded judge) is not available in this installation. Name a judge, e.g. "
            "`judge: {kind: hf_local, model: smollm2-135m-instruct}` or `judge: {kind: openai_compatible, "
            f"base_url: http://127.0.0.1:8000/v1, model: NAME}}`. Known judges: {', '.join(JUDGE_BACKENDS.names())}")
    return judge_config({"kind": DEFAULT_JUDGE})


def _backend_class(config: ConstitutionalCriticConfig) -> type[JudgeBackend]:
    kind = config.judge.kind if config.judge is not None else DEFAULT_JUDGE
    try:
        backend: type[JudgeBackend] = JUDGE_BACKENDS.get(kind)
    except RegistryError:
        return JudgeBackend  # reported with the fix by _judge_config when the source is built
    return backend


class ConstitutionalCriticSource(BaseSource[ConstitutionalCriticConfig]):
    """Per-principle verdicts of a judge against a constitution, both option orders averaged."""

    kind = "constitutional_critic"
    version = "1"
    config_class = ConstitutionalCriticConfig
    output_range = (0.0, 1.0)
    cost_class = "expensive"
    needs = ("model",)

    def __new__(cls, config: ConstitutionalCriticConfig | None = None, *, name: str | None = None,
                **fields: Any) -> ConstitutionalCriticSource:
        # The engine decides sync vs async from the class (`async def score_batch`), and whether the judge is
        # I/O-bound is only known from the config: pick the class here, so every way of building the source
        # (a stack file, Python, a worker process) gets the right one.
        if cls is ConstitutionalCriticSource:
            checked = config or ConstitutionalCriticConfig.model_validate({"kind": cls.kind, **fields})
            if is_async_judge(_backend_class(checked)):
                cls = AsyncConstitutionalCriticSource
        return super().__new__(cls)

    def __init__(self, config: ConstitutionalCriticConfig | None = None, *, name: str | None = None,
                 **fields: Any):
        super().__init__(config, name=name, **fields)
        self.constitution = self.config.load_constitution()
        judge_settings = _judge_config(self.config)
        backend_class: type[JudgeBackend] = JUDGE_BACKENDS.get(judge_settings.kind)
        self.judge: JudgeBackend = backend_class(judge_settings)
        self._lock = threading.Lock()
        self._flips = 0
        self._judged = 0

    # --- identity and sizing -----------------------------------------------------------
    def fingerprint(self) -> str:
        return "|".join([f"judge:{self.judge.fingerprint()}", f"judge_code:{class_code_hash(type(self.judge))}",
                         f"constitution:{self.constitution.fingerprint}", f"code:{_helpers_hash()}"])

    def count_tokens(self, sample: Sample) -> int:
        """The sample's longest question in the judge's tokens (else words), times its number of questions."""
        applying = self.constitution.applicable(sample.domain)
        if self.config.principles is not None:
            applying = [p for p in applying if p.id in self.config.principles]
        if not applying:
            return 1
        k = self.config.self_consistency.samples if self.config.self_consistency else 1
        longest = 1
        for principle in applying:
            request = question_request(self.constitution, principle, sample.prompt_text, sample.response,
                                       order=0, domain=sample.domain)
            tokens = self.judge.count_tokens(request)
            longest = max(longest, tokens if tokens is not None else whitespace_tokens(sample) + 64)
        return longest * len(applying) * 2 * k

    # --- scoring -----------------------------------------------------------------------
    def _session(self, samples: Sequence[Sample]) -> CriticSession:
        return CriticSession(self.constitution, self.config, samples)

    def _record(self, done: CriticSession) -> None:
        with self._lock:
            self._flips += done.flips
            self._judged += done.judged

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        current = self._session(samples)
        scores = run_session(current, self.judge)
        self._record(current)
        return scores

    def flip_rate(self) -> tuple[int, int]:
        """(principle verdicts whose side changed with the option order, principle verdicts) so far."""
        with self._lock:
            return self._flips, self._judged

    def notes(self) -> list[str]:
        flips, judged = self.flip_rate()
        if not judged:
            return []
        return [f"option order changed the side of {flips} of {judged} principle verdicts "
                f"(flip rate {flips / judged:.1%}); both orders are averaged"]

    def close(self) -> None:
        self.judge.close()


class AsyncConstitutionalCriticSource(ConstitutionalCriticSource):
    """The critic with an I/O-bound judge: ``async def score_batch`` (see the module docstring)."""

    def __init__(self, config: ConstitutionalCriticConfig | None = None, *, name: str | None = None,
                 **fields: Any):
        super().__init__(config, name=name, **fields)
        self._own_loop: LoopThread | None = None

    async def score_batch(self, samples: Sequence[Sample]) -> list[Score]:  # type: ignore[override]
        current = self._session(samples)
        scores = await arun_session(current, self.judge)
        self._record(current)
        return scores

    def score(self, samples: Sequence[Sample]) -> list[Score]:
        """Outside a stack: run on the source's own loop thread (one loop for the judge's connections)."""
        if not samples:
            return []
        with self._lock:
            if self._own_loop is None:
                self._own_loop = LoopThread(f"critic-{self.name}")
            loop = self._own_loop
        return loop.run(self.ascore(samples))

    def close(self) -> None:
        super().close()
        with self._lock:
            loop, self._own_loop = self._own_loop, None
        if loop is not None:
            loop.close()


_HELPER_MODULES = (chat_lm, _replies, questions, readout, session, templates, verdicts)
_helpers_digest: list[str] = []


def _helpers_hash() -> str:
    """SHA-256 of the modules that render questions and turn verdicts into Scores (the engine hashes only the
    source's own classes' modules)."""
    if not _helpers_digest:
        digest = hashlib.sha256()
        for module in _HELPER_MODULES:
            digest.update(inspect.getsource(module).encode())
        _helpers_digest.append(digest.hexdigest()[:16])
    return _helpers_digest[0]
