"""Per-item randomness: every random choice about an item is a function of (run seed, item id, purpose).

Drawing from one generator in file order would make an item's principle and
sampled text depend on which items came before it, so a resumed run (the done
items skipped) or a run on part of the file would not reproduce the full
run's choices. Deriving each item's seeds from its id makes an item's
randomness its own:

    seed(item, purpose) = first 63 bits of SHA-256(run seed, item id, purpose)

>>> derive_seed(0, "q1", "principle") == derive_seed(0, "q1", "principle")
True
>>> derive_seed(0, "q1", "principle") != derive_seed(1, "q1", "principle")
True
>>> from rewardstack.rewards.critic.constitution import load_constitution
>>> principles = load_constitution("default").applicable(None)
>>> draw_principle(principles, 0, "q1").id == draw_principle(principles, 0, "q1").id
True
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import TypeVar

from rewardstack.cai.runner import Skip
from rewardstack.rewards.critic.constitution import Constitution, Principle

__all__ = ["derive_seed", "draw_principle", "principle_for"]

T = TypeVar("T")


def derive_seed(seed: int, item_id: str, purpose: str) -> int:
    """A seed in [0, 2**63) for one purpose ("response", "critique", "principle", ...) of one item."""
    digest = hashlib.sha256(f"{seed}\x1f{item_id}\x1f{purpose}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def draw_principle(principles: Sequence[T], seed: int, item_id: str) -> T:
    """One of ``principles`` (uniformly, by the item's own seed); ValueError for none."""
    if not principles:
        raise ValueError("no principle to draw from")
    return random.Random(derive_seed(seed, item_id, "principle")).choice(list(principles))


def principle_for(constitution: Constitution, domain: str | None, seed: int, item_id: str,
                  line: int) -> Principle | Skip:
    """The item's principle, drawn among those that apply to its domain; a :class:`Skip` when none does."""
    applying = constitution.applicable(domain)
    if not applying:
        return Skip(line, f"no principle of constitution {constitution.name!r} applies to domain {domain!r}")
    return draw_principle(applying, seed, item_id)
