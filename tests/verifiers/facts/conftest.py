"""Fixtures: an isolated KB folder per test, the fixture KB, and the medicine pack imported once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rewardstack.verifiers.facts.packs_io import ensure_kb
from rewardstack.verifiers.facts.source import KbFactsSource
from tests.verifiers.facts.fixture_pack import import_fixture


@pytest.fixture
def kb_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "kb"
    folder.mkdir()
    monkeypatch.setenv("REWARDSTACK_KB_DIR", str(folder))
    return folder


@pytest.fixture
def fixture_kb(kb_dir: Path) -> Path:
    return import_fixture(kb_dir)


@pytest.fixture
def fixture_source(fixture_kb: Path) -> Iterator[KbFactsSource]:
    source = KbFactsSource(kb="fixture", patterns="medicine", linking={"embeddings": "off"})
    yield source
    source.close()


@pytest.fixture(scope="session")
def medicine_kb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in medicine pack, imported once (with its alias vectors) into a session KB folder."""
    folder = tmp_path_factory.mktemp("medicine_kb")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REWARDSTACK_KB_DIR", str(folder))
        ensure_kb("medicine")
    return folder


@pytest.fixture
def medicine_source(medicine_kb_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[KbFactsSource]:
    monkeypatch.setenv("REWARDSTACK_KB_DIR", str(medicine_kb_dir))
    source = KbFactsSource(kb="medicine")
    yield source
    source.close()
