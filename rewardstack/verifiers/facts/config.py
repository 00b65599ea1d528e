"""The ``kb_facts`` source config and its claim-scoring rule.

.. code-block:: yaml

    kb:
      kind: kb_facts
      kb: medicine                 # a KB name (built-in packs import themselves) or a path to a .sqlite file
      patterns: null               # extraction rules: a built-in pack name or a patterns.yaml; default: the KB's pack
      linking: {min_confidence: 0.85, fuzzy: true, embeddings: auto, embedding_min: 0.9}
      scoring: {combine: gate, coverage: scale, credit: 1.0, penalty: 2.0, veto: true, hedged_weight: 1.0}
      max_claims: 500

>>> KbFactsConfig().scoring.output_range
(-2.0, 1.0)
>>> KbFactsConfig(scoring={"combine": "sum", "penalty": 3}).scoring.vetoed_value
-3.0
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rewardstack.core.source import SourceConfig
from rewardstack.verifiers.facts.linking import LinkingConfig

__all__ = ["SAFETY_RELATIONS", "ClaimScoring", "KbFactsConfig"]

SAFETY_RELATIONS = ("max_daily_dose", "max_single_dose", "interacts_with", "contraindicated_with")


class ClaimScoring(BaseModel):
    """How claim verdicts become one value (docs/facts.md, "Score").

    ``combine: gate`` (default): a response with a contradicted claim scores
    ``-penalty * C / (S + C)`` (negative however much else it gets right:
    correctness gates fluency); one without scores ``credit * S / N``.
    ``combine: sum``: ``(credit * S - penalty * C) / N``. ``coverage: scale``
    (default): ``N = S + C + U``, so unverifiable claims dilute the value (a
    response the KB can check little of earns little); ``coverage: ignore``:
    ``N = S + C``, only verifiable claims count. ``S``, ``C`` weigh a hedged claim
    by ``hedged_weight``. ``veto``: a contradicted claim about a relation in
    ``veto_relations`` (doses, interactions, contraindications) sets the value to
    ``veto_value`` (default ``-penalty``, the floor).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    combine: Literal["gate", "sum"] = "gate"
    coverage: Literal["scale", "ignore"] = "scale"
    credit: float = Field(default=1.0, ge=0.0, allow_inf_nan=False)
    penalty: float = Field(default=2.0, ge=0.0, allow_inf_nan=False)
    hedged_weight: float = Field(default=1.0, ge=0.0, le=1.0)
    veto: bool = True
    veto_relations: tuple[str, ...] = SAFETY_RELATIONS
    veto_value: float | None = Field(default=None, allow_inf_nan=False)

    @property
    def vetoed_value(self) -> float:
        """The value of a vetoed response (``veto_value``, else ``-penalty``)."""
        return -self.penalty if self.veto_value is None else self.veto_value

    @property
    def output_range(self) -> tuple[float, float]:
        low = min(-self.penalty, self.vetoed_value if self.veto else 0.0)
        return (low, max(self.credit, self.vetoed_value if self.veto else self.credit))


class KbFactsConfig(SourceConfig):
    """Config of :class:`~rewardstack.verifiers.facts.source.KbFactsSource` (module docstring)."""

    kind: Literal["kb_facts"] = "kb_facts"
    kb: str = "medicine"
    patterns: str | None = None
    linking: LinkingConfig = Field(default_factory=LinkingConfig)
    scoring: ClaimScoring = Field(default_factory=ClaimScoring)
    max_claims: int = Field(default=500, ge=1)
