"""Remove the top-level ``tests`` / ``scripts`` packages some wheels ship into site-packages.

verl 0.9.1 and openrlhf 0.11.2 install their own test suites as a top-level ``tests`` package
(verl also ``scripts``). In the venv that shadows this repository's ``tests`` package wherever the
repository root is not first on ``sys.path``: spawned worker processes, Ray actors and subprocess
servers then fail with ``No module named 'tests.core'``. Only those two names are removed, and only
when the named distribution's RECORD lists them.

Usage: python scripts/remove_stray_packages.py DIST [DIST ...]
"""

from __future__ import annotations

import shutil
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

STRAY = ("tests", "scripts")


def remove_stray(dist_name: str) -> list[Path]:
    try:
        dist = distribution(dist_name)
    except PackageNotFoundError:
        return []
    tops = {f.parts[0] for f in dist.files or [] if len(f.parts) > 1}
    removed = []
    for name in STRAY:
        path = Path(str(dist.locate_file(name)))
        if name in tops and path.is_dir():
            shutil.rmtree(path)
            removed.append(path)
    return removed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        for path in remove_stray(name):
            print(f"removed {path} (shipped by {name})")
