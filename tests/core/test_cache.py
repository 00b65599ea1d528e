import multiprocessing as mp
from pathlib import Path

import pytest

from rewardstack import ResultCache, Score


def test_put_get_only_cacheable_statuses(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c.sqlite")
    written = cache.put_many([("ok", Score.ok(1.0)), ("ab", Score.abstain("x")), ("err", Score.error("boom"))])
    assert written == 2  # errors are retried next time, never cached
    found = cache.get_many(["ok", "ab", "err", "missing"])
    assert set(found) == {"ok", "ab"}
    assert found["ok"].value == 1.0


def test_many_keys_beyond_sqlite_parameter_limit(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c.sqlite")
    cache.put_many((f"k{i}", Score.ok(float(i))) for i in range(2500))
    found = cache.get_many(f"k{i}" for i in range(2500))
    assert len(found) == 2500 and found["k2499"].value == 2499.0


def test_corrupt_file_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.warns(RuntimeWarning, match="unreadable"):
        cache = ResultCache(path)
    cache.put_many([("k", Score.ok(1.0))])
    assert cache.get_many(["k"])["k"].value == 1.0
    assert list(tmp_path.glob("c.sqlite.corrupt-*"))


def test_file_corrupted_while_open_does_not_crash_reads(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    cache = ResultCache(path)
    cache.put_many([("k", Score.ok(1.0))])
    cache.close()
    path.write_bytes(b"\x00garbage" * 1000)
    with pytest.warns(RuntimeWarning):
        reopened = ResultCache(path)
    assert reopened.get_many(["k"]) == {}


def _writer(path: str, offset: int) -> None:
    cache = ResultCache(path)
    for start in range(0, 2000, 100):
        cache.put_many((f"w{offset}-{i}", Score.ok(float(i))) for i in range(start, start + 100))
    cache.close()


def test_two_processes_writing_concurrently(tmp_path: Path) -> None:
    path = str(tmp_path / "c.sqlite")
    ResultCache(path).close()
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, k)) for k in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    cache = ResultCache(path)
    assert len(cache) == 4000
    assert cache.get_many(["w1-1999"])["w1-1999"].value == 1999.0
