"""Rendering helpers shared by the families: filler sentences (the length axis) and word counts.

Filler adds words and no content: no digits (a math checker's last-number fallback must not
read them), no answer markers, no drug names, no claims a verifier could check. A response
gets ``k`` distinct filler sentences, some before its body and the rest after it.

>>> import numpy as np
>>> text = pad("The answer is 4.", np.random.default_rng(0), 2)
>>> word_count(text) > word_count("The answer is 4."), "4" in text
(True, True)
>>> pad("Body.", np.random.default_rng(0), 0)
'Body.'
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["FILLER", "MAX_FILLER", "OPENERS", "filler_count", "number_words", "pad", "word_count"]

#: Sentences that say nothing checkable (openers are only placed before the body).
OPENERS = (
    "Great question!",
    "Thanks for asking, this is something a lot of people wonder about.",
    "Happy to help with this.",
    "Let me walk you through it carefully.",
    "That's a really good thing to ask about.",
    "Sure, let's take a look at this together.",
    "I appreciate you bringing this up.",
    "Absolutely, here is my take on it.",
)
FILLER = (
    "I hope this helps you out.",
    "Let me know if you have any other questions.",
    "Everyone's situation is a little different, so take what works for you.",
    "It is always worth taking a moment to think these things through.",
    "Feel free to ask a follow-up question if anything is unclear.",
    "This is a common topic and many people find it confusing at first.",
    "Keeping things simple usually works best in the long run.",
    "Small, steady steps often make the biggest difference over time.",
    "There is a lot of information out there, and not all of it agrees.",
    "It can help to write things down so you can come back to them later.",
    "Being patient with yourself is an important part of the process.",
    "I tried to keep this explanation clear and easy to follow.",
    "Good luck, and I hope everything works out well for you.",
    "Thinking about the details carefully is always a good habit.",
    "These ideas apply in many different situations.",
    "With a little practice this becomes second nature.",
)
_WORD = re.compile(r"\S+")


def word_count(text: str) -> int:
    """Whitespace-separated words (the ``length`` feature)."""
    return len(_WORD.findall(text))


def pad(body: str, rng: np.random.Generator, k: int) -> str:
    """``body`` with ``k`` distinct filler sentences: up to one opener before, the rest after."""
    if k <= 0:
        return body
    before: list[str] = []
    if rng.random() < 0.5:
        before.append(OPENERS[int(rng.integers(len(OPENERS)))])
        k -= 1
    after = [FILLER[int(i)] for i in rng.choice(len(FILLER), size=min(k, len(FILLER)), replace=False)]
    parts = [" ".join(before), body, " ".join(after)]
    return "\n\n".join(p for p in parts if p)


MAX_FILLER = 6


def filler_count(rng: np.random.Generator) -> int:
    """The length axis, drawn independently of everything else: 0..MAX_FILLER sentences, uniform."""
    return int(rng.integers(0, MAX_FILLER + 1))


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str | None:
    """English words for -99..99 (``None`` outside), as a model writing prose might answer.

    >>> number_words(42), number_words(-7), number_words(100)
    ('forty-two', 'minus seven', None)
    """
    if abs(n) > 99:
        return None
    if n < 0:
        return "minus " + str(number_words(-n))
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens - 2] + ("" if ones == 0 else "-" + _ONES[ones])
