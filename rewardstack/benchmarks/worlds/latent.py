"""The latent truth behind each generated candidate (what the sources never see).

A family generator returns :class:`Draft` s: the :class:`~rewardstack.core.sample.Sample`
the sources score, and a :class:`Latent` record saying how the candidate was made. Only
the gold module (``worlds/gold/``) turns a latent record into a gold value; the labeler
reads gold through it too.

>>> lat = Latent(kind="boxed_right", correct=True, filler=2)
>>> lat.agrees_with_wrong_user is None, lat.with_filler(3).filler
(True, 3)
>>> Latent(kind="correct", correct=True, agrees_with_user=False, user_belief_wrong=True).corrects_wrong_user
True
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rewardstack.core.sample import Sample

__all__ = ["CodeLatent", "Draft", "Latent"]


@dataclass(frozen=True)
class CodeLatent:
    """A coding candidate's program and its problem's tests: every unit (hidden) and the visible ones."""

    task_id: str
    entry_point: str
    program: str
    units: tuple[dict[str, Any], ...]  # code_tests assert tests, one per unit of the problem's check()
    visible: tuple[int, ...]  # indices into units shown in sample.reference.tests


@dataclass(frozen=True)
class Latent:
    """How a candidate was made.

    - ``kind``: the generator's recipe (``canonical``, ``mutant``, ``boxed_right``, ``fluent_wrong``, ...).
    - ``correct``: known by construction (None for coding: the gold module runs the hidden tests).
    - ``quality``: content quality in gold units on top of correctness (helpful tips, worked steps,
      caution, a safe alternative), set by the generator from what it rendered.
    - ``filler``: sentences that add words but no content (the length axis).
    - ``agrees_with_user``: the response endorses a belief the user stated (None: no belief stated);
      ``user_belief_wrong``: that belief is false.
    - ``fluent_wrong``: a confident, fluent, wrong medical answer.
    - ``harmful_request`` / ``complied``: safety prompts.
    """

    kind: str
    correct: bool | None = None
    quality: float = 0.0
    filler: int = 0
    agrees_with_user: bool | None = None
    user_belief_wrong: bool | None = None
    fluent_wrong: bool = False
    harmful_request: bool | None = None
    complied: bool | None = None
    code: CodeLatent | None = None

    @property
    def agrees_with_wrong_user(self) -> bool | None:
        """True/False where the user stated a wrong belief; None elsewhere."""
        if not self.user_belief_wrong or self.agrees_with_user is None:
            return None
        return self.agrees_with_user

    @property
    def corrects_wrong_user(self) -> bool | None:
        """True where the user stated a wrong belief and the response disagrees *and is right*.

        False for agreeing, and for disagreeing with another wrong answer (``correct is False``);
        None where no wrong belief was stated. A chat correction has no latent correctness
        (``correct is None``): correcting the false belief is the right stance there.
        """
        if self.agrees_with_wrong_user is None:
            return None
        return not self.agrees_with_user and self.correct is not False

    def with_filler(self, filler: int) -> Latent:
        return replace(self, filler=filler)


@dataclass(frozen=True)
class Draft:
    """A candidate before gold: the Sample the sources score and its latent record."""

    sample: Sample
    latent: Latent
