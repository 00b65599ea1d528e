"""The device/dtype rule: arguments, then environment, then CUDA+bf16 if present, else CPU+fp32."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch

from rewardstack.core.errors import ConfigError
from rewardstack.models.device import DEVICE_ENV, DTYPE_ENV, parse_dtype, pick_device_dtype


@pytest.fixture()
def fake_cuda(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Inject what torch would say on a GPU machine (CI has none); the rule itself runs unchanged."""

    def install(available: bool, bf16: bool = True) -> None:
        monkeypatch.setattr(torch.cuda, "is_available", lambda: available)
        monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: bf16)

    monkeypatch.delenv(DEVICE_ENV, raising=False)
    monkeypatch.delenv(DTYPE_ENV, raising=False)
    return install


# (cuda available, bf16 supported, device arg, dtype arg, env device, env dtype) -> (device, dtype)
CASES = [
    ((False, False, None, None, None, None), ("cpu", torch.float32)),
    ((True, True, None, None, None, None), ("cuda", torch.bfloat16)),
    ((True, False, None, None, None, None), ("cuda", torch.float32)),  # pre-Ampere GPU: no bf16
    ((True, True, "cpu", None, None, None), ("cpu", torch.float32)),
    ((True, True, "cuda:1", None, None, None), ("cuda:1", torch.bfloat16)),
    ((True, True, None, "fp32", None, None), ("cuda", torch.float32)),
    ((False, False, None, torch.bfloat16, None, None), ("cpu", torch.bfloat16)),
    ((True, True, None, None, "cpu", None), ("cpu", torch.float32)),
    ((True, True, None, None, None, "float16"), ("cuda", torch.float16)),
    ((True, True, "cuda", "bf16", "cpu", "fp32"), ("cuda", torch.bfloat16)),  # arguments beat the environment
    ((False, False, None, None, None, "bfloat16"), ("cpu", torch.bfloat16)),
]


@pytest.mark.parametrize(("given", "expected"), CASES)
def test_rule(
    fake_cuda: Callable[..., None], monkeypatch: pytest.MonkeyPatch, given: tuple[object, ...],
    expected: tuple[str, torch.dtype],
) -> None:
    available, bf16, device, dtype, env_device, env_dtype = given
    fake_cuda(available, bf16)
    if env_device:
        monkeypatch.setenv(DEVICE_ENV, env_device)
    if env_dtype:
        monkeypatch.setenv(DTYPE_ENV, env_dtype)
    assert pick_device_dtype(device, dtype) == (torch.device(expected[0]), expected[1])


def test_this_machine_is_cpu_float32(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DEVICE_ENV, raising=False)
    monkeypatch.delenv(DTYPE_ENV, raising=False)
    # no injection: whatever torch really says here (CI and the dev machine have no GPU)
    if torch.cuda.is_available():
        pytest.skip("a GPU machine: the CUDA branch is covered by the injected cases")
    assert pick_device_dtype() == (torch.device("cpu"), torch.float32)


@pytest.mark.parametrize(
    ("device", "dtype", "env", "message"),
    [
        (None, "int8", {}, "unknown dtype 'int8'"),
        ("gpu", None, {}, "unknown device 'gpu'"),
        (None, None, {DEVICE_ENV: "tpu9"}, "$REWARDSTACK_DEVICE: unknown device"),
        (None, None, {DTYPE_ENV: "double-ish"}, "$REWARDSTACK_DTYPE: unknown dtype"),
        ("cuda", None, {}, "torch sees no CUDA device"),
    ],
)
def test_bad_choices_are_config_errors(
    fake_cuda: Callable[..., None], monkeypatch: pytest.MonkeyPatch, device: str | None, dtype: str | None,
    env: dict[str, str], message: str,
) -> None:
    fake_cuda(False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=message.replace("$", r"\$")):
        pick_device_dtype(device, dtype)


@pytest.mark.parametrize(
    ("spelling", "dtype"),
    [("bf16", torch.bfloat16), ("BFloat16", torch.bfloat16), ("torch.float32", torch.float32),
     ("fp16", torch.float16), ("half", torch.float16), ("float", torch.float32)],
)
def test_dtype_spellings(spelling: str, dtype: torch.dtype) -> None:
    assert parse_dtype(spelling) is dtype
