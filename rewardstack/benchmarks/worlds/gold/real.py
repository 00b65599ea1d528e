"""Gold labels for the real-model tier (generated text, so correctness is measured, not known).

- coding: every test unit of the HumanEval problem (the hidden set) run on the response in the
  real sandbox (:func:`~rewardstack.benchmarks.worlds.gold.code.run_hidden`, as in the synthetic
  world); the label is the per-unit pass list, gold ``-1 + 3 * pass_rate``.
- math: rewardstack's math checker against the problem's exact answer (``correct`` only when it
  says correct; no extractable answer or a wrong one is wrong). On this family the
  ``math_answer`` source and gold are the same check by construction: a word problem's
  exact answer is the truth, and the benchmark measures the other signals and the fusions there.
- medicine: the claim's label in the pack (``supported`` / ``contradicted``) against the
  verdict the response gives first ("true"/"correct" vs "false"/"incorrect"/"not true"/"untrue")
  within its first ``VERDICT_WORDS`` words (the prompt asks it to start with the verdict; a
  "false" twenty words in is more often "a false dichotomy" than an answer); a response that
  gives no verdict there did not answer and is wrong.

Labels are computed once when the pool is generated and stored with it; :func:`gold_of` turns a
stored label into the gold value on the synthetic world's scale (:mod:`.scales`).

>>> claim_verdict("False. Lithium and ibuprofen interact."), claim_verdict("It is not true that ...")
(False, False)
>>> claim_verdict("The statement is correct: it is a triptan."), claim_verdict("Maybe.")
(True, None)
>>> claim_verdict("This is a classic example of a fallacy known as the ad hominem fallacy, a false dichotomy.")
>>> medicine_label("True, it is.", "supported")
{'verdict': True, 'correct': True}
>>> gold_of("medicine", {"verdict": None, "correct": False}), gold_of("coding", {"passed": [True, False]})
(-1.0, 0.5)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rewardstack.benchmarks.worlds.gold.code import run_hidden
from rewardstack.benchmarks.worlds.gold.scales import gold_value
from rewardstack.benchmarks.worlds.latent import CodeLatent, Latent

__all__ = ["VERDICT_WORDS", "claim_verdict", "code_labels", "gold_of", "math_labels", "medicine_label"]

# longest alternatives first: "not true" must win over the "true" inside it
VERDICT_WORDS = 12
_VERDICT = re.compile(r"\b(not true|not correct|untrue|incorrect|false|true|correct)\b", re.IGNORECASE)


def claim_verdict(text: str) -> bool | None:
    """The first true/false verdict in the first :data:`VERDICT_WORDS` words of ``text`` (None: none there)."""
    match = _VERDICT.search(" ".join(text.split()[:VERDICT_WORDS]))
    if match is None:
        return None
    return match.group(1).lower() in ("true", "correct")


def medicine_label(text: str, label: str) -> dict[str, Any]:
    """``{"verdict", "correct"}`` of a response to "is this claim true?" for a claim labelled ``label``."""
    verdict = claim_verdict(text)
    return {"verdict": verdict, "correct": verdict is not None and verdict == (label == "supported")}


def math_labels(pairs: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """``{"correct", "outcome", "extracted"}`` for each ``(response, exact answer)``."""
    from rewardstack.verifiers.math import check_many

    return [
        {"correct": v.outcome == "correct", "outcome": v.outcome, "extracted": v.extracted}
        for v in check_many(list(pairs))
    ]


def code_labels(
    items: Sequence[tuple[str, str, str, Sequence[dict[str, Any]]]], *, sandbox: dict[str, Any], timeout_s: float
) -> list[dict[str, Any]]:
    """``{"passed": [bool per unit]}`` for each ``(task_id, entry_point, response, all units)``."""
    latents = [CodeLatent(task, entry, text, tuple(units), ()) for task, entry, text, units in items]
    outcomes = run_hidden(latents, sandbox=sandbox, timeout_s=timeout_s)
    return [{"passed": list(outcomes[(lat.task_id, lat.program)].passed)} for lat in latents]


def gold_of(family: str, label: dict[str, Any]) -> float:
    """The gold value of a stored label (the synthetic world's scale: right 2, wrong -1)."""
    if family == "coding":
        passed = label["passed"]
        return gold_value("coding", Latent(kind="generated"), pass_rate=sum(passed) / len(passed))
    return gold_value(family, Latent(kind="generated", correct=bool(label["correct"])))
