"""The checker pipeline: extract, normalise, screen, fast path, then sympy.

:func:`prepare` runs inline and settles most pairs in microseconds without
importing sympy. What remains goes to :func:`decide_sympy`, which
:func:`check_many` runs in the shared :class:`HardTimeoutPool` under a hard
per-pair deadline (``sympy_timeout_s``): a stuck pair gets ``timeout`` and
its worker is killed and replaced. Safe from threads and from asyncio.

>>> check(r"Thus \\boxed{\\dfrac{3}{6}}", "0.5").outcome
'correct'
>>> check("I am not sure.", "7").outcome
'unverifiable'
"""

from __future__ import annotations

import multiprocessing
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rewardstack.verifiers.math.config import MathAnswerConfig
from rewardstack.verifiers.math.extract import extract_answer, extract_reference
from rewardstack.verifiers.math.fastpath import fast_check
from rewardstack.verifiers.math.normalise import normalise
from rewardstack.verifiers.math.screen import screen
from rewardstack.verifiers.math.verdict import Verdict

__all__ = ["Prepared", "check", "check_many", "decide_sympy", "prepare", "run_sympy"]


@dataclass(frozen=True)
class Prepared:
    """The inline stage's result: a verdict, or the normalised pair sympy must decide."""

    verdict: Verdict | None
    extracted: str | None = None
    pred: str | None = None
    ref: str | None = None
    extractor: str | None = None

    def finish(self, verdict: Verdict) -> Verdict:
        return verdict.with_strings(self.extracted, self.pred, self.ref)


def prepare(response: str, reference: object, config: MathAnswerConfig) -> Prepared:
    """Everything before sympy: extraction, normalisation, screening, fast path."""
    policy = config.policy()
    if len(response) > config.max_response_chars:
        return Prepared(Verdict.unverifiable(
            f"response is {len(response)} characters (max_response_chars={config.max_response_chars})"))
    found = extract_answer(response, config.extraction_priority)
    if found is None:
        return Prepared(Verdict.unverifiable("no answer found in the response"))
    extracted, extractor = found
    ref_text = extract_reference(_reference_text(reference), config.reference_is_solution)
    for label, text in (("prediction", extracted), ("reference", ref_text)):
        reason = screen(text, policy)
        if reason is not None:
            return Prepared(Verdict.unverifiable(f"{label} screened out: {reason}"), extracted)
    pred, ref = _align_angles(extracted, ref_text)
    pred, ref = normalise(pred, policy), normalise(ref, policy)
    if not ref:
        return Prepared(Verdict.unverifiable("the reference answer is empty"), extracted, pred, ref)
    if not pred:
        return Prepared(Verdict.unverifiable("the extracted answer is empty after normalisation"), extracted, pred, ref)
    fast = fast_check(pred, ref, policy)
    if fast is not None:
        return Prepared(fast.with_strings(extracted, pred, ref), extracted, pred, ref, extractor)
    if not config.use_sympy:
        return Prepared(Verdict.unverifiable("needs sympy and use_sympy is off"), extracted, pred, ref, extractor)
    return Prepared(None, extracted, pred, ref, extractor)


_DEGREE_MARK = re.compile(r"(\d+(?:\.\d+)?)\s*(?:\^\s*\{?\s*\\circ\s*\}?|°|\\degree(?![a-z]))")


def _align_angles(pred: str, ref: str) -> tuple[str, str]:
    """``60^\\circ`` against a reference in radians (one with ``\\pi``) is read as ``60 pi/180``."""
    def to_radians(text: str) -> str:
        return _DEGREE_MARK.sub(r"(\1 \\cdot \\frac{\\pi}{180})", text)

    if _DEGREE_MARK.search(pred) and "\\pi" in ref and "\\pi" not in pred:
        return to_radians(pred), ref
    if _DEGREE_MARK.search(ref) and "\\pi" in pred and "\\pi" not in ref:
        return pred, to_radians(ref)
    return pred, ref


def _reference_text(reference: object) -> str:
    if isinstance(reference, bool):
        return str(reference).lower()
    if isinstance(reference, int | float | str):
        return str(reference)
    if isinstance(reference, list | tuple):
        return ", ".join(str(r) for r in reference)
    raise TypeError(f"unsupported reference answer type {type(reference).__name__}")


def decide_sympy(pred: str, ref: str, policy: Mapping[str, object]) -> Verdict:
    """Parse both sides and compare them (runs inside a pool worker)."""
    from rewardstack.verifiers.math.equivalence import equivalent
    from rewardstack.verifiers.math.parse import ParseError
    from rewardstack.verifiers.math.structure import parse_structure

    try:
        ref_answer = parse_structure(ref, policy)
    except ParseError as exc:
        return Verdict.unverifiable(f"could not parse the reference: {exc}")
    except Exception as exc:  # sympy raises many exception types on odd input; none may escape
        return Verdict.unverifiable(f"reference is not a valid expression: {type(exc).__name__}: {exc}")
    try:
        pred_answer = parse_structure(pred, policy)
    except ParseError as exc:
        return Verdict.unverifiable(f"could not parse the prediction: {exc}")
    except Exception as exc:  # as above
        return Verdict.unverifiable(f"prediction is not a valid expression: {type(exc).__name__}: {exc}")
    try:
        return equivalent(pred_answer, ref_answer, policy)
    except Exception as exc:  # as above
        return Verdict.unverifiable(f"sympy could not compare: {type(exc).__name__}: {exc}")


def check_many(pairs: Sequence[tuple[str, object]], config: MathAnswerConfig | None = None,
               *, isolate: bool = True) -> list[Verdict]:
    """Verdicts for ``(response, reference answer)`` pairs, in order.

    ``isolate=False`` runs sympy in this process without a deadline (debugging only).
    """
    config = config or MathAnswerConfig()
    prepared = [prepare(response, reference, config) for response, reference in pairs]
    verdicts: list[Verdict | None] = [p.verdict for p in prepared]
    pending = [i for i, v in enumerate(verdicts) if v is None]
    if pending:
        policy = config.policy()
        items = [(prepared[i].pred, prepared[i].ref, policy) for i in pending]
        for i, (verdict, _) in zip(pending, run_sympy(items, config, isolate=isolate), strict=True):
            verdicts[i] = prepared[i].finish(verdict)
    return [v for v in verdicts if v is not None]


def run_sympy(items: Sequence[tuple[str | None, str | None, dict[str, object]]], config: MathAnswerConfig,
              *, isolate: bool = True) -> list[tuple[Verdict, float]]:
    """``(verdict, seconds)`` per normalised pair, from the shared pool under the deadline.

    Inside a daemon worker (the stack's ``execution.mode: process``) no child
    processes may be started; there the enclosing pool's deadline already
    bounds this call, so sympy runs in this process.
    """
    if not isolate or multiprocessing.current_process().daemon:
        timed = []
        for p, r, policy in items:
            start = time.perf_counter()
            timed.append((decide_sympy(p or "", r or "", policy), time.perf_counter() - start))
        return timed
    from rewardstack.verifiers.math.pool import shared_pool, sympy_task

    pool = shared_pool(config.sympy_workers, config.sympy_memory_mb)
    outcomes = pool.run(sympy_task, list(items), timeout_s=config.sympy_timeout_s)
    results: list[tuple[Verdict, float]] = []
    for outcome in outcomes:
        if outcome.status == "ok" and isinstance(outcome.value, Verdict):
            verdict = outcome.value
        elif outcome.status == "timeout":
            verdict = Verdict("timeout", "none", f"sympy deadline of {config.sympy_timeout_s:g}s passed; "
                                                 "the worker was killed and replaced")
        else:
            verdict = Verdict.unverifiable(f"sympy worker failed: {outcome.error.strip()[:300]}")
        results.append((verdict, outcome.elapsed_s))
    return results


def check(response: str, reference: object, config: MathAnswerConfig | None = None, *,
          isolate: bool = True) -> Verdict:
    """The verdict for one response against one reference answer."""
    return check_many([(response, reference)], config, isolate=isolate)[0]
