"""The rewardstack model cache: where built models live, when they count as ready, atomic builds.

Location: ``$REWARDSTACK_MODEL_DIR``, else ``<user cache dir>/rewardstack/models``
(``~/.cache/rewardstack/models`` on Linux). It is deliberately separate from
``$REWARDSTACK_CACHE_DIR`` (the result cache): tests isolate the result cache per
test but share this one, so the ~30 s SmolLM2 conversion happens once per
machine, not once per test.

A built model is ``<model dir>/<name>/``, a plain Hugging Face folder plus
``rewardstack-model.json`` (the *marker*: recipe version, size and SHA-256 of
every file, build time). Decisions:

- **Atomic**: a recipe writes into ``.<name>.tmp-*`` beside the final folder;
  the marker is written last and the folder renamed into place, so a crash or
  kill never leaves a half model under the final name. Builds hold a file
  lock (``.<name>.lock``): a second process waits and then finds the model ready.
- **Ready** means: marker present, same recipe version, every listed file
  present with its recorded size. That costs a few ``stat`` calls, so every
  load checks it. Hashes (0.65 s for SmolLM2's 540 MB on the development
  machine) are checked by :func:`verify_folder`, which ``rewardstack models
  fetch`` runs; a broken file that still loads is caught there.
- **Broken** (a load fails, or verification fails): the folder is deleted and
  rebuilt, with a ``RuntimeWarning`` -- the same rule as the result cache:
  broken files cost a rebuild, never a crashed run.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> folder = build_atomically("demo", 1, lambda tmp, progress: (tmp / "config.json").write_text("{}"), root=root)
>>> folder == root / "demo", is_ready(folder, 1), is_ready(folder, 2)
(True, True, False)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

if TYPE_CHECKING:
    from filelock import FileLock

__all__ = [
    "MARKER",
    "MODEL_DIR_ENV",
    "Progress",
    "build_atomically",
    "discard",
    "folder_size",
    "is_ready",
    "model_dir",
    "read_marker",
    "sha256_file",
    "verify_folder",
]

MODEL_DIR_ENV = "REWARDSTACK_MODEL_DIR"
MARKER = "rewardstack-model.json"

Progress = Callable[[str], None]
"""Receives one human-readable line per build step (``"dequantising the GGUF (about 30 s)"``)."""

Recipe = Callable[[Path, Progress], None]


def model_dir() -> Path:
    """``$REWARDSTACK_MODEL_DIR``, else the user cache dir's ``rewardstack/models`` (not created here)."""
    root = os.environ.get(MODEL_DIR_ENV)
    return Path(root).expanduser() if root else Path(platformdirs.user_cache_dir("rewardstack")) / "models"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            digest.update(chunk)
    return digest.hexdigest()


def read_marker(folder: Path) -> dict[str, object] | None:
    """The marker's content, or None when it is missing or unreadable (the folder is then not ready)."""
    try:
        data = json.loads((folder / MARKER).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _recorded_files(marker: dict[str, object]) -> dict[str, dict[str, object]]:
    files = marker.get("files")
    return files if isinstance(files, dict) else {}


def is_ready(folder: Path, recipe_version: int) -> bool:
    """Marker present, same recipe version, every recorded file present with its recorded size."""
    marker = read_marker(folder)
    if marker is None or marker.get("recipe_version") != recipe_version:
        return False
    files = _recorded_files(marker)
    try:
        return bool(files) and all((folder / name).stat().st_size == info.get("size") for name, info in files.items())
    except OSError:
        return False


def verify_folder(folder: Path) -> list[str]:
    """Files whose SHA-256 differs from the marker's (empty when all match)."""
    marker = read_marker(folder)
    if marker is None:
        return [MARKER]
    bad = []
    for name, info in _recorded_files(marker).items():
        path = folder / name
        if not path.is_file() or sha256_file(path) != info.get("sha256"):
            bad.append(name)
    return bad


def folder_size(folder: Path) -> int:
    """Bytes of the regular files under ``folder`` (0 when it does not exist)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def _write_marker(folder: Path, recipe_version: int, seconds: float) -> None:
    files = {
        str(p.relative_to(folder)): {"size": p.stat().st_size, "sha256": sha256_file(p)}
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    marker = {"recipe_version": recipe_version, "build_seconds": round(seconds, 2), "built_at": time.time(),
              "files": files}
    (folder / MARKER).write_text(json.dumps(marker, indent=1) + "\n")


def _lock(root: Path, name: str) -> FileLock:
    from filelock import FileLock  # the `models` extra brings it (transformers needs it too)

    return FileLock(str(root / f".{name}.lock"))


def build_atomically(
    name: str, recipe_version: int, recipe: Recipe, progress: Progress | None = None, *, force: bool = False,
    root: Path | None = None,
) -> Path:
    """Run ``recipe`` into a temporary folder and rename it to ``<root>/<name>``; returns that folder.

    ``root`` defaults to :func:`model_dir`.

    Holds ``.<name>.lock`` for the whole build, so concurrent callers build once.
    An existing folder (stale recipe version, broken, or any with ``force``) is replaced.
    """
    root = root or model_dir()
    root.mkdir(parents=True, exist_ok=True)
    final = root / name
    with _lock(root, name):
        if not force and is_ready(final, recipe_version):
            return final  # another process built it while this one waited for the lock
        for stale in root.glob(f".{name}.tmp-*"):  # left by a killed build: nobody else holds the lock
            shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=root))
        tmp.chmod(0o755)  # mkdtemp's 0700 would hide a shared model cache from other users
        try:
            started = time.perf_counter()
            recipe(tmp, progress or (lambda line: None))
            _write_marker(tmp, recipe_version, time.perf_counter() - started)
            _remove(final)
            tmp.rename(final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return final


def _remove(folder: Path) -> None:
    """Rename aside first: a reader never sees a half-deleted folder under the real name."""
    if folder.exists():
        aside = folder.with_name(f".{folder.name}.old-{os.getpid()}-{time.time_ns()}")
        folder.rename(aside)
        shutil.rmtree(aside, ignore_errors=True)


def discard(name: str, reason: str) -> None:
    """Delete a broken built model (it is rebuilt on next use) and say so once as a warning."""
    folder = model_dir() / name
    with _lock(folder.parent, name):
        _remove(folder)
    warnings.warn(f"model {name!r} in {folder} was broken ({reason}); deleted it to rebuild it",
                  RuntimeWarning, stacklevel=3)
