"""One sample's Score from its conversation's log rows: validate, dedupe, window, decay, combine.

Every row is checked here, whatever the backend: an outcome name the config neither weighs
nor ignores, or a time that is not a timestamp, makes the row *malformed*; it is skipped and
named (``rowid 17: unknown outcome 'thumbs_sideways'``) in the Score's evidence and
``details["ignored"]``. No outcome left that counts means ``abstain`` ("no outcome yet for
conversation X"), never 0.0: a missing outcome is not a bad one.

>>> from rewardstack.rewards.outcomes.config import OutcomeSignalsConfig
>>> cfg = OutcomeSignalsConfig.model_validate({"log": {"kind": "jsonl", "path": "x.jsonl"}, "half_life_s": 3600})
>>> rows = [(1, "resolved", 7200), (2, "thumbs_down", 3600)]  # (log order, outcome, time)
>>> score = conversation_score("c1", rows, response_time=0.0, config=cfg, ref_label="line")
>>> score.value, score.components
(0.0, {'resolved': 0.25, 'thumbs_down': -0.25})
>>> conversation_score("c2", [], response_time=0.0, config=cfg, ref_label="line").evidence
'no outcome yet for conversation c2'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rewardstack.core.score import Score
from rewardstack.rewards.outcomes.config import OutcomeSignalsConfig, SumCombine
from rewardstack.rewards.outcomes.log import LogRow
from rewardstack.rewards.outcomes.reward import Counted, combine_last, combine_sum, decay
from rewardstack.rewards.outcomes.timestamps import TimeParseError, format_time, parse_time

__all__ = ["Outcome", "conversation_score", "validate_rows"]

_LISTED = 50  # outcomes listed in details (a conversation can hold thousands of events)
_IGNORED_SHOWN = 3  # malformed rows named in the evidence line


@dataclass(frozen=True)
class Outcome:
    """A valid log row: where it is, what happened, when (unix seconds)."""

    ref: str
    order: int
    name: str
    time: float


def validate_rows(rows: Sequence[LogRow], config: OutcomeSignalsConfig,
                  ref_label: str) -> tuple[list[Outcome], list[str], int]:
    """``(valid outcomes, problems, repeats dropped)``: identical (name, time) repeats count once when ``dedupe``."""
    valid: list[Outcome] = []
    problems: list[str] = []
    seen: set[tuple[str, float]] = set()
    repeats = 0
    for order, name, raw_time in rows:
        ref = f"{ref_label} {order}"
        if not isinstance(name, str):
            problems.append(f"{ref}: outcome {name!r} is not a name")
            continue
        if name in config.ignore_kinds:
            continue
        if name not in config.weights:
            problems.append(f"{ref}: unknown outcome {name!r} (weighted: {', '.join(sorted(config.weights))})")
            continue
        try:
            moment = parse_time(raw_time, naive_timezone=config.naive_timezone)
        except TimeParseError as exc:
            problems.append(f"{ref}: {exc}")
            continue
        if config.dedupe and (name, moment) in seen:
            repeats += 1
            continue
        seen.add((name, moment))
        valid.append(Outcome(ref, order, name, moment))
    return valid, problems, repeats


def _entry(outcome: Outcome, delay: float | None, weight: float, factor: float) -> dict[str, Any]:
    return {"at": outcome.ref, "outcome": outcome.name, "time": format_time(outcome.time),
            "delay_s": delay, "weight": weight, "decay": factor, "contribution": weight * factor}


def _short(entry: dict[str, Any]) -> str:
    text = f"{entry['outcome']} {entry['weight']:+g}"
    if entry["delay_s"] is not None:
        text += f" at {entry['delay_s'] / 3600:+.2f}h"
    if entry["decay"] != 1.0:
        text += f" x{entry['decay']:.3g}"
    return text


def _ignored_note(problems: list[str]) -> str:
    if not problems:
        return ""
    shown = "; ".join(problems[:_IGNORED_SHOWN]) + ("; ..." if len(problems) > _IGNORED_SHOWN else "")
    return f"; {len(problems)} malformed entr{'y' if len(problems) == 1 else 'ies'} ignored ({shown})"


def _count(outcomes: list[Outcome], response_time: float | None,
           config: OutcomeSignalsConfig) -> tuple[list[dict[str, Any]], list[Counted], int]:
    """The outcomes inside the window with their decayed contributions, and how many fell outside."""
    entries: list[dict[str, Any]] = []
    counted: list[Counted] = []
    outside = 0
    for outcome in outcomes:
        delay = None if response_time is None else outcome.time - response_time
        if delay is not None and config.window is not None and not config.window.contains(delay):
            outside += 1
            continue
        factor = decay(delay, config.half_life_s) if delay is not None else 1.0
        entry = _entry(outcome, delay, config.weights[outcome.name], factor)
        entries.append(entry)
        counted.append(Counted(outcome.time, outcome.order, entry["contribution"]))
    return entries, counted, outside


def _combine(entries: list[dict[str, Any]], counted: list[Counted], config: OutcomeSignalsConfig,
             details: dict[str, Any]) -> tuple[float, dict[str, float], str, list[dict[str, Any]]]:
    """``(value, components, how it combined, entries to show)``; adds ``clipped`` or ``decided_by`` to details."""
    if isinstance(config.combine, SumCombine):
        value, clipped = combine_sum([c.contribution for c in counted], config.combine.clip)
        components: dict[str, float] = {}
        for entry in entries:
            components[entry["outcome"]] = components.get(entry["outcome"], 0.0) + entry["contribution"]
        details["clipped"] = clipped
        return value, components, "sum" + (" (clipped)" if clipped else ""), entries
    decider = combine_last(counted)
    chosen = entries[counted.index(decider)]
    details["decided_by"] = chosen["at"]
    return decider.contribution, {chosen["outcome"]: decider.contribution}, f"last ({chosen['at']})", [chosen]


def conversation_score(key: str, rows: Sequence[LogRow], *, response_time: float | None,
                       config: OutcomeSignalsConfig, ref_label: str) -> Score:
    """The Score of a response in conversation ``key`` (``response_time`` in unix s, or None)."""
    outcomes, problems, repeats = validate_rows(rows, config, ref_label)
    entries, counted, outside = _count(outcomes, response_time, config)
    details: dict[str, Any] = {"conversation": key, "combine": config.combine.kind, "outside_window": outside,
                               "duplicates": repeats, "ignored": problems}
    if not counted:
        where = f" ({outside} outside the window)" if outside else ""
        return Score.abstain(f"no outcome yet for conversation {key}{where}{_ignored_note(problems)}",
                             details=details)
    value, components, how, shown = _combine(entries, counted, config, details)
    details["counted"] = entries[:_LISTED]
    details["counted_total"] = len(entries)
    listed = ", ".join(_short(e) for e in shown[:5]) + (f", ... {len(shown) - 5} more" if len(shown) > 5 else "")
    evidence = f"conversation {key}: {listed} -> {how} {value:.4g}{_ignored_note(problems)}"
    return Score.ok(value, components=components, details=details, evidence=evidence)
