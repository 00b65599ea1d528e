"""Shared fixtures: an isolated cache dir for every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # no test may read or write the user's real result cache
    monkeypatch.setenv("REWARDSTACK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))

