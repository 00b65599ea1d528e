"""A domain pack's extraction rules: cue lexicons, negation triggers, hedges, qualifiers (``patterns.yaml``).

The extractor (:mod:`rewardstack.verifiers.facts.extract`) is generic; what a
domain says and how is data, shipped with the pack. Every pattern is a
case-insensitive regular expression fragment matched on word boundaries;
keep them free of nested repetition (the extractor promises linear time).

Cues say which relation a clause talks about and which way: ``polarity: 1``
asserts it ("interacts with"), ``-1`` denies it ("is safe with"); a cue inside
a negation trigger's scope flips ("is **not** safe with" asserts the
interaction). When a clause has several cues of one relation the strongest
(``strength``) decides, the first of equals.

>>> rules = load_rules("medicine")
>>> rules.interaction.relation, rules.class_membership.relation
('interacts_with', 'is_a')
>>> bool(load_compiled("medicine").negation_pre.search("it does not interact"))
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rewardstack.core.errors import ConfigError
from rewardstack.verifiers.facts.qualifiers import QualifierRule, QualifierTable
from rewardstack.verifiers.facts.records import format_validation

__all__ = ["CompiledCue", "CompiledRules", "Cue", "DoseRules", "PackRules", "QualifierSpec", "RelationRules",
           "load_compiled",
           "load_rules", "rules_digest", "rules_path"]

PACKS_DIR = Path(__file__).resolve().parent / "packs"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cue(_Frozen):
    """One way of saying (or denying) a relation."""

    pattern: str
    polarity: Literal[1, -1] = 1
    strength: int = Field(default=1, ge=1, le=9)


class RelationRules(_Frozen):
    """The KB relation a claim kind checks and the cues that signal it."""

    relation: str
    cues: tuple[Cue, ...]


class DoseRules(_Frozen):
    """Numeric limits: which relations, and the words that make a number a limit, a permission or an excess.

    ``cues``: polarity 1 permits the amount ("V is safe", "you can take V"), -1 calls it too much
    ("V is dangerous"). ``at_most`` / ``more_than`` are comparators right before the number
    (a few filler words such as "a total of" may sit between).
    """

    daily_relation: str = "max_daily_dose"
    single_relation: str = "max_single_dose"
    limit: tuple[str, ...]  # "the maximum is V": the claim names the limit itself
    at_most: tuple[str, ...]  # "up to V", "no more than V"
    more_than: tuple[str, ...]  # "more than V", "exceeding V"
    cues: tuple[Cue, ...]
    filler: tuple[str, ...] = ("a", "an", "the", "total", "of", "dose", "daily", "combined", "amount", "maximum",
                               "max", "around", "about", "roughly", "approximately", "just", "only")


class NegationRules(_Frozen):
    """NegEx-style triggers: ``pre`` negate cues after them, ``post`` cues before them, within ``window`` words.

    ``pseudo`` spans look like triggers but negate nothing ("no more than", "not only");
    ``terminators`` end a trigger's scope ("but", "however", a semicolon).
    """

    pre: tuple[str, ...]
    post: tuple[str, ...] = ()
    pseudo: tuple[str, ...] = ()
    terminators: tuple[str, ...] = ()
    window: int = Field(default=6, ge=1, le=20)


class QualifierSpec(_Frozen):
    """A qualifier key: value -> patterns (in order), one value or several per text, a default, an age pattern."""

    values: dict[str, tuple[str, ...]]
    multi: bool = False
    default: str | None = None
    number: str | None = None  # a regex whose group 1 is a number that must agree ("over (\d+)")


class PackRules(_Frozen):
    """Everything the extractor needs to know about a domain (module docstring)."""

    agent_types: tuple[str, ...]  # entity types that interact and have doses (drug, drug_class, ...)
    class_types: tuple[str, ...]  # entity types that can be the object of is_a
    condition_types: tuple[str, ...]  # entity types a contraindication points at
    interaction: RelationRules
    contraindication: RelationRules
    class_membership: RelationRules
    treats: RelationRules | None = None  # drug -> condition indications (optional)
    outcome_cues: tuple[str, ...] = ()  # "X causes <condition>": the condition is an effect, not a contraindication
    member_cues: tuple[str, ...] = ()  # "classes such as members": is_a read right to left
    class_gap_words: tuple[str, ...] = ()  # the only words allowed between a member and its class
    dose: DoseRules
    negation: NegationRules
    hedges: tuple[str, ...] = ()
    clause_breaks: tuple[str, ...] = ()
    pronouns: tuple[str, ...] = ()
    qualifiers: dict[str, QualifierSpec] = Field(default_factory=dict)  # availability, population, form, ...
    name_suffixes: tuple[str, ...] = ()  # an unknown word ending so is taken for a drug name
    common_words: tuple[str, ...] = ()  # capitalised words that are never names

    def compiled(self) -> CompiledRules:
        """Every pattern compiled (compile once and keep the result: :func:`load_compiled`)."""
        return _compile(self)


@dataclass(frozen=True)
class CompiledCue:
    regex: re.Pattern[str]
    polarity: int
    strength: int


@dataclass(frozen=True)
class CompiledRules:
    """The rules with every pattern compiled once."""

    rules: PackRules
    interaction: tuple[CompiledCue, ...]
    contraindication: tuple[CompiledCue, ...]
    class_membership: tuple[CompiledCue, ...]
    treats: tuple[CompiledCue, ...]
    outcome_cues: re.Pattern[str] | None
    member_cues: re.Pattern[str] | None
    dose_cues: tuple[CompiledCue, ...]
    dose_limit: re.Pattern[str] | None
    dose_at_most: re.Pattern[str] | None
    dose_more_than: re.Pattern[str] | None
    negation_pre: re.Pattern[str]
    negation_post: re.Pattern[str] | None
    negation_pseudo: re.Pattern[str] | None
    terminators: re.Pattern[str] | None
    hedges: re.Pattern[str] | None
    clause_breaks: re.Pattern[str] | None
    pronouns: re.Pattern[str] | None
    qualifiers: QualifierTable
    name_suffix: re.Pattern[str] | None
    common_words: frozenset[str]


def _words(patterns: tuple[str, ...], *, suffix: str = r"\b") -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" + suffix, re.IGNORECASE)


def _cues(cues: tuple[Cue, ...]) -> tuple[CompiledCue, ...]:
    return tuple(CompiledCue(re.compile(rf"\b(?:{c.pattern})\b", re.IGNORECASE), c.polarity, c.strength)
                 for c in cues)


def _before_number(patterns: tuple[str, ...], filler: tuple[str, ...]) -> re.Pattern[str] | None:
    """A comparator ending a text, give or take filler words ("exceed a total of" before "4 g")."""
    if not patterns:
        return None
    fill = "|".join(re.escape(w) for w in filler)
    return _words(patterns, suffix=rf"(?:\s+(?:{fill})\b)*\s*$")


def _compile(rules: PackRules) -> CompiledRules:
    pre = _words(rules.negation.pre)
    if pre is None:
        raise ConfigError("negation.pre: a pack needs at least one negation trigger")
    return CompiledRules(
        rules=rules,
        interaction=_cues(rules.interaction.cues),
        contraindication=_cues(rules.contraindication.cues),
        class_membership=_cues(rules.class_membership.cues),
        treats=_cues(rules.treats.cues) if rules.treats is not None else (),
        outcome_cues=_words(rules.outcome_cues),
        member_cues=_words(rules.member_cues),
        dose_cues=_cues(rules.dose.cues),
        dose_limit=_words(rules.dose.limit),
        dose_at_most=_before_number(rules.dose.at_most, rules.dose.filler),
        dose_more_than=_before_number(rules.dose.more_than, rules.dose.filler),
        negation_pre=pre,
        negation_post=_words(rules.negation.post),
        negation_pseudo=_words(rules.negation.pseudo),
        terminators=re.compile("|".join(f"(?:{p})" for p in rules.negation.terminators), re.IGNORECASE)
        if rules.negation.terminators else None,
        hedges=_words(rules.hedges),
        clause_breaks=re.compile("|".join(f"(?:{p})" for p in rules.clause_breaks), re.IGNORECASE)
        if rules.clause_breaks else None,
        pronouns=_words(rules.pronouns),
        qualifiers=QualifierTable({key: QualifierRule(
            values=tuple((value, p) for value, patterns in spec.values.items() if (p := _words(patterns)) is not None),
            multi=spec.multi, default=spec.default,
            number=re.compile(spec.number, re.IGNORECASE) if spec.number else None)
            for key, spec in rules.qualifiers.items()}),
        name_suffix=re.compile(r"(?:" + "|".join(rules.name_suffixes) + r")$", re.IGNORECASE)
        if rules.name_suffixes else None,
        common_words=frozenset(w.lower() for w in rules.common_words),
    )


def rules_path(pack_or_path: str) -> Path:
    """A built-in pack's ``patterns.yaml``, or a YAML file given by path."""
    candidate = PACKS_DIR / pack_or_path / "patterns.yaml"
    if "/" not in pack_or_path and candidate.is_file():
        return candidate
    path = Path(pack_or_path).expanduser()
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return path
    packs = sorted(p.parent.name for p in PACKS_DIR.glob("*/patterns.yaml"))
    raise ConfigError(f"patterns {pack_or_path!r}: neither a built-in pack ({', '.join(packs)}) nor a YAML file")


def load_rules(pack_or_path: str) -> PackRules:
    """The rules of a built-in pack (``medicine``) or of a ``patterns.yaml`` path."""
    return load_compiled(pack_or_path).rules


def load_compiled(pack_or_path: str) -> CompiledRules:
    """:func:`load_rules`, compiled; read again when the file changes. Also returns its SHA-256 via ``rules_digest``."""
    path = rules_path(pack_or_path)
    return _load(path, rules_digest(path))


def rules_digest(path: Path) -> str:
    """SHA-256 of a patterns file (part of the source's fingerprint: new rules, new verdicts)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=16)
def _load(path: Path, digest: str) -> CompiledRules:  # digest: a changed file is read again
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return PackRules.model_validate(data).compiled()
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    except ValidationError as exc:
        raise ConfigError(f"{path}: {format_validation(exc)}") from None
    except re.error as exc:
        raise ConfigError(f"{path}: a pattern does not compile: {exc}") from None
