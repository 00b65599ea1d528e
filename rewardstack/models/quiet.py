"""Silence transformers' per-call tqdm bars ("Loading weights", "Writing model shards") around our own calls.

transformers 5 draws a bar for every ``from_pretrained``/``save_pretrained``;
rewardstack loads models inside CLI commands and scoring runs that have their
own progress display, and in CI logs. The switch is process-wide in
transformers, so it is flipped only for the duration of the call and put back.

>>> with quiet_transformers():
...     pass
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["quiet_transformers"]


@contextmanager
def quiet_transformers() -> Iterator[None]:
    from transformers.utils import logging as hf_logging

    was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_on:
            hf_logging.enable_progress_bar()
