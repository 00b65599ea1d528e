"""A short string that changes whenever a model's weights change: for sources' ``fingerprint()``.

A model-backed source puts this into its cache identity, so replacing the
weights behind a name (a retrained reward model saved to the same folder, a
newer snapshot in the HF cache) never serves stale cached scores.

How each kind of name is fingerprinted, cheapest first:

- built embedded model: the SHA-256 sums recorded in its marker (no hashing);
- packaged embedded model: the weight hashes in the distribution's RECORD;
- Hugging Face cache: the snapshot's commit hash (the folder name);
- any other folder: SHA-256 of its weight files (``*.safetensors``, ``*.bin``,
  ``*.pt``), remembered per process by (path, size, mtime).

>>> model_fingerprint("tiny-lm").startswith("tiny-lm@sha256:")
True
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from pathlib import Path

from rewardstack.models.resolve import embedded_spec, prepare, resolve_model
from rewardstack.models.specs import PackagedFolder
from rewardstack.models.store import read_marker, sha256_file

__all__ = ["model_fingerprint"]

_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt")
_memo: dict[tuple[str, int, int], str] = {}


def _digest(parts: object) -> str:
    return "sha256:" + hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def _packaged(provision: PackagedFolder) -> str:
    files = importlib.metadata.distribution(provision.distribution).files or []
    prefix = f"{provision.package}/{provision.folder}/"
    return _digest(sorted(f"{f}={f.hash.value}" for f in files if str(f).startswith(prefix) and f.hash))


def _folder(folder: Path) -> str:
    if folder.parent.name == "snapshots":  # <HF cache>/models--org--name/snapshots/<commit>
        return f"commit:{folder.name[:16]}"
    marker = read_marker(folder)
    if marker is not None:
        return _digest(marker.get("files"))
    parts = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix in _WEIGHT_SUFFIXES and p.is_file()):
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in _memo:
            _memo[key] = sha256_file(path)
        parts.append((str(path.relative_to(folder)), _memo[key]))
    return _digest(parts)


def model_fingerprint(name: str | os.PathLike[str]) -> str:
    """``"<name>@sha256:<16 hex>"`` (``@commit:`` for the HF cache): same weights, same string.

    Prepares an embedded model first if needed (a fingerprint of weights that do not exist yet means nothing).
    """
    spec = embedded_spec(name)
    if spec is not None and isinstance(spec.provision, PackagedFolder):
        prepare(spec)  # says how to install the package when it is missing
        return f"{spec.name}@{_packaged(spec.provision)}"
    folder = resolve_model(name)
    label = spec.name if spec is not None else os.fspath(name)
    return f"{label}@{_folder(folder)}"
