"""``rewardstack serve-judge``: serve a local causal LM as an OpenAI-compatible judge.

    rewardstack serve-judge --model smollm2-135m-instruct --host 0.0.0.0 --port 8000
    rewardstack serve-judge --model runs/my-judge --device cuda --dtype bf16 --max-batch 64

Exit codes: 0 stopped (Ctrl-C), 1 the model could not be loaded or the port
is taken, 2 a bad argument (an unknown model name: the message lists the
embedded ones). The app: :mod:`rewardstack.rewards.critic.server`.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

from rewardstack.core.errors import ConfigError, RewardStackError

__all__ = ["serve_judge_app"]

_EPILOG = """Examples:

  rewardstack serve-judge --model smollm2-135m-instruct --port 8000

  rewardstack serve-judge --model HuggingFaceTB/SmolLM2-1.7B-Instruct --host 0.0.0.0 --port 8000 --device cuda

Then, in a stack: judge: {kind: openai_compatible, base_url: http://HOST:8000/v1, model: NAME}.
Endpoints: POST /v1/chat/completions (logprobs, top_logprobs, logit_bias), GET /v1/models, GET /health,
GET /stats (batch sizes, seconds per stage).
"""

serve_judge_app = typer.Typer(add_completion=False, invoke_without_command=True, epilog=_EPILOG, subcommand_metavar="",
                              context_settings={"help_option_names": ["-h", "--help"]})
_err = Console(stderr=True, soft_wrap=True)


@serve_judge_app.callback(invoke_without_command=True, epilog=_EPILOG)
def serve_judge(
    model: str = typer.Option(..., "--model", "-m", help="Embedded name, local folder, or HF id in the local cache."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="TCP port."),
    served_name: str | None = typer.Option(None, "--served-name",
                                           help="Model name clients send (default: --model as given)."),
    device: str | None = typer.Option(None, "--device", help="cuda, cuda:1, cpu (default: CUDA when present)."),
    dtype: str | None = typer.Option(None, "--dtype", help="bf16, fp16, fp32 (default: bf16 on CUDA, else fp32)."),
    max_batch: int = typer.Option(32, "--max-batch", min=1, help="Requests per forward pass at most."),
    max_wait_ms: float = typer.Option(50.0, "--max-wait-ms", min=0.0, max=10_000.0,
                                      help="How long a batch may wait for as many requests as the last one had, "
                                           "or for a burst still arriving (also at most a quarter of the last "
                                           "forward pass)."),
    max_length: int | None = typer.Option(None, "--max-length", min=8,
                                          help="Prompt + generated tokens at most (default: the model's context)."),
    log_batches: bool = typer.Option(False, "--log-batches",
                                     help="Log every batch (size, wait, forward ms) to stderr; totals: GET /stats."),
) -> None:
    """Serve a local causal LM as an OpenAI-compatible chat/completions judge (with top logprobs)."""
    import uvicorn

    from rewardstack.rewards.critic.chat_lm import ChatLM
    from rewardstack.rewards.critic.server import create_app

    try:
        lm = ChatLM(model, device=device, dtype=dtype, max_length=max_length)
    except ConfigError as exc:
        _err.print(f"error: {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    except RewardStackError as exc:
        _err.print(f"error: {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    name = served_name or model
    if log_batches:
        import logging

        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
        logging.getLogger("rewardstack.serve_judge").setLevel(logging.INFO)
    _err.print(f"serving {escape(name)} ({lm.device}, {lm.model.dtype}) at http://{host}:{port}/v1 "
               "- Ctrl-C stops", highlight=False)
    try:
        uvicorn.run(create_app(lm, model_name=name, max_batch=max_batch, max_wait_ms=max_wait_ms,
                               log_batches=log_batches), host=host,
                    port=port, log_level="warning")
    except OSError as exc:  # the port is taken, the host cannot be bound
        _err.print(f"error: cannot listen on {escape(host)}:{port}: {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        lm.close()
