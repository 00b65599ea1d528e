"""Task families of the synthetic world; each exposes ``build(seed, split, prompts, candidates)``.

>>> sorted(FAMILY_BUILDERS)
['chat', 'coding', 'math', 'medicine', 'safety', 'sycophancy']
"""

from __future__ import annotations

from collections.abc import Callable

from rewardstack.benchmarks.worlds.families import chat, coding, maths, medicine, safety, sycophancy
from rewardstack.benchmarks.worlds.families.base import PromptDrafts, Split

__all__ = ["FAMILY_BUILDERS", "FamilyBuilder"]

FamilyBuilder = Callable[[int, Split, int, int], list[PromptDrafts]]

#: family name -> builder, in the order a world lists its prompts
FAMILY_BUILDERS: dict[str, FamilyBuilder] = {
    "chat": chat.build,
    "math": maths.build,
    "coding": coding.build,
    "medicine": medicine.build,
    "sycophancy": sycophancy.build,
    "safety": safety.build,
}
