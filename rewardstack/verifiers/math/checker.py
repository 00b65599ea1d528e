"""The checker pipeline: extract, normalise, identical?, screen, fast path, then sympy.

Order of the stages, and why:

1. the reference is validated (a boolean, NaN or infinite reference is
   *malformed*: unverifiable with the reason, never "wrong");
2. extraction (:mod:`.extract`: emphasis removed, the last final-answer marker wins);
3. normalisation of both sides;
4. identical normalised strings are equal, before any screen (``2^{65536}`` vs
   ``2^{65536}`` is correct although it is too big to evaluate);
5. screens (:mod:`.screen`) on the normalised strings, so ``**`` is already ``^``;
6. the fast path (strings, exact fractions, clock times, choice letters, words);
7. sympy (:func:`decide_sympy`) in the shared :class:`HardTimeoutPool`.

The deadline (``sympy_timeout_s``) covers the whole check. Every inline stage
is linear in its input (brackets matched once, math spans scanned once,
whitespace collapsed before any regex that could backtrack), and a pair whose
response or reference is longer than ``inline_max_chars`` is checked *whole*
in a pool worker, so even a stage that turned out slow is killed at the
deadline. The sympy stage of an inline-prepared pair gets what is left of
the deadline. A stuck pair gets ``timeout`` and its worker is replaced. Safe
from threads and from asyncio.

>>> check(r"Thus \\boxed{\\dfrac{3}{6}}", "0.5").outcome
'correct'
>>> check("I am not sure.", "7").outcome
'unverifiable'
>>> check(r"\\boxed{2^{65536}}", "2^{65536}").outcome
'correct'
"""

from __future__ import annotations

import math
import multiprocessing
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rewardstack.verifiers.math.config import MathAnswerConfig
from rewardstack.verifiers.math.extract import extract_answer, extract_reference
from rewardstack.verifiers.math.fastpath import fast_check
from rewardstack.verifiers.math.normalise import canonical, normalise
from rewardstack.verifiers.math.screen import screen
from rewardstack.verifiers.math.verdict import Verdict

__all__ = ["Checked", "Prepared", "check", "check_batch", "check_many", "check_whole", "decide_sympy", "prepare",
           "reference_problem"]

_MIN_SYMPY_S = 0.05  # below this, what is left of the deadline is not worth a pool round trip


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


@dataclass(frozen=True)
class Checked:
    """One pair's verdict, the extractor that found the answer, and the seconds the whole check took."""

    verdict: Verdict
    extractor: str | None
    latency_s: float


def reference_problem(reference: object) -> str | None:
    """Why ``reference`` is not a usable answer (malformed), or ``None`` when it is.

    >>> reference_problem(True), reference_problem(float("nan")), reference_problem("3/4")
    ('the reference answer is a boolean (True), not a math answer', 'the reference answer is NaN', None)
    """
    if isinstance(reference, bool):
        return f"the reference answer is a boolean ({reference}), not a math answer"
    if isinstance(reference, float):
        if math.isnan(reference):
            return "the reference answer is NaN"
        if math.isinf(reference):
            return f"the reference answer is {reference} (out of float range)"
        return None
    if isinstance(reference, int):
        return None if reference.bit_length() < 10_000 else "the reference answer is an integer too large to write out"
    if isinstance(reference, str):
        return None
    if isinstance(reference, list | tuple):
        if not reference:
            return "the reference answer is an empty list"
        for i, item in enumerate(reference):
            if isinstance(item, list | tuple | dict):
                return f"element {i} of the reference answer list is a {type(item).__name__}"
            problem = reference_problem(item)
            if problem is not None:
                return f"element {i} of the reference answer list: {problem.removeprefix('the reference answer ')}"
        return None
    return f"the reference answer is a {type(reference).__name__} (expected a string, a number or a list of them)"


def _reference_text(reference: object) -> str:
    if isinstance(reference, list | tuple):
        return ", ".join(str(r) for r in reference)
    return str(reference)


def prepare(response: str, reference: object, config: MathAnswerConfig) -> Prepared:
    """Everything before sympy: extraction, normalisation, identical strings, screens, fast path."""
    policy = config.policy()
    problem = reference_problem(reference)
    if problem is not None:
        return Prepared(Verdict.unverifiable(f"malformed reference: {problem}"))
    if len(response) > config.max_response_chars:
        return Prepared(Verdict.unverifiable(
            f"response is {len(response)} characters (max_response_chars={config.max_response_chars})"))
    found = extract_answer(response, config.extraction_priority, config.answer_precedence)
    if found is None:
        return Prepared(Verdict.unverifiable("no answer found in the response"))
    extracted, extractor = found
    ref_text = extract_reference(_reference_text(reference), config.reference_is_solution, config.answer_precedence)
    pred, ref = _align_angles(extracted, ref_text)
    pred, ref = normalise(pred, policy), normalise(ref, policy)
    def done(verdict: Verdict | None) -> Prepared:
        found = verdict.with_strings(extracted, pred, ref) if verdict is not None else None
        return Prepared(found, extracted, pred, ref, extractor)

    if not ref:
        return done(Verdict.unverifiable("the reference answer is empty"))
    if not pred:
        return done(Verdict.unverifiable("the extracted answer is empty after normalisation"))
    if canonical(pred) == canonical(ref):
        return done(Verdict.correct("string"))
    for label, text in (("prediction", pred), ("reference", ref)):
        reason = screen(text, policy)
        if reason is not None:
            return done(Verdict.unverifiable(f"{label} screened out: {reason}"))
    fast = fast_check(pred, ref, policy)
    if fast is not None or not config.use_sympy:
        return done(fast or Verdict.unverifiable("needs sympy and use_sympy is off"))
    return done(None)


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


def decide_sympy(pred: str, ref: str, policy: Mapping[str, object]) -> Verdict:
    """Parse both sides and compare them (runs inside a pool worker)."""
    from rewardstack.verifiers.math.equivalence import equivalent
    from rewardstack.verifiers.math.parse import ParseError
    from rewardstack.verifiers.math.structure import parse_structure

    answers = []
    for label, text in (("reference", ref), ("prediction", pred)):
        try:
            answers.append(parse_structure(text, policy))
        except ParseError as exc:
            return Verdict.unverifiable(f"could not parse the {label}: {exc}")
        except RecursionError:
            return Verdict.unverifiable(f"could not parse the {label}: nested too deeply")
        except Exception as exc:  # sympy raises many exception types on odd input; none may escape
            return Verdict.unverifiable(f"{label} is not a valid expression: {type(exc).__name__}: {exc}")
    ref_answer, pred_answer = answers
    try:
        return equivalent(pred_answer, ref_answer, policy)
    except Exception as exc:  # as above
        return Verdict.unverifiable(f"sympy could not compare: {type(exc).__name__}: {exc}")


def _safe_prepare(response: str, reference: object, config: MathAnswerConfig) -> Prepared:
    try:
        return prepare(response, reference, config)
    except Exception as exc:  # a bad sample must not break the batch
        return Prepared(Verdict.unverifiable(f"{type(exc).__name__}: {exc}"))


def check_whole(response: str, reference: object, config: MathAnswerConfig) -> tuple[Verdict, str | None]:
    """Every stage in this process, without a deadline (a pool worker runs this for long inputs)."""
    prep = _safe_prepare(response, reference, config)
    if prep.verdict is not None:
        return prep.verdict, prep.extractor
    return prep.finish(decide_sympy(prep.pred or "", prep.ref or "", config.policy())), prep.extractor


def _in_worker_or_unisolated(config: MathAnswerConfig, isolate: bool) -> bool:
    # a daemon worker (the stack's execution.mode: process) may not start the pool; there the
    # enclosing pool's deadline already bounds this call
    return not isolate or not config.use_sympy or multiprocessing.current_process().daemon


def check_batch(pairs: Sequence[tuple[str, object]], config: MathAnswerConfig | None = None,
                *, isolate: bool = True) -> list[Checked]:
    """:class:`Checked` for ``(response, reference answer)`` pairs, in order (see the module doc)."""
    config = config or MathAnswerConfig()
    if _in_worker_or_unisolated(config, isolate):
        return [_timed_whole(response, reference, config) for response, reference in pairs]
    done: dict[int, Checked] = {}
    pending: dict[int, tuple[Prepared, float]] = {}
    whole: list[int] = []
    for i, (response, reference) in enumerate(pairs):
        if len(response) > config.inline_max_chars or len(_reference_text(reference)) > config.inline_max_chars:
            whole.append(i)
            continue
        start = time.perf_counter()
        prep = _safe_prepare(response, reference, config)
        elapsed = time.perf_counter() - start
        if prep.verdict is not None:
            done[i] = Checked(prep.verdict, prep.extractor, elapsed)
        else:
            pending[i] = (prep, elapsed)
    done.update(_pooled(pairs, pending, whole, config))
    return [done[i] for i in range(len(pairs))]


def _timed_whole(response: str, reference: object, config: MathAnswerConfig) -> Checked:
    start = time.perf_counter()
    verdict, extractor = check_whole(response, reference, config)
    return Checked(verdict, extractor, time.perf_counter() - start)


def _pooled(pairs: Sequence[tuple[str, object]], pending: dict[int, tuple[Prepared, float]], whole: list[int],
            config: MathAnswerConfig) -> dict[int, Checked]:
    """Sympy for the prepared pairs and whole checks for the long ones, in the pool, under the deadline."""
    done: dict[int, Checked] = {}
    used = max((elapsed for _, elapsed in pending.values()), default=0.0)
    left = config.sympy_timeout_s - used
    if left < _MIN_SYMPY_S:  # the inline stages already spent the deadline
        for i, (prep, elapsed) in pending.items():
            reason = f"math deadline of {config.sympy_timeout_s:g}s spent before the sympy stage"
            done[i] = Checked(prep.finish(Verdict("timeout", "none", reason)), prep.extractor, elapsed)
        pending = {}
    if not pending and not whole:
        return done
    policy = config.policy()
    order = [*pending, *whole]
    items: list[tuple[str, object, object, object]] = [
        *(("sympy", pending[i][0].pred, pending[i][0].ref, policy) for i in pending),
        *(("whole", pairs[i][0], pairs[i][1], config) for i in whole),
    ]
    outcomes = _run_pool(items, config, left if pending else None)
    for i, (verdict, extractor, elapsed) in zip(order, outcomes, strict=True):
        if i in pending:
            prep, inline = pending[i]
            done[i] = Checked(prep.finish(verdict), prep.extractor, inline + elapsed)
        else:
            done[i] = Checked(verdict, extractor, elapsed)
    return done


def _run_pool(items: list[tuple[str, object, object, object]], config: MathAnswerConfig,
              timeout_s: float | None) -> list[tuple[Verdict, str | None, float]]:
    from rewardstack.verifiers.math.pool import check_task, shared_pool

    deadline = config.sympy_timeout_s if timeout_s is None else timeout_s
    try:
        outcomes = shared_pool(config.sympy_workers, config.sympy_memory_mb).run(check_task, items, timeout_s=deadline)
    except (OSError, RuntimeError, ValueError) as exc:  # the pool could not start or was closed
        reason = f"sympy worker pool unavailable: {type(exc).__name__}: {exc}"
        return [(Verdict.unverifiable(reason), None, 0.0)] * len(items)
    results: list[tuple[Verdict, str | None, float]] = []
    for item, outcome in zip(items, outcomes, strict=True):
        extractor = None
        if outcome.status == "ok" and isinstance(outcome.value, tuple):
            verdict, extractor = outcome.value
        elif outcome.status == "ok" and isinstance(outcome.value, Verdict):
            verdict = outcome.value
        elif outcome.status == "timeout":
            stage = "the sympy stage" if item[0] == "sympy" else "the whole check (long input, run in a worker)"
            verdict = Verdict("timeout", "none", f"math deadline of {config.sympy_timeout_s:g}s passed in {stage}; "
                                                 "the worker was killed and replaced")
        else:
            verdict = Verdict.unverifiable(f"sympy worker failed: {outcome.error.strip()[:300]}")
        results.append((verdict, extractor, outcome.elapsed_s))
    return results


def check_many(pairs: Sequence[tuple[str, object]], config: MathAnswerConfig | None = None,
               *, isolate: bool = True) -> list[Verdict]:
    """Verdicts for ``(response, reference answer)`` pairs, in order.

    ``isolate=False`` runs every stage in this process without a deadline (debugging only).
    """
    return [c.verdict for c in check_batch(pairs, config, isolate=isolate)]


def check(response: str, reference: object, config: MathAnswerConfig | None = None, *,
          isolate: bool = True) -> Verdict:
    """The verdict for one response against one reference answer."""
    return check_many([(response, reference)], config, isolate=isolate)[0]
