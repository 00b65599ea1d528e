"""Shared fixtures: an isolated cache dir for every test; property tests with fixed seeds."""

from __future__ import annotations

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (a seed derived from each test), so a run
# never passes or fails by chance; a new counterexample is kept with @example once found.
settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True)
settings.load_profile("deterministic")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # no test may read or write the user's real result cache
    monkeypatch.setenv("REWARDSTACK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))

