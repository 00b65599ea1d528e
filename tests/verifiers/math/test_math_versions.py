"""The sympy pinned in pyproject's ``math`` extra is the one installed (verdicts depend on it)."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"


def _pins() -> dict[str, str]:
    extra = tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]["math"]
    pins = {}
    for requirement in extra:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][A-Za-z0-9.]*)", requirement.strip())
        assert match, f"math extra must pin exact versions, got {requirement!r}"
        pins[match.group(1)] = match.group(2)
    return pins


def test_math_extra_pins_sympy() -> None:
    assert "sympy" in _pins()


def test_pinned_versions_are_installed() -> None:
    for name, pinned in _pins().items():
        assert version(name) == pinned, f"{name} {version(name)} installed, {pinned} pinned"


def test_no_antlr_parser_is_used() -> None:
    # we translate LaTeX ourselves; sympy's parse_latex (antlr-version dependent) must not creep in
    package = Path(__file__).resolve().parents[3] / "rewardstack" / "verifiers" / "math"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("sympy.parsing"), path
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("sympy.parsing") for a in node.names), path
