"""Claim verdicts of one response -> one Score (value, components, details, evidence).

- no claims -> ``abstain`` ("no checkable claims"): nothing to say is not 0.0;
- otherwise ``ok`` with the value of :class:`~rewardstack.verifiers.facts.config.ClaimScoring`;
- components ``supported``, ``contradicted``, ``unverifiable`` (claim counts) and
  ``coverage`` (the share of claims the KB could decide);
- ``details.claims``: every claim with its span, verdict, the fact (with
  citation) or the reason; ``details.kb``: name, version, content hash;
- ``evidence``: contradicted claims first, each with the word "contradicted"
  and the fact, then the others, cut after :data:`EVIDENCE_ITEMS`.

>>> from rewardstack.verifiers.facts.config import ClaimScoring
>>> score_value(supported=2, contradicted=0, unverifiable=2, scoring=ClaimScoring())
0.5
>>> score_value(supported=3, contradicted=1, unverifiable=0, scoring=ClaimScoring())
-0.5
>>> score_value(supported=2, contradicted=0, unverifiable=2, scoring=ClaimScoring(coverage="ignore"))
1.0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rewardstack.core.score import Score
from rewardstack.verifiers.facts.config import ClaimScoring
from rewardstack.verifiers.facts.store import KbMeta
from rewardstack.verifiers.facts.verdict import Verdict

__all__ = ["EVIDENCE_ITEMS", "score_claims", "score_value"]

EVIDENCE_ITEMS = 8
_ORDER = {"contradicted": 0, "supported": 1, "unverifiable": 2}


def score_value(*, supported: float, contradicted: float, unverifiable: float, scoring: ClaimScoring) -> float:
    """The value before any veto (equations in :class:`ClaimScoring`)."""
    total = supported + contradicted + (unverifiable if scoring.coverage == "scale" else 0.0)
    if total <= 0:
        return 0.0
    if scoring.combine == "gate":
        if contradicted > 0:
            return -scoring.penalty * contradicted / (supported + contradicted)
        return scoring.credit * supported / total
    return (scoring.credit * supported - scoring.penalty * contradicted) / total


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return f"«{text if len(text) <= limit else text[:limit - 1] + '…'}»"


def _evidence_line(v: Verdict) -> str:
    fact = v.fact
    if v.verdict == "unverifiable":
        return f"unverifiable: {_quote(v.claim.text)} ({v.reason})"
    cited = f"{fact.statement} [{fact.citation}]" if fact is not None else v.reason
    return f"{v.verdict}: {_quote(v.claim.text)} ({v.claim.summary}) — KB: {cited}"


def score_claims(verdicts: Sequence[Verdict], scoring: ClaimScoring, meta: KbMeta,
                 extra: dict[str, Any] | None = None) -> Score:
    """One response's Score from its claim verdicts (module docstring)."""
    if not verdicts:
        return Score.abstain("no checkable claims in the response (nothing the KB's domain rules recognise)",
                             details={"claims": [], "kb": _kb(meta), **(extra or {})})
    weights = {"supported": 0.0, "contradicted": 0.0, "unverifiable": 0.0}
    counts = {"supported": 0, "contradicted": 0, "unverifiable": 0}
    for v in verdicts:
        counts[v.verdict] += 1
        weights[v.verdict] += scoring.hedged_weight if v.claim.modality == "hedged" else 1.0
    value = score_value(supported=weights["supported"], contradicted=weights["contradicted"],
                        unverifiable=weights["unverifiable"], scoring=scoring)
    vetoes = [v for v in verdicts if v.verdict == "contradicted" and v.claim.relation in scoring.veto_relations]
    details: dict[str, Any] = {"claims": [v.as_dict() for v in verdicts], "kb": _kb(meta), **(extra or {})}
    if scoring.veto and vetoes:
        value = scoring.vetoed_value
        details["vetoed"] = f"contradicted {vetoes[0].claim.relation} claim: {vetoes[0].claim.summary}"
    n = len(verdicts)
    components = {k: float(c) for k, c in counts.items()}
    components["coverage"] = (counts["supported"] + counts["contradicted"]) / n
    ordered = sorted(verdicts, key=lambda v: _ORDER[v.verdict])
    lines = [_evidence_line(v) for v in ordered[:EVIDENCE_ITEMS]]
    if n > EVIDENCE_ITEMS:
        lines.append(f"... {n - EVIDENCE_ITEMS} more claims in details.claims")
    return Score.ok(value, components=components, details=details, evidence="\n".join(lines))


def _kb(meta: KbMeta) -> dict[str, Any]:
    return {"name": meta.name, "version": meta.version, "content_hash": meta.content_hash}
