"""Build the Docker sandbox base image without any registry (no image is ever pulled).

The image is a Debian rootfs made by ``debootstrap --variant=minbase`` and turned into an
image with ``docker import``. The rootfs tarball is cached under the user cache dir
(``~/.cache/rewardstack/docker-rootfs/``), keyed by suite and package set, so rebuilding
the image (e.g. after ``docker system prune``) takes seconds, not minutes.

Why ``python3`` and not only ``python3-minimal``: ``python3-minimal`` lacks most of the
standard library (``json``, ``collections.abc`` users, ``hashlib`` backends, ``unittest``)
that test programs import; the full ``python3`` adds ~20 MB. ``g++`` (~150 MB) and
``nodejs`` (~60 MB) are opt-in because most reward stacks only grade Python.

Only the docker *CLI* is used here (``docker import``, ``docker image inspect``), so the
setup script can build the image before the ``docker`` Python SDK is installed.

Example::

    from rewardstack.verifiers.code.sandbox.docker_image import build_image
    build_image("rewardstack-sandbox:latest")          # ~2 min cold, seconds when cached

or ``rewardstack sandbox build-image`` / ``python -m rewardstack.verifiers.code.sandbox.docker_image``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_IMAGE", "BuildResult", "ImageSpec", "build_image", "image_exists", "rootfs_tarball"]

DEFAULT_IMAGE = "rewardstack-sandbox:latest"
SPEC_LABEL = "org.rewardstack.sandbox.spec"

# Dropped from the rootfs: nothing in a sandbox job reads them, and they are ~40% of minbase.
_PRUNE = ("usr/share/doc", "usr/share/man", "usr/share/info", "usr/share/locale", "var/cache/apt", "var/lib/apt/lists")


@dataclass(frozen=True)
class ImageSpec:
    """What goes into the rootfs. ``cache_key`` names the cached tarball."""

    suite: str = "bookworm"
    mirror: str = "http://deb.debian.org/debian"
    with_gxx: bool = False
    with_node: bool = False

    def packages(self) -> list[str]:
        pkgs = ["python3-minimal", "python3"]
        if self.with_gxx:
            pkgs.append("g++")
        if self.with_node:
            pkgs.append("nodejs")
        return pkgs

    def cache_key(self) -> str:
        text = f"{self.suite}|{self.mirror}|{','.join(self.packages())}"
        return f"{self.suite}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class BuildResult:
    name: str
    image_id: str
    rootfs: Path
    rootfs_cached: bool
    seconds: float


def _cache_root(cache_dir: Path | None) -> Path:
    if cache_dir is not None:
        return cache_dir
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # run as a plain script by setup_docker.sh with a bare python3
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rewardstack"
    else:
        base = Path(user_cache_dir("rewardstack"))
    return base / "docker-rootfs"


def _run(cmd: Sequence[str], **kw: object) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(list(cmd), check=True, text=True, capture_output=True, **kw)  # type: ignore[call-overload, no-any-return]
    except FileNotFoundError as exc:
        raise RuntimeError(f"{cmd[0]} not found: run `make docker` (scripts/setup_docker.sh) as root") from exc
    except subprocess.CalledProcessError as exc:
        tail = "\n".join((exc.stderr or exc.stdout or "").splitlines()[-20:])
        raise RuntimeError(f"{' '.join(cmd[:3])} ... failed (exit {exc.returncode}):\n{tail}") from exc


def _debootstrap(spec: ImageSpec, target: Path) -> None:
    if shutil.which("debootstrap") is None:
        raise RuntimeError("debootstrap not found: `apt-get install debootstrap` (or run scripts/setup_docker.sh)")
    if os.geteuid() != 0:
        raise RuntimeError("debootstrap needs root (it creates device nodes and chowns files)")
    _run(
        [
            "debootstrap",
            "--variant=minbase",
            f"--include={','.join(spec.packages())}",
            spec.suite,
            str(target),
            spec.mirror,
        ]
    )
    for rel in _PRUNE:
        shutil.rmtree(target / rel, ignore_errors=True)
    # The sandbox user; minbase already has nobody (65534) but no home, which is fine:
    # the backend mounts a tmpfs work dir and sets HOME to it.


def rootfs_tarball(spec: ImageSpec, cache_dir: Path | None = None, rebuild: bool = False) -> tuple[Path, bool]:
    """Return (path of the cached rootfs tarball, whether it was already cached)."""
    root = _cache_root(cache_dir)
    root.mkdir(parents=True, exist_ok=True)
    tarball = root / f"rootfs-{spec.cache_key()}.tar"
    if tarball.exists() and not rebuild:
        return tarball, True
    with tempfile.TemporaryDirectory(prefix="rootfs-", dir=root) as tmp:
        target = Path(tmp) / "rootfs"
        _debootstrap(spec, target)
        partial = Path(tmp) / "rootfs.tar"
        _run(["tar", "--numeric-owner", "-C", str(target), "-cf", str(partial), "."])
        os.replace(partial, tarball)  # atomic: a killed build never leaves a half tarball
    return tarball, False


def _image_id(name: str) -> str:
    try:
        out = subprocess.run(
            ["docker", "image", "inspect", "--format", "{{.Id}}", name], check=True, capture_output=True, text=True
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return out.stdout.strip()


def image_exists(name: str = DEFAULT_IMAGE) -> bool:
    try:
        subprocess.run(["docker", "image", "inspect", name], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


def build_image(
    name: str = DEFAULT_IMAGE,
    *,
    with_gxx: bool = False,
    with_node: bool = False,
    suite: str = "bookworm",
    mirror: str = "http://deb.debian.org/debian",
    cache_dir: Path | None = None,
    rebuild_rootfs: bool = False,
    log: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build (or rebuild) the sandbox image ``name`` from a debootstrapped rootfs.

    Raises ``RuntimeError`` with a how-to-fix message when debootstrap, root or the
    daemon is missing.
    """
    say = log or (lambda _msg: None)
    spec = ImageSpec(suite=suite, mirror=mirror, with_gxx=with_gxx, with_node=with_node)
    t0 = time.monotonic()
    say(f"rootfs: {', '.join(spec.packages())} from {suite}")
    tarball, cached = rootfs_tarball(spec, cache_dir=cache_dir, rebuild=rebuild_rootfs)
    say(f"rootfs tarball {'(cached) ' if cached else ''}{tarball} [{time.monotonic() - t0:.1f}s]")
    changes = [
        'CMD ["python3"]',
        "ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 PYTHONDONTWRITEBYTECODE=1",
        f"LABEL {SPEC_LABEL}={spec.cache_key()}",
    ]
    cmd = ["docker", "import"]
    for change in changes:
        cmd += ["--change", change]
    old_id = _image_id(name)
    image_id = _run([*cmd, str(tarball), name]).stdout.strip()
    if old_id and old_id != image_id:  # the previous build is now untagged: drop it unless in use
        subprocess.run(["docker", "image", "rm", old_id], capture_output=True, check=False)
    elapsed = time.monotonic() - t0
    say(f"imported {name} ({image_id[:19]}) [{elapsed:.1f}s]")
    return BuildResult(name=name, image_id=image_id, rootfs=tarball, rootfs_cached=cached, seconds=elapsed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the rewardstack Docker sandbox image (no registry).")
    parser.add_argument("--name", default=DEFAULT_IMAGE)
    parser.add_argument("--with-gxx", action="store_true")
    parser.add_argument("--with-node", action="store_true")
    parser.add_argument("--rebuild-rootfs", action="store_true")
    args = parser.parse_args(argv)
    try:
        build_image(
            args.name,
            with_gxx=args.with_gxx,
            with_node=args.with_node,
            rebuild_rootfs=args.rebuild_rootfs,
            log=lambda msg: print(f"build-image: {msg}", flush=True),
        )
    except RuntimeError as exc:
        print(f"build-image: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
