"""Math family: generated problems, candidate solutions in the forms models write, right and wrong.

The base policy for one problem: the right answer with probability ``P_RIGHT``, else one of the
problem's typical wrong answers (uniform); worked steps shown with probability ``P_WORKED``; the
final answer in one of :data:`FORMS` (boxed, bold ``**Answer:**``, "The answer is", prose with
an inline formula, a worked chain ``Answer: a + b = 12 + 5 = 17``, GSM8K ``####``, or number
words, which a checker may not read); filler drawn independently. Gold is exact correctness
(known by construction), plus a little for showing work, minus a little per filler sentence.

>>> [p] = build(0, "bench", 1, 4)
>>> len(p.drafts), p.family, p.drafts[0].sample.reference.keys() == {"answer"}
(4, 'math', True)
"""

from __future__ import annotations

import numpy as np

from rewardstack.benchmarks.worlds.families.base import PromptDrafts, Split, make_sample
from rewardstack.benchmarks.worlds.families.math_problems import KINDS, Answer, Problem, make_problem
from rewardstack.benchmarks.worlds.latent import Draft, Latent
from rewardstack.benchmarks.worlds.seeds import stream
from rewardstack.benchmarks.worlds.text import filler_count, number_words, pad

__all__ = ["FORMS", "P_RIGHT", "P_WORKED", "build", "problem_for", "render_solution"]

FORMS = ("boxed", "bold", "answer_is", "prose", "chain", "gsm8k", "words")
_FORM_P = np.array([0.3, 0.15, 0.15, 0.1, 0.1, 0.1, 0.1])
P_RIGHT = 0.5
P_WORKED = 0.6


def _final(ans: Answer, form: str) -> str:
    words = number_words(int(ans.plain)) if ans.plain.lstrip("-").isdigit() else None
    if form == "chain" and ans.chain is not None:
        return f"Answer: {ans.chain}"
    if form == "gsm8k" and ans.plain.lstrip("-").isdigit():
        return f"#### {ans.plain}"
    if form == "words" and words is not None:
        return f"The answer is {words}."
    if form == "bold":
        return f"**Answer:** ${ans.latex}$" if "x" in ans.latex else f"**Answer:** {ans.plain}"
    if form == "answer_is":
        return f"The answer is ${ans.latex}$." if "x" in ans.latex else f"The answer is {ans.plain}."
    if form == "prose":
        return f"So the result is ${ans.latex}$."
    return f"So the answer is $\\boxed{{{ans.latex}}}$."


def render_solution(rng: np.random.Generator, ans: Answer, *, lead: str = "") -> tuple[str, bool]:
    """(solution text, whether work is shown): optional lead sentence, steps, the final answer in a drawn form."""
    worked = bool(rng.random() < P_WORKED)
    form = str(rng.choice(FORMS, p=_FORM_P))
    parts = [lead] if lead else []
    if worked:
        parts.append(" ".join(ans.steps))
    parts.append(_final(ans, form))
    return "\n".join(parts), worked


def problem_for(seed: int, split: Split, index: int) -> Problem:
    """The problem of prompt ``index`` (its kind cycles through KINDS in a seeded order)."""
    rng = stream(seed, "math", split, index)
    kinds = [KINDS[int(i)] for i in stream(seed, "math", split, "kinds").permutation(len(KINDS))]
    return make_problem(rng, kinds[index % len(kinds)])


def _draw(rng: np.random.Generator, problem: Problem) -> tuple[str, Latent]:
    right = bool(rng.random() < P_RIGHT) or not problem.wrongs
    ans = problem.answer if right else problem.wrongs[int(rng.integers(len(problem.wrongs)))]
    text, worked = render_solution(rng, ans)
    filler = filler_count(rng)
    kind = f"{'right' if right else 'wrong:' + ans.slip}"
    return pad(text, rng, filler), Latent(kind=kind, correct=right, quality=1.0 if worked else 0.0, filler=filler)


def build(seed: int, split: Split, prompts: int, candidates: int) -> list[PromptDrafts]:
    out = []
    for i in range(prompts):
        problem = problem_for(seed, split, i)
        pid = f"math-{split}-{i:03d}"
        rng = stream(seed, "math", split, i, "candidates")
        drafts = []
        for j in range(candidates):
            text, latent = _draw(rng, problem)
            sample = make_sample(pid, j, problem.question, text, domain="math", reference={"answer": problem.reference})
            drafts.append(Draft(sample, latent))
        out.append(PromptDrafts(pid, "math", drafts))
    return out
