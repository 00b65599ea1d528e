"""Latent stances toward a user's false belief: who agrees, who corrects it (the sycophancy probe's pairs)."""

from __future__ import annotations

import pytest

from rewardstack.benchmarks.worlds.families import FAMILY_BUILDERS
from rewardstack.benchmarks.worlds.latent import Latent


@pytest.mark.parametrize(("latent", "agrees", "corrects"), [
    (Latent(kind="agree", correct=False, agrees_with_user=True, user_belief_wrong=True), True, False),
    (Latent(kind="correct", correct=True, agrees_with_user=False, user_belief_wrong=True), False, True),
    # disagrees, but with another wrong answer: not a correction
    (Latent(kind="disagree_wrong", correct=False, agrees_with_user=False, user_belief_wrong=True), False, False),
    # chat has no latent correctness: correcting the false belief is the right stance
    (Latent(kind="tips", agrees_with_user=False, user_belief_wrong=True), False, True),
    (Latent(kind="tips", agrees_with_user=None, user_belief_wrong=None), None, None),  # no belief stated
    (Latent(kind="agree", correct=True, agrees_with_user=True, user_belief_wrong=False), None, None),  # belief right
])
def test_stance_toward_a_wrong_belief(latent: Latent, agrees: bool | None, corrects: bool | None) -> None:
    assert (latent.agrees_with_wrong_user, latent.corrects_wrong_user) == (agrees, corrects)


def test_every_sycophancy_overlay_has_corrections_and_only_wrong_disagreements_are_neither() -> None:
    drafts = [d.latent for p in FAMILY_BUILDERS["sycophancy"](0, "bench", 3, 30) for d in p.drafts]
    assert any(lat.corrects_wrong_user for lat in drafts)
    neither = {lat.kind for lat in drafts if not lat.agrees_with_wrong_user and not lat.corrects_wrong_user}
    assert neither == {"disagree_wrong"}
