"""What can be wrong with a line of a preference or rating file, and what the check does about it.

The policy (``BadLinePolicy.SKIP``, the default) is the same for every kind:
the line is counted, listed with its file and 1-based line number, and left
out of every statistic; the report is still printed. Of duplicates and
conflicts the *first* occurrence is kept and later ones are skipped (their
message names the line they repeat). ``BadLinePolicy.FAIL`` stops at the first
problem instead (exit 2, ``file:line: message``).

>>> Problem(file="prefs.jsonl", line=3, kind=ProblemKind.EMPTY_TEXT, message="chosen is empty").where
'prefs.jsonl:3'
>>> sorted(count_problems([
...     Problem(file="f", line=1, kind=ProblemKind.BAD_JSON, message="x"),
...     Problem(file="f", line=4, kind=ProblemKind.BAD_JSON, message="y")]).items())
[('bad_json', 2)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from rewardstack.core.errors import RewardStackError

__all__ = ["PROBLEM_RULES", "DataFileError", "Problem", "ProblemKind", "count_problems"]


class ProblemKind(StrEnum):
    """One kind of bad line (the JSON report counts problems by these names)."""

    INVALID_UTF8 = "invalid_utf8"  # bytes that are not UTF-8, or an unpaired surrogate escape
    BAD_JSON = "bad_json"  # not JSON, or not a JSON object
    WRONG_FORMAT = "wrong_format"  # a rating line in a preference file, or the other way round
    MISSING_FIELD = "missing_field"
    WRONG_TYPE = "wrong_type"  # a field of the wrong JSON type (a label of another type than the rest)
    EMPTY_TEXT = "empty_text"
    IDENTICAL_PAIR = "identical_pair"  # chosen == rejected: no preference to learn
    LABEL_OUT_OF_RANGE = "label_out_of_range"  # outside --labels, NaN/Infinity, a negative margin
    DUPLICATE = "duplicate"  # the same judgement again (same labeler, same pair or item, same answer)
    CONFLICT = "conflict"  # the same labeler (or the ground truth) answering one pair or item two ways


# what each kind means for the line; docs/data.md prints this table
PROBLEM_RULES: dict[ProblemKind, str] = {
    ProblemKind.INVALID_UTF8: "skipped: the line is not UTF-8 text (decoded line by line)",
    ProblemKind.BAD_JSON: "skipped: not one JSON object",
    ProblemKind.WRONG_FORMAT: "skipped: the file's other format (decided by the majority of lines)",
    ProblemKind.MISSING_FIELD: "skipped: a required field is absent",
    ProblemKind.WRONG_TYPE: "skipped: a field has the wrong type",
    ProblemKind.EMPTY_TEXT: "skipped: prompt, chosen or rejected is empty or whitespace",
    ProblemKind.IDENTICAL_PAIR: "skipped: chosen and rejected are the same text",
    ProblemKind.LABEL_OUT_OF_RANGE: "skipped: label outside --labels, a non-finite number or a negative margin",
    ProblemKind.DUPLICATE: "later copies skipped, the first kept",
    ProblemKind.CONFLICT: "later answers skipped, the first kept",
}


class Problem(BaseModel):
    """One bad line: where it is, what kind of problem, and a message saying what and how to fix it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    line: int
    kind: ProblemKind
    message: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class DataFileError(RewardStackError):
    """A file cannot be checked at all (missing, unreadable, no record of either format): exit 2."""


def count_problems(problems: Iterable[Problem]) -> dict[str, int]:
    """Problems counted by kind, in ``ProblemKind`` order (kinds that did not occur are left out)."""
    counts = Counter(problem.kind for problem in problems)
    return {kind.value: counts[kind] for kind in ProblemKind if counts[kind]}
