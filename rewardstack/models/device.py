"""The one rule for where a model runs and in which precision.

``pick_device_dtype(device, dtype)``, first match wins, separately for each:

- an argument (``"cuda:1"``, ``"cpu"``; ``torch.bfloat16`` or ``"bf16"``);
- ``$REWARDSTACK_DEVICE`` / ``$REWARDSTACK_DTYPE`` (same spellings);
- automatic: ``cuda`` when ``torch.cuda.is_available()``, else ``cpu``; then
  bfloat16 on a CUDA device that supports it, float32 everywhere else.

Why: bfloat16 halves memory and is fast on every GPU that has it, with
float32's range (no loss scaling); CPUs run float32 fastest and most
accurately (bfloat16 matmuls on CPU are emulated on most machines). float16
is never picked automatically (overflows in reward heads and PPO ratios),
but can be asked for.

>>> pick_device_dtype("cpu")
(device(type='cpu'), torch.float32)
>>> pick_device_dtype("cpu", "bf16")
(device(type='cpu'), torch.bfloat16)
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rewardstack.core.errors import ConfigError

if TYPE_CHECKING:
    import torch

__all__ = ["DEVICE_ENV", "DTYPE_ENV", "DTYPE_NAMES", "parse_dtype", "pick_device_dtype"]

DEVICE_ENV = "REWARDSTACK_DEVICE"
DTYPE_ENV = "REWARDSTACK_DTYPE"
DTYPE_NAMES = {
    "float32": "float32", "fp32": "float32", "float": "float32",
    "bfloat16": "bfloat16", "bf16": "bfloat16",
    "float16": "float16", "fp16": "float16", "half": "float16",
}


def parse_dtype(value: str | torch.dtype, *, where: str = "dtype") -> torch.dtype:
    """``"bf16"`` / ``"bfloat16"`` / ``torch.bfloat16`` -> ``torch.bfloat16`` (and so on).

    >>> parse_dtype("fp32")
    torch.float32
    """
    import torch

    if isinstance(value, torch.dtype):
        return value
    name = DTYPE_NAMES.get(value.strip().lower().removeprefix("torch."))
    if name is None:
        raise ConfigError(f"{where}: unknown dtype {value!r}; use one of {', '.join(sorted(DTYPE_NAMES))}")
    dtype: torch.dtype = getattr(torch, name)
    return dtype


def _parse_device(value: str | torch.device, *, where: str) -> torch.device:
    import torch

    try:
        return torch.device(value)
    except (RuntimeError, TypeError) as exc:
        raise ConfigError(f"{where}: unknown device {value!r} ({exc}); use e.g. 'cpu', 'cuda', 'cuda:1'") from None


def pick_device_dtype(
    device: str | torch.device | None = None, dtype: str | torch.dtype | None = None
) -> tuple[torch.device, torch.dtype]:
    """Where a model should run and in which dtype (see the module docstring for the rule)."""
    import torch

    if device is not None:
        chosen = _parse_device(device, where="device")
    elif os.environ.get(DEVICE_ENV):
        chosen = _parse_device(os.environ[DEVICE_ENV], where=f"${DEVICE_ENV}")
    else:
        chosen = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if chosen.type == "cuda" and not torch.cuda.is_available():
        raise ConfigError(f"device {str(chosen)!r} was asked for, but torch sees no CUDA device here "
                          f"(torch {torch.__version__}); use 'cpu' or unset ${DEVICE_ENV}")
    if dtype is not None:
        return chosen, parse_dtype(dtype)
    if os.environ.get(DTYPE_ENV):
        return chosen, parse_dtype(os.environ[DTYPE_ENV], where=f"${DTYPE_ENV}")
    if chosen.type == "cuda" and torch.cuda.is_bf16_supported():  # pre-Ampere GPUs lack it
        return chosen, torch.bfloat16
    return chosen, torch.float32
