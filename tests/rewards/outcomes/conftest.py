"""Fixtures: real outcome logs (an indexed SQLite file, a JSONL file) built from (id, outcome, time) rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.rewards.outcomes.helpers import Row, create_sqlite, jsonl_line

LogFactory = Callable[[Sequence[Row]], dict[str, Any]]


@pytest.fixture
def sqlite_log(tmp_path: Path) -> LogFactory:
    """Writes an indexed SQLite log; returns the ``log:`` config mapping."""
    def build(rows: Sequence[Row]) -> dict[str, Any]:
        return {"kind": "sqlite", "path": str(create_sqlite(tmp_path / "outcomes.sqlite", rows))}
    return build


@pytest.fixture
def jsonl_log(tmp_path: Path) -> LogFactory:
    def build(rows: Sequence[Row]) -> dict[str, Any]:
        path = tmp_path / "outcomes.jsonl"
        path.write_text("".join(jsonl_line(*row) for row in rows), encoding="utf-8")
        return {"kind": "jsonl", "path": str(path)}
    return build


@pytest.fixture(params=["sqlite", "jsonl"])
def any_log(request: pytest.FixtureRequest, sqlite_log: LogFactory, jsonl_log: LogFactory) -> LogFactory:
    """Each test using it runs once per backend."""
    return sqlite_log if request.param == "sqlite" else jsonl_log
