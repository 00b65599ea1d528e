"""The ``math_answer`` reward source: is the final answer in a response right?

Scores: correct -> ``ok`` 1.0; incorrect -> ``ok`` 0.0 (evidence says why);
no reference answer -> ``abstain``; a reference answer that is present but
malformed (a boolean, NaN, infinite, a dict) -> ``error`` saying what is wrong;
nothing extracted, unparseable or screened as too expensive -> ``error``
(unverifiable is never wrong); the math deadline passed -> ``timeout``. ``Score.details`` carries ``extracted``,
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

from collections.abc import Sequence
from typing import Any, ClassVar

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import BaseSource, CostClass
from rewardstack.verifiers.math.checker import check_batch, reference_problem
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

    The linear-time inline stages and the fast path (strings, exact fractions,
    clock times, choice letters) run here; pairs that need sympy, and whole
    checks of responses longer than ``inline_max_chars``, go to a shared pool
    of worker processes with a hard per-pair deadline that covers the whole
    check. See :class:`MathAnswerConfig` for every policy.
    """

    kind: ClassVar[str] = "math_answer"
    version: ClassVar[str] = "2"  # 2: last-marker precedence, emphasis, chains, real-domain sampling
    config_class: ClassVar[type[MathAnswerConfig]] = MathAnswerConfig
    output_range: ClassVar[tuple[float, float] | None] = (0.0, 1.0)
    cost_class: ClassVar[CostClass] = "cheap"

    def score_one(self, sample: Sample) -> Score:
        return self.score_batch([sample])[0]

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        scores: dict[int, Score] = {}
        checked: list[int] = []
        for i, sample in enumerate(samples):
            reference = (sample.reference or {}).get("answer")
            if reference is None or (isinstance(reference, str) and not reference.strip()):
                scores[i] = Score.abstain("no reference answer (sample.reference['answer'])")
                continue
            problem = reference_problem(reference)
            if problem is not None:  # present but malformed: an error, so on_error policies (veto) fire
                scores[i] = Score.error(f"malformed reference: {problem}")
                continue
            checked.append(i)
        pairs = [(samples[i].response, samples[i].reference["answer"]) for i in checked]  # type: ignore[index]
        for i, result in zip(checked, check_batch(pairs, self.config), strict=True):
            score = verdict_to_score(result.verdict, result.extractor)
            scores[i] = score.model_copy(update={"latency_s": result.latency_s})
        return [scores[i] for i in range(len(samples))]
