"""Running the app: :func:`serve` (the command, in the foreground) and :func:`serve_in_thread` (tests).

Graceful shutdown (SIGTERM or Ctrl-C): uvicorn stops accepting connections,
lets every in-flight request finish (its batch runs to the end and the client
gets its scores), for at most ``request_timeout_s`` plus a few seconds; then the
batcher drains anything still queued and the stack is closed (worker processes,
sandboxes, the cache).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rewardstack.fusion.stack import RewardStack
from rewardstack.server.app import create_app
from rewardstack.server.config import ServerConfig
from rewardstack.uvicorn_thread import bind, uvicorn_in_thread

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
    with uvicorn_in_thread(_uvicorn_config(app, config or ServerConfig()), host=host, port=port,
                           name="rewardstack-serve", join_s=60) as bound:
        yield f"http://{host}:{bound}"
