"""The ``rewardstack score`` job as a function: JSONL in, StackResults out, incrementally.

Valid samples are scored in batches of whole groups (see
:mod:`rewardstack.score_batches` for the batching rule and the output order);
each batch's results are written and flushed before the next batch is
submitted, so a failure later in the file loses nothing already scored.
The stack is used as given: in evaluation mode (the default) totals do not
depend on how the input is cut into batches.

Stopping early: when ``stop`` is set (the CLI sets it on SIGINT/SIGTERM) no
further batch is submitted; a batch being scored is abandoned (its results,
possibly cut short, are not written) and the stack is closed from another
thread, which kills its sandboxes and worker pools. Every result already
computed is written. ``--resume`` then continues from the output file.

>>> import io, json, pathlib, tempfile
>>> from rewardstack import RewardStack
>>> from rewardstack.rewards.shaping import LengthSource
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "in.jsonl").write_text(json.dumps({"id": "a", "prompt": "p", "response": "hello"}) + "\\n")
>>> with RewardStack({"len": LengthSource(unit="chars", target=5)}, cache=None) as stack:
...     run = score_file(stack, folder / "in.jsonl", folder / "out.jsonl")
>>> run.summary.count, json.loads((folder / "out.jsonl").read_text())["total"]
(1, 1.0)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO

from rewardstack.core.result import StackResult
from rewardstack.core.sample import Sample, group_label
from rewardstack.fusion.stack import RewardStack
from rewardstack.jsonl import BadLine, iter_lines, parse_sample, peek_line
from rewardstack.score_batches import GroupBatcher, InOrderBuffer, InputScan, Unit, scan_input
from rewardstack.score_output import ResultSink
from rewardstack.summary import RunSummary

__all__ = ["BadInputError", "BadLinePolicy", "ScoreRun", "score_file"]

_POLL_S = 0.2  # how often a waiting job looks at the stop flag
MAX_DUPLICATE_WARNINGS = 20


class BadLinePolicy(StrEnum):
    SKIP = "skip"
    FAIL = "fail"


class BadInputError(Exception):
    """Raised (after writing what was scored) when ``--on-bad-line fail`` meets a bad line."""

    def __init__(self, bad: BadLine, path: Path):
        super().__init__(f"{path}:{bad.line}: {bad.reason}")
        self.bad = bad


@dataclass
class ScoreRun:
    """What a score job did (the summary's numbers and how it ended)."""

    summary: RunSummary
    bad_lines: list[BadLine] = field(default_factory=list)
    lines: int = 0  # non-blank input lines
    lines_read: int = 0
    resumed: int = 0  # samples skipped: their ids already had results in the output (--resume)
    resume_dropped: int = 0  # earlier results dropped: a group only partly written is scored again whole
    duplicate_ids: int = 0
    stopped: bool = False
    in_flight: int = 0  # samples being scored when the job stopped: not written
    held: int = 0  # samples of incomplete groups never scored (the job stopped before the group was whole)
    closer: threading.Thread | None = None  # closing the stack after a stop (join it before exiting)
    stop_deadline: float | None = None  # time.monotonic() by which the stop should be complete
    abandoned: bool = False  # a stopped batch was still running after the grace period


def score_file(
    stack: RewardStack,
    input_path: Path,
    output: Path | ResultSink,
    *,
    batch_size: int = 256,
    on_bad_line: BadLinePolicy = BadLinePolicy.SKIP,
    on_bad: Callable[[BadLine], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_results: Callable[[list[StackResult]], None] | None = None,
    stop: threading.Event | None = None,
    stop_grace_s: float = 5.0,
    scan: InputScan | None = None,
) -> ScoreRun:
    """Score every valid line of ``input_path`` (JSONL) into ``output``; see the module docstring."""
    sink = output if isinstance(output, ResultSink) else ResultSink.open(output, inputs={"input": input_path})
    own_sink = not isinstance(output, ResultSink)
    if scan is None:
        with input_path.open("rb") as handle:
            scan = scan_input(handle, stack.group_key)
    job = _Job(stack, sink, batch_size=batch_size, scan=scan, on_progress=on_progress,
               stop=stop or threading.Event(), stop_grace_s=stop_grace_s)
    job.on_results = on_results
    try:
        job.prepare_resume(on_warning)
        with input_path.open("rb") as handle:
            job.read(handle, input_path, on_bad_line, on_bad, on_warning)
    finally:
        if not job.write_failed:
            job.flush_waiting()
        job.pool.shutdown(wait=False)
        if own_sink:
            sink.finish()
    return job.run


class _Job:
    def __init__(self, stack: RewardStack, sink: ResultSink, *, batch_size: int, scan: InputScan,
                 on_progress: Callable[[int], None] | None, stop: threading.Event, stop_grace_s: float):
        self.stack = stack
        self.sink = sink
        self.scan = scan
        self.key = stack.group_key  # the metadata key whose groups stay whole in one call
        self.stop = stop
        self.stop_grace_s = stop_grace_s
        self.on_progress = on_progress
        self.on_results: Callable[[list[StackResult]], None] | None = None  # e.g. tracking writers
        cache = getattr(stack, "cache", None)
        self.run = ScoreRun(summary=RunSummary(from_cache=cache.served if cache is not None else None),
                            lines=scan.lines)
        self.batcher: GroupBatcher[Sample] = GroupBatcher(batch_size, scan.group_sizes)
        self.order: InOrderBuffer[StackResult] = InOrderBuffer()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rewardstack-score")
        self.done_ids: set[str] = set()
        self.seen: dict[str, int] = {}  # id -> the line it was first read on
        self.next_seq = 0  # position among the samples to score: the output order
        self.write_failed = False

    # --- resume ----------------------------------------------------------------------
    def prepare_resume(self, on_warning: Callable[[str], None] | None) -> None:
        resume = self.sink.resume
        if resume is None:
            return
        if resume.cut_last_line and on_warning is not None:
            on_warning(f"the last line of {self.sink.target} was cut short (an earlier run was killed); "
                       "its sample is scored again")
        done = resume.ids
        for ids in self.scan.group_ids.values():  # a group only partly written is scored again whole
            present = [i for i in ids if i in done]
            if present and len(present) < len(ids):
                self.run.resume_dropped += resume.drop(present)
        self.done_ids = resume.ids
        self.sink.prefill()

    # --- reading and batching --------------------------------------------------------
    def read(self, handle: IO[bytes], input_path: Path, on_bad_line: BadLinePolicy,
             on_bad: Callable[[BadLine], None] | None, on_warning: Callable[[str], None] | None) -> None:
        for number, raw in iter_lines(handle):
            if self.stop.is_set():
                self.run.stopped = True
                return
            self.run.lines_read += 1
            item = parse_sample(raw, number)
            if isinstance(item, BadLine):
                self._bad(item, peek_line(raw, number, self.key)[1], on_bad)
                if on_bad_line is BadLinePolicy.FAIL:
                    self._score_batches(ready=True)
                    self.run.held = self.batcher.held
                    raise BadInputError(item, input_path)
                continue
            group = group_label(item.metadata.get(self.key)) if self.key is not None else None
            if item.id in self.done_ids:
                self.run.resumed += 1
                self.batcher.forget(group)
                continue
            self._check_duplicate(item.id, number, on_warning)
            self.batcher.add(self.next_seq, item, group)
            self.next_seq += 1
            if not self._score_batches():
                return
        self._score_batches(final=True)

    def _bad(self, bad: BadLine, group: Hashable | None, on_bad: Callable[[BadLine], None] | None) -> None:
        self.run.bad_lines.append(bad)
        self.run.summary.bad_lines += 1
        self.batcher.forget(group)
        if on_bad is not None:
            on_bad(bad)

    def _check_duplicate(self, sample_id: str, number: int, on_warning: Callable[[str], None] | None) -> None:
        first = self.seen.get(sample_id)
        if first is None:
            self.seen[sample_id] = number
            return
        self.run.duplicate_ids += 1
        if on_warning is not None and self.run.duplicate_ids <= MAX_DUPLICATE_WARNINGS:
            last = self.run.duplicate_ids == MAX_DUPLICATE_WARNINGS
            more = " (further duplicates are counted, not shown)" if last else ""
            on_warning(f"line {number}: id {sample_id!r} was already used on line {first}; both are scored, "
                       f"and --resume treats them as one{more}")

    def _score_batches(self, *, ready: bool = False, final: bool = False) -> bool:
        """Score what the batcher hands out; False once the job has stopped."""
        for batch in self.batcher.batches(ready=ready, final=final):
            if not self._score(batch):
                return False
        return True

    # --- scoring -----------------------------------------------------------------------
    def _score(self, batch: Unit[Sample]) -> bool:
        if self.stop.is_set():
            self.run.stopped = True
            self.run.held += len(batch)
            return False
        future = self.pool.submit(self.stack.score, [sample for _, sample in batch])
        results = self._wait(future)
        if results is None:
            self.run.in_flight += len(batch)
            return False
        for (seq, _), result in zip(batch, results, strict=True):
            self.order.put(seq, result)
        self._write(self.order.release())
        return True

    def _wait(self, future: Future[list[StackResult]]) -> list[StackResult] | None:
        while True:
            try:
                return future.result(timeout=_POLL_S)
            except FutureTimeout:
                if self.stop.is_set():
                    self._stop_in_flight(future)
                    return None

    def _stop_in_flight(self, future: Future[list[StackResult]]) -> None:
        """Kill the batch being scored: close the stack (sandboxes, pools) from another thread."""
        self.run.stopped = True
        self.run.stop_deadline = time.monotonic() + self.stop_grace_s
        self.run.closer = threading.Thread(target=self.stack.close, name="rewardstack-close", daemon=True)
        self.run.closer.start()
        try:
            future.exception(timeout=self.stop_grace_s)
        except FutureTimeout:
            self.run.abandoned = True

    # --- writing -------------------------------------------------------------------------
    def _write(self, results: list[StackResult]) -> None:
        if not results:
            return
        try:
            self.sink.write(results)
        except OSError:
            self.write_failed = True  # nothing more can be written; the caller reports it
            raise
        for result in results:
            self.run.summary.add(result)
        if self.on_results is not None:
            self.on_results(results)
        if self.on_progress is not None:
            self.on_progress(len(results))

    def flush_waiting(self) -> None:
        """After a stop or an error: every computed result still waiting for its turn is written."""
        self._write(self.order.release() + self.order.rest())
