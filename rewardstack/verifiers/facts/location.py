"""Where knowledge bases live: ``$REWARDSTACK_KB_DIR``, else ``<user data dir>/rewardstack/kb``.

A KB is named (``medicine`` -> ``<kb dir>/medicine.sqlite``) or given as a path
to its ``.sqlite`` file. User data, not cache: a KB someone imported is not
something to throw away to free space.

>>> import os
>>> os.environ["REWARDSTACK_KB_DIR"] = "/tmp/kbs"
>>> kb_path("medicine")
PosixPath('/tmp/kbs/medicine.sqlite')
>>> kb_path("./mine.sqlite").name, is_kb_name("mine.sqlite"), is_kb_name("medicine")
('mine.sqlite', False, True)
>>> del os.environ["REWARDSTACK_KB_DIR"]
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from rewardstack.core.errors import ConfigError

__all__ = ["KB_DIR_ENV", "KB_SUFFIX", "check_kb_name", "is_kb_name", "kb_dir", "kb_path"]

KB_DIR_ENV = "REWARDSTACK_KB_DIR"
KB_SUFFIX = ".sqlite"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


def kb_dir() -> Path:
    """The folder of named KBs (not created here)."""
    override = os.environ.get(KB_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("rewardstack")) / "kb"


def is_kb_name(text: str) -> bool:
    """A bare name (letters, digits, ``_``, ``-``) rather than a path."""
    return bool(_NAME.match(text))


def check_kb_name(name: str) -> str:
    """``name`` if it can name a KB, else a :class:`ConfigError` saying what a name may be."""
    if not is_kb_name(name):
        raise ConfigError(f"KB name {name!r}: use letters, digits, '_' and '-' (at most 100), e.g. 'medicine'")
    return name


def kb_path(kb: str) -> Path:
    """The file of a KB given by name or by path."""
    if is_kb_name(kb):
        return kb_dir() / f"{kb}{KB_SUFFIX}"
    return Path(kb).expanduser()
