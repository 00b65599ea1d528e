from typing import Any

import pytest

from rewardstack.core.errors import RegistryError
from rewardstack.core.registry import SOURCES, Registry


def test_builtins_load_lazily() -> None:
    registry: Registry[Any] = Registry("thing", "rewardstack.test-none", {"json": "json:dumps"})
    entry = registry._entries["json"]
    assert isinstance(entry.target, str)  # not imported yet
    import json

    assert registry.get("json") is json.dumps


def test_duplicate_name_is_an_error_naming_both_origins() -> None:
    registry: Registry[Any] = Registry("thing", "rewardstack.test-none", {"a": "json:dumps"})
    with pytest.raises(RegistryError, match="registered twice: by builtin and by python"):
        registry.register("a", object())


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(RegistryError, match="Did you mean 'length'"):
        SOURCES.get("lenght")


def test_broken_target_reports_load_failure() -> None:
    registry: Registry[Any] = Registry("thing", "rewardstack.test-none", {"bad": "no_such_module_xyz:thing"})
    with pytest.raises(RegistryError, match="failed to load"):
        registry.get("bad")


def test_autoload_can_be_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REWARDSTACK_DISABLE_PLUGIN_AUTOLOAD", "1")
    # a registry reading a real group that exists in this env: console_scripts
    registry: Registry[Any] = Registry("thing", "console_scripts", {})
    assert registry.names() == []
    monkeypatch.delenv("REWARDSTACK_DISABLE_PLUGIN_AUTOLOAD")
    registry.discover(force=True)
    assert "rewardstack" in registry.names()  # our own console script, found as an entry point
