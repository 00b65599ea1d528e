"""``check_data(options)``: read the files, compute every section, return the :class:`DataReport`.

Bad *lines* never stop a check (they are problems in the report); a file that
cannot be checked at all raises :class:`DataFileError` (the command's exit 2):
missing or unreadable, empty, no line of either format, ``--verifiable`` of no
use (nothing readable), ``--deployment`` with a ratings file (ratings carry no
prompts), or ``BadLinePolicy.FAIL`` meeting a bad line.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "ratings.jsonl"
>>> _ = path.write_text('{"item": 1, "labeler": "a", "label": "ok"}\\n{"item": 1, "labeler": "b", "label": "ok"}\\n'
...                     '{"item": 2, "labeler": "a", "label": "bad"}\\n{"item": 2, "labeler": "b", "label": "ok"}\\n')
>>> report = check_data(CheckOptions(file=path))
>>> report.kind.value, report.agreement.percent, report.agreement.cohen_kappa
('ratings', 0.5, 0.0)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from rewardstack.data.agreement import measure_agreement
from rewardstack.data.bias import probe_bias
from rewardstack.data.dataset import Dataset, read_dataset, read_prompts
from rewardstack.data.labelers import labeler_stats
from rewardstack.data.problems import DataFileError, Problem
from rewardstack.data.records import DataKind, PreferenceRecord, unit_of
from rewardstack.data.report import DataReport, Verifiable, collect_warnings, summarise_problems
from rewardstack.data.shift import Shift, measure_shift
from rewardstack.data.table import label_table
from rewardstack.scoring import BadLinePolicy

__all__ = ["CheckOptions", "check_data"]

_POLICY_TEXT = {
    BadLinePolicy.SKIP: "skip: every bad line is counted, listed and left out; of duplicates the first is kept",
    BadLinePolicy.FAIL: "fail: the first bad line stops the check",
}


class CheckOptions(BaseModel):
    """What to check and how (the command's options)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: Path
    verifiable: Path | None = None
    deployment: Path | None = None
    labels: tuple[str, ...] | None = None  # allowed rating labels (texts); None: any, one JSON type
    on_bad_line: BadLinePolicy = BadLinePolicy.SKIP
    encoder: str = "all-minilm-l6-v2"
    device: str | None = None


def _truth(options: CheckOptions, data: Dataset) -> Dataset | None:
    if options.verifiable is None:
        return None
    truth = read_dataset(options.verifiable, kind=data.kind, need_labeler=False, labels=options.labels, truth=True,
                         on_bad_line=options.on_bad_line)
    if not truth.records:
        raise DataFileError(f"{truth.path}: no usable ground-truth {data.kind.value} line "
                            f"({len(truth.problems)} bad line(s); the first: "
                            f"{truth.problems[0].where + ': ' + truth.problems[0].message if truth.problems else '-'})")
    return truth


def _shift(options: CheckOptions, data: Dataset, problems: list[Problem],
           advance: Callable[[int], None] | None) -> Shift | None:
    if options.deployment is None:
        return None
    if data.kind is not DataKind.PREFERENCES:
        raise DataFileError(f"--deployment compares prompts, and {data.path} holds ratings (no prompts); "
                            "check a preference file with --deployment")
    deployment, bad = read_prompts(options.deployment)
    if bad and options.on_bad_line is BadLinePolicy.FAIL:
        raise DataFileError(f"{bad[0].where}: {bad[0].kind.value}: {bad[0].message}")
    problems.extend(bad)
    train = [r.prompt for r in data.records if isinstance(r, PreferenceRecord)]
    return measure_shift(train, deployment, encoder=options.encoder, device=options.device, advance=advance)


def check_data(options: CheckOptions, *, advance: Callable[[int], None] | None = None) -> DataReport:
    """Run every check of ``rewardstack data check`` (module docstring); ``advance`` ticks per embedded prompt."""
    labels = frozenset(options.labels) if options.labels is not None else None
    data = read_dataset(options.file, labels=labels, on_bad_line=options.on_bad_line)
    truth = _truth(options, data)
    problems = [*data.problems, *(truth.problems if truth is not None else ())]
    table = label_table(data.records)
    agreed = measure_agreement(table)
    labelers = labeler_stats(table, data.records, truth.records if truth is not None else None)
    pairs = [r for r in data.records if isinstance(r, PreferenceRecord)]
    biased = probe_bias(pairs) if data.kind is DataKind.PREFERENCES else None
    shifted = _shift(options, data, problems, advance)
    summary = summarise_problems(problems, _POLICY_TEXT[options.on_bad_line])
    verifiable = None
    if truth is not None:
        known = {unit_of(r) for r in truth.records}
        verifiable = Verifiable(file=truth.path, records=len(truth.records),
                                matched_units=sum(unit in known for unit in dict.fromkeys(map(unit_of, data.records))))
    return DataReport(file=data.path, kind=data.kind, lines=data.lines, records=len(data.records), agreement=agreed,
                      labelers=labelers, bias=biased, shift=shifted, verifiable=verifiable, problems=summary,
                      warnings=collect_warnings(agreed, labelers, biased, shifted, summary))
