"""Qualifiers (availability, population, form, ...): what a claim states, and which facts it can be held to.

A pack names, per qualifier key, the values it knows and the patterns that
say them (``patterns.yaml``: ``qualifiers``). The same patterns classify the
claim's clause and a fact's qualifier text, so "Glucotrol XL" (claim) and
``form: extended-release (XL)`` (fact) meet at ``extended``. A key is
``multi``-valued when one text can name several values ("adults and children
12 years and over"); otherwise the first value listed wins ("without a
prescription" is ``otc`` before it is ``prescription``). ``number`` captures an
age ("adults over 75"): two stated ages must agree.

A fact applies to a claim when, for every known key, the fact's values meet
the claim's (the claim's stated values, else the key's ``default``); a fact
without the key, or with a text no pattern classifies, applies to all. For
other keys a fact carries (``indication``, ``note``), a claim whose text names
a fact's value picks the facts with that value.

>>> import re
>>> table = QualifierTable({"availability": QualifierRule(values=(("otc", re.compile(r"\\bOTC\\b")),
...                                                                 ("prescription", re.compile(r"prescri"))))})
>>> table.classify("availability", "OTC or prescription"), table.stated("ibuprofen OTC")
(frozenset({'otc'}), (('availability', 'otc'),))
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rewardstack.verifiers.facts.schema import normalise
from rewardstack.verifiers.facts.store import Fact

__all__ = ["QualifierRule", "QualifierTable"]


@dataclass(frozen=True)
class QualifierRule:
    """One qualifier key: its values in order, multi-valued or not, a default, an age pattern."""

    values: tuple[tuple[str, re.Pattern[str]], ...]
    multi: bool = False
    default: str | None = None
    number: re.Pattern[str] | None = None


@dataclass(frozen=True)
class QualifierTable:
    """Every qualifier key a pack knows (module docstring)."""

    rules: dict[str, QualifierRule]

    def classify(self, key: str, text: str) -> frozenset[str]:
        """The values of ``key`` that ``text`` says (all of them for a multi-valued key, else the first)."""
        rule = self.rules[key]
        found = []
        for value, pattern in rule.values:
            if pattern.search(text):
                found.append(value)
                if not rule.multi:
                    break
        return frozenset(found)

    def number(self, key: str, text: str) -> str | None:
        rule = self.rules[key]
        match = rule.number.search(text) if rule.number is not None else None
        return match.group(1) if match else None

    def stated(self, text: str) -> tuple[tuple[str, str], ...]:
        """``(key, value)`` for the value of each key that ``text`` names first, plus ``(key + "_number", n)``.

        A claim has one population and one availability, the ones it names first: "adults over 60
        can take ..., the same as younger adults" speaks of adults over 60; "on prescription the
        maximum is ..., the same as over the counter" of prescriptions ("without a prescription"
        is otc: its match starts first).
        """
        found: list[tuple[str, str]] = []
        for key, rule in self.rules.items():
            hits = [(m.start(), -len(m.group()), value) for value, pattern in rule.values
                    if (m := pattern.search(text))]
            if hits:
                found.append((key, min(hits)[2]))
            number = self.number(key, text)
            if number is not None:
                found.append((f"{key}_number", number))
        return tuple(found)

    def _meets(self, key: str, fact_text: str, claimed: dict[str, set[str]]) -> bool:
        rule = self.rules[key]
        fact_values = self.classify(key, fact_text)
        wanted = claimed.get(key) or ({rule.default} if rule.default else set())
        if fact_values and wanted and not fact_values & wanted:
            return False
        ours, theirs = self.number(key, fact_text), next(iter(claimed.get(f"{key}_number", ())), None)
        return not (ours and theirs and ours != theirs)

    def applicable(self, facts: Sequence[Fact], stated: tuple[tuple[str, str], ...], claim_text: str) -> list[Fact]:
        """The facts a claim with these stated qualifiers can be held to (module docstring)."""
        claimed: dict[str, set[str]] = {}
        for key, value in stated:
            claimed.setdefault(key, set()).add(value)
        kept = [f for f in facts
                if all(self._meets(k, f.qualifiers[k], claimed) for k in self.rules if k in f.qualifiers)]
        return _named(kept, claim_text, set(self.rules))


def _named(facts: list[Fact], claim_text: str, known: set[str]) -> list[Fact]:
    """Facts whose free-text qualifier (indication, note) the claim names, if any fact's is named."""
    text = f" {normalise(claim_text)} "
    named = [f for f in facts if any(f" {normalise(v)} " in text for k, v in f.qualifiers.items() if k not in known)]
    if not named:
        return facts
    keys = {k for f in named for k, v in f.qualifiers.items() if k not in known and f" {normalise(v)} " in text}
    return [f for f in facts if f in named or not keys & set(f.qualifiers)]
