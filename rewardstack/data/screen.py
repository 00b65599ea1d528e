"""Checks that need the whole file: duplicates, conflicts, label types and label sets.

Rules (first occurrence wins, later lines are skipped as problems):

- duplicate: the same labeler gives the same answer about the same unit again
  (for preference lines without a labeler: the same prompt, chosen and
  rejected again);
- conflict: the same labeler answers one unit two ways. Two lines without a
  labeler that disagree are *not* a conflict (they may come from two people);
  in a ground-truth file (``truth=True``) every unit has one answer, so any
  disagreement is a conflict;
- ratings, with ``labels`` given: a label outside the set is out of range;
  without it: a label of another JSON type than most labels of the file
  (``"3"`` among integers) is a wrong type.

>>> from rewardstack.data.records import RatingRecord
>>> kept, problems = screen([RatingRecord(1, "q1", "ann", "1", "integer"),
...                         RatingRecord(2, "q1", "ann", "2", "integer"),
...                         RatingRecord(3, "q2", "ann", "yes", "string")], file="r.jsonl")
>>> [r.line for r in kept], [(p.line, p.kind.value) for p in problems]
([1], [(2, 'conflict'), (3, 'wrong_type')])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from rewardstack.data.problems import Problem, ProblemKind
from rewardstack.data.records import RatingRecord, Record, answer_of, unit_of

__all__ = ["screen"]

_TYPE_NAMES = {"string": "strings", "integer": "integers", "boolean": "booleans", "number": "numbers"}


def _label_problem(record: RatingRecord, labels: Collection[str] | None, usual_type: str | None) -> str | None:
    if labels is not None:
        if record.label not in labels:
            return f"label {record.label!r} is not one of --labels {', '.join(sorted(labels))}"
        return None
    if usual_type is not None and record.label_type != usual_type:
        return (f"label {record.label!r} is a {record.label_type}; the other labels are {_TYPE_NAMES[usual_type]} "
                "(fix the line, or name the allowed values with --labels)")
    return None


def _usual_label_type(records: Sequence[Record]) -> str | None:
    types = Counter(r.label_type for r in records if isinstance(r, RatingRecord))
    return types.most_common(1)[0][0] if types else None


def screen(records: Sequence[Record], *, file: str, labels: Collection[str] | None = None,
           truth: bool = False) -> tuple[list[Record], list[Problem]]:
    """``(records kept, problems found)``; records keep their file order."""
    usual_type = None if labels is not None else _usual_label_type(records)
    seen: dict[tuple[object, ...], Record] = {}
    kept: list[Record] = []
    problems: list[Problem] = []
    for record in records:
        if isinstance(record, RatingRecord):
            message = _label_problem(record, labels, usual_type)
            if message is not None:
                kind = ProblemKind.LABEL_OUT_OF_RANGE if labels is not None else ProblemKind.WRONG_TYPE
                problems.append(Problem(file=file, line=record.line, kind=kind, message=message))
                continue
        who = None if truth else record.labeler
        # anonymous answers may disagree (two unknown people); only exact copies are duplicates
        key = (unit_of(record), who) if (who is not None or truth) else (unit_of(record), None, answer_of(record))
        first = seen.get(key)
        if first is None:
            seen[key] = record
            kept.append(record)
            continue
        same = answer_of(first) == answer_of(record)
        kind = ProblemKind.DUPLICATE if same else ProblemKind.CONFLICT
        whose = "the ground truth" if truth else (f"labeler {who!r}" if who is not None else "an unnamed labeler")
        what = "repeats" if same else "contradicts"
        problems.append(Problem(file=file, line=record.line, kind=kind,
                                message=f"{what} line {first.line} ({whose} on the same "
                                        f"{'item' if isinstance(record, RatingRecord) else 'pair'})"))
    return kept, problems
