"""A constitution: principles a response is judged against, with the judge's prompt templates.

A constitution is one YAML file (the built-in ones live in ``constitutions/``)::

    name: default
    version: "1"
    description: General assistant behaviour.
    system: null                     # optional system turn for every judge prompt
    templates:                       # defaults for every principle (see critic.templates for fields)
      question: |
        Principle: {principle}
        ...
        Does the response follow the principle? Answer {options}.
      critique: "..."
      revision: "..."
      followup: "..."                # after a sampled rationale (self-consistency)
    principles:
      - id: harm_avoidance           # lower-case identifier; the component name in Scores
        text: The response does not help anyone cause serious harm ...
        weight: 1.0                  # > 0; the critic's value is the weighted mean
        applies_to: []               # domains (Sample.domain); empty = every sample
        options: ["Yes", "No"]       # the two answers read from the judge (quoted: YAML reads Yes as true)
        satisfied_when: "Yes"        # the answer meaning "follows the principle" (default: the first)
        question: null               # optional per-principle overrides of the templates
        critique: null
        revision: null

A principle with ``applies_to: [medicine]`` is judged only on samples whose
``domain`` is ``medicine``; a sample without a domain gets only the principles
that apply everywhere. Errors name the file, line and key
(``my.yaml:12: principles.1.weight: Input should be greater than 0``).

>>> constitution = load_constitution("default")
>>> [p.id for p in constitution.applicable("medicine")][-1]
'medical_caution'
>>> "medical_caution" in [p.id for p in constitution.applicable(None)]
False
>>> constitution.principle("no_sycophancy").satisfied_when
'Yes'
>>> load_constitution("defualt")
Traceback (most recent call last):
...
rewardstack.core.errors.ConfigError: unknown constitution 'defualt': not a built-in one ... Did you mean 'default'?
"""

from __future__ import annotations

import difflib
import hashlib
import math
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rewardstack.core.errors import ConfigError
from rewardstack.core.yaml_loader import LineMap, dotted_path, line_for, read_yaml_file
from rewardstack.rewards.critic.templates import TemplateKind, check_template

__all__ = [
    "BUILTIN_DIR",
    "Constitution",
    "Principle",
    "Templates",
    "builtin_constitutions",
    "load_constitution",
    "parse_constitution",
]

BUILTIN_DIR = Path(__file__).with_name("constitutions")

_QUESTION = """You are checking a response against one principle.

Principle: {principle}

User prompt:
{prompt}

Response:
{response}

Does the response follow the principle? Answer {options}."""

_CRITIQUE = """Principle: {principle}

User prompt:
{prompt}

Response:
{response}

Point out, briefly and specifically, where the response fails to follow the principle. If it follows it, say so."""

_REVISION = """Principle: {principle}

User prompt:
{prompt}

Response:
{response}

Critique:
{critique}

Rewrite the response so that it follows the principle, keeping everything that was right. Reply with the \
revised response only."""

_FOLLOWUP = "Considering that, does the response follow the principle? Answer {options}."


def _checked(kind: TemplateKind, value: str | None) -> str | None:
    if value is not None:
        check_template(kind, value)
    return value


class Templates(BaseModel):
    """A constitution's default templates (a principle may override each one)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str = _QUESTION
    critique: str = _CRITIQUE
    revision: str = _REVISION
    followup: str = _FOLLOWUP

    @field_validator("question", "critique", "revision", "followup")
    @classmethod
    def _valid(cls, value: str, info: Any) -> str:
        _checked(info.field_name, value)
        return value


class Principle(BaseModel):
    """One principle; its templates are resolved against the constitution's defaults when it loads."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)
    text: str = Field(min_length=1)
    weight: float = Field(default=1.0, gt=0)
    applies_to: tuple[str, ...] = ()
    options: tuple[str, str] = ("Yes", "No")
    satisfied_when: str | None = None
    question: str | None = None
    critique: str | None = None
    revision: str | None = None

    @field_validator("weight")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @field_validator("options", "satisfied_when", mode="before")
    @classmethod
    def _not_yaml_booleans(cls, value: Any) -> Any:
        if isinstance(value, bool) or (isinstance(value, list | tuple) and any(isinstance(v, bool) for v in value)):
            raise ValueError("YAML reads an unquoted Yes/No/On/Off/true/false as a boolean; quote the option "
                             "(\"Yes\")")
        return value

    @field_validator("options")
    @classmethod
    def _two_distinct(cls, options: tuple[str, str]) -> tuple[str, str]:
        if options[0] == options[1] or not all(o.strip() and o == o.strip() for o in options):
            raise ValueError(f"two distinct, non-empty options without surrounding spaces, got {list(options)}")
        return options

    @field_validator("question", "critique", "revision")
    @classmethod
    def _valid(cls, value: str | None, info: Any) -> str | None:
        return _checked(info.field_name, value)

    @model_validator(mode="after")
    def _satisfied_is_an_option(self) -> Principle:
        if self.satisfied_when is None:
            object.__setattr__(self, "satisfied_when", self.options[0])
        elif self.satisfied_when not in self.options:
            raise ValueError(f"satisfied_when {self.satisfied_when!r} is not one of the options {list(self.options)}")
        return self

    @property
    def violated_when(self) -> str:
        """The other option."""
        return self.options[1] if self.satisfied_when == self.options[0] else self.options[0]

    def applies(self, domain: str | None) -> bool:
        """Empty ``applies_to``: every sample; otherwise the sample's domain must be listed."""
        return not self.applies_to or domain in self.applies_to


class Constitution(BaseModel):
    """Principles and templates (see the module docstring for the file format)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    version: str = "1"
    description: str = ""
    system: str | None = None
    templates: Templates = Field(default_factory=Templates)
    principles: tuple[Principle, ...] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value  # `version: 2` in YAML is a number

    @field_validator("principles")
    @classmethod
    def _unique_ids(cls, principles: tuple[Principle, ...]) -> tuple[Principle, ...]:
        ids = [p.id for p in principles]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"principle id {twice[0]!r} is used twice; ids name Score components")
        return principles

    @model_validator(mode="after")
    def _resolve(self) -> Constitution:
        resolved = []
        for principle in self.principles:
            resolved.append(principle.model_copy(update={
                "question": principle.question or self.templates.question,
                "critique": principle.critique or self.templates.critique,
                "revision": principle.revision or self.templates.revision,
            }))
        object.__setattr__(self, "principles", tuple(resolved))
        return self

    def applicable(self, domain: str | None) -> list[Principle]:
        """The principles judged on a sample of ``domain``, in file order."""
        return [p for p in self.principles if p.applies(domain)]

    def principle(self, principle_id: str) -> Principle:
        for p in self.principles:
            if p.id == principle_id:
                return p
        raise KeyError(f"no principle {principle_id!r} in constitution {self.name!r}")

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 (16 hex) of every text, weight and template: a changed constitution misses the cache."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]


def builtin_constitutions() -> list[str]:
    """Names of the constitutions shipped with rewardstack.

    >>> builtin_constitutions()
    ['coding', 'default', 'medical']
    """
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def _locate(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    if text in builtin_constitutions():
        return BUILTIN_DIR / f"{text}.yaml"
    path = Path(text).expanduser()
    if path.is_file():
        return path
    builtins = builtin_constitutions()
    close = difflib.get_close_matches(text, builtins, n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ConfigError(f"unknown constitution {text!r}: not a built-in one ({', '.join(builtins)}) and no such "
                      f"file. Name a built-in constitution or the path of a YAML file.{hint}")


def parse_constitution(data: Any, lines: LineMap | None = None, *, filename: str = "<constitution>") -> Constitution:
    """Validate parsed YAML; ConfigError with ``file:line: key: what`` for each problem."""
    try:
        return Constitution.model_validate(data)
    except ValidationError as exc:
        problems = []
        errors = exc.errors()
        for err in errors:
            path = tuple(p for p in err["loc"] if isinstance(p, str | int))
            if err["type"] == "too_short" and any(len(e["loc"]) > len(err["loc"]) for e in errors):
                continue  # pydantic also counts the items that failed: the list was not short
            line = line_for(path, lines or {})
            where = f"{filename}:{line}" if line is not None else filename
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = f"unknown key {path[-1]!r} (see docs/critic.md for the constitution format)"
            problems.append(f"{where}: {dotted_path(path)}: {message}")
        raise ConfigError("invalid constitution:\n  " + "\n  ".join(problems)) from None


def load_constitution(name_or_path: str | Path) -> Constitution:
    """A built-in constitution by name (``default``, ``medical``, ``coding``) or a YAML file by path."""
    path = _locate(name_or_path)
    data, lines = read_yaml_file(path)
    return parse_constitution(data, lines, filename=str(path))
