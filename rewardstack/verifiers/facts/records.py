"""The knowledge-base import format: entity and fact lines, validated with their line numbers.

JSONL, one object per line, ``"type": "entity"`` or ``"fact"`` (the agreed
format, docs/facts.md); CSV with the same keys as columns (``aliases`` and
``qualifiers`` as JSON text in their cells; without a ``type`` column a row
with a ``subject`` is a fact, else an entity). Empty CSV cells are absent keys.

Every problem names ``file:line`` and the key; :func:`read_records` yields
:class:`Parsed` items (a record, or a problem) so the importer can stream a
1,000,000-fact file and still report every bad line.

>>> rec = parse_line({"type": "fact", "subject": "warfarin", "relation": "interacts_with",
...                   "object": "ibuprofen", "citation": "BNF"})
>>> rec.relation, rec.object, rec.value
('interacts_with', 'ibuprofen', None)
>>> try:
...     parse_line({"type": "fact", "subject": "x", "relation": "max_daily_dose", "value": 4, "citation": "c"})
... except ValueError as exc:
...     print(exc)
a numeric fact needs "unit" (a pint unit such as "g/day")
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rewardstack.verifiers.facts.units import check_unit

__all__ = ["EntityRecord", "FactRecord", "Parsed", "Record", "format_validation", "parse_line", "read_records"]

_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")


class EntityRecord(BaseModel):
    """An entity: a lowercase snake_case ``id``, a display ``name``, a type, its other names."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: Literal["entity"] = "entity"
    id: str
    name: str = Field(min_length=1)
    entity_type: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()

    @field_validator("id")
    @classmethod
    def _snake_case(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"{value!r} is not a lowercase snake_case id (letters, digits, _)")
        return value

    @field_validator("entity_type")
    @classmethod
    def _lower(cls, value: str) -> str:
        if value != value.strip().lower():
            raise ValueError(f"{value!r}: entity types are lowercase words (drug, drug_class, condition)")
        return value

    @field_validator("aliases")
    @classmethod
    def _non_empty(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not alias.strip() for alias in value):
            raise ValueError("an alias is empty")
        return value


class FactRecord(BaseModel):
    """A fact: ``subject relation object`` or ``subject relation value unit``, with qualifiers and a citation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: Literal["fact"] = "fact"
    subject: str
    relation: str
    object: str | None = None
    value: float | None = Field(default=None, strict=False)
    unit: str | None = None
    tolerance: float = Field(default=0.0, ge=0.0)
    qualifiers: dict[str, str] = Field(default_factory=dict)
    citation: str

    @field_validator("subject", "relation", "object")
    @classmethod
    def _snake_case(cls, value: str | None) -> str | None:
        if value is not None and not _ID.match(value):
            raise ValueError(f"{value!r} is not a lowercase snake_case id (letters, digits, _)")
        return value

    @field_validator("value", mode="before")
    @classmethod
    def _real_number(cls, value: Any) -> Any:
        if isinstance(value, bool) or (isinstance(value, str) and value.strip() == ""):
            raise ValueError("value must be a number")
        return value

    @field_validator("citation")
    @classmethod
    def _cited(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("citation is empty: every fact names where it comes from")
        return value

    @model_validator(mode="after")
    def _object_or_value(self) -> FactRecord:
        if (self.object is None) == (self.value is None):
            raise ValueError('a fact has exactly one of "object" (an entity id) or "value" (a number with "unit")')
        if self.value is not None:
            if not math.isfinite(self.value):
                raise ValueError("value must be a finite number")
            if not self.unit:
                raise ValueError('a numeric fact needs "unit" (a pint unit such as "g/day")')
            problem = check_unit(self.unit)
            if problem is not None:
                raise ValueError(f"unit {self.unit!r}: {problem}")
        elif self.unit is not None:
            raise ValueError('"unit" belongs to numeric facts (with "value"), not to facts with an "object"')
        return self


Record = EntityRecord | FactRecord


@dataclass(frozen=True)
class Parsed:
    """One line of an import file: a record, or what is wrong with it (``file:line: message``)."""

    file: str
    line: int
    record: Record | None = None
    problem: str | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def format_validation(exc: ValidationError) -> str:
    """A pydantic error as ``key: message; key: message`` (no URLs, no input echo)."""
    parts = []
    for error in exc.errors():
        key = ".".join(str(p) for p in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{key}: {message}" if key else message)
    return "; ".join(parts)


def parse_line(data: Any) -> Record:
    """One decoded object -> a record; ``ValueError`` with the key and the fix."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    kind = data.get("type")
    model: type[EntityRecord] | type[FactRecord]
    if kind == "entity":
        model = EntityRecord
    elif kind == "fact":
        model = FactRecord
    else:
        raise ValueError(f'type: expected "entity" or "fact", got {kind!r}')
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValueError(format_validation(exc)) from None


def _jsonl(path: Path) -> Iterator[Parsed]:
    name = str(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8").strip()
            except UnicodeDecodeError as exc:
                yield Parsed(name, number, problem=f"not UTF-8 text ({exc.reason} at byte {exc.start})")
                continue
            if not text:
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                yield Parsed(name, number, problem=f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            try:
                yield Parsed(name, number, record=parse_line(data))
            except ValueError as exc:
                yield Parsed(name, number, problem=str(exc))


_JSON_CELLS = ("aliases", "qualifiers")


def _csv_row(row: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, cell in row.items():
        if key is None:
            raise ValueError(f"more cells than header columns: {cell!r}")
        if cell is None or cell.strip() == "":
            continue
        key = key.strip()
        if key in _JSON_CELLS:
            try:
                data[key] = json.loads(cell)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{key}: the cell is not JSON ({exc.msg}); write e.g. "
                                 '["Tylenol", "APAP"] or {"population": "adults"}') from None
        elif key in ("value", "tolerance"):
            try:
                data[key] = float(cell)
            except ValueError:
                raise ValueError(f"{key}: {cell!r} is not a number") from None
        else:
            data[key] = cell
    if "type" not in data:
        data["type"] = "fact" if "subject" in data else "entity"
    return data


def _csv(path: Path) -> Iterator[Parsed]:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        yield Parsed(name, 1, problem=f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:  # an unterminated quote: nothing after it can be trusted
            yield Parsed(name, reader.line_num, problem=f"not valid CSV ({exc})")
            return
        try:
            yield Parsed(name, reader.line_num, record=parse_line(_csv_row(row)))
        except ValueError as exc:
            yield Parsed(name, reader.line_num, problem=str(exc))


def read_records(path: Path, fmt: Literal["auto", "jsonl", "csv"] = "auto") -> Iterator[Parsed]:
    """Every non-blank line of ``path`` as a record or a problem, in order (``auto``: by the file's suffix)."""
    if fmt == "auto":
        fmt = "csv" if path.suffix.lower() == ".csv" else "jsonl"
    return _csv(path) if fmt == "csv" else _jsonl(path)
