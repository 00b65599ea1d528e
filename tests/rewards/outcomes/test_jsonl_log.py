"""The JSONL backend on real files: growth, half-written lines, malformed lines, rewrites, setup errors."""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

import pytest

from rewardstack.core.errors import SourceError
from rewardstack.core.score import Status
from rewardstack.rewards.outcomes import OutcomeSignalsSource
from rewardstack.rewards.outcomes import jsonl_log as jsonl_module
from tests.rewards.outcomes.helpers import T0, append_jsonl, jsonl_line, make_sample


def _source(path: Path, **fields: object) -> OutcomeSignalsSource:
    return OutcomeSignalsSource(log={"kind": "jsonl", "path": str(path)}, **fields)


def _value(source: OutcomeSignalsSource, conversation: str = "c1") -> float | None:
    return source.score([make_sample(conversation)])[0].value


def test_missing_file_is_a_source_error_saying_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"outcomes.jsonl does not exist\. .*one object per line: "
                                          r'\{"conversation_id": \.\.\., "outcome": .*touch '):
        _source(tmp_path / "outcomes.jsonl")
    with pytest.raises(SourceError, match="is not a file"):
        _source(tmp_path)


def test_appended_outcomes_are_seen(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text("")
    source = _source(path)
    assert source.score([make_sample("c1")])[0].status is Status.ABSTAIN
    append_jsonl(path, [("c1", "thumbs_up", T0)])
    assert _value(source) == 0.5
    append_jsonl(path, [("c1", "resolved", T0 + 1)])
    assert _value(source) == 1.0


def test_a_half_written_line_waits_and_a_whole_last_line_counts(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    second = jsonl_line("c1", "resolved", T0).rstrip("\n")
    path.write_text(jsonl_line("c1", "thumbs_up", T0) + second[:25])  # the writer is in the middle of line 2
    source = _source(path)
    assert _value(source) == 0.5
    assert source.log_problems() == ["line 2: incomplete last line (no newline yet), not read"]
    with open(path, "a") as handle:  # line 2 finished, without its newline yet (an editor's last line)
        handle.write(second[25:])
    assert _value(source) == 1.0 and source.log_problems() == []
    with open(path, "a") as handle:
        handle.write("\n" + jsonl_line("c1", "escalated", T0))
    [score] = source.score([make_sample("c1")])
    assert score.value == 0.5 and score.details["counted_total"] == 3
    assert [c["at"] for c in score.details["counted"]] == ["line 1", "line 2", "line 3"]


def test_malformed_lines_are_reported_with_line_numbers_and_never_crash(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    lines = [jsonl_line("c1", "thumbs_up", T0), "{not json\n", "[1, 2]\n", '{"outcome": "resolved"}\n', "\n",
             jsonl_line(["c1"], "resolved", T0), jsonl_line("c1", "telepathy", T0)]
    path.write_bytes("".join(lines).encode() + b'{"conversation_id": "c1", "outcome": "\xff"}\n'
                     + b'{"conversation_id": "c1", "outcome": "\\ud800"}\n')  # a lone surrogate: never valid text
    with pytest.warns(UserWarning, match=r"6 malformed line\(s\) skipped \(line 2: not JSON .*; line 3: a JSON "
                                         r"list, not an object; line 4: no usable 'conversation_id' .*; \.\.\.\)"):
        source = _source(path)
    assert source.log_problems() == [
        "line 2: not JSON (key must be a string at column 2)",
        "line 3: a JSON list, not an object",
        "line 4: no usable 'conversation_id' (a string or integer)",
        "line 6: no usable 'conversation_id' (a string or integer)",
        "line 8: not JSON (invalid unicode code point at column 39)",  # not UTF-8
        "line 9: not JSON (unexpected end of hex escape at column 45)",
    ]
    [score] = source.score([make_sample("c1")])
    assert score.value == 0.5 and score.details["ignored"][0].startswith("line 7: unknown outcome 'telepathy'")


def test_new_malformed_lines_are_announced_once(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text(jsonl_line("c1", "thumbs_up", T0))
    source = _source(path)
    with open(path, "a") as handle:
        handle.write("oops\n")
    with pytest.warns(UserWarning, match=r"1 malformed line\(s\) skipped \(line 2: not JSON"):
        source.fingerprint()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        source.fingerprint()
        assert _value(source) == 0.5


def test_a_rewritten_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text(jsonl_line("c1", "thumbs_up", T0) + jsonl_line("c1", "escalated", T0))
    source = _source(path)
    before = (source.fingerprint(), _value(source))
    stat = os.stat(path)
    # same size, same mtime: an in-place correction ("escalated" and "thumbs_up" have equal length)
    path.write_text(jsonl_line("c1", "thumbs_up", T0) + jsonl_line("c1", "thumbs_up", T0 + 1))
    assert os.stat(path).st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (source.fingerprint(), _value(source)) != before
    assert _value(source) == 1.0


def test_a_rotated_log_starts_over(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text(jsonl_line("c1", "resolved", T0) + jsonl_line("c2", "resolved", T0))
    source = _source(path)
    assert _value(source, "c2") == 1.0
    path.rename(tmp_path / "log.jsonl.1")
    path.write_text(jsonl_line("c3", "thumbs_down", T0))
    assert source.score([make_sample("c2")])[0].status is Status.ABSTAIN
    assert _value(source, "c3") == -0.5


def test_an_unchanged_settled_file_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text(jsonl_line("c1", "resolved", T0))
    old = os.stat(path).st_mtime_ns - 3_600 * 10**9  # written an hour ago: no longer racy
    os.utime(path, ns=(old, old))
    source = _source(path)
    fingerprint = source.fingerprint()  # stat recorded as trusted by the first read

    def no_reads(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was read although its stat did not change")

    monkeypatch.setattr(jsonl_module, "open", no_reads, raising=False)
    assert source.fingerprint() == fingerprint and _value(source) == 1.0


@pytest.mark.parametrize("age_s, whole_second, trusted", [
    (0.0, False, False), (0.5, False, True), (0.5, True, False), (3.0, True, True)])
def test_a_recently_modified_file_is_compared_again(tmp_path: Path, age_s: float, whole_second: bool,
                                                    trusted: bool) -> None:
    # racily clean: a write in the same timestamp tick with the same size would not show in stat;
    # whole-second mtimes may come from a file system that ticks in seconds
    path = tmp_path / "log.jsonl"
    path.write_text(jsonl_line("c1", "resolved", T0))
    mtime_ns = time.time_ns() - int(age_s * 1e9)
    mtime_ns -= mtime_ns % 10**9 if whole_second else int(mtime_ns % 10**9 == 0)  # older by < 1 s at most
    os.utime(path, ns=(mtime_ns, mtime_ns))
    source = _source(path)
    assert (source._log._trusted is not None) is trusted  # type: ignore[attr-defined]


def test_a_vanished_log_errors_the_batch(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text(jsonl_line("c1", "resolved", T0))
    source = _source(path)
    path.unlink()
    assert source.fingerprint() != source.fingerprint()
    [score] = source.score([make_sample("c1")])
    assert score.status is Status.ERROR and "cannot be read" in score.evidence


def test_a_closed_log_reads_the_file_again_if_used(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text(jsonl_line("c1", "resolved", T0))
    old = os.stat(path).st_mtime_ns - 3_600 * 10**9
    os.utime(path, ns=(old, old))  # settled: its stat is trusted
    source = _source(path)
    fingerprint = source.fingerprint()
    source.close()
    assert source.fingerprint() == fingerprint and _value(source) == 1.0


def test_custom_field_names(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text('{"ticket": 9, "event": "escalated", "at": "2025-01-01T10:00:00Z"}\n')
    source = OutcomeSignalsSource(log={"kind": "jsonl", "path": str(path), "key_field": "ticket",
                                       "outcome_field": "event", "time_field": "at"}, id_key="ticket")
    [score] = source.score([make_sample(None, ticket=9)])
    assert score.value == -1.0
