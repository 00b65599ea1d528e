"""Host side of the fork-server protocol (see ``base.py``): framing, encoding, decoding.

Any backend that runs ``forkserver.py`` in a long-lived sandbox (bwrap, a warm
docker container) can reuse this: spawn the server with stdin/stdout pipes, then
``send_request`` / ``read_frame`` with a deadline. Replies are untrusted data:
JSON only, sizes checked, fields validated by pydantic.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import select
import struct
import time
from importlib import resources
from typing import Any

from rewardstack.verifiers.code.sandbox.base import Job, JobResult, JobStatus, Limits, PythonSettings, SandboxError

__all__ = ["FrameTimeout", "decode_reply", "encode_request", "forkserver_source", "read_frame", "write_frame"]

#: files + stdout + stderr, base64: a reply can never legitimately be bigger than this
MAX_FRAME = 64 << 20
#: the first read of a reply: most replies (status, small outputs) fit in one
_FIRST_READ = 1 << 16


class FrameTimeout(SandboxError):
    """No complete reply before the deadline."""


def forkserver_source() -> str:
    """The server's source text: cleanup, zygote, server (for ``python3 -I -S -c``; no file needs to be visible)."""
    package = resources.files("rewardstack.verifiers.code.sandbox")
    parts = ("forkserver_cleanup.py", "forkserver_zygote.py", "forkserver.py")
    return "\n".join(package.joinpath(name).read_text() for name in parts)


def encode_request(job: Job, *, rlimit_as: bool) -> bytes:
    payload: dict[str, Any] = {
        "runner": job.runner,
        "argv": list(job.argv),
        "files": {k: base64.b64encode(v).decode() for k, v in job.files.items()},
        "executable": list(job.executable),
        "collect": list(job.collect),
        "stdin": base64.b64encode(job.stdin).decode(),
        "env": dict(job.env),
        "limits": _limits_dict(job.limits),
        "python": _python_dict(job.python),
        "rlimit_as": rlimit_as,
    }
    return json.dumps(payload).encode()


@functools.lru_cache(maxsize=64)
def _limits_dict(limits: Limits) -> dict[str, Any]:
    """Limits are frozen and a run uses few distinct ones: dump each once (json.dumps only reads it)."""
    return limits.model_dump()


@functools.lru_cache(maxsize=16)
def _python_dict(python: PythonSettings) -> dict[str, Any]:
    return python.model_dump()


def write_frame(fd: int, data: bytes) -> None:
    view = memoryview(struct.pack(">I", len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_some(fd: int, n: int, deadline: float) -> bytes:
    """Between 1 and ``n`` bytes (whatever one read returns), waiting no later than ``deadline``."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FrameTimeout("sandbox did not answer in time")
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, n)
        if not chunk:
            raise SandboxError("sandbox worker closed its channel (it died or was killed)")
        return chunk


def _read_exact(fd: int, n: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while n:
        chunk = _read_some(fd, min(n, 1 << 20), deadline)
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, deadline: float) -> dict[str, Any]:
    # header and (usually) the whole body in one read: the server writes a frame with one write. The peer
    # sends one frame per request, so anything past the frame is a protocol violation, not the next frame.
    data = _read_some(fd, _FIRST_READ, deadline)
    if len(data) < 4:
        data += _read_exact(fd, 4 - len(data), deadline)
    (size,) = struct.unpack(">I", data[:4])
    if size > MAX_FRAME:
        raise SandboxError(f"sandbox reply of {size} bytes exceeds the protocol limit")
    body = data[4:]
    if len(body) > size:
        raise SandboxError("malformed sandbox reply: data after the frame")
    if len(body) < size:
        body += _read_exact(fd, size - len(body), deadline)
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SandboxError(f"malformed sandbox reply: {exc}") from exc
    if not isinstance(value, dict):
        raise SandboxError("malformed sandbox reply: not an object")
    return value


def _unb64(value: Any, cap: int) -> bytes:
    if not isinstance(value, str):
        raise SandboxError("malformed sandbox reply: expected base64 text")
    return base64.b64decode(value, validate=True)[:cap]


def decode_reply(reply: dict[str, Any], job: Job) -> tuple[JobResult, bool]:
    """(result, worker_dirty) from a server reply; raises SandboxError if malformed."""
    cap = job.limits.output_bytes
    try:
        files = {str(k): _unb64(v, cap) for k, v in dict(reply.get("files") or {}).items() if k in job.collect}
        result = JobResult(
            status=JobStatus(reply["status"]),
            exit_code=reply.get("exit_code"),
            signal=reply.get("signal"),
            stdout=_unb64(reply.get("stdout", ""), cap),
            stderr=_unb64(reply.get("stderr", ""), cap),
            output_truncated=bool(reply.get("output_truncated")),
            files=files,
            wall_s=float(reply.get("wall_s", 0.0)),
            note=str(reply.get("note", ""))[:500],
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise SandboxError(f"malformed sandbox reply: {exc}") from exc
    return result, bool(reply.get("dirty"))
