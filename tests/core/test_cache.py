import multiprocessing as mp
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rewardstack import ResultCache, Score
from rewardstack.core.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def test_put_get_only_cacheable_statuses(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c.sqlite")
    written = cache.put_many([("ok", Score.ok(1.0)), ("ab", Score.abstain("x")), ("err", Score.error("boom"))])
    assert written == 2  # errors are retried next time, never cached
    found = cache.get_many(["ok", "ab", "err", "missing"])
    assert set(found) == {"ok", "ab"}
    assert found["ok"].value == 1.0
    assert (cache.hits, cache.misses) == (2, 2)


def test_many_keys_beyond_sqlite_parameter_limit(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c.sqlite")
    cache.put_many((f"k{i}", Score.ok(float(i))) for i in range(2500))
    found = cache.get_many(f"k{i}" for i in range(2500))
    assert len(found) == 2500 and found["k2499"].value == 2499.0


def test_served_tells_cached_scores_from_fresh_ones(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c.sqlite")
    fresh = Score.ok(1.0)
    cache.put_many([("k", fresh)])
    cached = cache.get_many(["k"])["k"]
    assert cached == fresh  # same content ...
    assert cache.served(cached) and not cache.served(fresh)  # ... but only one came from the cache


def _sqlite_file(path: Path) -> Path:
    cache = ResultCache(path)
    cache.put_many((f"k{i}", Score.ok(float(i))) for i in range(200))
    cache.close()
    return path


def _garbage_after_header(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:16] + b"\x00garbage" * 1000)


def _garbage_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # the header page survives, the table pages do not
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("corrupt", [_garbage_after_header, _garbage_pages])
def test_corrupt_sqlite_file_is_moved_aside_and_rebuilt(tmp_path: Path, corrupt: Callable[[Path], None]) -> None:
    path = _sqlite_file(tmp_path / "c.sqlite")
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    corrupt(path)
    with pytest.warns(RuntimeWarning, match="unreadable"):
        cache = ResultCache(path)
        cache.get_many(["k1"])  # page corruption may only show on the first read
    cache.put_many([("k", Score.ok(1.0))])
    assert cache.get_many(["k"])["k"].value == 1.0
    assert list(tmp_path.glob("c.sqlite.corrupt-*"))
    assert cache.disabled is None


def test_file_corrupted_while_open_does_not_crash_reads(tmp_path: Path) -> None:
    path = _sqlite_file(tmp_path / "c.sqlite")
    _garbage_after_header(path)
    with pytest.warns(RuntimeWarning):
        reopened = ResultCache(path)
    assert reopened.get_many(["k1"]) == {}


def test_empty_file_is_used_as_a_new_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.touch()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cache = ResultCache(path)
    cache.put_many([("k", Score.ok(1.0))])
    assert len(cache) == 1 and not list(tmp_path.glob("*.corrupt-*"))


def _directory(tmp_path: Path) -> Path:
    folder = tmp_path / "mycache"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    return folder


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n" * 50)
    return path


def _foreign_database(tmp_path: Path) -> Path:
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE users (name TEXT)")
        conn.execute("INSERT INTO users VALUES ('ada')")
    conn.close()
    return path


def _under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "plain").write_text("x")
    return tmp_path / "plain" / "c.sqlite"


@pytest.mark.parametrize(
    "make, message",
    [
        (_directory, "is a directory"),
        (_text_file, "is not an SQLite database"),
        (_foreign_database, "SQLite database of something else"),
        (_under_a_file, "parent of this path is a file"),
    ],
)
def test_paths_that_are_not_ours_are_config_errors_and_untouched(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    before = sorted((p.name, p.stat().st_size) for p in tmp_path.rglob("*"))
    with pytest.raises(ConfigError, match=message):
        ResultCache(path)
    assert sorted((p.name, p.stat().st_size) for p in tmp_path.rglob("*")) == before  # nothing moved or written


def test_a_path_that_cannot_be_created_means_no_cache_with_one_warning() -> None:
    with pytest.warns(RuntimeWarning, match="off for this run") as record:
        cache = ResultCache("/proc/rewardstack-test/c.sqlite")  # /proc takes no new folders, even for root
    assert len(record) == 1
    assert cache.disabled and cache.get_many(["k"]) == {} and cache.put_many([("k", Score.ok(1.0))]) == 0


def test_closed_cache_ignores_late_calls_and_keeps_its_file(tmp_path: Path) -> None:
    path = _sqlite_file(tmp_path / "c.sqlite")
    cache = ResultCache(path)
    cache.close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a closed connection is not corruption: nothing to warn about
        assert cache.put_many([("late", Score.ok(1.0))]) == 0
        assert cache.get_many(["k1"]) == {}
    assert not list(tmp_path.glob("*.corrupt-*"))
    assert ResultCache(path).get_many(["k1"])["k1"].value == 1.0


_READ_ONLY_PROBE = """
import sys, warnings
from rewardstack import ResultCache, Score
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    cache = ResultCache(sys.argv[1])
    cache.get_many(["k1"])
    cache.put_many([("new", Score.ok(1.0))])
    cache.put_many([("new2", Score.ok(1.0))])
print(len(caught), cache.disabled is not None)
"""


def test_read_only_cache_file_means_no_cache_with_one_warning() -> None:
    folder = Path(tempfile.mkdtemp(prefix="rs-ro-"))
    try:
        path = _sqlite_file(folder / "c.sqlite")
        path.chmod(0o444)
        folder.chmod(0o555)
        command = [sys.executable, "-c", _READ_ONLY_PROBE, str(path)]
        if os.geteuid() == 0:  # root writes through file modes: run the probe as nobody
            if shutil.which("setpriv") is None:
                pytest.skip("running as root without setpriv: cannot make a file read-only for the probe")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
        assert proc.returncode == 0, proc.stderr
        warned, disabled = proc.stdout.split()
        assert (warned, disabled) == ("1", "True")
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)], capture_output=True)
    if proc.returncode != 0:
        pytest.skip("cannot mount a tiny tmpfs here (needs root): no full disk to test against")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_means_no_cache_with_one_warning(tiny_disk: Path) -> None:
    cache = ResultCache(tiny_disk / "c.sqlite")
    big = Score.ok(1.0, evidence="x" * 4000)
    with pytest.warns(RuntimeWarning, match="off for this run") as record:
        for start in range(0, 400, 20):
            cache.put_many((f"k{i}", big) for i in range(start, start + 20))
    assert len(record) == 1
    assert cache.disabled is not None and cache.get_many(["k0"]) == {}
    assert (tiny_disk / "c.sqlite").exists() and not list(tiny_disk.glob("*.corrupt-*"))


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
