"""Rule-based claim extraction: sentences -> clauses -> mentions + cues -> atomic claims.

For each clause (sentences split at a pack's ``clause_breaks``; questions are
skipped) the extractor links mentions (:mod:`.linking`), finds amounts
(:mod:`.quantities`) and the pack's cues (:mod:`.rules`), and builds claims
whose arguments are there:

- **class**: an agent, then a class mention, with only "is (not) a / belongs
  to / classified as" words between (or an appositive: "sertraline, an SSRI");
  "classes such as members" reads right to left;
- **interaction**: two agents (drugs, classes, substances) and an interaction
  cue; agents left of the deciding cue pair with agents right of it
  ("warfarin interacts with ibuprofen and naproxen"), or all with the first
  when the cue is on one side ("no interaction between warfarin and aspirin");
- **contraindication**: a drug and a condition with a contraindication cue;
- **dose**: an amount with a unit and the agent nearest to it; comparators
  ("up to", "more than"), limit words ("maximum") and permission/excess cues
  ("safe", "dangerous") decide the ``dose_test`` (:mod:`.claims`).

Polarity: the deciding cue's own polarity, flipped by a negation trigger that
scopes it (:mod:`.negation`). A clause short of an argument borrows the
sentence's subject, or the previous sentence's, when it has a pronoun ("it
should not be combined with warfarin").

Everything is linear in the text: a fixed set of regular expressions per
clause, clauses of bounded length, dictionary lookups per word.

>>> from rewardstack.verifiers.facts.linking import Linker, LinkingConfig, toy_index
>>> from rewardstack.verifiers.facts.rules import load_compiled
>>> index = toy_index({"warfarin": ["Coumadin"], "ibuprofen": ["Advil"], "nsaid": ["NSAIDs"]},
...                   {"nsaid": "drug_class"})
>>> rules = load_compiled("medicine")
>>> extractor = Extractor(rules, Linker(index, LinkingConfig(), rules))
>>> [c.summary for c in extractor.extract("Advil is an NSAID. It should never be combined with Coumadin.")]
['ibuprofen is_a nsaid', 'ibuprofen interacts_with warfarin']
>>> [c.summary for c in extractor.extract("Do not take more than 1,200 mg of ibuprofen a day.")]
['ibuprofen max_daily_dose within 1200 mg/day']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from rewardstack.verifiers.facts.claims import Claim, DoseTest, Modality, Polarity
from rewardstack.verifiers.facts.linking import Linker, Mention
from rewardstack.verifiers.facts.negation import NegationScope, Trigger
from rewardstack.verifiers.facts.quantities import Quantity, find_quantities
from rewardstack.verifiers.facts.rules import CompiledCue, CompiledRules
from rewardstack.verifiers.facts.schema import TOKEN
from rewardstack.verifiers.facts.sentences import split_clauses, split_sentences
from rewardstack.verifiers.facts.units import UnitProblem, base_factor

__all__ = ["Extractor"]

_GAP_LIMIT = 60  # characters between a member and its class ("is not actually a type of")
_APPOSITIVE = re.compile(r"^\s*[,(]\s*(?:(?:an?|the)\s+)?$", re.IGNORECASE)
_LIST_JOIN = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or|/)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    polarity: int
    strength: int
    text: str


class _Clause:
    """One clause of the response and what is read from it on demand (most clauses need none of it)."""

    def __init__(self, extractor: Extractor, text: str, start: int, end: int):
        self.extractor, self.text, self.start, self.end = extractor, text, start, end
        self.mentions = extractor.linker.scan(text, start, end)

    @property
    def span_text(self) -> str:
        return self.text[self.start:self.end]

    @cached_property
    def triggers(self) -> tuple[list[Trigger], list[Trigger]]:
        return self.extractor.scope.triggers(self.text, self.start, self.end)

    @cached_property
    def modality(self) -> Modality:
        hedges = self.extractor.rules.hedges
        return "hedged" if hedges is not None and hedges.search(self.text, self.start, self.end) else "asserted"

    @cached_property
    def qualifiers(self) -> tuple[tuple[str, str], ...]:
        return self.extractor.rules.qualifiers.stated(self.span_text)


def _identity(claim: Claim) -> tuple[object, ...]:
    """What makes two claims the same claim, wherever they were said."""
    q = claim.quantity
    amount = (q.value, q.unit, q.time_base) if q is not None else None
    return (claim.kind, claim.relation, claim.subject.link.entity or claim.subject.text,
            None if claim.object is None else claim.object.link.entity or claim.object.text,
            amount, claim.dose_test, claim.polarity, claim.qualifiers)


def _span(a: Mention, b: Mention) -> tuple[int, int]:
    return min(a.start, b.start), max(a.end, b.end)


class Extractor:
    """A pack's rules plus a linker -> :meth:`extract` claims from text (module docstring)."""

    def __init__(self, rules: CompiledRules, linker: Linker):
        self.rules, self.linker = rules, linker
        r = rules.rules
        self.agent_types = frozenset(r.agent_types)
        self.class_types = frozenset(r.class_types)
        self.condition_types = frozenset(r.condition_types)
        self.gap_words = frozenset(w.lower() for w in r.class_gap_words)
        self.scope = NegationScope(rules.negation_pre, rules.negation_post, rules.negation_pseudo,
                                   rules.terminators, r.negation.window)

    # --- the walk over a response -------------------------------------------------
    def extract(self, text: str) -> list[Claim]:
        """Every claim in ``text``, in reading order; a claim said again (same entities, relation, amount and
        polarity) counts once, where it was first said (repeating a true sentence earns nothing)."""
        claims: list[Claim] = []
        topic: Mention | None = None
        for s_start, s_end in split_sentences(text):
            if text[s_end - 1] == "?":
                continue  # a question claims nothing
            subject: Mention | None = None
            for c_start, c_end in split_clauses(text, s_start, s_end, self.rules.clause_breaks):
                clause = self._clause(text, c_start, c_end)
                claims.extend(self._claims(clause, subject or topic))
                agents = [m for m in clause.mentions if m.linked and m.entity_type in self.agent_types]
                if subject is None and agents:
                    subject = agents[0]
            topic = subject or topic
        unique: dict[tuple[object, ...], Claim] = {}
        for claim in claims:
            unique.setdefault(_identity(claim), claim)
        return list(unique.values())

    def _clause(self, text: str, start: int, end: int) -> _Clause:
        return _Clause(self, text, start, end)

    def _claims(self, clause: _Clause, topic: Mention | None) -> list[Claim]:
        if not clause.mentions and topic is None:
            return []  # nothing to say anything about
        agents = [m for m in clause.mentions if not m.linked or m.entity_type in self.agent_types]
        pronoun = self.rules.pronouns.search(clause.text, clause.start, clause.end) if self.rules.pronouns else None
        with_topic = agents
        if topic is not None and pronoun is not None and all(a.link.entity != topic.link.entity for a in agents):
            stand_in = Mention(pronoun.group(), pronoun.start(), pronoun.end(), topic.link, topic.entity_type)
            with_topic = sorted([*agents, stand_in], key=lambda m: m.start)
        claims = self._class_claims(clause, with_topic if not agents else agents)
        claims += self._interaction_claims(clause, agents if len(agents) >= 2 else with_topic)
        claims += self._condition_claims(clause, agents or with_topic)
        dose_agents = agents or with_topic or ([topic] if topic is not None else [])
        claims += self._dose_claims(clause, dose_agents)
        return claims

    # --- cues and polarity ---------------------------------------------------------
    def _cues(self, clause: _Clause, cues: Sequence[CompiledCue]) -> list[_Cue]:
        """Cue matches in the clause, minus those inside an entity's name ("the **combined** pill")."""
        spans = [(m.start, m.end) for m in clause.mentions if m.linked]
        found = []
        for cue in cues:
            for m in cue.regex.finditer(clause.text, clause.start, clause.end):
                if not any(s <= m.start() < e for s, e in spans):
                    found.append(_Cue(m.start(), m.end(), cue.polarity, cue.strength, m.group()))
        return sorted(found, key=lambda c: (c.start, -c.strength))

    def _decide(self, clause: _Clause, cues: list[_Cue], near: tuple[int, int] | None = None
                ) -> tuple[_Cue, Polarity, str] | None:
        """The strongest cue after negation; among equals the one nearest to ``near`` (the two arguments'
        span: "people taking X should not **use** Y"), then the last.

        A trigger negates every relation cue in its scope ("does not cause serotonin syndrome").
        """
        if not cues:
            return None
        negated = self.scope.negations(clause.text, clause.start, clause.end, [(c.start, c.end) for c in cues],
                                       clause.triggers, first_only=False)

        def distance(cue: _Cue) -> int:
            if near is None or near[0] <= cue.start < near[1]:
                return 0
            return min(abs(cue.start - near[1]), abs(cue.end - near[0]))

        best = max(range(len(cues)), key=lambda i: (cues[i].strength, -distance(cues[i]), i))
        polarity = cues[best].polarity * (-1 if best in negated else 1)
        return cues[best], "positive" if polarity > 0 else "negative", negated.get(best, "")

    def _claim(self, clause: _Clause, **fields: object) -> Claim:
        return Claim(start=clause.start, end=clause.end, text=clause.span_text, modality=clause.modality,
                     qualifiers=clause.qualifiers, **fields)  # type: ignore[arg-type]

    # --- class membership -------------------------------------------------------------
    def _gap_is_copula(self, clause: _Clause, left: Mention, right: Mention) -> bool:
        gap = clause.text[left.end:right.start]
        if len(gap) > _GAP_LIMIT:
            return False
        if _APPOSITIVE.match(gap):
            return True
        words = [w.lower() for w in TOKEN.findall(gap)]
        if not words or any(w not in self.gap_words for w in words):
            return False
        return any(c.regex.search(gap) for c in self.rules.class_membership)

    def _class_claims(self, clause: _Clause, agents: list[Mention]) -> list[Claim]:
        classes = [m for m in clause.mentions if m.linked and m.entity_type in self.class_types]
        if not classes:
            return []
        claims = []
        for cls in classes:
            before = [a for a in agents if a.end <= cls.start and a.link.entity != cls.link.entity]
            if before and self._gap_is_copula(clause, before[-1], cls):
                gap_negations = self.scope.count_in(clause.text, before[-1].end, cls.start)
                polarity: Polarity = "negative" if len(gap_negations) % 2 else "positive"
                for subject in self._listed_before(clause, before):
                    claims.append(self._claim(clause, kind="class", relation=self.rules.rules.class_membership.relation,
                                              subject=subject, object=cls, polarity=polarity,
                                              cue=clause.text[before[-1].end:cls.start].strip(),
                                              negation=" + ".join(gap_negations)))
            claims += self._member_claims(clause, cls, agents)
        return claims

    @staticmethod
    def _listed_before(clause: _Clause, before: list[Mention]) -> list[Mention]:
        """The last agent and the ones listed with it ("sertraline and fluoxetine are SSRIs")."""
        listed = [before[-1]]
        for earlier in reversed(before[:-1]):
            if not _LIST_JOIN.match(clause.text[earlier.end:listed[0].start]):
                break
            listed.insert(0, earlier)
        return listed

    def _member_claims(self, clause: _Clause, cls: Mention, agents: list[Mention]) -> list[Claim]:
        cue = self.rules.member_cues.match(clause.text, cls.end + 1 if clause.text[cls.end:cls.end + 1] == " "
                                           else cls.end) if self.rules.member_cues else None
        if cue is None or cue.end() > clause.end:
            return []
        members, at = [], cue.end()
        for agent in (a for a in agents if a.start >= cue.end()):
            if not _LIST_JOIN.match(clause.text[at:agent.start]) or agent.entity_type in self.class_types:
                break
            members.append(agent)
            at = agent.end
        return [self._claim(clause, kind="class", relation=self.rules.rules.class_membership.relation,
                            subject=m, object=cls, cue=cue.group()) for m in members]

    # --- interactions and contraindications -----------------------------------------------
    def _related(self, a: Mention, b: Mention) -> bool:
        """Same entity, or one a class of the other: no interaction claim between them."""
        if a.link.entity is None or b.link.entity is None:
            return a.link.entity is None and b.link.entity is None
        index = self.linker.index
        return a.link.entity == b.link.entity or a.link.entity in index.ancestors(b.link.entity) \
            or b.link.entity in index.ancestors(a.link.entity)

    def _interaction_claims(self, clause: _Clause, agents: list[Mention]) -> list[Claim]:
        if len(agents) < 2:
            return []
        cues = self._cues(clause, self.rules.interaction)
        decided = self._decide(clause, cues)
        if decided is None:
            return []
        cue = decided[0]
        left = [a for a in agents if a.end <= cue.start]
        right = [a for a in agents if a.start >= cue.end]
        if left and right:
            pairs = [(a, b) for a in left for b in right]
        else:
            side = left or right
            pairs = [(side[0], b) for b in side[1:]]
        claims = []
        for a, b in pairs:
            if self._related(a, b):
                continue
            best, polarity, negation = self._decide(clause, cues, _span(a, b)) or decided
            claims.append(self._claim(clause, kind="interaction", relation=self.rules.rules.interaction.relation,
                                      subject=a, object=b, polarity=polarity, cue=best.text, negation=negation))
        return claims

    def _condition_claims(self, clause: _Clause, agents: list[Mention]) -> list[Claim]:
        """Drug-condition claims: contraindications and, when the pack has them, indications (treats).

        With an indication cue in the clause ("is used to treat"), "use"/"take" no longer deny a
        contraindication: only the strong contraindication cues count.
        """
        conditions = [m for m in clause.mentions if m.linked and m.entity_type in self.condition_types]
        drugs = [a for a in agents if a.entity_type not in self.condition_types]
        if not conditions or not drugs:
            return []
        claims: list[Claim] = []
        treats_cues = self._cues(clause, self.rules.treats)
        families = [("contraindication", self.rules.rules.contraindication.relation,
                     [c for c in self._cues(clause, self.rules.contraindication)
                      if not treats_cues or c.strength > 1])]
        if self.rules.rules.treats is not None:
            families.append(("treats", self.rules.rules.treats.relation, treats_cues))
        outcome = self.rules.outcome_cues
        for drug in drugs:
            for condition in conditions:
                lo, hi = _span(drug, condition)
                if outcome is not None and outcome.search(clause.text, lo, hi):
                    continue  # "X can cause high potassium": an effect of the drug, not a contraindication
                for kind, relation, cues in families:
                    decided = self._decide(clause, cues, (lo, hi))
                    if decided is not None:
                        cue, polarity, negation = decided
                        claims.append(self._claim(clause, kind=kind, relation=relation, subject=drug,
                                                  object=condition, polarity=polarity, cue=cue.text,
                                                  negation=negation))
        return claims

    # --- doses ---------------------------------------------------------------------------
    def _dose_claims(self, clause: _Clause, agents: list[Mention]) -> list[Claim]:
        span = clause.span_text
        quantities = [replace(q, start=q.start + clause.start, end=q.end + clause.start)
                      for q in find_quantities(span)]
        if not quantities or not agents:
            return []
        claims, seen = [], set()
        for q in quantities:
            agent = self._nearest(agents, q)
            test, polarity, cue, negation = self._dose_test(clause, q)
            key = (agent.link.entity or agent.text, q.unit.label, round(q.value, 9), test)
            if key in seen:
                continue
            seen.add(key)
            relation = self.rules.rules.dose.single_relation if q.time_base == "dose" \
                else self.rules.rules.dose.daily_relation
            claims.append(self._claim(clause, kind="dose", relation=relation, subject=agent, quantity=q,
                                      dose_test=test, polarity=polarity, cue=cue, negation=negation))
        return self._drop_restatements(claims)

    @staticmethod
    def _drop_restatements(claims: list[Claim]) -> list[Claim]:
        """"4,000 mg (4 g)" is one claim: keep the first of amounts equal after conversion."""
        kept: list[Claim] = []
        seen: set[tuple[object, ...]] = set()
        for claim in claims:
            assert claim.quantity is not None
            try:
                factor, dimension = base_factor(claim.quantity.unit)
            except UnitProblem:
                kept.append(claim)  # the verdict says what is wrong with the unit
                continue
            key = (claim.subject.link.entity, claim.dose_test, dimension, f"{claim.quantity.value * factor:.9g}")
            if key not in seen:
                seen.add(key)
                kept.append(claim)
        return kept

    @staticmethod
    def _nearest(agents: list[Mention], q: Quantity) -> Mention:
        before = [a for a in agents if a.end <= q.start]
        if before:
            return before[-1]
        return min(agents, key=lambda a: abs(a.start - q.end))

    def _dose_test(self, clause: _Clause, q: Quantity) -> tuple[DoseTest, Polarity, str, str]:
        """Comparator, limit word and permission/excess cues -> the test (table in :mod:`.claims`)."""
        rules, text = self.rules, clause.text
        cmp_match, comparator = None, ""
        for kind, pattern in (("le", rules.dose_at_most), ("gt", rules.dose_more_than)):
            if pattern is not None:
                m = pattern.search(text, clause.start, q.start)
                if m is not None and (cmp_match is None or m.start() < cmp_match.start()):
                    cmp_match, comparator = m, kind  # the longer wins: "no more than" over "more than"
        cues = [c for c in self._cues(clause, rules.dose_cues)
                if cmp_match is None or not (cmp_match.start() <= c.start < cmp_match.end())]
        limits = [m for m in rules.dose_limit.finditer(text, clause.start, clause.end)] if rules.dose_limit else []
        limits = [m for m in limits if cmp_match is None or not (cmp_match.start() <= m.start() < cmp_match.end())]
        spans = [(c.start, c.end) for c in cues] + [(m.start(), m.end()) for m in limits]
        if cmp_match is not None:
            spans.append((cmp_match.start(), cmp_match.end()))
        negated = self.scope.negations(text, clause.start, clause.end, spans, clause.triggers)
        n_cues, n_limits = len(cues), len(limits)
        if cmp_match is not None and (n_cues + n_limits) in negated:
            comparator = {"le": "gt", "gt": "le"}[comparator]
        negation = " + ".join(v for v in negated.values())
        stance = 0
        cue_text = cmp_match.group().strip() if cmp_match is not None else ""
        if cues:
            best = max(range(n_cues), key=lambda i: (cues[i].strength, -i))
            stance = cues[best].polarity * (-1 if best in negated else 1)
            cue_text = f"{cue_text} {cues[best].text}".strip()
        limit_negated = any((n_cues + i) in negated for i in range(n_limits))
        if limits and not limit_negated:  # "the maximum is not 4 g": a trigger that scopes no cue negates the limit
            limit_negated = any(limits[0].end() <= t.start and t.end <= q.start
                                and not any(t.end <= start < q.start for start, _ in spans)
                                for t in clause.triggers[0])
        if limits and not cmp_match and (stance >= 0 or limit_negated or limits[0].start() < q.start):
            return "equals", ("negative" if limit_negated else "positive"), limits[0].group(), negation
        if comparator == "le":
            return ("within" if stance >= 0 else "over"), "positive", cue_text, negation
        if comparator == "gt":
            return ("above_ok" if stance > 0 else "within"), "positive", cue_text, negation
        return ("over" if stance < 0 else "within"), "positive", cue_text, negation
