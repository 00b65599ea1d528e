"""Running the app: :func:`serve` (the command, in the foreground) and :func:`serve_in_thread` (tests).

Graceful shutdown (SIGTERM or Ctrl-C): uvicorn stops accepting connections,
lets every in-flight request finish (its batch runs to the end and the client
gets its scores), for at most ``request_timeout_s`` plus a few seconds; then the
batcher drains anything still queued and the stack is closed (worker processes,
sandboxes, the cache).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rewardstack.fusion.stack import RewardStack
from rewardstack.server.app import create_app
from rewardstack.server.config import ServerConfig

__all__ = ["bind", "serve", "serve_in_thread"]

SHUTDOWN_SLACK_S = 5.0  # beyond the request timeout: replies being written, the stack closing


def _uvicorn_config(app: Any, config: ServerConfig, **kwargs: Any) -> Any:
    import uvicorn

    return uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False,
                          timeout_graceful_shutdown=int(config.request_timeout_s + SHUTDOWN_SLACK_S), **kwargs)


def serve(stack: RewardStack, config: ServerConfig, *, host: str = "127.0.0.1", port: int = 8000,
          on_started: Any = None) -> None:
    """Serve ``stack`` until SIGTERM/SIGINT (graceful), then close it. ``OSError`` when the port is taken."""
    import uvicorn

    try:
        sock = bind(host, port)
    except OSError:
        stack.close()
        raise
    server = uvicorn.Server(_uvicorn_config(create_app(stack, config), config))
    if on_started is not None:
        _call_when_started(server, on_started)
    try:
        server.run(sockets=[sock])
    finally:
        stack.close()
        sock.close()


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


def _call_when_started(server: Any, callback: Any) -> None:
    def wait() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.01)
        if server.started:
            callback()

    threading.Thread(target=wait, name="serve-started", daemon=True).start()


@contextmanager
def serve_in_thread(app: Any, *, host: str = "127.0.0.1", port: int = 0,
                    config: ServerConfig | None = None) -> Iterator[str]:
    """Run ``app`` with uvicorn in a daemon thread; yields the base URL (``http://host:port``).

    ``port=0`` takes a free port. The server is stopped gracefully (and the thread
    joined) on exit; the stack is not closed (it is the caller's).
    """
    import uvicorn

    sock = bind(host, port)
    server = uvicorn.Server(_uvicorn_config(app, config or ServerConfig()))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="rewardstack-serve", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the reward server did not start")
            time.sleep(0.01)
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(60)
        sock.close()
