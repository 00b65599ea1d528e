"""Ctrl-C while the command line is still importing: one line, exit 130, no traceback.

Deterministic, not timed: the child process sends itself SIGINT from an import hook at the
moment the module named by the test is first looked up, so the signal always lands inside
the import it names.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from rewardstack.__main__ import main

REPO = Path(__file__).resolve().parents[1]

# SIGINT's default handler is set explicitly: a child inherits an ignored SIGINT from a
# background job (CI), where Python would install none, and a user's terminal has the default.
CHILD = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)

class InterruptOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == {target!r}:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, InterruptOnImport())
sys.argv = ["rewardstack", "--version"]
from rewardstack.__main__ import main
main()
"""


@pytest.mark.parametrize("target", ["rewardstack.cli", "typer"])  # the command line itself, a library it imports
def test_ctrl_c_while_importing_the_cli_is_one_line_and_exit_130(target: str) -> None:
    proc = subprocess.run([sys.executable, "-c", CHILD.format(target=target)], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert (proc.returncode, proc.stderr, proc.stdout) == (130, "interrupted\n", "")


def test_the_console_script_enters_through_the_guard(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["rewardstack"] == "rewardstack.__main__:main"
    monkeypatch.setattr(sys, "argv", ["rewardstack", "--version"])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 0 and capsys.readouterr().out.startswith("rewardstack ")
