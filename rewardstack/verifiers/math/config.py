"""Every policy choice of the math checker, as one frozen config.

Defaults follow what graders of MATH / GSM8K-style data expect; each field
says what it changes. Unknown keys are rejected (``extra="forbid"``).

>>> MathAnswerConfig().rel_tol
1e-06
>>> MathAnswerConfig(percent="strict").percent
'strict'
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rewardstack.core.source import SourceConfig

__all__ = ["DEFAULT_PRIORITY", "Extractor", "MathAnswerConfig", "PolicyDict"]

Extractor = Literal["boxed", "answer_is", "final_answer", "gsm8k", "bare", "latex_math", "last_number"]
DEFAULT_PRIORITY: tuple[Extractor, ...] = (
    "boxed", "final_answer", "answer_is", "gsm8k", "bare", "latex_math", "last_number",
)

PolicyDict = dict[str, object]


class MathAnswerConfig(SourceConfig):
    """Config of the ``math_answer`` source.

    Extraction
      ``answer_precedence``: ``last`` (default): of the final-answer markers in
      ``extraction_priority`` (``boxed``, ``final_answer``, ``answer_is``,
      ``gsm8k``) the one that occurs last in the response wins, whichever kind;
      the other extractors are fallbacks, tried in order, when no marker is
      found (see :mod:`~rewardstack.verifiers.math.extract`). ``priority``: the
      first extractor in ``extraction_priority`` that finds something wins.
      ``extraction_priority``: which extractors run and their order (ties and
      fallbacks; each takes the *last* occurrence of its pattern);
      ``bare`` takes a short one-line response that is not prose as the answer.
      Markdown emphasis (``**42**``) and ``\\textbf{}`` are removed first.
      ``reference_is_solution``: ``auto`` extracts from the reference only when
      it looks like a full solution (``\\boxed``, "answer is", ``####``).

    Comparison policies
      ``rel_tol`` / ``abs_tol``: numeric tolerance when either side is a decimal
      approximation; exact values (integers, fractions, radicals, pi) are
      compared exactly (or to 1e-20 relative at 50 digits) so ``1/2^99`` never
      equals ``1/2^98``.
      ``percent``: ``strip`` (50% == 50), ``fraction`` (50% == 0.5),
      ``either`` (both), ``strict`` (percent must be on both sides).
      ``unreduced_fractions``: ``accept`` (6/4 == 3/2) or ``reject``.
      ``require_evaluated``: when the reference is a plain number, a prediction
      that is unevaluated arithmetic (``3\\times4`` for 12) is wrong.
      ``list_order``: bare comma lists (``1, 2``) compared as multisets
      (``ignore``) or in order (``strict``); ``\\{..\\}`` sets are always
      unordered, ``(..)`` tuples always ordered.
      ``interval_brackets``: ``strict`` never conflates ``[1,2)`` and ``(1,2]``.
      ``inequality_as_interval``: ``x < -5`` equals ``(-\\infty, -5)``.
      ``units`` / ``degrees``: strip known units / degree marks (``5 cm`` == 5).
      ``strip_variable_assignment``: ``x = 3`` equals ``3``.

    Safety and speed
      ``sympy_timeout_s``: the hard per-pair deadline of the whole check. Pairs
      whose response or reference is longer than ``inline_max_chars`` are checked
      whole (extraction included) in a pool worker that is killed past it; shorter
      ones run the linear-time inline stages here and the sympy stage in the pool
      with what is left of the deadline. ``sympy_workers``: size of the shared pool;
      ``sympy_memory_mb``: address-space cap of each worker (0: none);
      ``use_sympy=False`` keeps only the fast path (others become unverifiable).
      ``max_*``: screens applied before sympy sees an input.
    """

    kind: Literal["math_answer"] = "math_answer"  # type: ignore[assignment]

    extraction_priority: tuple[Extractor, ...] = DEFAULT_PRIORITY
    answer_precedence: Literal["last", "priority"] = "last"
    reference_is_solution: Literal["auto", "always", "never"] = "auto"

    rel_tol: float = Field(default=1e-6, ge=0.0, le=0.5)
    abs_tol: float = Field(default=0.0, ge=0.0)
    percent: Literal["strip", "fraction", "either", "strict"] = "either"
    unreduced_fractions: Literal["accept", "reject"] = "accept"
    require_evaluated: bool = True
    list_order: Literal["ignore", "strict"] = "ignore"
    interval_brackets: Literal["strict", "ignore"] = "strict"
    inequality_as_interval: bool = True
    units: Literal["strip", "keep"] = "strip"
    degrees: Literal["strip", "keep"] = "strip"
    strip_variable_assignment: bool = True
    thousands_separators: bool = True
    imaginary_unit: Literal["i", "none"] = "i"
    e_is_euler: bool = True
    text_case_sensitive: bool = False

    use_sympy: bool = True
    sympy_timeout_s: float = Field(default=5.0, gt=0.0, le=600.0)
    sympy_workers: int = Field(default=2, ge=1, le=64)
    sympy_memory_mb: int = Field(default=2048, ge=0)
    sample_points: int = Field(default=8, ge=2, le=64)
    seed: int = 0

    inline_max_chars: int = Field(default=20_000, ge=0)
    max_response_chars: int = Field(default=100_000, ge=100)
    max_answer_chars: int = Field(default=2_000, ge=10)
    max_nesting: int = Field(default=40, ge=2)
    max_exponent: int = Field(default=10_000, ge=2)
    max_integer_digits: int = Field(default=500, ge=10)

    def policy(self) -> PolicyDict:
        """The fields the sympy worker needs, as a plain picklable dict."""
        return self.model_dump(exclude={"execution", "kind", "extraction_priority", "answer_precedence"})
