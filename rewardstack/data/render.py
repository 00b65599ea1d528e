"""The data-check report as rich tables (the command's default output).

Every text that comes from the data (labeler names, messages quoting labels)
is escaped: a labeler called ``[bold]x`` is printed as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from rewardstack.data.agreement import AGREEMENT_THRESHOLD, ALPHA_THRESHOLD
from rewardstack.data.bias import Probe
from rewardstack.data.problems import PROBLEM_RULES, ProblemKind
from rewardstack.data.report import DataReport

__all__ = ["print_report", "render_report"]

_LINES_SHOWN = 8


def _num(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _summary(report: DataReport) -> Text:
    skipped = report.problems.by_file.get(report.file, 0)
    return Text.assemble(("data check ", "bold"), (report.file, "bold cyan"),
                         f": {report.kind.value}, {report.records} records kept of {report.lines} lines"
                         f" ({skipped} skipped)")


def _agreement(report: DataReport) -> Table:
    a = report.agreement
    table = Table(title=f"agreement ({a.labelers} labelers, {a.units_multi} of {a.units} "
                        f"{'pairs' if report.kind.value == 'preferences' else 'items'} judged by 2+)",
                  title_justify="left")
    for column in ("measure", "value", "reads as"):
        table.add_column(column)
    table.add_row("percent agreement", _num(a.percent),
                  f"share of agreeing answer pairs; below {AGREEMENT_THRESHOLD:.2f}: too weak to train on")
    table.add_row("Cohen's kappa", _num(a.cohen_kappa),
                  f"chance-corrected, mean over {a.kappa_pairs} labeler pair(s); 0 = chance, 1 = perfect")
    table.add_row("Krippendorff's alpha", _num(a.krippendorff_alpha),
                  f"chance-corrected, all labelers, missing allowed; below {ALPHA_THRESHOLD}: unreliable")
    return table


def _labelers(report: DataReport) -> Table:
    table = Table(title="labelers (best first)", title_justify="left")
    for column in ("rank", "labeler", "count", "agrees w/ others' majority", "accuracy (verified)", "flag"):
        table.add_column(column, justify="right" if column in {"rank", "count"} else "left")
    for row in report.labelers:
        accuracy = f"{_share(row.accuracy)} ({row.verified})" if report.verifiable is not None else "-"
        flag = Text("FLAGGED", style="bold red") if row.flagged else Text("")
        table.add_row(str(row.rank), escape(row.labeler), str(row.count),
                      f"{_share(row.loo_agreement)} ({row.loo_units})", accuracy, flag)
    return table


def _probe_row(table: Table, name: str, probe: Probe) -> None:
    interval = "-" if probe.interval is None else f"{probe.interval[0]:.2f}-{probe.interval[1]:.2f}"
    table.add_row(name, _share(probe.share), interval, f"{probe.count} of {probe.considered}")


def _bias(report: DataReport) -> Table | None:
    if report.bias is None:
        return None
    table = Table(title="bias (0.5 = none)", title_justify="left")
    for column in ("chosen response is ...", "share", "95% CI (Wilson)", "pairs decided"):
        table.add_column(column)
    _probe_row(table, "the longer one", report.bias.longer_chosen)
    _probe_row(table, f"the one agreeing with a belief in the prompt ({report.bias.belief_prompts} such prompts)",
               report.bias.belief_agreeing_chosen)
    return table


def _shift(report: DataReport) -> Table | None:
    s = report.shift
    if s is None:
        return None
    table = Table(title=f"shift: {s.deployment_prompts} deployment vs {s.train_prompts} training prompts "
                        f"({escape(s.encoder)}, k={s.k})", title_justify="left")
    for column in ("measure", "value"):
        table.add_column(column)
    if s.train_knn is not None and s.deployment_knn is not None:
        for name in ("p50", "p90", "p95"):
            table.add_row(f"kNN cosine distance {name}: deployment / within-train",
                          f"{getattr(s.deployment_knn, name):.3f} / {getattr(s.train_knn, name):.3f}")
    table.add_row("deployment prompts beyond the train p95 (about 5% without shift)", _share(s.beyond_train_p95))
    at = "" if s.auc_drift_at is None else f"; drift at >= {s.auc_drift_at:.2f}"
    table.add_row(f"classifier two-sample AUC (0.5 = same distribution{at})", _num(s.classifier_auc, 2))
    table.add_row("median ratio deployment / within-train (drift at >= 1.5 with >= 20% beyond)",
                  _num(s.median_ratio, 2))
    table.add_row("drift", "-" if s.drift is None else ("YES" if s.drift else "no"))
    return table


def _problems(report: DataReport) -> Table | None:
    p = report.problems
    if not p.total:
        return None
    table = Table(title=f"problems ({p.total} lines skipped)", title_justify="left")
    for column in ("kind", "count", "rule", "where (first lines)"):
        table.add_column(column)
    for kind, count in p.counts.items():
        where = [item.where for item in p.items if item.kind == kind][:_LINES_SHOWN]
        more = f" +{count - len(where)}" if count > len(where) else ""
        table.add_row(kind, str(count), PROBLEM_RULES[ProblemKind(kind)], escape(", ".join(where)) + more)
    return table


def _list(title: str, lines: Sequence[str], style: str) -> RenderableType | None:
    if not lines:
        return None
    return Text.assemble((f"{title}\n", f"bold {style}"), *((f"  - {line}\n", style) for line in lines))


def render_report(report: DataReport) -> Group:
    """Every section of the report as one rich renderable."""
    notes = [*report.agreement.notes, *(report.shift.notes if report.shift is not None else [])]
    parts = [_summary(report), _agreement(report), _labelers(report), _bias(report), _shift(report),
             _problems(report), _list("notes", notes, "dim"), _list("warnings", report.warnings, "yellow")]
    return Group(*(part for part in parts if part is not None))


def print_report(report: DataReport, console: Console) -> None:
    console.print(render_report(report))
