"""The gold module is out of reach of every reward source: checked on the import graph (AST)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import rewardstack

PACKAGE = Path(rewardstack.__file__).parent
GOLD = "rewardstack.benchmarks.worlds.gold"
# packages whose modules score, fuse or train on rewards: none may reach the gold by any chain of imports
SOURCE_PACKAGES = ("core", "rewards", "verifiers", "fusion", "training", "data", "models", "integrations")
# inside benchmarks/, only the worlds, the runner and the PPO-run grader (it grades what a trained policy wrote
# against the real-model tier's gold) may import the gold directly
ALLOWED_IMPORTERS = ("rewardstack.benchmarks.worlds", "rewardstack.benchmarks.runner",
                     "rewardstack.benchmarks.ppo_runs")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(path: Path, module: str | None = None) -> set[str]:
    """Every module name the file imports (anywhere, lazily too), plus dotted strings naming the gold."""
    module, is_package = module or _module_name(path), path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, is_package, node)
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "benchmarks.worlds.gold" in node.value:
            found.add(GOLD)  # importlib.import_module("...gold"), a registry's "module:Class" string
    return found


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _is_gold(name: str) -> bool:
    return name == GOLD or name.startswith(GOLD + ".")


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _reaches_gold(graph: dict[str, set[str]]) -> set[str]:
    """Modules from which some chain of imports (importing a.b.c also runs a and a.b) reaches the gold."""
    edges: dict[str, set[str]] = {}
    for module, targets in graph.items():
        expanded = set()
        for target in targets:
            parts = target.split(".")
            expanded.update(".".join(parts[:k]) for k in range(1, len(parts) + 1))
        edges[module] = {t for t in expanded if t in graph or _is_gold(t)}
    reaching = {m for m in graph if _is_gold(m)}
    changed = True
    while changed:
        changed = False
        for module, targets in edges.items():
            if module not in reaching and targets & reaching:
                reaching.add(module)
                changed = True
    return reaching


def test_no_module_outside_benchmarks_imports_the_gold() -> None:
    offenders = sorted(
        m for m, targets in _graph().items()
        if not _within(m, "rewardstack.benchmarks") and any(_is_gold(t) for t in targets)
    )  # fmt: skip
    assert offenders == []


def test_inside_benchmarks_only_the_worlds_the_runner_and_the_ppo_grader_import_the_gold() -> None:
    offenders = sorted(
        m for m, targets in _graph().items()
        if any(_is_gold(t) for t in targets) and not any(_within(m, p) for p in ALLOWED_IMPORTERS)
    )  # fmt: skip
    assert offenders == []


@pytest.mark.parametrize("package", SOURCE_PACKAGES)
def test_no_source_package_reaches_the_gold_through_any_chain(package: str) -> None:
    reaching = _reaches_gold(_graph())
    assert sorted(m for m in reaching if _within(m, f"rewardstack.{package}")) == []


def test_the_scanner_sees_real_imports_of_the_gold() -> None:
    # positive control: the world itself imports the gold, and the scan must say so
    graph = _graph()
    assert any(_is_gold(t) for t in graph["rewardstack.benchmarks.worlds.synthetic"])
    assert "rewardstack.benchmarks.worlds" in _reaches_gold(graph)


def test_relative_and_lazy_and_string_imports_are_seen(tmp_path: Path) -> None:
    cases = {
        "relative.py": "from .gold import gold_for\n",
        "lazy.py": "def f():\n    import rewardstack.benchmarks.worlds.gold.scales\n",
        "by_name.py": "import importlib\nM = importlib.import_module('rewardstack.benchmarks.worlds.gold')\n",
    }
    for name, code in cases.items():
        path = tmp_path / name
        path.write_text(code, encoding="utf-8")
        # read as if it were a module of rewardstack.benchmarks.worlds
        assert any(_is_gold(t) for t in _imports(path, f"rewardstack.benchmarks.worlds.{path.stem}")), name
    assert _imports(tmp_path / "relative.py", "rewardstack.verifiers.x") == {
        "rewardstack.verifiers.gold",
        "rewardstack.verifiers.gold.gold_for",
    }
