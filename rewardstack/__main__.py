"""``rewardstack`` (the console script) and ``python -m rewardstack``: the command line.

The console script enters here, not at :mod:`rewardstack.cli`, because importing the
command line (typer, torch, every sub-command) takes seconds, and a Ctrl-C during those
imports happens before ``rewardstack.cli.main`` can catch it: Python printed a traceback.
Importing it inside :func:`main` puts the import under the same rule as the run (one line,
exit 130). Only ``import rewardstack`` itself (the package's ``__init__``, a few tenths of
a second) and the interpreter's own start still come before any handler.
"""

from __future__ import annotations

import sys

__all__ = ["main"]

INTERRUPTED = 130  # 128 + SIGINT, as rewardstack.cli.main and shells report it


def main() -> None:
    """Import the command line and run it; Ctrl-C while importing exits 130 without a traceback."""
    try:
        from rewardstack.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")  # rich is not imported yet: the same line rewardstack.cli prints
        raise SystemExit(INTERRUPTED) from None
    run()


if __name__ == "__main__":
    main()
