"""Regression cases rebuilt from public bug reports, run through the real ``code_tests`` source.

Each line of ``tests/cases/code_cases.jsonl`` (a copy of the shared ``code_cases.jsonl``; the shared file,
when present, adds any case the copy lacks) and of ``cases/code_cases_variants.jsonl`` (our own
variants of each fault kind) is a Sample plus ``expected`` (a value or a status), ``config`` (the
source configuration the case assumes) and optionally ``accept_also``. ``config`` is read as words:
``default``, ``exact``, ``tokens`` / ``io tokens``, ``trailing_ws``, ``float_tol [TOL]`` (default
1e-6), ``int_float_equal``, joined by ``+``; an unknown word fails the case loudly.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rewardstack.core.sample import Sample
from rewardstack.verifiers.code.source import CodeTestsSource

HERE = Path(__file__).parent / "cases"  # our own variants
COPIED = Path(__file__).resolve().parents[2] / "cases"  # tests/cases: copies of the shared case files
SHARED = Path(os.environ.get("REWARDSTACK_CODE_CASES", "/work/shared/cases/code_cases.jsonl"))
SAMPLE_FIELDS = ("id", "prompt", "response", "domain", "reference", "metadata")
TOOLS = {"cpp": "g++", "c++": "g++", "javascript": "node", "js": "node"}


def _load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _cases() -> list[dict[str, Any]]:
    cases = _load(COPIED / "code_cases.jsonl") + _load(HERE / "code_cases_variants.jsonl")
    if SHARED.is_file():  # the shared file may have grown: its new cases run too
        known = {c["id"] for c in cases}
        cases += [c for c in _load(SHARED) if c["id"] not in known]
    return cases


CASES = _cases()


def compare_config(config: str) -> dict[str, Any]:
    """The ``compare`` options a case's ``config`` words name."""
    options: dict[str, Any] = {}
    for word in (w.strip().lower() for w in re.split(r"[+,]", config or "default")):
        if word in ("", "default"):
            continue
        if word in ("exact", "io exact"):
            options["io"] = "exact"
        elif word in ("tokens", "io tokens"):
            options["io"] = "tokens"
        elif word in ("trailing_ws", "trailing_whitespace", "io trailing_whitespace", "lines"):
            options["io"] = "trailing_whitespace"
        elif word == "int_float_equal":
            options["int_float_equal"] = True
        elif (m := re.fullmatch(r"float_tol(?:[ =:]+([0-9.eE+-]+))?", word)) is not None:
            options["float_tol"] = float(m.group(1)) if m.group(1) else 1e-6
        else:
            raise AssertionError(f"case config word {word!r} is not understood: teach compare_config() about it")
    return options


@pytest.fixture(scope="module")
def sources() -> Iterator[dict[str, CodeTestsSource]]:
    made: dict[str, CodeTestsSource] = {}
    yield made
    for source in made.values():
        source.close()


def _source(sources: dict[str, CodeTestsSource], config: str) -> CodeTestsSource:
    if config not in sources:
        sources[config] = CodeTestsSource(
            backend="bwrap", timeout_s=10, sandbox={"workers": 2}, compare=compare_config(config)
        )
    return sources[config]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any], sources: dict[str, CodeTestsSource]) -> None:
    language = str((case.get("reference") or {}).get("language", "python")).lower()
    tool = TOOLS.get(language)
    if tool is not None and shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed here (scripts/setup_system.sh installs it)")
    sample = Sample(**{k: case[k] for k in SAMPLE_FIELDS if k in case})
    [score] = _source(sources, case.get("config", "default")).score([sample])
    got: float | str = score.value if score.status.value == "ok" else score.status.value  # type: ignore[assignment]
    accepted = [case["expected"], *case.get("accept_also", [])]
    assert got in accepted, f"{case['id']} ({case.get('origin')}): got {got!r}, expected {accepted}: {score.evidence}"


@pytest.mark.parametrize(
    ("config", "options"),
    [
        ("default", {}),
        ("float_tol", {"float_tol": 1e-6}),
        ("io tokens + float_tol 1e-6", {"io": "tokens", "float_tol": 1e-6}),
        ("trailing_ws", {"io": "trailing_whitespace"}),
        ("exact + int_float_equal", {"io": "exact", "int_float_equal": True}),
        ("float_tol=1e-9", {"float_tol": 1e-9}),
    ],
)
def test_case_config_words(config: str, options: dict[str, Any]) -> None:
    assert compare_config(config) == options
    with pytest.raises(AssertionError, match="not understood"):
        compare_config("fuzzy")
