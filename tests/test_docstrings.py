"""Every docstring example in the package runs and says what it claims."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import rewardstack

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(rewardstack.__path__, prefix="rewardstack.") if not info.ispkg
) + ["rewardstack"]


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {module_name}"
