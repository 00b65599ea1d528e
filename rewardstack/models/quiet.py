"""Silence transformers' tqdm bars ("Loading weights", GGUF de-quantising) around our own calls.

transformers 5 draws a bar for every ``from_pretrained``/``save_pretrained``;
rewardstack loads models inside CLI commands and scoring runs that have their
own progress display (rich re-prints each tqdm refresh as a new line above
it), and in CI logs. The switch is process-wide in transformers, so it is
flipped only for the duration of the call and put back. The GGUF loader calls
``tqdm.auto.tqdm`` directly, ignoring that switch, so its module-level name is
pointed at transformers' switchable tqdm for the same duration (skipped if a
future transformers moves it: the bar then shows, nothing breaks).

>>> with quiet_transformers():
...     pass
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["quiet_transformers"]

_GGUF_MODULE = "transformers.modeling_gguf_pytorch_utils"


@contextmanager
def quiet_transformers(*, gguf: bool = False) -> Iterator[None]:
    """``gguf=True`` also silences the GGUF loader (importing it: only the conversion needs that)."""
    from transformers.utils import logging as hf_logging

    was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    gguf_utils = None
    if gguf:
        try:
            gguf_utils = importlib.import_module(_GGUF_MODULE)
        except ImportError:  # transformers without GGUF support: the load itself will say so
            gguf_utils = None
    direct_tqdm = getattr(gguf_utils, "tqdm", None)
    if direct_tqdm is not None:
        gguf_utils.tqdm = hf_logging.tqdm  # type: ignore[union-attr]
    try:
        yield
    finally:
        if direct_tqdm is not None:
            gguf_utils.tqdm = direct_tqdm  # type: ignore[union-attr]
        if was_on:
            hf_logging.enable_progress_bar()
