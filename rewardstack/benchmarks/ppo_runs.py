"""PPO runs in a suite: gold and proxy of a trained policy's rollouts as it moves away from its start.

A suite's ``ppo_runs`` names finished ``rewardstack train ppo`` folders (the proxy is whatever stack
the run was trained on)::

    ppo_runs:
      gated: {path: ../../runs/ppo_math_tiny}           # relative to the suite file
      rm_only: {path: ../../runs/ppo_math_tiny_length, window: 5}

The bench grades **every rollout** of every step against gold (the run must have been trained
with ``log_samples_every: 1`` and ``log_samples_rows: all``, so that ``samples.jsonl`` holds them),
with the real-model tier's gold (:mod:`.worlds.gold.real`): math prompts, the exact answer in
``reference.answer``, right 2 and wrong -1. A run that is not there, or that did not keep its
rollouts, is *skipped* with the reason and the command that makes it: the suite picks runs up
when they exist.

Per window of ``window`` consecutive steps (the last one may be shorter; at least two windows are
needed, else the run is skipped): the mean gold of its rollouts with a 95% bootstrap
interval over rollouts, the mean proxy (the run's total reward on those rollouts), and the mean
KL to the reference (``metrics.jsonl`` ``kl``: the mean per-sequence KL, nats) with d = sqrt(KL)
as Gao et al. plot it. The summary compares the last window with the first:

    change = mean gold(last window) - mean gold(first window)

with the interval of the difference over independent resamples of the two windows' rollouts
(the peak window is reported, not tested: a peak picked on the same data would favour a fall).

>>> spec = PPORunSpec.model_validate({"path": "runs/x"})
>>> spec.window, spec.prompts
(5, None)
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["PPORunSpec", "grade_ppo_run", "window_summary"]

_HOW = ("train it with `rewardstack train ppo --config CONFIG` where CONFIG sets output_dir to this folder, "
        "log_samples_every: 1 and log_samples_rows: all (examples/ppo_math_tiny.yaml does)")


class PPORunSpec(BaseModel):
    """One PPO run of a suite: its output folder, optionally its prompts file, and the window in steps."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    prompts: str | None = None  # default: the prompts file the run was trained on (its saved config)
    window: int = Field(default=5, ge=1)


class _Skip(Exception):
    """The run cannot be graded here; the message says why and what to do."""


def _jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise _Skip(f"{path}:{number}: not JSON ({exc})") from None
            if not isinstance(row, dict):
                raise _Skip(f"{path}:{number}: a JSON object per line was expected, got {type(row).__name__}")
            rows.append(row)
    return rows


def _last_per_step(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """One metrics line per step (a resumed run may have logged a step twice: the later line wins).

    Monitor lines (``{"event": "monitor", "step": ...}``) share the file and are not steps.
    """
    return {int(row["step"]): row for row in rows if "step" in row and "event" not in row}


def _saved_prompts(run: Path) -> str:
    state = run / "resume-state" / "trainer_state.json"
    if not state.is_file():
        raise _Skip(f"{run}: no resume-state/trainer_state.json to read the run's prompts file from; give "
                    "`prompts:` in the suite")
    return str(json.loads(state.read_text(encoding="utf-8"))["config"]["prompts"])


def _answers(prompts_path: Path, *, from_suite: bool) -> dict[str, str]:
    """Prompt text -> exact answer, for the math prompts of the run's prompts file."""
    if not prompts_path.is_file():
        if from_suite:
            raise _Skip(f"the suite's prompts file {prompts_path.resolve()} is not there (`prompts:` is relative to "
                        "the suite file)")
        raise _Skip(f"the run's prompts file {prompts_path} (from its saved config) is not there: looked for "
                    f"{prompts_path.resolve()}; a relative path is read from the working directory, as training "
                    "read it, so run the bench from where the run was trained, or give `prompts:` in the suite")
    answers: dict[str, str] = {}
    for row in _jsonl(prompts_path):
        prompt = row.get("prompt")
        answer = (row.get("reference") or {}).get("answer")
        if not isinstance(prompt, str) or answer is None:
            what = "has no reference.answer" if isinstance(prompt, str) else "is not plain text (chat messages?)"
            raise _Skip(f"{prompts_path}: prompt {row.get('id')!r} {what}: gold for PPO rollouts is defined for "
                        "plain-text math prompts with an exact answer")
        if answers.get(prompt, str(answer)) != str(answer):
            raise _Skip(f"{prompts_path}: the prompt {prompt!r} appears with two answers")
        answers[prompt] = str(answer)
    return answers


def _rollouts(run: Path, metrics: dict[int, dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Every step's rollouts from samples.jsonl; a skip if the run kept only some of them."""
    path = run / "samples.jsonl"
    if not path.is_file():
        raise _Skip(f"{run}: no samples.jsonl; {_HOW}")
    by_step: dict[int, list[dict[str, Any]]] = {}
    for number, row in enumerate(_jsonl(path), 1):
        if not isinstance(row.get("step"), int) or not all(isinstance(row.get(k), str) for k in ("prompt", "response")):
            raise _Skip(f"{path}: row {number} lacks an integer step or a prompt and response text (not a "
                        "train ppo samples table?)")
        by_step.setdefault(row["step"], []).append(row)
    partial = [step for step, line in metrics.items() if len(by_step.get(step, [])) < int(line.get("samples", 0))]
    if partial:
        step = partial[0]
        raise _Skip(f"{run}: samples.jsonl keeps {len(by_step.get(step, []))} of {metrics[step].get('samples')} "
                    f"rollouts at step {step} ({len(partial)} of {len(metrics)} steps incomplete): every rollout "
                    f"must be graded; {_HOW}")
    return by_step


def _gold(rows: Sequence[dict[str, Any]], answers: dict[str, str]) -> np.ndarray:
    from rewardstack.benchmarks.worlds.gold.real import gold_of, math_labels

    missing = sorted({row["prompt"] for row in rows if row["prompt"] not in answers})
    if missing:
        raise _Skip(f"rollouts of prompt {missing[0]!r} have no answer in the prompts file")
    labels = math_labels([(str(row["response"]), answers[row["prompt"]]) for row in rows])
    return np.array([gold_of("math", label) for label in labels], dtype=float)


def window_summary(value: float, resampled: np.ndarray, level: float) -> dict[str, float]:
    """``{value, low, high}``: a point value and the percentile interval of its resampled values (B,).

    >>> window_summary(0.5, np.array([0.0, 0.25, 0.5, 0.75, 1.0]), 0.5)
    {'value': 0.5, 'low': 0.25, 'high': 0.75}
    """
    tail = 100.0 * (1.0 - level) / 2.0
    return {"value": float(value), "low": float(np.percentile(resampled, tail)),
            "high": float(np.percentile(resampled, 100.0 - tail))}


def _resampled_means(values: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    picks = rng.integers(values.size, size=(samples, values.size))
    return values[picks].mean(axis=1)


def _finite_mean(values: Sequence[Any]) -> float | None:
    kept = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    return float(np.mean(kept)) if kept else None


def _under(base: Path, text: str) -> Path:
    """A suite's path: ``~`` expanded, a relative one taken from the suite file's folder ``base``."""
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


def _windows(steps: list[int], window: int) -> list[list[int]]:
    return [steps[i:i + window] for i in range(0, len(steps), window)]


def _grade(run: Path, spec: PPORunSpec, base: Path, *, samples: int, seed: int, level: float) -> dict[str, Any]:
    if not run.is_dir():
        raise _Skip(f"{run} does not exist (or is not a folder): check `path` (relative to the suite file), or {_HOW}")
    metrics_path = run / "metrics.jsonl"
    if not metrics_path.is_file():
        raise _Skip(f"no finished PPO run at {run} (no metrics.jsonl); {_HOW}")
    metrics = _last_per_step(_jsonl(metrics_path))
    if not metrics:
        raise _Skip(f"{metrics_path} has no step")
    prompts_path = _under(base, spec.prompts) if spec.prompts else Path(_saved_prompts(run))
    answers = _answers(prompts_path, from_suite=spec.prompts is not None)
    by_step = _rollouts(run, metrics)
    steps = sorted(metrics)
    if len(steps) < 2 * spec.window:
        raise _Skip(f"{run} has {len(steps)} step(s): window {spec.window} leaves fewer than two windows to compare; "
                    f"use window <= {max(len(steps) // 2, 1)}" if len(steps) >= 2 else
                    f"{run} has {len(steps)} step: at least two are needed to compare a first and a last window")
    rng = np.random.default_rng(seed)
    windows: list[dict[str, Any]] = []
    draws: list[tuple[np.ndarray, np.ndarray]] = []
    for members in _windows(steps, spec.window):
        rows = [row for step in members for row in by_step[step]]
        gold = _gold(rows, answers)
        resampled = _resampled_means(gold, samples, rng)
        kl = _finite_mean([metrics[s].get("kl") for s in members])
        windows.append({"steps": [members[0], members[-1]], "rollouts": len(rows),
                        "gold": window_summary(float(gold.mean()), resampled, level),
                        "proxy": _finite_mean([row.get("total") for row in rows]),
                        "kl": kl, "sqrt_kl": None if kl is None else math.sqrt(max(kl, 0.0))})
        draws.append((gold, resampled))
    (first, first_draws), (last, last_draws) = draws[0], draws[-1]
    change = window_summary(float(last.mean() - first.mean()), last_draws - first_draws, level)
    peak = max(range(len(windows)), key=lambda k: windows[k]["gold"]["value"])
    return {"status": "graded", "path": spec.path, "prompts": spec.prompts or str(prompts_path), "steps": len(steps),
            "rollouts": sum(w["rollouts"] for w in windows), "window": spec.window, "windows": windows,
            "gold_change": change, "peak_window": peak}


def grade_ppo_run(spec: PPORunSpec, *, base: Path, samples: int, seed: int, level: float = 0.95) -> dict[str, Any]:
    """The results.json entry of one PPO run: its windows and gold change, or ``status: skipped`` and why.

    ``path`` and ``prompts`` are recorded as the suite wrote them (results stay portable); a reason
    names the folder it looked in.

    ``base``: the suite file's folder (``path`` and ``prompts`` relative to it); ``samples``/``seed``/
    ``level``: the suite's bootstrap.
    """
    run = _under(base, spec.path)
    try:
        return _grade(run, spec, base, samples=samples, seed=seed, level=level)
    except _Skip as why:
        return {"status": "skipped", "path": spec.path, "reason": str(why)}
