"""``rewardstack cai revise|label``: constitutional AI-feedback data, resumable, seeded.

Exit codes: 0 done; 1 the job ran but produced nothing (every item skipped)
or the model could not be loaded; 2 bad input or a bad option (``file:line:
what``), or an ``--out`` file from other settings; 130/143 stopped by
SIGINT/SIGTERM after the batch in hand was written (run the same command again
to go on). Formats and choices: docs/cai.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from threading import Event
from typing import NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from rewardstack.cai.runner import RunSummary
from rewardstack.core.errors import ConfigError, ModelUnavailable

__all__ = ["cai_app"]

cai_app = typer.Typer(help="Constitutional AI-feedback data: revision pairs (revise) and AI preference labels "
                           "(label).", no_args_is_help=True, add_completion=False,
                      context_settings={"help_option_names": ["-h", "--help"]})
_err = Console(stderr=True, soft_wrap=True)  # messages carry paths: never wrap them

T = TypeVar("T")

_REVISE_EPILOG = """Examples:

  rewardstack cai revise --prompts prompts.jsonl --out pairs.jsonl

  rewardstack cai revise --prompts prompts.jsonl --out pairs.jsonl --model tiny-lm --seed 3 --max-new-tokens 64

A prompt line is {"id"?, "prompt", "domain"?}. Each output line is a preference pair (the revision chosen over
the sampled response) that 'rewardstack train rm' reads, with the principle, critique, model and seed in
metadata. Run the same command again after Ctrl-C: items already in --out are skipped. docs/cai.md.
"""

_LABEL_EPILOG = """Examples:

  rewardstack cai label --pairs pairs.jsonl --out prefs.jsonl

  rewardstack cai label --pairs pairs.jsonl --out prefs.jsonl --judge tiny-lm --band 0.3,0.7 --seed 1

  rewardstack cai label --pairs pairs.jsonl --out prefs.jsonl --mode pointwise --judge '{kind: embedded_adapted}'

  rewardstack cai label --pairs pairs.jsonl --out prefs.jsonl \\
      --judge '{kind: openai_compatible, base_url: http://127.0.0.1:8000/v1, model: smollm2-135m-instruct}'

Each pair is compared against a principle drawn for it, asked in both orders and averaged; the preference,
clamped to --band, orders chosen/rejected and is written as label_prob (P(chosen better)) and margin
(logit(label_prob); use margin: true in the RM config). docs/cai.md.
"""

_THREADS_HELP = "CPU threads for torch (default: torch's choice; 1 is faster for small models on a busy machine)."


def _fail(message: str, code: int) -> NoReturn:
    _err.print(f"error: {escape(message)}", highlight=False)
    raise typer.Exit(code)


def _settings(build: Callable[[], T], flags: dict[str, str]) -> T:
    """Settings from the options; a refused value is exit 2 naming its option."""
    try:
        return build()
    except ValidationError as exc:
        problems = [f"{flags.get(str(e['loc'][0]), str(e['loc'][0])) if e['loc'] else 'options'}: "
                    f"{e['msg'].removeprefix('Value error, ')}" for e in exc.errors()]
        _fail("; ".join(problems), 2)


def _finish(summary: RunSummary, out: Path, stop_code: int, what: str) -> None:
    counts = (f"{summary.written} {what} written to {out} ({summary.already_done} already there, "
              f"{len(summary.skipped)} skipped)")
    if summary.stopped:
        _err.print(f"stopped: {counts}; {summary.remaining} left - run the same command again to go on",
                   highlight=False)
        raise typer.Exit(stop_code or 130)
    _err.print(f"done: {counts}", highlight=False)
    if summary.written == 0 and summary.skipped:
        _fail("every item was skipped (reasons above)", 1)
    typer.echo(str(out))


def _run(job: Callable[[Event], RunSummary], out: Path, what: str, threads: int | None) -> None:
    """Run ``job(stop_event)`` with Ctrl-C handling and the CLI's error mapping."""
    from rewardstack.score_signals import StopOnSignals

    if threads is not None:
        import torch

        torch.set_num_threads(threads)

    with StopOnSignals(lambda signum: _err.print("stopping after this batch (again: exit now)",
                                                 highlight=False)) as stop:
        try:
            summary = job(stop.requested)
        except ConfigError as exc:
            _fail(str(exc), 2)
        except ModelUnavailable as exc:
            _fail(str(exc), 1)
    _finish(summary, out, stop.exit_code, what)


@cai_app.command("revise", epilog=_REVISE_EPILOG)
def revise_command(
    prompts: Path = typer.Option(..., "--prompts", "-p", help="Prompts JSONL: {\"id\"?, \"prompt\", \"domain\"?}."),
    out: Path = typer.Option(..., "--out", "-o", help="Preference pairs JSONL (appended; resumes)."),
    model: str = typer.Option("smollm2-135m-instruct", "--model", "-m",
                              help="Causal LM that responds, critiques and revises (embedded name, folder, HF id)."),
    constitution: str = typer.Option("default", "--constitution", "-c", help="Built-in name or YAML file."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the principle draws and the sampling."),
    max_new_tokens: int = typer.Option(128, "--max-new-tokens", min=1, help="Tokens per response/critique/revision."),
    temperature: float = typer.Option(0.7, "--temperature", min=0.0, max=2.0, help="Sampling temperature; 0: greedy."),
    batch_size: int = typer.Option(8, "--batch-size", min=1, help="Prompts per batch."),
    device: str | None = typer.Option(None, "--device", help="cuda, cuda:1, cpu (default: CUDA when present)."),
    dtype: str | None = typer.Option(None, "--dtype", help="bf16, fp16, fp32 (default: bf16 on CUDA, else fp32)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Start --out afresh instead of resuming."),
    threads: int | None = typer.Option(None, "--threads", min=1, help=_THREADS_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Sample, critique against a drawn principle, revise: revision-over-response preference pairs."""
    from rewardstack.cai.jobs import run_revise
    from rewardstack.cai.progress import item_progress
    from rewardstack.cai.revise import ReviseSettings

    settings = _settings(lambda: ReviseSettings(model=model, constitution=constitution, seed=seed,
                                                temperature=temperature, max_new_tokens=max_new_tokens),
                         {"constitution": "--constitution", "max_new_tokens": "--max-new-tokens", "seed": "--seed"})
    _run(lambda stop: run_revise(prompts, out, settings, batch_size=batch_size, overwrite=overwrite, device=device,
                                 dtype=dtype, progress=item_progress("revise", _err, quiet=quiet),
                                 stop=stop),
         out, "pairs", threads)


@cai_app.command("label", epilog=_LABEL_EPILOG)
def label_command(
    pairs: Path = typer.Option(..., "--pairs", "-p", help="Pairs JSONL: {\"id\"?, \"prompt\", \"chosen\", "
                                                          "\"rejected\", \"domain\"?}."),
    out: Path = typer.Option(..., "--out", "-o", help="Labelled preference JSONL (appended; resumes)."),
    judge: str | None = typer.Option(None, "--judge", "-j",
                                     help="Model name (a local hf_local judge; default smollm2-135m-instruct) or a "
                                          "judge mapping {kind: ..., ...}."),
    constitution: str = typer.Option("default", "--constitution", "-c", help="Built-in name or YAML file."),
    band: str = typer.Option("0.4,0.6", "--band", help="lo,hi: the preference probability is clamped to it."),
    mode: str = typer.Option("compare", "--mode", help="compare: which of A/B follows the principle better; "
                                                       "pointwise: the critic's Yes/No question about each "
                                                       "response (for judges trained for the critic)."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the principle draws."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Pairs per judge call (2 questions each)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Start --out afresh instead of resuming."),
    threads: int | None = typer.Option(None, "--threads", min=1, help=_THREADS_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """AI preference labels over response pairs: both orders averaged, clamped to a band."""
    from rewardstack.cai.jobs import run_label
    from rewardstack.cai.label import LabelSettings, judge_from_spec
    from rewardstack.cai.progress import item_progress
    from rewardstack.cai.soft import Band

    try:
        clamp = Band.parse(band)
        judge_settings = judge_from_spec(judge)
    except ValueError as exc:  # ConfigError is one
        _fail(str(exc), 2)
    settings = _settings(lambda: LabelSettings.model_validate({
        "judge": judge_settings, "constitution": constitution, "seed": seed, "band": (clamp.lo, clamp.hi),
        "mode": mode}),
                         {"constitution": "--constitution", "band": "--band", "seed": "--seed", "mode": "--mode"})
    _run(lambda stop: run_label(pairs, out, settings, batch_size=batch_size, overwrite=overwrite,
                                progress=item_progress("label", _err, quiet=quiet),
                                stop=stop),
         out, "labelled pairs", threads)
