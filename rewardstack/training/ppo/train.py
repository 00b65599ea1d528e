"""``train_ppo(config)``: the PPO / GRPO / RLOO loop driven by a RewardStack in training mode.

One step::

    prompts (seeded order) -> rollout (sample, left padding, EOS) -> stack.score_arrays (training mode:
    fusion statistics and multipliers update once; on a worker thread) beside the old and reference
    log-probs (and values) (:mod:`~rewardstack.training.ppo.overlap`; no old-policy pass when the update's
    own forward gives the old log-probs: :func:`~rewardstack.training.ppo.update.reuses_training_logprobs`) ->
    KL-penalised rewards -> advantages (GAE, or a group baseline) -> minibatch epochs with gradient
    clipping -> LR schedule and KL controller step -> metrics.jsonl

Outputs in ``output_dir``: ``metrics.jsonl`` (one line per step, keys in
:mod:`~rewardstack.training.ppo.metrics`), ``samples.jsonl`` (a few rollouts
every ``log_samples_every`` steps), ``resume-state/`` (every ``save_every``
steps, at the end, and when stopped) and ``policy/`` (the trained LM and its
tokenizer as an HF folder: a model name for the next run or a stack) and
``curves.png`` (:mod:`~rewardstack.training.ppo.plot`, when matplotlib is installed).

Launched with several processes (``accelerate launch``), the ranks share each step's prompts and
train one DDP model; every number above describes the whole step and only the main process writes
(:mod:`~rewardstack.training.ppo.distributed`).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from threading import Event
from typing import Any

import numpy as np
import torch
from torch import nn

from rewardstack.core.errors import ConfigError, RewardStackError
from rewardstack.core.sample import Sample
from rewardstack.fusion.stack import RewardStack
from rewardstack.models.quiet import quiet_transformers
from rewardstack.tracking import open_writers
from rewardstack.tracking.writers import MultiWriter
from rewardstack.training.monitors import (
    MonitorEvent,
    MonitorSuite,
    StepObservation,
    SycophancyCanaryConfig,
    canary_agreement,
)
from rewardstack.training.ppo.checkpoint import (
    TrainerState,
    capture_rng,
    check_same_data,
    check_same_run,
    file_digests,
    load_checkpoint,
    read_state,
    save_checkpoint,
)
from rewardstack.training.ppo.config import PPOConfig
from rewardstack.training.ppo.data import prompts_for_step, read_prompts
from rewardstack.training.ppo.distributed import Distributed, StepShare, combine
from rewardstack.training.ppo.experience import build_experience, sequence_rewards, with_old_logprobs
from rewardstack.training.ppo.metrics import SampleTable, finite_or_none, reward_metrics
from rewardstack.training.ppo.overlap import SideWorker
from rewardstack.training.ppo.plot import CURVES_FILE, matplotlib_available, plot_curves
from rewardstack.training.ppo.policy import ResponseForward, forward_response
from rewardstack.training.ppo.rollout import Rollout, sample_responses
from rewardstack.training.ppo.setup import (
    Models,
    build_kl_controller,
    build_optimizer,
    build_stack,
    check_device,
    load_models,
    prepare_output,
)
from rewardstack.training.ppo.update import PolicyForward, autocast, reuses_training_logprobs, run_update
from rewardstack.training.rl import KLController, masked_sum
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.progress import NullProgress, TrainProgress, auto_progress

__all__ = ["PPOResult", "PPOStopped", "train_ppo"]


class PPOStopped(RewardStackError):
    """The run was stopped (signal) after a step; its resume state is saved."""


@dataclass(frozen=True)
class PPOResult:
    output_dir: Path
    steps_done: int
    last_metrics: dict[str, Any]
    main_process: bool = True  # False on the other ranks of a multi-process run (they report nothing)


@dataclass
class _Run:
    config: PPOConfig
    models: Models
    stack: RewardStack
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler
    controller: KLController
    prompts: list[Sample]
    device: torch.device
    compute_dtype: torch.dtype
    monitors: MonitorSuite
    dist: Distributed
    trainer: nn.Module  # the policy's training forward (DDP-wrapped with several processes)
    rewards: SideWorker  # scores each rollout beside its no-grad passes (rollout.overlap_rewards)
    best: dict[str, Any] | None = None


def train_ppo(config: PPOConfig, *, resume: bool = False, progress: TrainProgress | None = None,
              stop: Event | None = None, stop_at_step: int | None = None) -> PPOResult:
    """Run ``config`` (see the module docstring); ``resume`` continues from ``output_dir``'s resume state.

    ``stop``: once set, the run ends after the current step with its state saved (:class:`PPOStopped`).
    ``stop_at_step``: end normally (state saved) once this many steps are done, before ``steps``.
    """
    progress = progress or auto_progress()
    threads = torch.get_num_threads()
    if config.threads:
        torch.set_num_threads(config.threads)
    try:
        return _train(config, resume, progress, stop, stop_at_step)
    finally:
        torch.set_num_threads(threads)
        progress.close()


def _train(config: PPOConfig, resume: bool, progress: TrainProgress, stop: Event | None,
           stop_at_step: int | None) -> PPOResult:
    device, compute_dtype = check_device(config)
    prompts = read_prompts(config.prompts)
    dist = Distributed.from_environment(config.device, config.distributed)
    try:
        device = dist.device(device, config.device)
        dist.check_divides(config.prompts_per_step, config.update.minibatch_size)
        _prepare_output(dist, config, resume)
        if resume:  # before any model is loaded: a changed config fails in a second, not after a minute
            saved = read_state(config.output_dir)  # a damaged file is a named error, not a traceback
            if saved is None:  # prepare_output checked it exists: only a race gets here
                raise ConfigError(f"{config.output_dir}: the resume state vanished")
            _check_same_run(saved["config"], config)
            check_same_data(saved.get("data_digests"), {"prompts": config.prompts})
            if saved.get("world_size", 1) != dist.world_size:
                raise ConfigError(f"{config.output_dir}: the run started with {saved.get('world_size', 1)} "
                                  f"process(es), this one has {dist.world_size}; resume it with as many")
        result = _train_on(dist, config, resume, progress if dist.is_main else NullProgress(), stop, stop_at_step,
                           prompts, device, compute_dtype)
        dist.barrier()  # every rank leaves once the main one has written everything
        return result
    finally:
        dist.close()


def _prepare_output(dist: Distributed, config: PPOConfig, resume: bool) -> None:
    """Every rank checks ``output_dir`` (so a refusal fails them all alike); the main one alone changes it."""
    if dist.world_size > 1:
        prepare_output(config, resume, check_only=True)
        dist.barrier()
    if dist.is_main:
        prepare_output(config, resume)
    dist.barrier()


def _train_on(dist: Distributed, config: PPOConfig, resume: bool, progress: TrainProgress, stop: Event | None,
              stop_at_step: int | None, prompts: list[Sample], device: torch.device,
              compute_dtype: torch.dtype) -> PPOResult:
    stack = build_stack(config)
    rewards = SideWorker(overlap=config.rollout.overlap_rewards)
    try:
        torch.manual_seed(config.seed)  # the same on every rank: the models start identical
        models = load_models(config, device, compute_dtype)
        optimizer, scheduler = build_optimizer(config, models.policy)
        trainer, optimizer = dist.prepare(PolicyForward(models.policy, config.rollout.temperature,
                                                        entropy_grad=config.update.entropy_coef > 0), optimizer)
        if dist.world_size > 1:  # each rank samples its own responses
            torch.manual_seed(int(np.random.SeedSequence([config.seed, dist.rank]).generate_state(1)[0]))
        run = _Run(config, models, stack, optimizer, scheduler, build_kl_controller(config), prompts, device,
                   compute_dtype, MonitorSuite(config.monitors), dist, trainer, rewards)
        start = _restore(run) if resume else 0
        return _loop(run, start, progress, stop, stop_at_step)
    finally:
        rewards.close()
        stack.close()


# what a resumed run may change: how long it runs and how it reports, never what it trains
_RESUMABLE_CHANGES = {"steps", "save_every", "log_samples_every", "log_samples_rows", "threads", "overwrite", "device",
                      "tracking", "gradient_checkpointing", "rollout.overlap_rewards"}


def _check_same_run(saved: dict[str, Any], config: PPOConfig) -> None:
    """ConfigKeyError naming the first key whose change would make the resumed run another run."""
    check_same_run(saved, config, _RESUMABLE_CHANGES)


def _restore(run: _Run) -> int:
    state = load_checkpoint(run.config.output_dir, run.models.policy, run.optimizer, run.scheduler,
                            rank=run.dist.rank)
    if state is None:  # prepare_output checked it exists: only a race gets here
        raise ConfigError(f"{run.config.output_dir}: the resume state vanished")
    run.controller.load_state_dict(state.kl_controller)
    run.stack.load_state_dict(state.rank_stack_states[run.dist.rank] if state.rank_stack_states
                              else state.stack_state)
    if state.monitors:
        run.monitors.load_state_dict(state.monitors)
    run.best = state.best
    return state.step


def _save(run: _Run, steps_done: int) -> None:
    several = run.dist.world_size > 1
    stacks = run.dist.gather(run.stack.state_dict())  # per rank: each rank's stack learned from its own share
    rngs = run.dist.gather(capture_rng()) if several else None
    full = run.dist.full_state(run.models.policy, run.optimizer)  # FSDP: gathered to the main rank (a collective)
    if run.dist.is_main:
        state = TrainerState(step=steps_done, kl_controller=run.controller.state_dict(), stack_state=stacks[0],
                             config=run.config.model_dump(mode="json"),
                             monitors=run.monitors.state_dict() if run.monitors.monitors else {}, best=run.best,
                             world_size=run.dist.world_size, rank_stack_states=stacks if several else None,
                             data_digests=file_digests({"prompts": run.config.prompts}))
        save_checkpoint(run.config.output_dir, run.models.policy, run.optimizer, run.scheduler, state,
                        rng_by_rank=rngs, full=full)
    run.dist.barrier()


def _loop(run: _Run, start: int, progress: TrainProgress, stop: Event | None, stop_at_step: int | None
          ) -> PPOResult:
    config = run.config
    main = run.dist.is_main
    table = SampleTable(config.output_dir, resume_after=start or None) if main else None  # a state has start >= 1
    # a resumed run keeps the lines of the steps it had done (step k is the k-th done), drops later ones
    writers = open_writers(config.output_dir, config.tracking, run_config=config.model_dump(mode="json"),
                           resume_from_step=start + 1 if start else None) if main else MultiWriter([])
    end = min(config.steps, stop_at_step) if stop_at_step is not None else config.steps
    no_best = _no_best_note(config)
    if no_best is not None and main:
        print(f"warning: {no_best}", file=sys.stderr, flush=True)
    progress.start(f"{config.algorithm.kind} on {config.model}", total_steps=config.steps, done_steps=start)
    metrics: dict[str, Any] = {}
    with writers:
        for step in range(start, end):
            metrics, observation = _step(run, step, table)
            events = _watch(run, observation, metrics)
            writers.write(step + 1, {k: v for k, v in metrics.items() if k != "step"})
            for event in events:
                record = event.as_record()
                if event.action == "stop" and no_best is not None:
                    record.update(best=None, note="no best/ checkpoint is kept: best_metric is not set")
                writers.write(step + 1, {k: v for k, v in record.items() if k != "step"})
                progress.log(f"monitor {event.monitor} ({event.action}): {event.message}"
                             + (f" ({record['note']})" if "note" in record else ""))
            progress.step(metrics.get("loss") or 0.0)
            progress.log(_summary(metrics, config.steps))
            done = step + 1
            _keep_best(run, metrics, done)
            if run.monitors.should_stop:  # a 'stop' monitor: end here as a finished run (best/ is the keeper)
                _save(run, done)
                end = done
                break
            # a stop during the last step: finish; every rank stops after the same step
            stopping = run.dist.any_rank(stop is not None and stop.is_set()) and done < end
            if done % config.save_every == 0 or done == end or stopping:
                _save(run, done)
            if stopping:
                raise PPOStopped(f"stopped after step {done} of {config.steps}; the resume state is saved")
    if end == config.steps or run.monitors.should_stop:
        _export_policy(run)  # every rank: FSDP gathers the weights
    if (end == config.steps or run.monitors.should_stop) and main:
        if matplotlib_available():
            plot_curves(config.output_dir / "metrics.jsonl", config.output_dir / CURVES_FILE)
        else:
            progress.log(f"no {CURVES_FILE}: matplotlib is not installed (pip install 'rewardstack[bench]')")
    return PPOResult(output_dir=config.output_dir, steps_done=end, last_metrics=metrics, main_process=main)


def _no_best_note(config: PPOConfig) -> str | None:
    """What a run whose monitors may stop it, without ``best_metric``, must be told (None: nothing to tell)."""
    stopping = [monitor.kind for monitor in config.monitors if monitor.action == "stop"]
    if not stopping or config.best_metric is not None:
        return None
    return (f"monitor {stopping[0]} has action stop, but best_metric is not set: no best/ checkpoint is kept, and "
            "a stop exports policy/ as it is at the stopping step; set best_metric to a metrics.jsonl key (higher is "
            "better, e.g. reward/<verifier>/mean) to keep the best step's policy in best/")


def _watch(run: _Run, observation: StepObservation, metrics: dict[str, Any]) -> list[MonitorEvent]:
    """Feed the step to the monitors; apply raise_kl at once (the next step's coefficient)."""
    if not run.monitors.monitors:
        return []
    events = run.monitors.observe(observation)
    if run.monitors.kl_multiplier != 1.0:
        run.controller.value *= run.monitors.kl_multiplier
        metrics["kl_coef/next"] = run.controller.value
    metrics["monitor/events"] = len(events)
    return events


def _keep_best(run: _Run, metrics: dict[str, Any], done: int) -> None:
    """Export the policy to best/ when ``best_metric`` beat every earlier step's."""
    name = run.config.best_metric
    if name is None:
        return
    if name not in metrics:
        raise ConfigKeyError(("best_metric",), f"{name!r} is not a metric of this run; metrics.jsonl has "
                                               f"{', '.join(sorted(k for k in metrics if '/' in k)[:12])}, ...")
    value = metrics[name]
    if value is None or (run.best is not None and value <= run.best["value"]):
        return
    run.best = {"step": done, "metric": name, "value": value}
    _export_policy(run, "best")  # every rank: FSDP gathers the weights
    if run.dist.is_main:
        (run.config.output_dir / "best" / "best.json").write_text(json.dumps(run.best) + "\n", encoding="utf-8")


def _summary(metrics: dict[str, Any], steps: int) -> str:
    reward = metrics["reward/total/mean"]
    shown = "none" if reward is None else f"{reward:.3f}"
    return (f"step {metrics['step']}/{steps}: reward {shown}, kl {metrics['kl']:.4f}, "
            f"length {metrics['response_length/mean']:.1f}")


def _export_policy(run: _Run, name: str = "policy") -> None:
    """Write ``name``/ from the main rank; every rank calls it (FSDP gathers the full weights, a collective)."""
    weights = run.dist.full_weights(run.models.policy.lm)  # None: the model's own state_dict is whole
    if not run.dist.is_main:
        return
    folder = run.config.output_dir / name
    lm = run.models.policy.lm
    # the run is over: fold the adapters into policy/ so it is a plain model; best/ is written mid-run,
    # where merging would end the adapters' training, so with LoRA it holds the adapter folder
    if run.config.lora is not None and name == "policy":
        lm = lm.merge_and_unload()  # type: ignore[operator]
    with quiet_transformers():
        lm.save_pretrained(folder, state_dict=weights)
        run.models.tokenizer.save_pretrained(folder)


@torch.no_grad()
def _forward_all(run: _Run, lm: Any, rollout: Rollout, *, with_values: bool) -> ResponseForward:
    """One no-grad pass over the batch, in minibatch-sized chunks (memory stays that of the update)."""
    parts = []
    size = run.config.update.minibatch_size
    head = run.models.policy.value_head if with_values else None
    critic = run.models.policy.critic if with_values else None
    for rows in torch.arange(rollout.response_ids.shape[0], device=run.device).split(size):
        with autocast(run.device, run.compute_dtype):
            parts.append(forward_response(lm, rollout.prompt_ids[rows], rollout.prompt_mask[rows],
                                          rollout.response_ids[rows], rollout.response_mask[rows],
                                          temperature=run.config.rollout.temperature, value_head=head,
                                          critic=critic))
    values = [p.values for p in parts if p.values is not None]
    return ResponseForward(logprobs=torch.cat([p.logprobs for p in parts]), entropy=None,
                           values=torch.cat(values) if values else None)


def _reference_forward(run: _Run, rollout: Rollout) -> ResponseForward:
    if run.models.reference is not None:
        return _forward_all(run, run.models.reference, rollout, with_values=False)
    lm = run.models.policy.lm
    with lm.disable_adapter():  # type: ignore[operator]  # a peft model: the base is the reference
        return _forward_all(run, lm, rollout, with_values=False)


def _step(run: _Run, step: int, table: SampleTable | None) -> tuple[dict[str, Any], StepObservation]:
    config = run.config
    began = time.perf_counter()
    group = config.algorithm.group_size
    chosen = run.dist.shard(prompts_for_step(run.prompts, step=step, per_step=config.prompts_per_step,
                                             seed=config.seed))
    batch = [prompt for prompt in chosen for _ in range(group)]
    groups = torch.arange(len(chosen), device=run.device).repeat_interleave(group)
    with autocast(run.device, run.compute_dtype), run.dist.generating(run.models.policy.lm):  # FSDP: LM whole
        rollout = sample_responses(run.models.policy.lm, run.models.tokenizer, batch, config.rollout)
    generated = time.perf_counter()
    samples = [s.model_copy(update={"id": f"{s.id}@{step}.{k % group}", "response": text})
               for k, (s, text) in enumerate(zip(batch, rollout.texts, strict=True))]
    run.stack.set_step(step)
    reuse = reuses_training_logprobs(config)  # the update's forward gives the old log-probs: no pass for them
    # the stack scores on the worker thread while the no-grad passes run here; neither reads the other's output
    scored = run.rewards.run(lambda: run.stack.score_arrays(samples),
                             lambda: (None if reuse else _forward_all(run, run.models.policy.lm, rollout,
                                                                      with_values=True),
                                      _reference_forward(run, rollout)))
    arrays, (old, ref) = scored.side, scored.main
    referenced = time.perf_counter()
    totals = torch.tensor(arrays.total, dtype=torch.float32, device=run.device)
    scores = sequence_rewards(totals, rollout.truncated, config)
    beta = run.controller.value
    experience = build_experience(
        prompt_ids=rollout.prompt_ids, prompt_mask=rollout.prompt_mask, response_ids=rollout.response_ids,
        response_mask=rollout.response_mask, old_logprobs=None if old is None else old.logprobs,
        ref_logprobs=ref.logprobs, old_values=None if old is None else old.values, scores=scores, groups=groups,
        beta=beta, config=config, reduce=run.dist.all_sum if run.dist.world_size > 1 else None)
    updated_with = run_update(run.models.policy, run.optimizer, experience, beta=beta, config=config,
                              compute_dtype=run.compute_dtype, trainer=run.trainer, dist=run.dist)
    stats = updated_with.stats
    if experience.old_logprobs is None:  # no minibatch ran (no sample had a reward): the policy is unchanged
        taken = updated_with.old_logprobs
        if taken is None:
            taken = _forward_all(run, run.models.policy.lm, rollout, with_values=False).logprobs
        experience = with_old_logprobs(experience, taken, config)
    assert experience.kl is not None
    lr = run.scheduler.get_last_lr()[0]
    run.scheduler.step()
    updated = time.perf_counter()
    whole = combine(run.dist, StepShare(
        samples=samples, arrays=arrays, rewards=scores.rewards, valid=scores.valid,
        sequence_kl=masked_sum(experience.kl, rollout.response_mask, dim=1),
        lengths=rollout.response_mask.sum(dim=1), truncated=rollout.truncated, kl_sum=experience.kl.sum(),
        token_count=rollout.response_mask.sum(), update=stats, fusion=run.stack.metrics(),
        times={"generate": generated - began, "reward": scored.side_s, "reward_hidden": scored.hidden_s,
               "reference": scored.main_s, "update": updated - referenced, "step": updated - began}))
    run.controller.update(float(whole.sequence_kl.mean()), n_steps=len(whole.samples))
    metrics = _metrics(step, whole, lr=lr, beta=beta, next_beta=run.controller.value)
    if table is not None and config.log_samples_every and (step + 1) % config.log_samples_every == 0:
        table.write([{"step": step + 1, "id": s.id, "prompt": s.prompt_text, "response": s.response,
                      "total": finite_or_none(whole.arrays.total[k]), "status": whole.arrays.status_of(k).value,
                      "values": {name: finite_or_none(v[k]) for name, v in whole.arrays.values.items()}}
                     for k, s in enumerate(whole.samples[:_sample_rows(config, len(whole.samples))])])
    return metrics, _observation(run, step + 1, whole.samples, whole.arrays, whole.lengths, metrics["kl"])


def _sample_rows(config: PPOConfig, samples: int) -> int:
    """Rollouts per samples.jsonl entry: ``log_samples_rows`` (default 4: enough to read), or every one."""
    return samples if config.log_samples_rows == "all" else config.log_samples_rows


def _metrics(step: int, whole: StepShare, *, lr: Any, beta: float, next_beta: float) -> dict[str, Any]:
    """One metrics.jsonl line from the whole step (every rank's share)."""
    arrays, stats, times = whole.arrays, whole.update, whole.times
    metrics: dict[str, Any] = {"step": step + 1, "samples": len(whole.samples),
                               **reward_metrics(arrays.total, arrays.status, arrays.values, arrays.statuses)}
    metrics.update({
        "reward/trained/mean": finite_or_none(float(whole.rewards[whole.valid].mean())) if whole.valid.any()
        else None,
        "reward/kept_fraction": float(whole.valid.float().mean()),
        "kl": float(whole.sequence_kl.mean()), "kl/per_token": float(whole.kl_sum / whole.token_count),
        "kl_coef": beta, "kl_coef/next": next_beta,
        "entropy": stats.get("entropy"), "clip_fraction": stats.get("clip_fraction"),
        "value_loss": stats.get("value_loss"), "policy_loss": stats.get("policy_loss"), "loss": stats.get("loss"),
        "approx_kl": stats.get("approx_kl"), "grad_norm": stats.get("grad_norm"), "lr": lr,
        **({"value_grad_norm": stats["value_grad_norm"]} if "value_grad_norm" in stats else {}),  # separate critic
        "response_length/mean": float(whole.lengths.float().mean()), "response_length/max": int(whole.lengths.max()),
        "response/truncated_fraction": float(whole.truncated.float().mean()),
        **{name: finite_or_none(value) for name, value in whole.fusion.items()},
        "time/generate": times["generate"], "time/reward": times["reward"],
        "time/reward_hidden": times["reward_hidden"], "time/reference": times["reference"],
        "time/update": times["update"], "time/step": times["step"],
        "tokens_per_s": float(whole.lengths.sum()) / max(times["generate"], 1e-9),
    })
    return metrics


def _observation(run: _Run, step: int, samples: list[Sample], arrays: Any, lengths: torch.Tensor,
                 kl: float) -> StepObservation:
    canary = next((m for m in run.monitors.monitors if isinstance(m, SycophancyCanaryConfig)
                   and m.agreement_source is not None), None)
    agreement = None
    if canary is not None and canary.agreement_source is not None:
        if canary.agreement_source not in arrays.values:
            raise ConfigKeyError(("monitors",), f"sycophancy_canary.agreement_source {canary.agreement_source!r} is "
                                                f"not a source of the stack ({', '.join(sorted(arrays.values))})")
        agreement = canary_agreement(samples, arrays.values[canary.agreement_source], key=canary.canary_key)
    return StepObservation.from_arrays(step, arrays, response_length=lengths.cpu().numpy(), kl=kl,
                                       canary_agreement=agreement)
