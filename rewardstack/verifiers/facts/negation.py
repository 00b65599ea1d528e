"""NegEx-style negation: which cue does a trigger negate?

A *pre* trigger ("not", "no", "never", "doesn't", "avoid") negates the **first**
cue after it, a *post* trigger ("should be avoided") the **last** cue before
it, when at most ``window`` words lie between and no terminator ("but", a
comma, "however") does. Pseudo-triggers ("no more than", "not only") negate
nothing. One trigger negates one cue: in "it is **not** safe to take more
than 4 g" the "not" turns "safe" around, not "more than" as well. A cue
negated twice is not negated.

>>> import re
>>> scope = NegationScope(pre=re.compile(r"\\b(?:not|no|never)\\b"), post=None, pseudo=None,
...                       terminators=re.compile(r",|\\bbut\\b"), window=6)
>>> text = "Warfarin does not interact with aspirin"
>>> cues = [(18, 26)]  # "interact"
>>> scope.negations(text, 0, len(text), cues)
{0: 'not'}
>>> text = "No, warfarin interacts with aspirin"
>>> scope.negations(text, 0, len(text), [(13, 22)])
{}
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rewardstack.verifiers.facts.schema import TOKEN

__all__ = ["NegationScope", "Trigger"]


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class NegationScope:
    """The compiled triggers of a pack and the scope rules (module docstring)."""

    pre: re.Pattern[str]
    post: re.Pattern[str] | None
    pseudo: re.Pattern[str] | None
    terminators: re.Pattern[str] | None
    window: int

    def triggers(self, text: str, start: int, end: int) -> tuple[list[Trigger], list[Trigger]]:
        """Pre and post triggers in ``text[start:end]`` outside pseudo-trigger spans."""
        blocked = [(m.start(), m.end()) for m in self.pseudo.finditer(text, start, end)] if self.pseudo else []

        def free(m: re.Match[str]) -> bool:
            return not any(s <= m.start() < e for s, e in blocked)

        post = [Trigger(m.start(), m.end(), m.group()) for m in self.post.finditer(text, start, end) if free(m)] \
            if self.post else []
        inside_post = [(t.start, t.end) for t in post]
        pre = [Trigger(m.start(), m.end(), m.group()) for m in self.pre.finditer(text, start, end)
               if free(m) and not any(s <= m.start() < e for s, e in inside_post)]
        return pre, post

    def _reaches(self, text: str, left: int, right: int) -> bool:
        """No terminator and at most ``window`` words in ``text[left:right]``."""
        if right < left:
            return False
        if self.terminators is not None and self.terminators.search(text, left, right):
            return False
        return sum(1 for _ in TOKEN.finditer(text, left, right)) <= self.window

    def negations(self, text: str, start: int, end: int, cues: Sequence[tuple[int, int]],
                  triggers: tuple[list[Trigger], list[Trigger]] | None = None, *,
                  first_only: bool = True) -> dict[int, str]:
        """``{cue index: trigger text}`` for every cue an odd number of triggers negate (module docstring).

        ``first_only=False``: a pre trigger negates every cue in its scope, not only the first
        (relation cues: "does not **cause** **serotonin syndrome**").
        """
        pre, post = triggers if triggers is not None else self.triggers(text, start, end)
        hits: dict[int, list[str]] = {}
        order = sorted(range(len(cues)), key=lambda i: cues[i][0])
        for trigger in pre:
            after = [i for i in order if cues[i][0] >= trigger.end]
            for i in after[:1] if first_only else after:
                if not self._reaches(text, trigger.end, cues[i][0]):
                    break
                hits.setdefault(i, []).append(trigger.text)
        for trigger in post:
            before = [i for i in order if cues[i][1] <= trigger.start]
            if before and self._reaches(text, cues[before[-1]][1], trigger.start):
                hits.setdefault(before[-1], []).append(trigger.text)
        return {i: " + ".join(found) for i, found in hits.items() if len(found) % 2 == 1}

    def count_in(self, text: str, start: int, end: int) -> list[str]:
        """Every (non-pseudo) pre trigger inside ``text[start:end]`` (a class claim's gap: "is **not** a")."""
        pre, _ = self.triggers(text, start, end)
        return [t.text for t in pre]
