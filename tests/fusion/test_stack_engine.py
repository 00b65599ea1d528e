import asyncio
import time
from pathlib import Path

import pytest

from rewardstack import ResultCache, RewardStack, Status
from rewardstack.core.errors import ConfigError, RewardStackError, SourceError
from rewardstack.rewards.shaping import LengthSource
from rewardstack.verifiers.regex import RegexMatchSource
from tests.support.procs import alive
from tests.support.samples import make_sample
from tests.support.sources import CountingSource, ToyConfig, ToySource


def test_empty_batch() -> None:
    with RewardStack({"len": LengthSource()}, cache=None) as stack:
        assert stack.score([]) == []


def test_total_contributions_and_scores_per_sample() -> None:
    sources = {"len": LengthSource(unit="words", target=2), "ans": RegexMatchSource()}
    fusion = {"kind": "weighted_sum", "weights": {"len": 1.0, "ans": 2.0}}
    with RewardStack(sources, fusion, cache=None) as stack:
        [result] = stack.score([make_sample(1, "hello world", reference={"pattern": "hello.*"})])
    assert result.total == pytest.approx(3.0)
    assert result.contributions == {"len": 1.0, "ans": 2.0}
    assert result.scores["ans"].source == "ans"  # the stack's name for the source
    assert result.status is Status.OK


def test_missing_reference_abstains_and_is_excluded_not_zero() -> None:
    sources = {"len": LengthSource(unit="words", target=2), "ans": RegexMatchSource()}
    with RewardStack(sources, cache=None) as stack:
        [result] = stack.score([make_sample(1, "hello world")])
    assert result.scores["ans"].status is Status.ABSTAIN
    assert "excluded:ans" in result.flags
    assert result.total == pytest.approx(2.0)  # renormalised over the ok source, not averaged with a fake 0


def test_all_sources_abstaining_gives_no_total_with_status() -> None:
    with RewardStack({"ans": RegexMatchSource()}, cache=None) as stack:
        [result] = stack.score([make_sample(1)])
    assert result.total is None and result.status is Status.ABSTAIN
    assert "no_ok_sources" in result.flags


def test_raising_sample_is_an_error_for_that_sample_only() -> None:
    with RewardStack({"toy": ToySource()}, cache=None) as stack:
        results = stack.score([make_sample(1, "fine"), make_sample(2, "boom"), make_sample(3, "ok")])
    assert [r.status for r in results] == [Status.OK, Status.ERROR, Status.OK]
    assert "ValueError: toy source refuses this sample" in results[1].scores["toy"].evidence
    assert results[2].total == 2.0


def test_unicode_and_megabyte_response() -> None:
    big = "日本語🙂" * 250_000
    with RewardStack({"len": LengthSource(unit="chars")}, cache=None) as stack:
        [result] = stack.score([make_sample(1, big)])
    assert result.total == float(len(big))


def test_hanging_sample_times_out_without_orphans(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    config = ToyConfig(execution={"mode": "process", "timeout_s": 2, "workers": 2}, child_pid_file=str(pid_file))
    with RewardStack({"toy": ToySource(config)}, cache=None) as stack:
        results = stack.score([make_sample(1, "abc"), make_sample(2, "hang"), make_sample(3, "abcd")])
        assert [r.scores["toy"].status for r in results] == [Status.OK, Status.TIMEOUT, Status.OK]
        assert results[1].total is None and results[1].status is Status.TIMEOUT
        assert [results[0].total, results[2].total] == [3.0, 4.0]
        worker_pid, child_pid = map(int, pid_file.read_text().split())
        assert not alive(worker_pid) and not alive(child_pid)  # the whole process group was killed
        # the pool recovered: the next batch is scored normally
        assert stack.score([make_sample(4, "xy")])[0].total == 2.0


def test_process_mode_error_isolated() -> None:
    config = ToyConfig(execution={"mode": "process", "timeout_s": 30})
    with RewardStack({"toy": ToySource(config)}, cache=None) as stack:
        results = stack.score([make_sample(1, "boom"), make_sample(2, "ab")])
    assert results[0].scores["toy"].status is Status.ERROR
    assert results[1].total == 2.0


def test_cache_prevents_rescoring(tmp_path: Path) -> None:
    source = CountingSource()
    samples = [make_sample(i, f"text {i}") for i in range(50)]
    with RewardStack({"c": source}, cache=tmp_path / "c.sqlite") as stack:
        first = stack.score(samples)
        assert source.calls == 50
        second = stack.score(samples)
        assert source.calls == 50  # no new calls
        assert [r.total for r in first] == [r.total for r in second]
        stack.score(samples + [make_sample(99, "new")])
        assert source.calls == 51


def test_cache_key_includes_config_and_name(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c.sqlite")
    samples = [make_sample(1, "hello world")]
    RewardStack({"len": LengthSource(unit="words")}, cache=cache).score(samples)
    [result] = RewardStack({"len": LengthSource(unit="chars")}, cache=cache).score(samples)
    assert result.total == 11.0  # not the cached word count


def test_sources_run_concurrently() -> None:
    sources = {f"s{i}": CountingSource(delay_s=0.2) for i in range(3)}
    with RewardStack(sources, cache=None) as stack:
        start = time.perf_counter()
        stack.score([make_sample(1)])
        elapsed = time.perf_counter() - start
    # three 0.2 s sources side by side; generous bound, this only guards against serial execution
    assert elapsed < 0.55


def test_ascore_matches_score() -> None:
    with RewardStack({"len": LengthSource()}, cache=None) as stack:
        samples = [make_sample(i, "a b c") for i in range(3)]
        via_async = asyncio.run(stack.ascore(samples))
        assert [r.total for r in via_async] == [r.total for r in stack.score(samples)] == [3.0, 3.0, 3.0]


def test_tree_naming_an_unknown_source_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="Did you mean 'length'"):
        RewardStack({"length": LengthSource()}, {"kind": "weighted_sum", "weights": {"lenght": 1.0}}, cache=None)


def test_python_and_yaml_construction_are_equivalent(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "sources:\n  len: {kind: length, unit: chars, target: 10}\n  ans: {kind: regex_match}\n"
        "fusion: {kind: weighted_sum, weights: {len: 0.5, ans: 1.0}}\n"
    )
    from_yaml = RewardStack.from_yaml(path, cache=None)
    from_python = RewardStack(
        {"len": LengthSource(unit="chars", target=10, name="len"), "ans": RegexMatchSource(name="ans")},
        {"kind": "weighted_sum", "weights": {"len": 0.5, "ans": 1.0}},
        cache=None,
    )
    samples = [make_sample(i, "x" * (i + 5), reference={"pattern": "x+"}) for i in range(5)]
    strip = lambda rs: [r.model_dump(exclude={"scores": {"__all__": {"latency_s"}}}) for r in rs]  # noqa: E731
    assert strip(from_yaml.score(samples)) == strip(from_python.score(samples))


class _StartFails(ToySource):
    """A plugin-like source whose constructor raises what ``error`` holds (the test sets it)."""

    error: Exception = RuntimeError("no GPU here")

    def __init__(self, config: ToyConfig | None = None, **fields: object):
        super().__init__(config, **fields)  # type: ignore[arg-type]  # fields as BaseSource takes them
        raise self.error


@pytest.mark.parametrize(("error", "expected"), [
    (RuntimeError("no GPU here"), "bad: source kind 'toy' (python) could not start: RuntimeError: no GPU here"),
    (FileNotFoundError(2, "No such file or directory"), "could not start: FileNotFoundError: [Errno 2] No such"),
    (ConfigError("bad: weights missing; run train rm first"), "bad: weights missing; run train rm first"),
])
def test_a_source_that_cannot_start_is_a_named_stack_error(tmp_path: Path, error: Exception, expected: str) -> None:
    from rewardstack.core.registry import SOURCES
    from tests.support.inprocess import rewardstack

    stack_file, samples = tmp_path / "s.yaml", tmp_path / "in.jsonl"
    stack_file.write_text("sources:\n  ok: {kind: length}\n  bad: {kind: toy}\n")
    samples.write_text('{"id": "1", "prompt": "p", "response": "r"}\n')
    if "toy" in SOURCES.names():
        pytest.skip("source kind 'toy' is taken in this process")
    SOURCES.register("toy", type("Failing", (_StartFails,), {"error": error}))
    try:
        with pytest.raises(RewardStackError) as raised:
            RewardStack.from_yaml(stack_file, cache=None)
        proc = rewardstack("score", "-s", stack_file, "-i", samples, "-o", tmp_path / "out.jsonl", "--no-cache")
    finally:
        SOURCES.unregister("toy")
    assert expected in str(raised.value) and type(raised.value) is (type(error) if isinstance(error, ConfigError)
                                                                      else SourceError)
    assert proc.returncode == 2 and expected in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(("source", "message"), [
    ("length", "source 'a' is 'length' (str), not a reward source: pass a source object"),
    (LengthSource, "source 'a' is the class LengthSource, not a source: pass an instance, e.g. LengthSource()"),
    (None, "source 'a' is None (NoneType), not a reward source"),
])
def test_what_is_not_a_source_is_refused_at_construction(source: object, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        RewardStack({"a": source}, cache=None)  # type: ignore[dict-item]
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(("batch", "message"), [
    ([{"id": "1", "prompt": "p", "response": "r"}], "samples[0] is a dict, not a Sample: build it with Sample(**obj)"),
    ([make_sample(1, "x"), "text"], "samples[1] is a str, not a Sample"),
    (make_sample(1, "x"), "score a sequence of Samples, not one Sample: e.g. stack.score([sample])"),
])
@pytest.mark.parametrize("method", ["score", "score_arrays", "ascore"])
def test_what_is_not_a_sample_is_refused_with_its_index(batch: object, message: str, method: str) -> None:
    with RewardStack({"len": LengthSource()}, cache=None) as stack, pytest.raises(TypeError) as raised:
        call = getattr(stack, method)(batch)
        if method == "ascore":
            asyncio.run(call)
    assert str(raised.value).startswith(message)
