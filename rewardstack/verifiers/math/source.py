"""The ``math_answer`` reward source: is the final answer in a response right?

Scores: correct -> ``ok`` 1.0; incorrect -> ``ok`` 0.0 (evidence says why);
no reference answer -> ``abstain``; nothing extracted, unparseable or
screened as too expensive -> ``error`` (unverifiable is never wrong); sympy
deadline passed -> ``timeout``. ``Score.details`` carries ``extracted``,
``extractor``, ``normalised_pred``, ``normalised_ref``, ``method``
(string | numeric | symbolic | sampled | choice | text | structure) and
``verdict``.

Example (runnable)::

    >>> from rewardstack.core.sample import Sample
    >>> from rewardstack.verifiers.math import MathAnswerSource
    >>> source = MathAnswerSource(percent="either")
    >>> s = Sample(id="1", prompt="1/2 as a decimal?", response=r"It is $\\boxed{0.5}$.",
    ...            reference={"answer": r"\\frac{1}{2}"})
    >>> score = source.score([s])[0]
    >>> score.value, score.details["method"]
    (1.0, 'numeric')
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, ClassVar

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import BaseSource, CostClass
from rewardstack.verifiers.math.checker import Prepared, prepare, run_sympy
from rewardstack.verifiers.math.config import MathAnswerConfig
from rewardstack.verifiers.math.verdict import Verdict

__all__ = ["MathAnswerSource", "verdict_to_score"]


def verdict_to_score(verdict: Verdict, extractor: str | None = None) -> Score:
    """Map a checker verdict onto the project's Score/Status contract."""
    details: dict[str, Any] = {
        "verdict": verdict.outcome,
        "method": verdict.method,
        "extracted": verdict.extracted,
        "extractor": extractor,
        "normalised_pred": verdict.normalised_pred,
        "normalised_ref": verdict.normalised_ref,
    }
    if verdict.outcome == "correct":
        return Score.ok(1.0, details=details, evidence=f"equal ({verdict.method})")
    if verdict.outcome == "incorrect":
        return Score.ok(0.0, details=details, evidence=f"not equal ({verdict.method}): {verdict.reason}")
    if verdict.outcome == "timeout":
        return Score.timeout(verdict.reason, details=details)
    return Score.error(f"unverifiable: {verdict.reason}", details=details)


class MathAnswerSource(BaseSource[MathAnswerConfig]):
    """Checks the final answer in a response against sample.reference["answer"].

    The fast path (strings, exact fractions, choice letters) runs inline; only
    pairs that need sympy go to a shared pool of worker processes with a hard
    per-pair deadline. See :class:`MathAnswerConfig` for every policy.
    """

    kind: ClassVar[str] = "math_answer"
    version: ClassVar[str] = "1"
    config_class: ClassVar[type[MathAnswerConfig]] = MathAnswerConfig
    output_range: ClassVar[tuple[float, float] | None] = (0.0, 1.0)
    cost_class: ClassVar[CostClass] = "cheap"

    def score_one(self, sample: Sample) -> Score:
        return self.score_batch([sample])[0]

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        scores: list[Score | None] = []
        prepared: dict[int, Prepared] = {}
        timings: dict[int, float] = {}
        for i, sample in enumerate(samples):
            start = time.perf_counter()
            score, prep = self._inline(sample)
            timings[i] = time.perf_counter() - start
            scores.append(score)
            if prep is not None:
                prepared[i] = prep
        if prepared:
            policy = self.config.policy()
            order = sorted(prepared)
            items = [(prepared[i].pred, prepared[i].ref, policy) for i in order]
            try:
                results = run_sympy(items, self.config)
            except (OSError, RuntimeError, ValueError) as exc:  # pool could not start or was closed
                reason = f"sympy worker pool unavailable: {type(exc).__name__}: {exc}"
                results = [(Verdict.unverifiable(reason), 0.0)] * len(items)
            for i, (verdict, elapsed) in zip(order, results, strict=True):
                scores[i] = verdict_to_score(prepared[i].finish(verdict), prepared[i].extractor)
                timings[i] += elapsed
        return [s.model_copy(update={"latency_s": timings[i]}) for i, s in enumerate(scores) if s is not None]

    def _inline(self, sample: Sample) -> tuple[Score | None, Prepared | None]:
        reference = (sample.reference or {}).get("answer")
        if reference is None or (isinstance(reference, str) and not reference.strip()):
            return Score.abstain("no reference answer (sample.reference['answer'])"), None
        try:
            prep = prepare(sample.response, reference, self.config)
        except Exception as exc:  # a bad sample must not break the batch
            return Score.error(f"unverifiable: {type(exc).__name__}: {exc}"), None
        if prep.verdict is not None:
            return verdict_to_score(prep.verdict, prep.extractor), None
        return None, prep
