"""Compile the zygote's C fork loop (``zygote_native.c``) for the sandbox's interpreter, once.

The bwrap backend passes the compiled module to each sandbox as an open fd; the zygote
loads it from ``/proc/self/fd/N`` (see ``forkserver_zygote._load_native``). It needs a C
compiler and the interpreter's headers (Debian: ``python3-dev``, installed by
``scripts/setup_system.sh``). Without them the sandbox runs the same loop in Python:
same behaviour, about a third more CPU per trivial job (benchmarks/perf/sandbox_throughput.py).

The result is cached per source text and interpreter under ``/var/cache/rewardstack``
(root) or ``~/.cache/rewardstack``, written atomically, so concurrent backends share one
build.

>>> from rewardstack.verifiers.code.sandbox.zygote_build import native_zygote
>>> native_zygote("/usr/bin/python3").path  # doctest: +SKIP
PosixPath('/var/cache/rewardstack/zygote/3f0c.../_rszygote.cpython-311-x86_64-linux-gnu.so')
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = ["NativeZygote", "native_zygote"]

_QUERY = (
    "import sys, sysconfig\n"
    "print(sysconfig.get_paths()['include']); print(sysconfig.get_config_var('EXT_SUFFIX')); print(sys.version)\n"
)
_BUILD_TIMEOUT_S = 120


@dataclass(frozen=True)
class NativeZygote:
    """The compiled module, or why there is none (``path`` is None then)."""

    path: Path | None
    reason: str = ""


def _cache_root() -> Path:
    if os.geteuid() == 0:
        return Path("/var/cache/rewardstack/zygote")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return Path(base) / "rewardstack" / "zygote"


@functools.cache
def native_zygote(python: str) -> NativeZygote:
    """Build (or find in the cache) the C loop for ``python``; never raises for a missing toolchain."""
    try:
        query = subprocess.run([python, "-I", "-S", "-c", _QUERY], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return NativeZygote(None, f"cannot query {python}: {exc}")
    lines = query.stdout.splitlines()
    if query.returncode != 0 or len(lines) < 3:
        return NativeZygote(None, f"cannot query {python}: {query.stderr.strip()[-200:]}")
    include, suffix, version = lines[0], lines[1], lines[2]
    if not (Path(include) / "Python.h").exists():
        return NativeZygote(None, f"no Python.h in {include}: apt-get install python3-dev")
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        return NativeZygote(None, "no C compiler (cc): apt-get install gcc")
    source = resources.files("rewardstack.verifiers.code.sandbox").joinpath("zygote_native.c").read_bytes()
    key = hashlib.sha256(source + f"\0{include}\0{suffix}\0{version}".encode()).hexdigest()[:20]
    target = _cache_root() / key / f"_rszygote{suffix}"
    if target.exists():
        return NativeZygote(target)
    return _compile(compiler, include, source, target)


def _compile(compiler: str, include: str, source: bytes, target: Path) -> NativeZygote:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            src = Path(tmp) / "zygote_native.c"
            src.write_bytes(source)
            out = Path(tmp) / target.name
            cmd = [compiler, "-O2", "-shared", "-fPIC", "-Wall", f"-I{include}", str(src), "-o", str(out)]
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=_BUILD_TIMEOUT_S)
            if done.returncode != 0:
                return NativeZygote(None, f"compiling zygote_native.c failed: {done.stderr.strip()[-500:]}")
            out.chmod(0o644)
            os.replace(out, target)  # atomic: a concurrent build of the same key just wins or loses the race
    except (OSError, subprocess.TimeoutExpired) as exc:
        return NativeZygote(None, f"cannot build the native zygote in {target.parent}: {exc}")
    return NativeZygote(target)
