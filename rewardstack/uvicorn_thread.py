"""Listening sockets and uvicorn servers in a thread, shared by ``rewardstack serve`` and ``serve-judge``."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["bind", "uvicorn_in_thread"]


def bind(host: str, port: int) -> socket.socket:
    """A bound TCP socket for ``host:port``; ``OSError`` naming both when that cannot be done.

    Bound here rather than by uvicorn, which logs a bind failure and calls ``sys.exit``.
    ``proto=IPPROTO_TCP``, not the default 0: asyncio sets TCP_NODELAY only on sockets
    whose proto says TCP, and without it every reply waits ~40 ms for a delayed ACK
    (uvicorn writes a reply's head and body separately).
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             proto=socket.IPPROTO_TCP)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


@contextmanager
def uvicorn_in_thread(uvicorn_config: Any, *, host: str, port: int, name: str,
                      join_s: float = 30.0) -> Iterator[int]:
    """Run a ``uvicorn.Config`` in a daemon thread on ``host:port`` (0: a free port); yields the port.

    ``RuntimeError`` naming ``name`` when it does not start within 30 s. On exit the server is
    asked to stop (gracefully) and the thread joined for up to ``join_s`` seconds.
    """
    import uvicorn

    sock = bind(host, port)
    server = uvicorn.Server(uvicorn_config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=name, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the {name} server did not start")
            time.sleep(0.01)
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(join_s)
        sock.close()
