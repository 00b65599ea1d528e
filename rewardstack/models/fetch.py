"""Prepare models ahead of time and check their files (``rewardstack models fetch``).

Fetching an embedded model that is already prepared also *verifies* it: a
built model's files against the SHA-256 sums recorded when it was built (a
mismatch deletes and rebuilds it), a packaged model's files against the
hashes in its distribution's ``RECORD`` (a mismatch is an error that says to
reinstall: rewardstack does not own those files). Loading checks only sizes;
this is where a file that is damaged but still parses is caught.

>>> [s.name for s in fetch_models(["tiny-lm"]) if s.ready]
['tiny-lm']
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from rewardstack.core.errors import ModelUnavailable
from rewardstack.models.resolve import ModelStatus, embedded_spec, model_status, prepare, resolve_model
from rewardstack.models.specs import EMBEDDED_MODELS, BuiltInCache, ModelSpec, PackagedFolder
from rewardstack.models.store import Progress, discard, is_ready, model_dir, verify_folder

__all__ = ["ModelProgress", "fetch_models", "packaged_mismatches"]

ModelProgress = Callable[[str, str], None]
"""Receives ``(model name, step description)`` while models are verified or built."""


def packaged_mismatches(provision: PackagedFolder) -> list[str]:
    """Files of the packaged model folder whose bytes differ from the distribution's RECORD hashes."""
    try:
        files = importlib.metadata.distribution(provision.distribution).files or []
    except importlib.metadata.PackageNotFoundError:
        return []  # not installed: prepare() says how to install it
    prefix = f"{provision.package}/{provision.folder}/"
    bad = []
    for entry in files:
        if not str(entry).startswith(prefix) or entry.hash is None or entry.hash.mode != "sha256":
            continue
        path = Path(entry.locate())
        digest = base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest()).rstrip(b"=").decode()
        if digest != entry.hash.value:
            bad.append(str(entry))
    return bad


def _verify(spec: ModelSpec, progress: Progress) -> None:
    if isinstance(spec.provision, PackagedFolder):
        progress("verifying the packaged files against their RECORD hashes")
        bad = packaged_mismatches(spec.provision)
        if bad:
            raise ModelUnavailable(f"model {spec.name!r}: files of {spec.provision.distribution} were modified "
                                   f"({', '.join(bad)}); fix: pip install --force-reinstall "
                                   f"{spec.provision.distribution}")
        return
    provision: BuiltInCache = spec.provision
    folder = model_dir() / spec.name
    if not is_ready(folder, provision.recipe_version):
        return  # prepare() builds it: nothing to verify yet
    progress("verifying checksums")
    bad = verify_folder(folder)
    if bad:
        discard(spec.name, f"checksum mismatch in {', '.join(bad)}")


def fetch_models(
    names: Iterable[str] | None = None, *, force: bool = False, verify: bool = True,
    progress: ModelProgress | None = None,
) -> list[ModelStatus]:
    """Prepare (and with ``verify``, check) the named models, all embedded ones by default; their statuses.

    Every name is checked before any long work starts. A name that is not
    embedded (a folder, a cached HF id) is only looked up: there is nothing to
    fetch from a hub. ``force`` rebuilds built models even when they are ready.
    """
    wanted = list(names) if names else list(EMBEDDED_MODELS)
    specs = []
    for name in wanted:
        spec = embedded_spec(name)
        if spec is None:
            resolve_model(name)  # raises ModelNotFound with the fix
        specs.append(spec)
    report = progress or (lambda name, line: None)
    for spec in specs:
        if spec is None:
            continue
        line: Progress = partial(report, spec.name)
        if verify and not force:
            _verify(spec, line)
        prepare(spec, line, force=force)
    return [model_status(name) for name in wanted]
