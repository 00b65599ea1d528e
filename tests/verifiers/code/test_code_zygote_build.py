"""Building the zygote's C fork loop: cached per source and interpreter, and a clear reason when impossible."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from rewardstack.verifiers.code.sandbox import zygote_build
from rewardstack.verifiers.code.sandbox.zygote_build import native_zygote


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(zygote_build, "_cache_root", lambda: tmp_path / "cache")
    native_zygote.cache_clear()
    yield tmp_path / "cache"
    native_zygote.cache_clear()


def test_builds_once_then_reuses_the_cached_module(fresh_cache: Path) -> None:
    first = native_zygote("/usr/bin/python3")
    assert first.path is not None, first.reason
    assert first.path.is_relative_to(fresh_cache) and first.path.stat().st_mode & 0o444 == 0o444
    built_at = first.path.stat().st_mtime_ns
    native_zygote.cache_clear()
    second = native_zygote("/usr/bin/python3")
    assert second.path == first.path and second.path.stat().st_mtime_ns == built_at  # not rebuilt


def test_missing_interpreter_or_compiler_is_a_reason_not_an_error(
    fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = native_zygote("/nonexistent/python3")
    assert missing.path is None and "cannot query /nonexistent/python3" in missing.reason
    monkeypatch.setenv("PATH", str(fresh_cache))  # no cc, no gcc
    no_cc = native_zygote(os.path.realpath("/usr/bin/python3"))
    assert no_cc.path is None and "no C compiler" in no_cc.reason
