"""Verdicts: each claim against the KB -> supported, contradicted (with the fact) or unverifiable (with why).

Rules (docs/facts.md has the full table):

- **Linking first.** A claim whose subject or object is not linked with enough
  confidence is ``unverifiable`` ("no KB entity matches 'Zorblex'"), never wrong.
- **Interactions** (symmetric) and **contraindications** hold between the two
  entities or any of their classes (``is_a``, transitively): "warfarin
  interacts_with nsaid" covers ibuprofen. A drug-drug claim is checked against
  ``interacts_with`` and ``contraindicated_with`` facts. Found: a positive claim
  is supported, a negative one ("does not interact", "is safe with")
  contradicted. Not found: unverifiable; a KB lists interactions, not their
  absence.
- **Classes**: supported when the class is among the subject's classes (any
  depth). A drug's classes are taken as listed in full: a drug the KB classifies
  that is claimed to be in another class is contradicted, citing its classes.
  A subject with no class in the KB is unverifiable.
- **Doses**: see :mod:`rewardstack.verifiers.facts.dose`.

>>> from rewardstack.verifiers.facts.claims import Claim
>>> from rewardstack.verifiers.facts.linking import Link, Mention
>>> unknown = Mention("Zorblex", 0, 7, Link(None, 0.3, "none", reason="no KB entity matches 'Zorblex'"))
>>> aspirin = Mention("aspirin", 25, 32, Link("aspirin", 1.0, "alias"), "drug")
>>> claim = Claim(kind="interaction", relation="interacts_with", subject=unknown, object=aspirin,
...               start=0, end=32, text="Zorblex interacts with aspirin")
>>> v = link_verdict(claim, min_confidence=0.85)
>>> v.verdict, v.reason
('unverifiable', "no KB entity matches 'Zorblex'")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from rewardstack.verifiers.facts.claims import Claim
from rewardstack.verifiers.facts.linking import Mention
from rewardstack.verifiers.facts.store import Fact, Snapshot

__all__ = ["Judge", "Verdict", "VerdictName", "link_verdict"]

VerdictName = Literal["supported", "contradicted", "unverifiable"]


@dataclass(frozen=True)
class Verdict:
    """A claim, its verdict, the facts behind it (first = the one cited) and the reason in words."""

    claim: Claim
    verdict: VerdictName
    reason: str
    facts: tuple[Fact, ...] = ()

    @property
    def fact(self) -> Fact | None:
        return self.facts[0] if self.facts else None

    def as_dict(self) -> dict[str, Any]:
        """``details.claims[i]``: the claim, its verdict, the fact with its citation, the reason."""
        out = self.claim.as_dict()
        out["verdict"] = self.verdict
        out["reason"] = self.reason
        if self.facts:
            out["fact"] = self.facts[0].as_dict()
            if len(self.facts) > 1:
                out["also"] = [f.statement for f in self.facts[1:4]]
        return out


def _flip(verdict: VerdictName) -> VerdictName:
    return {"supported": "contradicted", "contradicted": "supported"}.get(verdict, verdict)  # type: ignore[return-value]


def link_verdict(claim: Claim, *, min_confidence: float) -> Verdict | None:
    """``unverifiable`` when an argument is not linked well enough, else ``None`` (go on)."""
    for mention in (claim.subject, claim.object):
        if mention is None:
            continue
        if not mention.linked:
            return Verdict(claim, "unverifiable", mention.link.reason or f"{mention.text!r} is not in the KB")
        if mention.link.confidence < min_confidence:
            return Verdict(claim, "unverifiable", f"{mention.text!r} links to {mention.link.entity!r} with "
                           f"confidence {mention.link.confidence:.2f} < {min_confidence} ({mention.link.method})")
    return None


def _article(noun: str) -> str:
    return "an" if noun[0] in "aeiou" else "a"


def _entity(mention: Mention | None) -> str:
    assert mention is not None and mention.link.entity is not None
    return mention.link.entity


class Judge:
    """Verdicts for claims against one KB snapshot."""

    def __init__(self, snapshot: Snapshot, *, min_confidence: float, relations: dict[str, str],
                 dose_judge: Any):
        self.snapshot, self.min_confidence = snapshot, min_confidence
        self.relations = relations  # claim kind -> KB relation ("interaction" -> "interacts_with", ...)
        self.dose_judge = dose_judge

    def judge(self, claim: Claim) -> Verdict:
        linked = link_verdict(claim, min_confidence=self.min_confidence)
        if linked is not None:
            return linked
        if claim.kind == "class":
            return self._class(claim)
        if claim.kind in ("interaction", "contraindication", "treats"):
            return self._pair(claim)
        verdict: Verdict = self.dose_judge.judge(self.snapshot, claim)
        return verdict

    def _name(self, entity: str) -> str:
        return self.snapshot.index.name(entity)

    def _pair(self, claim: Claim) -> Verdict:
        index = self.snapshot.index
        a, b = _entity(claim.subject), _entity(claim.object)
        left, right = index.ancestors(a), index.ancestors(b)
        if claim.kind == "treats":
            relations = [claim.relation]
        else:
            relations = [self.relations["contraindication"]]
            if claim.kind == "interaction" or index.entity_type(b) == index.entity_type(a):
                relations.insert(0, self.relations["interaction"])
        facts = [f for r in relations for f in self.snapshot.facts_between(left, r, right)]
        what = {"interaction": "interaction", "contraindication": "contraindication",
                "treats": "indication"}[claim.kind]
        if not facts:
            return Verdict(claim, "unverifiable", f"the KB lists no {what} between {self._name(a)} and "
                           f"{self._name(b)} (it lists {what}s, not their absence)")
        facts.sort(key=lambda f: (f.subject not in (a, b)) + (f.object not in (a, b)))  # the most specific first
        verdict: VerdictName = "supported" if claim.polarity == "positive" else "contradicted"
        said = "denies" if claim.polarity == "negative" else "states"
        reason = f"the claim {said} {_article(what)} {what}; KB: {facts[0].statement}"
        return Verdict(claim, verdict, reason, tuple(facts))

    def _class(self, claim: Claim) -> Verdict:
        index = self.snapshot.index
        member, cls = _entity(claim.subject), _entity(claim.object)
        relation = self.relations["class"]
        path = self._path(member, cls, relation)
        if path:
            verdict: VerdictName = "supported"
            reason = f"KB: {' -> '.join([member, *(f.object or '' for f in path)])}"
            facts = tuple(path)
        else:
            direct = self.snapshot.facts(member, relation)
            if not direct:
                return Verdict(claim, "unverifiable", f"the KB lists no class for {self._name(member)}")
            classes = sorted(index.ancestors(member) - {member})
            verdict = "contradicted"
            reason = (f"the KB classes {self._name(member)} as {', '.join(classes)}, not {cls} "
                      "(a classified drug's classes are listed in full)")
            facts = direct
        if claim.polarity == "negative":
            verdict = _flip(verdict)
        return Verdict(claim, verdict, reason, facts)

    def _path(self, member: str, cls: str, relation: str) -> list[Fact]:
        """The is_a facts from ``member`` up to ``cls`` (breadth first), or [] if none."""
        if cls not in self.snapshot.index.ancestors(member) or member == cls:
            return []
        came_from: dict[str, Fact | None] = {member: None}
        queue = [member]
        while queue:
            node = queue.pop(0)
            for fact in self.snapshot.facts(node, relation):
                if fact.object is not None and fact.object not in came_from:
                    came_from[fact.object] = fact
                    queue.append(fact.object)
            if cls in came_from:
                break
        path: list[Fact] = []
        node = cls
        step = came_from.get(node)
        while step is not None:
            path.insert(0, step)
            step = came_from.get(step.subject)
        return path
