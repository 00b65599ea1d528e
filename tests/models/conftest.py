"""Model fixtures: the shared model cache, and an isolated one per test.

Tests that need a *real* converted model use the real model cache
(``$REWARDSTACK_MODEL_DIR`` or the user cache dir; tests/conftest.py isolates
only the result cache): SmolLM2 is converted there at most once per machine
(``make test`` fetches before pytest, so CI converts it in ``make models``,
not here). Tests that build, break or count builds use ``isolated_model_dir``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rewardstack.models import MODEL_DIR_ENV, model_dir, resolve_model


@pytest.fixture(scope="session")
def shared_model_dir() -> Path:
    return model_dir()


@pytest.fixture(scope="session")
def smollm2_folder(shared_model_dir: Path) -> Path:
    # session scope: converts only when `rewardstack models fetch` has not run on this machine
    return resolve_model("smollm2-135m-instruct")


@pytest.fixture()
def isolated_model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "models"
    monkeypatch.setenv(MODEL_DIR_ENV, str(folder))
    yield folder
