"""The real-model tier's prompts: HumanEval problems, arithmetic word problems, medicine claims.

Each :class:`PromptSpec` is one user message for the generator plus what the candidates'
Samples carry (``domain``, ``reference``: what the sources see) and what gold needs
(``key``: the HumanEval task id, the exact answer, the claim's label; the sources never see it).

- coding: HumanEval problems with at least ``MIN_UNITS`` test units and a prompt of at most
  ``MAX_PROMPT_CHARS`` characters (a 135M model on 2 CPU cores: long docstrings cost prompt
  time and the model's attention); a seeded third of the units is visible
  (``reference["tests"]``), gold runs all of them.
- math: arithmetic word problems with exact answers: half one-step (``one_step``: one addition
  or subtraction, made here), half the synthetic world's two-step ones (``word_total``,
  ``change``). SmolLM2-135M-Instruct solved none of 64 two-step samples in a first pool, which
  left the family without any right candidate to rank.
- medicine: the pack's one-sentence claims labelled ``supported`` or ``contradicted``,
  balanced, asked as "true or false?"; gold is the claim's label.

>>> specs = build_prompts(0, {"coding": 1, "math": 2, "medicine": 2})
>>> [s.family for s in specs], specs[1].prompt_id
(['coding', 'math', 'math', 'medicine', 'medicine'], 'math-000')
>>> sorted(s.key["label"] for s in specs if s.family == "medicine")
['contradicted', 'supported']
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rewardstack.benchmarks.worlds.seeds import stream

__all__ = ["FAMILIES", "MATH_KINDS", "MAX_NEW_TOKENS", "MAX_PROMPT_CHARS", "PromptSpec", "build_prompts", "one_step"]

FAMILIES = ("coding", "math", "medicine")
MATH_KINDS = ("one_step", "word_total", "one_step", "change")
MAX_PROMPT_CHARS = 700
#: Generation budget per family (tokens): a function body, a short worked answer, a verdict and a reason.
MAX_NEW_TOKENS = {"coding": 160, "math": 128, "medicine": 64}

_CODE_ASK = (
    "Complete the following Python function. Reply with the whole function in one ```python code block.\n\n"
    "```python\n{prompt}```"
)
_MATH_ASK = "{question}\nSolve it step by step, then give the final answer as 'The answer is N.'"
_MED_ASK = (
    'Is this statement true or false? "{claim}"\n'
    "Start your answer with True or False, then explain in one or two sentences."
)


@dataclass(frozen=True)
class PromptSpec:
    """One prompt of the pool: the user message, the Samples' domain/reference, and gold's key."""

    prompt_id: str
    family: str
    user: str
    domain: str
    reference: dict[str, Any]
    key: dict[str, Any] = field(default_factory=dict)


@functools.cache
def _coding_problems() -> tuple[dict[str, Any], ...]:
    from rewardstack.benchmarks.worlds.families.coding import problems

    return tuple(p for _, p in sorted(problems().items()) if len(p["prompt"]) <= MAX_PROMPT_CHARS)


def _coding(seed: int, count: int) -> list[PromptSpec]:
    from rewardstack.benchmarks.worlds.families.coding_tests import split_units

    bank = _coding_problems()
    order = stream(seed, "real", "coding", "order").permutation(len(bank))[:count]
    out = []
    for i, idx in enumerate(order):
        problem = bank[int(idx)]
        units = split_units(problem)
        rng = stream(seed, "real", "coding", i, "visible")
        visible = sorted(int(k) for k in rng.choice(len(units), size=max(1, len(units) // 3), replace=False))
        reference = {"language": "python", "entry_point": problem["entry_point"], "tests": [units[k] for k in visible]}
        out.append(
            PromptSpec(
                prompt_id=f"coding-{i:03d}",
                family="coding",
                user=_CODE_ASK.format(prompt=problem["prompt"]),
                domain="code",
                reference=reference,
                key={"task_id": problem["task_id"], "visible": visible},
            )
        )
    return out


def one_step(rng: np.random.Generator) -> tuple[str, str]:
    """(question, exact answer) of a one-step addition or subtraction word problem.

    >>> one_step(np.random.default_rng(0))
    ('Zoe has 12 books and gets 4 more. How many books does Zoe have now?', '16')
    """
    name = str(rng.choice(["Mia", "Tom", "Ravi", "Ana", "Ken", "Zoe"]))
    item = str(rng.choice(["apples", "stickers", "marbles", "books", "coins"]))
    a, b = int(rng.integers(5, 20)), int(rng.integers(2, 10))
    if rng.random() < 0.5:
        return f"{name} has {a} {item} and gets {b} more. How many {item} does {name} have now?", str(a + b)
    return f"{name} has {a + b} {item} and gives away {b}. How many {item} does {name} have left?", str(a)


def _math(seed: int, count: int) -> list[PromptSpec]:
    from rewardstack.benchmarks.worlds.families.math_problems import make_problem

    out = []
    for i in range(count):
        rng = stream(seed, "real", "math", i)
        kind = MATH_KINDS[i % len(MATH_KINDS)]
        if kind == "one_step":
            question, answer = one_step(rng)
        else:
            problem = make_problem(rng, kind)
            question, answer = problem.question, problem.reference
        out.append(
            PromptSpec(
                prompt_id=f"math-{i:03d}",
                family="math",
                user=_MATH_ASK.format(question=question),
                domain="math",
                reference={"answer": answer},
                key={"answer": answer, "kind": kind},
            )
        )
    return out


def _medicine(seed: int, count: int) -> list[PromptSpec]:
    from rewardstack.benchmarks.worlds.families.medicine_pack import load_claims

    by_label = {
        label: sorted((c for c in load_claims() if c["label"] == label), key=lambda c: str(c["id"]))
        for label in ("supported", "contradicted")
    }
    rng = stream(seed, "real", "medicine", "order")
    picks: list[dict[str, Any]] = []
    for label, claims in by_label.items():
        take = count // 2 + (count % 2 if label == "supported" else 0)
        picks += [claims[int(k)] for k in rng.permutation(len(claims))[:take]]
    order = np.argsort([str(c["id"]) for c in picks], kind="stable")
    out = []
    for i, k in enumerate(order):
        claim = picks[int(k)]
        out.append(
            PromptSpec(
                prompt_id=f"medicine-{i:03d}",
                family="medicine",
                user=_MED_ASK.format(claim=claim["text"]),
                domain="medicine",
                reference={"kb": "medicine"},
                key={"claim_id": claim["id"], "label": claim["label"], "claim": claim["text"]},
            )
        )
    return out


def build_prompts(seed: int, counts: Mapping[str, int]) -> list[PromptSpec]:
    """Prompts for each family in :data:`FAMILIES` order, ``counts[family]`` of each (0 or absent: none)."""
    unknown = sorted(set(counts) - set(FAMILIES))
    if unknown:
        raise ValueError(f"unknown real-world families {unknown}: known are {', '.join(FAMILIES)}")
    makers = {"coding": _coding, "math": _math, "medicine": _medicine}
    return [spec for family in FAMILIES for spec in makers[family](seed, int(counts.get(family, 0)))]
