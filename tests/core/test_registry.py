import importlib
import re
import sys
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from rewardstack.core.errors import RegistryError
from rewardstack.core.registry import JUDGE_BACKENDS, SOURCES, Registry, protocol_methods, register_source
from rewardstack.core.source import RewardSource
from rewardstack.rewards.critic.judges import register_judge
from rewardstack.rewards.shaping import LengthSource


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


@pytest.mark.parametrize(("env", "says_why"), [("1", True), ("0", False), ("", False)])
def test_an_unknown_name_says_when_plugins_were_not_looked_for(monkeypatch: pytest.MonkeyPatch, env: str,
                                                                says_why: bool) -> None:
    monkeypatch.setenv("REWARDSTACK_DISABLE_PLUGIN_AUTOLOAD", env)
    registry: Registry[Any] = Registry("thing", "rewardstack.test-none", {})
    with pytest.raises(RegistryError) as raised:
        registry.get("keyword_present")
    assert ("REWARDSTACK_DISABLE_PLUGIN_AUTOLOAD is set (unset it" in str(raised.value)) == says_why


# --- base-class check ------------------------------------------------------------------------------------------


def test_wrong_type_builtin_is_reported_when_loaded_naming_entry_origin_and_base() -> None:
    registry: Registry[Any] = Registry("thing", "rewardstack.test-none", {"int": "builtins:int"}, base=float)
    assert registry.names() == ["int"]
    assert isinstance(registry._entries["int"].target, str)  # still lazy: nothing checked before the lookup
    for _ in range(2):  # a failed check is not remembered as passed
        with pytest.raises(RegistryError) as info:
            registry.get("int")
        assert str(info.value) == (
            "thing 'int' (builtin) is <class 'int'>, but a thing must be a subclass of builtins.float "
            "(entry point group 'rewardstack.test-none')."
        )


def test_base_given_as_a_string_is_resolved_on_first_check() -> None:
    registry: Registry[Any] = Registry("thing", "rewardstack.test-none", {"od": "collections:OrderedDict"},
                                       base="builtins:dict")
    assert registry._base == "builtins:dict"
    assert registry.get("od") is OrderedDict
    assert registry.base() is dict


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (int, "thing 'x' (python) is <class 'int'>, but a thing must be a subclass of builtins.float"),
        (1.5, "thing 'x' (python) is 1.5, not a class, but a thing must be a subclass of builtins.float"),
    ],
)
def test_python_registration_is_checked_at_once_and_not_added(target: Any, expected: str) -> None:
    registry: Registry[Any] = Registry("thing", "rewardstack.test-none", {}, base=float)
    with pytest.raises(RegistryError, match=re.escape(expected)):
        registry.register("x", target)
    assert "x" not in registry


class _ScoresOnly:
    def score(self, samples: Any) -> list[Any]:
        return []


def test_protocol_base_checks_the_methods_the_protocol_declares() -> None:
    registry: Registry[Any] = Registry("source kind", "rewardstack.test-none", {}, base=RewardSource)
    registry.register("length", LengthSource)  # a BaseSource subclass has the shape
    missing = [m for m in protocol_methods(RewardSource) if m != "score"]
    with pytest.raises(RegistryError, match=f"which lacks {', '.join(missing)}, but a source kind must be a class "
                                            "with the methods of rewardstack.core.source.RewardSource"):
        registry.register("bad", _ScoresOnly)


def test_register_source_refuses_a_class_that_is_not_a_source() -> None:
    with pytest.raises(RegistryError, match=r"source kind 'not_a_source' \(python .*_ScoresOnly\)"):
        register_source("not_a_source")(_ScoresOnly)
    assert "not_a_source" not in SOURCES


def test_every_builtin_source_passes_the_check() -> None:
    for kind in ("length", "regex_match", "math_answer"):
        assert callable(SOURCES.get(kind).score)


# --- built-ins that register themselves (packages) --------------------------------------------------------------

PACKAGE = "rs_test_widgets"
WIDGET_MODULES = {
    "__init__.py": "from rewardstack.core.registry import Registry\n"
                   "REG = Registry('widget', 'rewardstack.test-none', {'lazy_c': 'rs_test_widgets.c:C'}, base=int,\n"
                   "               packages=('rs_test_widgets',))\n",
    "a.py": "from rs_test_widgets import REG\n\n@REG.register_class('a')\nclass A(int):\n    pass\n",
    "b.py": "from rs_test_widgets import REG\n\n@REG.register_class('b')\nclass B(int):\n    pass\n",
    "c.py": "from rs_test_widgets import REG\n\n@REG.register_class('lazy_c')\nclass C(int):\n    pass\n",
    "_private.py": "raise RuntimeError('private modules are not imported')\n",
}


@pytest.fixture
def widgets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    (tmp_path / PACKAGE).mkdir()
    for name, text in WIDGET_MODULES.items():
        (tmp_path / PACKAGE / name).write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(PACKAGE)
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


def test_package_builtins_register_themselves_on_first_lookup(widgets: Any) -> None:
    assert f"{PACKAGE}.a" not in sys.modules  # nothing imported before a lookup
    registry = widgets.REG
    assert registry.names() == ["a", "b", "lazy_c"]
    assert {registry.origin(n) for n in registry.names()} == {"builtin"}
    # the lazy "module:attr" entry and the decorator in that module are one entry, not a clash
    assert registry.get("lazy_c") is sys.modules[f"{PACKAGE}.c"].C


def test_python_registration_clashing_with_a_package_builtin_fails_at_the_decorator(widgets: Any) -> None:
    class Other(int):
        pass

    with pytest.raises(RegistryError, match=r"'a' is registered twice: by builtin and by python .*Other"):
        widgets.REG.register_class("a")(Other)


def test_concurrent_first_lookups_all_see_every_builtin(widgets: Any) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = list(pool.map(lambda _: tuple(widgets.REG.names()), range(8)))
    assert set(seen) == {("a", "b", "lazy_c")}


def test_judge_backends_registry_checks_the_judge_base_class() -> None:
    class NotAJudge:
        kind = "not_a_judge"

    with pytest.raises(RegistryError, match=r"subclass of rewardstack\.rewards\.critic\.judges\.base\.JudgeBackend"):
        register_judge("not_a_judge")(NotAJudge)  # type: ignore[type-var]  # mypy refuses it too
    assert JUDGE_BACKENDS.group == "rewardstack.judges"
    assert "not_a_judge" not in JUDGE_BACKENDS
