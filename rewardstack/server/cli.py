"""``rewardstack serve``: a reward stack as an HTTP service (``/score``, OpenRLHF's ``/get_reward``).

    rewardstack serve --stack examples/stacks/basic.yaml --port 8000
    rewardstack serve --stack stack.yaml --host 0.0.0.0 --token-env REWARD_TOKEN --state fusion_state.json

Exit codes: 143 / 130 stopped by SIGTERM / SIGINT after finishing the requests
in flight (uvicorn re-raises the signal once it has shut down gracefully, so a
supervisor sees how it ended), 1 the port could not be bound, 2 bad
configuration (the stack file with file:line:key, the state file, an unset
token variable).
"""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from rewardstack.core.errors import RewardStackError
from rewardstack.integrations.options import finite_reward

__all__ = ["serve_app"]

_EPILOG = """Examples:

  rewardstack serve --stack examples/stacks/basic.yaml --port 8000

  REWARD_TOKEN=s3cret rewardstack serve -s stack.yaml --host 0.0.0.0 --token-env REWARD_TOKEN --max-batch 128

  curl -s localhost:8000/score -d '{"samples": [{"id": "1", "prompt": "2+2?", "response": "Answer: 4"}]}'

OpenRLHF: --remote_rm_url http://HOST:8000/get_reward. Endpoints: POST /score, POST /get_reward,
GET /health, GET /sources, GET /metrics (Prometheus). Guide: docs/server.md.
"""

serve_app = typer.Typer(add_completion=False, invoke_without_command=True, epilog=_EPILOG, subcommand_metavar="",
                        context_settings={"help_option_names": ["-h", "--help"]})
_err = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    _err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    return typer.Exit(code)


@serve_app.callback(invoke_without_command=True, epilog=_EPILOG)
def serve(
    stack: Path = typer.Option(..., "--stack", "-s", help="Stack YAML file (sources + fusion tree)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="TCP port."),
    token_env: str | None = typer.Option(None, "--token-env",
                                         help="Environment variable holding a bearer token clients must send."),
    state: Path | None = typer.Option(None, "--state", help="Fusion state JSON (RewardStack.save_state) to load."),
    max_batch: int = typer.Option(64, "--max-batch", min=1, help="Samples per stack call at most (1: no batching)."),
    max_wait_ms: float = typer.Option(5.0, "--max-wait-ms", min=0.0, max=10_000.0,
                                      help="How long the oldest request waits for others to join its batch."),
    max_queue: int = typer.Option(4096, "--max-queue", min=1, help="Samples waiting at most; beyond: 429."),
    max_samples: int = typer.Option(1024, "--max-samples", min=1, help="Samples per request at most; beyond: 413."),
    max_body_mb: float = typer.Option(32.0, "--max-body-mb", min=0.001, help="Request body size at most, MiB."),
    timeout_s: float = typer.Option(120.0, "--timeout-s", min=0.001, help="Per-request timeout; beyond: 504."),
    missing_reward: float = typer.Option(0.0, "--missing-reward", callback=finite_reward,
                                         help="/get_reward's reward for a sample without a total (counted in "
                                              "extra_logs.no_total)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the result cache."),
    cache_path: Path | None = typer.Option(None, "--cache", help="Cache file (default: user cache dir)."),
) -> None:
    """Serve a reward stack over HTTP, in evaluation mode, batching concurrent requests."""
    from rewardstack.core.cache import default_cache_path
    from rewardstack.fusion.stack import RewardStack
    from rewardstack.server.config import ServerConfig
    from rewardstack.server.run import serve as run_server

    token = _token(token_env)
    config = ServerConfig(max_batch=max_batch, max_wait_ms=max_wait_ms, max_queue=max_queue,
                          max_samples_per_request=max_samples, max_body_bytes=max(1024, int(max_body_mb * 2**20)),
                          request_timeout_s=timeout_s, missing_reward=missing_reward, token=token)
    try:
        reward_stack = RewardStack.from_yaml(stack, cache=None if no_cache else (cache_path or default_cache_path()))
    except (RewardStackError, ValueError, OSError) as exc:  # bad config, a source that cannot start
        raise _fail(str(exc)) from None
    try:
        if state is not None:
            reward_stack.load_state_file(state)
        reward_stack.group_key  # noqa: B018  # two group keys: refused before serving
    except RewardStackError as exc:
        reward_stack.close()
        raise _fail(str(exc)) from None
    auth = "bearer token required" if token else "no authentication"
    url = f"http://{host}:{port}"
    try:
        run_server(reward_stack, config, host=host, port=port, on_started=lambda: _err.print(
            f"serving {escape(str(stack))} at {url} ({auth}; max batch {max_batch}, wait {max_wait_ms:g} ms) "
            "- Ctrl-C stops", highlight=False))
    except OSError as exc:
        raise _fail(str(exc), 1) from None


def _token(variable: str | None) -> str | None:
    if variable is None:
        return None
    token = os.environ.get(variable, "").strip()
    if not token:
        raise _fail(f"--token-env {variable}: the environment variable {variable} is unset or empty; "
                    f"export {variable}=<token> (clients send 'Authorization: Bearer <token>')")
    return token
