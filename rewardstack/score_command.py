"""``rewardstack score``: the command around :func:`rewardstack.scoring.score_file`.

Exit codes: 0 done; 1 nothing could be scored from a non-empty input (every
line was bad), or scoring stopped on a run-time error (what was scored is
kept); 2 bad configuration or input (stack, state, paths, a bad line under
``--on-bad-line fail``); 130 / 143 stopped by SIGINT / SIGTERM (every finished
result is written; ``--resume`` continues). See docs/cli.md for the rules.
"""

from __future__ import annotations

import itertools
import os
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rewardstack.core.cache import default_cache_path
from rewardstack.core.errors import ConfigError, RewardStackError
from rewardstack.core.result import StackResult
from rewardstack.fusion.stack import RewardStack
from rewardstack.jsonl import BadLine
from rewardstack.score_batches import InputScan, scan_input
from rewardstack.score_output import STDIO, ResultSink
from rewardstack.score_signals import StopOnSignals, kill_descendants
from rewardstack.scoring import BadInputError, BadLinePolicy, ScoreRun, score_file

__all__ = ["ScoreOptions", "run_score"]

MAX_BAD_LINES_SHOWN = 100
STOP_GRACE_S = 5.0  # after a signal: for the batch in flight to end and the stack to close, together


class CommandFailed(Exception):
    """Ends the command with ``code`` after ``message`` (already worded for the user)."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ScoreOptions:
    stack: Path
    input: str
    output: str
    no_cache: bool = False
    cache_path: Path | None = None
    batch_size: int = 256
    on_bad_line: BadLinePolicy = BadLinePolicy.SKIP
    state: Path | None = None
    resume: bool = False
    metrics_dir: Path | None = None  # per written batch: summaries into metrics.jsonl (+ TensorBoard / W&B)
    tensorboard: bool = False
    wandb_project: str | None = None


Progress = Callable[[int], AbstractContextManager[Callable[[int], None]]]


def run_score(opts: ScoreOptions, err: Console, progress: Progress) -> int:
    """Run the job; returns the exit code. ``progress(total)`` is a context manager giving ``advance(n)``."""
    with ExitStack() as cleanup:
        try:
            return _Command(opts, err, cleanup).run(progress)
        except CommandFailed as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
            return exc.code


class _Command:
    def __init__(self, opts: ScoreOptions, err: Console, cleanup: ExitStack):
        self.opts = opts
        self.err = err
        self.cleanup = cleanup
        self.out = err if opts.output == STDIO else Console(soft_wrap=True)  # results own stdout with -o -
        self.bad_shown = 0
        self.stack_closed = False

    def say(self, text: str, style: str | None = None) -> None:
        self.err.print(escape(text), style=style, highlight=False)

    # --- setting up: every check before any work, every failure exit 2 ---------------
    def run(self, progress: Progress) -> int:
        # signals are caught from the start: a Ctrl-C while a slow stack builds stops the job before it begins
        signals = self.cleanup.enter_context(StopOnSignals())
        opts = self.opts
        input_path = self._input_path()
        cache = None if opts.no_cache else (opts.cache_path or default_cache_path())
        sink = self._open_sink(input_path, cache)
        stack = self._build_stack(cache)
        if opts.input == STDIO or not input_path.is_file():  # a pipe can be read only once: keep a copy
            input_path = self._spool(input_path)
        try:
            with input_path.open("rb") as handle:
                scan = scan_input(handle, self._group_key(stack))
        except OSError as exc:
            raise CommandFailed(f"cannot read input {self._input_name()}: {exc.strerror}") from None
        return self._score(stack, sink, input_path, scan, progress, signals)

    def _input_path(self) -> Path:
        if self.opts.input == STDIO:
            return Path(STDIO)
        path = Path(self.opts.input)
        if not path.exists():
            raise CommandFailed(f"input file {path} does not exist")
        if path.is_dir():
            raise CommandFailed(f"input {path} is a directory; give a JSONL file")
        if not os.access(path, os.R_OK):
            raise CommandFailed(f"input file {path} cannot be read (permission denied)")
        return path

    def _open_sink(self, input_path: Path, cache: Path | None) -> ResultSink:
        inputs = {"input": input_path, "stack": self.opts.stack, "state": self.opts.state, "cache": cache}
        try:
            sink = ResultSink.open(self.opts.output, inputs=inputs, resume=self.opts.resume)
        except ConfigError as exc:
            raise CommandFailed(str(exc)) from None
        self.cleanup.callback(sink.discard)  # the temporary file goes if nothing is ever written
        if sink.existed and sink.resume is None and sink.target is not None:
            self.say(f"note: {self.opts.output} exists; it is replaced when the first results are written "
                     "(--resume would continue it instead)")
        return sink

    def _build_stack(self, cache: Path | None) -> RewardStack:
        try:
            stack = RewardStack.from_yaml(self.opts.stack, cache=cache)
        except (RewardStackError, ValueError, OSError) as exc:  # bad config, a source that cannot start
            raise CommandFailed(str(exc)) from None
        self.cleanup.callback(self._close_stack, stack)
        if self.opts.state is not None:
            try:
                stack.load_state_file(self.opts.state)
            except RewardStackError as exc:
                raise CommandFailed(str(exc)) from None
        if stack.training:  # a stack file cannot ask for it, but scoring must never move state
            stack.eval()
        return stack

    @staticmethod
    def _group_key(stack: RewardStack) -> str | None:
        try:
            return stack.group_key
        except RewardStackError as exc:  # two group keys in one tree: no batching keeps both whole
            raise CommandFailed(f"{exc}") from None

    def _close_stack(self, stack: RewardStack) -> None:
        if not self.stack_closed:
            self.stack_closed = True
            stack.close()

    def _spool(self, source: Path) -> Path:
        """Standard input or a pipe into a temporary file: group sizes are known only once all is read."""
        if self.opts.input == STDIO and sys.stdin.isatty():
            self.say("reading samples from standard input (end with Ctrl-D)")
        folder = Path(tempfile.mkdtemp(prefix="rewardstack-input-"))
        self.cleanup.callback(shutil.rmtree, folder, True)
        path = folder / "input.jsonl"
        try:
            with path.open("wb") as handle:
                if self.opts.input == STDIO:
                    shutil.copyfileobj(sys.stdin.buffer, handle)
                else:
                    with source.open("rb") as pipe:
                        shutil.copyfileobj(pipe, handle)
        except OSError as exc:
            raise CommandFailed(f"cannot read input {self._input_name()}: {exc.strerror}") from None
        return path

    # --- scoring ------------------------------------------------------------------------
    def _score(self, stack: RewardStack, sink: ResultSink, input_path: Path, scan: InputScan,
               progress: Progress, signals: StopOnSignals) -> int:
        opts = self.opts
        track = self._tracker()
        with progress(scan.lines) as advance:
            try:
                run = score_file(stack, input_path, sink, batch_size=opts.batch_size, on_bad_line=opts.on_bad_line,
                                 on_bad=self._report_bad, on_progress=advance, on_warning=self._warn,
                                 on_results=track, stop=signals.requested, stop_grace_s=STOP_GRACE_S, scan=scan)
            except BadInputError as exc:
                sink.finish()
                raise CommandFailed(f"{self._input_name()}:{exc.bad.line}: {exc.bad.reason} (results before this "
                                    f"line are in {opts.output}; use --on-bad-line skip to go on)") from None
            except RewardStackError as exc:  # e.g. a source policy `on_error: raise`
                sink.finish()
                raise CommandFailed(f"scoring stopped: {exc} (what was scored before is in {opts.output}; "
                                    f"{self._resume_hint()})", code=1) from None
            except OSError as exc:  # the output could not be written (full disk, closed pipe), or the input read
                if isinstance(exc, BrokenPipeError) and opts.output == STDIO:
                    # the reader of stdout went away (`| head`): stop as a pipeline member killed by SIGPIPE
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error at exit
                    raise CommandFailed("stopped: standard output was closed by its reader", code=141) from None
                where = "standard output" if opts.output == STDIO else opts.output
                raise CommandFailed(f"scoring stopped: {exc.strerror or exc} ({exc.filename or where}); "
                                    f"results written before are in {where}", code=1) from None
        outcome = sink.finish()
        self._print_summary(stack, run, outcome)
        if run.stopped and signals.signum is not None:
            return self._after_signal(run, signals.name, signals.exit_code)
        valid = run.lines_read - len(run.bad_lines)
        if valid == 0 and run.bad_lines:
            self.say(f"error: nothing scored: all {len(run.bad_lines)} non-blank input line(s) are bad "
                     f"(output {opts.output}: {outcome})", "red")
            return 1
        return 0

    def _tracker(self) -> Callable[[list[StackResult]], None] | None:
        """Writers for --metrics-dir (closed with the command); one step per written batch."""
        opts = self.opts
        if opts.metrics_dir is None:
            if opts.tensorboard or opts.wandb_project:
                raise CommandFailed("--tensorboard and --wandb-project need --metrics-dir DIR (where they write)")
            return None
        from rewardstack.tracking import TrackingConfig, WandbConfig, open_writers
        from rewardstack.tracking.summaries import results_metrics

        tracking = TrackingConfig(tensorboard=opts.tensorboard,
                                  wandb=WandbConfig(project=opts.wandb_project) if opts.wandb_project else None)
        try:
            writers = self.cleanup.enter_context(open_writers(opts.metrics_dir, tracking,
                                                              run_config={"stack": str(opts.stack)}))
        except ConfigError as exc:
            raise CommandFailed(str(exc)) from None
        except OSError as exc:
            raise CommandFailed(f"cannot write metrics into {opts.metrics_dir}: {exc.strerror}") from None
        steps = itertools.count()
        return lambda results: writers.write(next(steps), results_metrics(results))

    def _input_name(self) -> str:
        return "<stdin>" if self.opts.input == STDIO else self.opts.input

    def _report_bad(self, bad: BadLine) -> None:
        if self.opts.on_bad_line is BadLinePolicy.FAIL:
            return  # the error message names it
        self.bad_shown += 1
        if self.bad_shown <= MAX_BAD_LINES_SHOWN:
            self.say(f"{self._input_name()}:{bad.line}: skipped: {bad.reason}", "yellow")
        elif self.bad_shown == MAX_BAD_LINES_SHOWN + 1:
            self.say("further bad lines are counted, not shown", "yellow")

    def _warn(self, message: str) -> None:
        self.say(f"warning: {message}", "yellow")

    def _resume_hint(self) -> str:
        argv = list(sys.argv[1:])
        if "--resume" not in argv:
            argv.append("--resume")
        return "continue with: " + shlex.join(["rewardstack", *argv])

    def _after_signal(self, run: ScoreRun, name: str, code: int) -> int:
        not_read = max(0, run.lines - run.lines_read)
        self.say(f"stopped by {name}: {run.summary.count} result(s) written to {self.opts.output}; "
                 f"{run.in_flight} sample(s) being scored were dropped, {run.held + not_read} not started", "yellow")
        self.say(self._resume_hint())
        if run.closer is not None:
            run.closer.join(max(0.1, (run.stop_deadline or 0.0) - time.monotonic()))
            self.stack_closed = True  # closed (or still closing) by the job: never twice
        if run.abandoned or (run.closer is not None and run.closer.is_alive()):
            killed = kill_descendants()  # workers and sandboxes in their own sessions must not outlive us
            self.say(f"warning: the stack did not close within {STOP_GRACE_S:g}s; killed {killed} process(es) "
                     "it started and exiting without waiting", "yellow")
            self.cleanup.close()  # temporary files; the stack is not closed again (stack_closed)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)  # a stuck source thread would otherwise hold the interpreter's exit
        return code

    # --- the summary ---------------------------------------------------------------------
    def _print_summary(self, stack: RewardStack, run: ScoreRun, outcome: str) -> None:
        summary = run.summary
        table = Table(title=escape(f"{summary.count} samples scored -> {self.opts.output} ({outcome})"))
        for column in ("source", "mean (ok)", "statuses", "cache hits", "p50 ms (fresh)", "p95 ms (fresh)"):
            table.add_column(column)
        for row in summary.rows():
            table.add_row(*(escape(cell) for cell in row))
        self.out.print(table)
        lines = []
        if summary.flags:
            lines.append(f"flags: {summary.flag_counts()}")
        lines.extend(f"no total: {line}" for line in summary.missing_totals())
        lines.append(self._cache_line(stack))
        notes = getattr(stack, "notes", None)
        lines.extend(f"note: {note}" for note in (notes() if callable(notes) else []))
        if run.resumed or run.resume_dropped:
            lines.append(f"--resume: {run.resumed} sample(s) already in the output were skipped"
                         + (f"; {run.resume_dropped} result(s) of partly written groups scored again"
                            if run.resume_dropped else ""))
        if run.duplicate_ids:
            lines.append(f"{run.duplicate_ids} sample(s) reuse an id seen earlier in the input")
        if summary.bad_lines:
            lines.append(f"{summary.bad_lines} bad input line(s) skipped")
        for line in lines:
            self.out.print(escape(line), highlight=False)

    def _cache_line(self, stack: RewardStack) -> str:
        cache = stack.cache
        if cache is None:
            why = "--no-cache" if self.opts.no_cache else "the stack file says cache: false"
            return f"cache: off ({why})"
        if cache.disabled:
            return f"cache: off for this run ({cache.disabled}); {cache.path}"
        return f"cache: {cache.path}: {cache.hits} hit(s), {cache.misses} miss(es)"
