"""The HTTP reward server (``rewardstack serve``): a stack behind FastAPI, with micro-batching.

Modules: :mod:`~rewardstack.server.config` (limits), :mod:`~rewardstack.server.batcher`
(merging concurrent requests), :mod:`~rewardstack.server.service` (stack + batcher +
timeouts), :mod:`~rewardstack.server.protocol` (``/score`` and OpenRLHF's
``/get_reward``), :mod:`~rewardstack.server.guard` (token, body size, request
metrics), :mod:`~rewardstack.server.metrics` (Prometheus text),
:mod:`~rewardstack.server.app` (the endpoints), :mod:`~rewardstack.server.run`
(uvicorn, graceful shutdown) and :mod:`~rewardstack.server.cli`. Guide: docs/server.md.

FastAPI and uvicorn come with the ``critic`` extra; importing this package does not
need them (they are imported when an app is built).
"""

from rewardstack.server.batcher import MicroBatcher, QueueFull
from rewardstack.server.config import ServerConfig
from rewardstack.server.protocol import GetRewardRequest, ScoreRequest, reward_reply
from rewardstack.server.service import RequestTimedOut, RewardService

__all__ = [
    "GetRewardRequest",
    "MicroBatcher",
    "QueueFull",
    "RequestTimedOut",
    "RewardService",
    "ScoreRequest",
    "ServerConfig",
    "create_app",
    "reward_reply",
    "serve",
    "serve_in_thread",
]


def __getattr__(name: str) -> object:
    # the app and the runner import FastAPI/uvicorn lazily anyway; these names load their modules on first use
    if name == "create_app":
        from rewardstack.server.app import create_app

        return create_app
    if name in ("serve", "serve_in_thread"):
        from rewardstack.server import run

        return getattr(run, name)
    raise AttributeError(f"module 'rewardstack.server' has no attribute {name!r}")
