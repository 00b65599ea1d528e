"""A reward server whose every stack call takes ``sleep_s``, in its own process (graceful-shutdown tests).

    python tests/server/serve_slow.py PORT [SLEEP_S]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root: tests.server.helpers

from rewardstack import RewardStack  # noqa: E402
from rewardstack.server.config import ServerConfig  # noqa: E402
from rewardstack.server.run import serve  # noqa: E402
from tests.server.helpers import CountSource  # noqa: E402

if __name__ == "__main__":
    port, sleep_s = int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    stack = RewardStack({"count": CountSource(sleep_s=sleep_s)}, cache=None)
    serve(stack, ServerConfig(max_batch=64, max_wait_ms=50), host="127.0.0.1", port=port)
