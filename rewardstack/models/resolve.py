"""Model names -> local folders: embedded names, folders on disk, Hugging Face ids from the local cache.

Anywhere rewardstack takes a model (a preference model's ``path``, a judge,
the PPO policy), the same three spellings work, tried in this order:

1. an embedded name (``smollm2-135m-instruct``, ``all-minilm-l6-v2``,
   ``tiny-lm``, ``tiny-encoder``; case-insensitive), prepared on first use;
   write ``./tiny-lm`` to mean a folder that happens to have that name;
2. a folder on disk (``runs/rm``, ``~/models/my-rm``), used as it is;
3. a Hugging Face id (``HuggingFaceTB/SmolLM2-360M-Instruct``), looked up in
   the *local* Hugging Face cache only (``local_files_only=True``): rewardstack
   never contacts a model hub.

Anything else is a :class:`~rewardstack.core.errors.ModelNotFound` that lists
the embedded names and says how to fix it.

>>> resolve_model("tiny-lmm")
Traceback (most recent call last):
...
rewardstack.core.errors.ModelNotFound: model 'tiny-lmm' not found: ...(did you mean 'tiny-lm'?)...
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import os
import re
from dataclasses import dataclass
from pathlib import Path

from rewardstack.core.errors import ModelNotFound, ModelUnavailable
from rewardstack.models.specs import EMBEDDED_MODELS, BuiltInCache, ModelKind, ModelSpec, PackagedFolder
from rewardstack.models.store import (
    MODEL_DIR_ENV,
    Progress,
    build_atomically,
    discard,
    folder_size,
    is_ready,
    model_dir,
    read_marker,
)

__all__ = ["ModelStatus", "embedded_spec", "model_status", "prepare", "resolve_model"]

_HF_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
_EXTRA_HINT = "install the `models` extra: pip install 'rewardstack[models]'"


@dataclass(frozen=True)
class ModelStatus:
    """Where a model lives and whether it can be loaded now without building anything.

    ``size_bytes`` is measured on disk when ready, else the embedded spec's
    estimate (0 for models that are not embedded and not found).
    """

    name: str
    embedded: bool
    kind: ModelKind | None
    ready: bool
    path: Path | None
    size_bytes: int
    detail: str


def embedded_spec(name: str | os.PathLike[str]) -> ModelSpec | None:
    """The spec when ``name`` is an embedded model's name (any case), else None."""
    return EMBEDDED_MODELS.get(name.strip().lower()) if isinstance(name, str) else None


def _packaged_folder(provision: PackagedFolder) -> Path | None:
    # find_spec does not import the package: listing models stays cheap
    found = importlib.util.find_spec(provision.package)
    if found is None or not found.submodule_search_locations:
        return None
    folder = Path(next(iter(found.submodule_search_locations))) / provision.folder
    return folder if (folder / "config.json").is_file() else None


def model_status(name: str | os.PathLike[str]) -> ModelStatus:
    """Say where ``name`` lives and whether it is ready; never builds, downloads or raises for a missing model.

    >>> model_status("no-such-model").ready
    False
    """
    spec = embedded_spec(name)
    if spec is None:
        try:
            path = _resolve_external(name)
        except ModelNotFound as exc:
            return ModelStatus(str(name), False, None, False, None, 0, str(exc).splitlines()[0])
        return ModelStatus(str(name), False, None, True, path, folder_size(path), "found on disk")
    estimate = int(spec.disk_mb * 1e6)
    if isinstance(spec.provision, PackagedFolder):
        folder = _packaged_folder(spec.provision)
        if folder is None:
            detail = f"package {spec.provision.distribution} is not installed: {_EXTRA_HINT}"
            return ModelStatus(spec.name, True, spec.kind, False, None, estimate, detail)
        return ModelStatus(spec.name, True, spec.kind, True, folder, folder_size(folder),
                           f"shipped by {spec.provision.distribution}")
    folder = model_dir() / spec.name
    if is_ready(folder, spec.provision.recipe_version):
        return ModelStatus(spec.name, True, spec.kind, True, folder, folder_size(folder), "built")
    return ModelStatus(spec.name, True, spec.kind, False, folder, estimate,
                       f"not prepared yet (run: rewardstack models fetch {spec.name})")


def prepare(spec: ModelSpec, progress: Progress | None = None, *, force: bool = False) -> Path:
    """The ready local folder of an embedded model, building it first when needed (or always, with ``force``)."""
    if isinstance(spec.provision, PackagedFolder):
        folder = _packaged_folder(spec.provision)
        if folder is None:
            raise ModelUnavailable(f"model {spec.name!r} comes from the package {spec.provision.distribution}, "
                                   f"which is not installed: {_EXTRA_HINT}")
        return folder
    provision: BuiltInCache = spec.provision
    folder = model_dir() / spec.name
    if not force and is_ready(folder, provision.recipe_version):
        return folder
    marker = read_marker(folder)
    if not force and marker is not None and marker.get("recipe_version") == provision.recipe_version:
        discard(spec.name, "a file is missing or has the wrong size")  # built before, damaged since
    module_name, _, attr = provision.recipe.partition(":")
    recipe = getattr(importlib.import_module(module_name), attr)
    try:
        return build_atomically(spec.name, provision.recipe_version, recipe, progress, force=force)
    except ModuleNotFoundError as exc:
        raise ModelUnavailable(f"building {spec.name!r} needs {exc.name!r}: {_EXTRA_HINT}") from exc
    except OSError as exc:  # a read-only or full model cache; the build left nothing behind
        raise ModelUnavailable(f"could not build {spec.name!r} in {model_dir()}: {exc}\nFix: free disk space, or "
                               f"set ${MODEL_DIR_ENV} to a writable folder") from exc


def resolve_model(name: str | os.PathLike[str], progress: Progress | None = None) -> Path:
    """The local folder for a model name (embedded, folder or cached HF id); prepares embedded ones if needed.

    ``progress`` receives one line per build step (only called when something is built).
    """
    spec = embedded_spec(name)
    if spec is not None:
        return prepare(spec, progress)
    return _resolve_external(name)


def _resolve_external(name: str | os.PathLike[str]) -> Path:
    text = os.fspath(name)
    path = Path(text).expanduser()
    if path.is_dir():
        return path.resolve()
    if path.exists():
        raise ModelNotFound(f"model {text!r} is a file; name the folder that holds config.json and the weights")
    if _HF_ID.match(text):
        cached = _hf_cache_snapshot(text)
        if cached is not None:
            return cached
    raise ModelNotFound(_not_found_message(text))


def _hf_cache_snapshot(repo_id: str) -> Path | None:
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import HFValidationError, LocalEntryNotFoundError
    except ModuleNotFoundError:
        return None  # without the models extra there is no HF cache to read either
    try:
        return Path(snapshot_download(repo_id, local_files_only=True))
    except (LocalEntryNotFoundError, HFValidationError):
        return None


def _hf_cache_dir() -> str:
    try:
        from huggingface_hub import constants
    except ModuleNotFoundError:
        return "$HF_HOME/hub"
    return str(constants.HF_HUB_CACHE)


def _not_found_message(text: str) -> str:
    names = list(EMBEDDED_MODELS)
    close = difflib.get_close_matches(text.lower(), names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return (
        f"model {text!r} not found: it is not an embedded model, not a folder on disk, and not in the local "
        f"Hugging Face cache ({_hf_cache_dir()}); rewardstack never downloads from a model hub.\n"
        f"Embedded models: {', '.join(names)}{hint}.\n"
        "Fix: use an embedded name, a folder with config.json and weights (as written by save_pretrained), "
        "or a Hugging Face id already in the local cache (download it where a hub is reachable and copy the "
        "cache here, or point HF_HOME at it)."
    )
