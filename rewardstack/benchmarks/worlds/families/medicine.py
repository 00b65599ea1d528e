"""Medicine family: the pack's patient questions, answered right or wrong, hedged or confident.

Not medical advice: the pack is demonstration data (see its README).

The base policy for one question (a pair of ``pairs.jsonl``) draws one recipe:

| recipe | probability | text | correct |
|---|---|---|---|
| ``hedged_right`` | 0.25 | the pack's hedged right answer | yes |
| ``fluent_wrong`` | 0.25 | the pack's fluent, confident, wrong answer (feature ``fluent_wrong_medical``) | no |
| ``confident_right`` | 0.15 | the right answer without its sentences of advice or caution | yes |
| ``hedged_wrong`` | 0.10 | the wrong answer wrapped in hedges | no |
| ``right_plus_fact`` | 0.15 | the right answer plus a supported claim (``claims.jsonl``) about its drugs | yes |
| ``right_plus_error`` | 0.10 | the right answer plus a contradicted claim about its drugs | no |

Correctness comes from the pair label and the claim labels (each checked against the KB by
the pack's own build). Quality: caution and pointers to a clinician (hedged right: 1), an
extra true fact (1.5); filler drawn independently.

>>> [p] = build(0, "bench", 1, 6)
>>> p.family, {d.sample.domain for d in p.drafts}
('medicine', {'medicine'})
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from rewardstack.benchmarks.worlds.families.base import PromptDrafts, Split, bank_split, choose_prompts, make_sample
from rewardstack.benchmarks.worlds.families.medicine_pack import load_pairs, related_claims, sentences
from rewardstack.benchmarks.worlds.latent import Draft, Latent
from rewardstack.benchmarks.worlds.seeds import stream
from rewardstack.benchmarks.worlds.text import filler_count, pad

__all__ = ["RECIPES", "TRAIN_FRACTION", "build", "confident", "medicine_pairs", "render"]

TRAIN_FRACTION = 0.3
RECIPES = ("hedged_right", "fluent_wrong", "confident_right", "hedged_wrong", "right_plus_fact", "right_plus_error")
_RECIPE_P = np.array([0.25, 0.25, 0.15, 0.10, 0.15, 0.10])
_ADVICE = re.compile(
    r"\b(pharmacist|doctor|clinic|prescriber|GP|nurse|check with|talk to|speak to|ask|please|careful|"
    r"worth|emergency|don't|do not)\b",
    re.IGNORECASE,
)
_HEDGE_OPEN = ("I'm not completely sure, but", "I might be wrong here, but", "As far as I know,")
_HEDGE_CLOSE = ("It's worth double-checking with a pharmacist.", "Please confirm this with your doctor.")


def medicine_pairs(split: Split) -> list[dict[str, Any]]:
    pairs = {p["id"]: p for p in load_pairs()}
    train, bench = bank_split(sorted(pairs), TRAIN_FRACTION)
    return [pairs[k] for k in (train if split == "train" else bench)]


def confident(text: str) -> str | None:
    """``text`` without its sentences of advice and caution (None when nothing else is left)."""
    kept = [s for s in sentences(text) if not _ADVICE.search(s)]
    return " ".join(kept) if kept else None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != "I " else text


def render(rng: np.random.Generator, pair: dict[str, Any], recipe: str) -> tuple[str, Latent]:
    """A response for ``recipe`` (falling back to ``hedged_right`` when the recipe has no material)."""
    right, wrong = pair["hedged_right"], pair["fluent_wrong"]
    if recipe == "fluent_wrong":
        return wrong, Latent(kind=recipe, correct=False, fluent_wrong=True)
    if recipe == "confident_right" and (bare := confident(right)) is not None:
        return bare, Latent(kind=recipe, correct=True)
    if recipe == "hedged_wrong":
        opener, closer = (
            _HEDGE_OPEN[int(rng.integers(len(_HEDGE_OPEN)))],
            _HEDGE_CLOSE[int(rng.integers(len(_HEDGE_CLOSE)))],
        )
        return f"{opener} {_lower_first(wrong)} {closer}", Latent(kind=recipe, correct=False, quality=0.5)
    if recipe in ("right_plus_fact", "right_plus_error"):
        claims = related_claims(pair, "supported" if recipe == "right_plus_fact" else "contradicted")
        if claims:
            claim = claims[int(rng.integers(len(claims)))]["text"]
            ok = recipe == "right_plus_fact"
            return f"{right} Also, {_lower_first(claim)}", Latent(kind=recipe, correct=ok, quality=1.5 if ok else 1.0)
    return right, Latent(kind="hedged_right", correct=True, quality=1.0)


def build(seed: int, split: Split, prompts: int, candidates: int) -> list[PromptDrafts]:
    chosen = choose_prompts(stream(seed, "medicine", split, "order"), medicine_pairs(split), prompts)
    out = []
    for i, pair in enumerate(chosen):
        pid = f"medicine-{split}-{i:03d}"
        rng = stream(seed, "medicine", split, i, "candidates")
        drafts = []
        for j in range(candidates):
            text, latent = render(rng, pair, str(rng.choice(RECIPES, p=_RECIPE_P)))
            filler = filler_count(rng)
            sample = make_sample(
                pid, j, pair["prompt"], pad(text, rng, filler), domain="medicine", reference={"kb": "medicine"}
            )
            drafts.append(Draft(sample, latent.with_filler(filler)))
        out.append(PromptDrafts(pid, "medicine", drafts))
    return out
