"""Read a whole preference or rating file: detect its format, keep the good records, list the rest.

The format is the one most lines look like (by their keys: ``chosen``/``rejected``
-> preferences, ``item``/``label`` -> ratings; a tie goes to preferences); lines
of the other format are ``wrong_format`` problems. A file that cannot be read,
or in which no line looks like either format, is a :class:`DataFileError` (the
command's exit 2); every other problem is a line in ``Dataset.problems`` and
never stops the check (unless ``BadLinePolicy.FAIL`` is asked for).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "prefs.jsonl"
>>> _ = path.write_bytes(b'{"prompt": "p", "chosen": "a", "rejected": "b", "labeler": "ann"}\\n'
...                      b'not json\\n'
...                      b'{"prompt": "p", "chosen": "a", "rejected": "b", "labeler": "ann"}\\n')
>>> data = read_dataset(path)
>>> data.kind.value, len(data.records), [(p.line, p.kind.value) for p in data.problems]
('preferences', 1, [(2, 'bad_json'), (3, 'duplicate')])
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from rewardstack.data.formats import Bad, decode_object, guess_kind, parse_object, text_field
from rewardstack.data.problems import DataFileError, Problem, ProblemKind
from rewardstack.data.records import DataKind, Record
from rewardstack.data.screen import screen
from rewardstack.jsonl import iter_lines
from rewardstack.scoring import BadLinePolicy

__all__ = ["Dataset", "read_dataset", "read_lines", "read_prompts"]


@dataclass(frozen=True)
class Dataset:
    """The records of one file that passed every check, the problems of the others, and the line count."""

    path: str
    kind: DataKind
    records: tuple[Record, ...]
    problems: tuple[Problem, ...]
    lines: int  # non-blank lines read


def read_lines(path: str | os.PathLike[str]) -> list[tuple[int, bytes]]:
    """``(line number, bytes)`` of every non-blank line; an unreadable file is a DataFileError."""
    try:
        with open(path, "rb") as handle:
            return list(iter_lines(handle))
    except OSError as exc:
        raise DataFileError(f"{os.fspath(path)}: cannot read: {exc.strerror or exc}") from None


def _detect(objects: list[tuple[int, dict[str, Any]]], path: str, problems: list[Problem]) -> DataKind:
    votes = Counter(guess_kind(data) for _, data in objects)
    votes.pop(None, None)
    if not votes:
        first = "; ".join(f"{p.where}: {p.message}" for p in problems[:3])
        raise DataFileError(
            f"{path}: no line is a preference pair {{prompt, chosen, rejected}} or a rating {{item, labeler, label}}"
            + (f" (first problems: {first})" if first else ""))
    # a tie goes to preferences: most_common keeps insertion order among equals, so order it first
    ordered = Counter({kind: votes[kind] for kind in DataKind if kind in votes})
    return ordered.most_common(1)[0][0]


def _fail_on(problems: list[Problem], policy: BadLinePolicy) -> None:
    if policy is BadLinePolicy.FAIL and problems:
        first = min(problems, key=lambda p: p.line)
        raise DataFileError(f"{first.where}: {first.kind.value}: {first.message} "
                            "(--on-bad-line fail stops at the first bad line)")


def read_dataset(path: str | os.PathLike[str], *, kind: DataKind | None = None, need_labeler: bool = True,
                 labels: Collection[str] | None = None, truth: bool = False,
                 on_bad_line: BadLinePolicy = BadLinePolicy.SKIP) -> Dataset:
    """Read, detect (unless ``kind`` is given), parse and screen a file (see the module docstring).

    ``need_labeler`` applies to ratings (preference lines may always omit it);
    ``truth`` reads a ground-truth file (one answer per unit, see :func:`screen`).
    """
    name = os.fspath(path)
    lines = read_lines(path)
    if not lines:
        raise DataFileError(f"{name}: the file is empty (expected one JSON object per line)")
    problems: list[Problem] = []
    objects: list[tuple[int, dict[str, Any]]] = []
    for number, raw in lines:
        data = decode_object(raw)
        if isinstance(data, Bad):
            problems.append(Problem(file=name, line=number, kind=data.kind, message=data.message))
        else:
            objects.append((number, data))
    found = kind if kind is not None else _detect(objects, name, problems)
    parsed: list[Record] = []
    for number, data in objects:
        record = parse_object(data, number, found, need_labeler=need_labeler)
        if isinstance(record, Bad):
            problems.append(Problem(file=name, line=number, kind=record.kind, message=record.message))
        else:
            parsed.append(record)
    kept, screened = screen(parsed, file=name, labels=labels, truth=truth)
    problems = sorted([*problems, *screened], key=lambda p: p.line)
    _fail_on(problems, on_bad_line)
    return Dataset(path=name, kind=found, records=tuple(kept), problems=tuple(problems), lines=len(lines))


def _prompt(data: dict[str, Any] | Bad) -> str | Bad:
    if isinstance(data, Bad):
        return data
    if "prompt" not in data:
        return Bad(ProblemKind.MISSING_FIELD, 'missing prompt (a deployment line is {"prompt": ...})')
    return text_field("prompt", data["prompt"])


def read_prompts(path: str | os.PathLike[str]) -> tuple[list[str], list[Problem]]:
    """The ``prompt`` of every line (a string or chat messages; preference and sample lines qualify).

    A file without one readable prompt is a DataFileError; bad lines are problems.
    """
    name = os.fspath(path)
    prompts: list[str] = []
    problems: list[Problem] = []
    for number, raw in read_lines(path):
        prompt = _prompt(decode_object(raw))
        if isinstance(prompt, Bad):
            problems.append(Problem(file=name, line=number, kind=prompt.kind, message=prompt.message))
        else:
            prompts.append(prompt)
    if not prompts:
        first = "; ".join(f"{p.where}: {p.message}" for p in problems[:3])
        raise DataFileError(f"{name}: no prompt to compare (expected lines like {{\"prompt\": \"...\"}})"
                            + (f"; first problems: {first}" if first else ""))
    return prompts, problems
