"""The two ``cai`` jobs end to end: check the input, open the output for resuming, load the model, run.

Order matters for the user: the whole input is checked (every bad line
reported, :class:`~rewardstack.cai.items.InputError`) and the output is
checked for resuming (:class:`~rewardstack.cai.output.OutputError`) before
a model is loaded, so bad input costs seconds, not a model load; when every
item is already in the output, no model is loaded at all.

``lm`` / ``judge``: pass one already built to reuse it across runs (tests,
notebooks); otherwise it is built from the settings and closed at the end.

>>> import json, tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "p.jsonl").write_text(json.dumps({"id": "q1", "prompt": "How do I boil an egg?"}) + "\\n")
>>> summary = run_revise(folder / "p.jsonl", folder / "pairs.jsonl", ReviseSettings(model="tiny-lm",
...                      max_new_tokens=4), device="cpu")
>>> summary.written, summary.skipped
(1, [])
>>> run_revise(folder / "p.jsonl", folder / "pairs.jsonl", ReviseSettings(model="tiny-lm", max_new_tokens=4)
...            ).already_done   # done: nothing to load, nothing to do
1
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from threading import Event
from typing import Protocol, TypeVar

from rewardstack.cai.items import InputError, PairItem, PromptItem, parse_pair_item, parse_prompt, read_items
from rewardstack.cai.label import LabelSettings, label_batch
from rewardstack.cai.output import ResumableJsonl
from rewardstack.cai.progress import ItemProgress, NullItemProgress
from rewardstack.cai.revise import ReviseSettings, revise_batch
from rewardstack.cai.runner import Outcome, RunSummary, run_batches
from rewardstack.core.registry import JUDGE_BACKENDS
from rewardstack.rewards.critic.chat_lm import ChatLM
from rewardstack.rewards.critic.judges.base import JudgeBackend

__all__ = ["run_label", "run_revise"]


class _Closable(Protocol):
    def close(self) -> None: ...


ItemT = TypeVar("ItemT", PromptItem, PairItem)
ModelT = TypeVar("ModelT", bound=_Closable)


def run_revise(prompts: Path, out: Path, settings: ReviseSettings, *, batch_size: int = 8, overwrite: bool = False,
               device: str | None = None, dtype: str | None = None, lm: ChatLM | None = None,
               progress: ItemProgress | None = None, stop: Event | None = None) -> RunSummary:
    """Revision pairs for every prompt of ``prompts`` not yet in ``out`` (see :mod:`rewardstack.cai.revise`)."""
    items = read_items(prompts, parse_prompt, flag="--prompts")
    _not_the_input(out, prompts, "--prompts")
    return _run(items, ResumableJsonl(out, settings.provenance(), overwrite=overwrite), lm,
                lambda: ChatLM(settings.model, device=device, dtype=dtype),
                lambda model, batch: revise_batch(batch, settings, model),
                batch_size=batch_size, progress=progress, source=str(prompts), stop=stop)


def run_label(pairs: Path, out: Path, settings: LabelSettings, *, batch_size: int = 16, overwrite: bool = False,
              judge: JudgeBackend | None = None, progress: ItemProgress | None = None,
              stop: Event | None = None) -> RunSummary:
    """AI-labelled pairs for every pair of ``pairs`` not yet in ``out`` (see :mod:`rewardstack.cai.label`)."""
    items = read_items(pairs, parse_pair_item, flag="--pairs")
    _not_the_input(out, pairs, "--pairs")
    return _run(items, ResumableJsonl(out, settings.provenance(), overwrite=overwrite), judge,
                lambda: JUDGE_BACKENDS.get(settings.judge.kind)(settings.judge),
                lambda backend, batch: label_batch(batch, settings, backend),
                batch_size=batch_size, progress=progress, source=str(pairs), stop=stop)


def _not_the_input(out: Path, given: Path, flag: str) -> None:
    if out.exists() and out.resolve() == given.resolve():
        raise InputError(f"--out {out} is the {flag} file; write the output to another file")


def _run(items: Sequence[ItemT], output: ResumableJsonl, given: ModelT | None, build: Callable[[], ModelT],
         work: Callable[[ModelT, list[ItemT]], list[Outcome]], *, batch_size: int, progress: ItemProgress | None,
         source: str, stop: Event | None) -> RunSummary:
    """Build the model only when an item is left to do (and close what was built here)."""
    own = given is None and any(item.id not in output.done for item in items)
    model = build() if own else given

    def do(batch: list[ItemT]) -> list[Outcome]:
        assert model is not None  # built above whenever an item is left to do
        return work(model, batch)

    try:
        return run_batches(items, output, do, batch_size=batch_size, progress=progress or NullItemProgress(),
                           source=source, stop=stop)
    finally:
        if own and model is not None:
            model.close()
