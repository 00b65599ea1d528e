"""The step's shortcuts give the results of the long way on tiny-lm: no old-policy pass when the update's forward
gives the old log-probs, logits for the response positions only, no EOS-ban processors at every new token."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file

import rewardstack.training.ppo.train as train_module
from rewardstack.core.sample import Sample
from rewardstack.models import load_causal_lm
from rewardstack.training.ppo import PPOConfig, train_ppo
from rewardstack.training.ppo import policy as policy_module
from rewardstack.training.ppo.config import RolloutConfig
from rewardstack.training.ppo.experience import Experience, SequenceRewards, build_experience
from rewardstack.training.ppo.policy import PolicyWithValue, forward_response
from rewardstack.training.ppo.rollout import NoEOSFirst, encode_prompts, sample_responses
from rewardstack.training.ppo.update import reuses_training_logprobs, run_update
from rewardstack.training.rm.progress import NullProgress

_BASE: dict[str, Any] = {"stack": "s.yaml", "prompts": "p", "output_dir": "o", "prompts_per_step": 2,
                         "algorithm": {"kind": "grpo", "group_size": 2},
                         "kl": {"estimator": "k3", "placement": "loss"},
                         "update": {"epochs": 1, "minibatch_size": 4}}


@pytest.fixture(scope="module")
def tiny() -> tuple[Any, Any]:
    return load_causal_lm("tiny-lm", device="cpu")


@pytest.mark.parametrize(("change", "reuses"), [
    ({}, True),                                                              # GRPO, KL in the loss, one pass
    ({"algorithm": {"kind": "rloo", "group_size": 2}}, True),
    ({"update": {"epochs": 1, "minibatch_size": 8}}, True),                  # a minibatch larger than the step
    ({"kl": {"estimator": "k1", "placement": "reward"}}, False),             # the KL shapes the advantages
    ({"update": {"epochs": 2, "minibatch_size": 4}}, False),                 # the second epoch is off-policy
    ({"update": {"epochs": 1, "minibatch_size": 2}}, False),                 # the second minibatch too
    ({"algorithm": {"kind": "ppo"}, "prompts_per_step": 4}, False),          # GAE needs the old values
])
def test_which_configurations_reuse_the_training_logprobs(change: dict[str, Any], reuses: bool) -> None:
    assert reuses_training_logprobs(PPOConfig.model_validate({**_BASE, **change})) is reuses


def _batch(lm: Any, config: PPOConfig, *, with_old: bool) -> Experience:
    gen = torch.Generator().manual_seed(0)
    prompt_ids = torch.randint(5, 500, (4, 5), generator=gen)
    prompt_mask = torch.ones(4, 5, dtype=torch.long)
    prompt_mask[0, :2] = 0
    response_ids = torch.randint(5, 500, (4, 6), generator=gen)
    response_mask = torch.tensor([[1.0] * 6, [1.0] * 4 + [0.0] * 2, [1.0] * 6, [1.0] * 2 + [0.0] * 4])
    with torch.no_grad():
        old = forward_response(lm, prompt_ids, prompt_mask, response_ids, response_mask, temperature=0.9).logprobs
    return build_experience(prompt_ids=prompt_ids, prompt_mask=prompt_mask, response_ids=response_ids,
                            response_mask=response_mask, old_logprobs=old if with_old else None,
                            ref_logprobs=old - 0.1 * torch.rand(4, 6, generator=gen), old_values=None,
                            scores=SequenceRewards(torch.tensor([1.0, 0.0, 0.5, 0.2]), torch.ones(4, dtype=torch.bool)),
                            groups=torch.tensor([0, 0, 1, 1]), beta=0.05, config=config)


def test_an_update_without_old_logprobs_takes_the_same_step_as_one_with_them(tiny: tuple[Any, Any]) -> None:
    config = PPOConfig.model_validate({**_BASE, "rollout": {"temperature": 0.9}, "optim": {"max_grad_norm": None}})
    results = []
    for with_old in (True, False):
        torch.manual_seed(0)  # the same minibatch order
        lm = copy.deepcopy(tiny[0])
        policy = PolicyWithValue(lm, value_head=False).eval()
        start = {n: p.detach().clone() for n, p in policy.named_parameters()}
        batch = _batch(lm, config, with_old=with_old)
        optimizer = torch.optim.SGD(policy.parameters(), lr=1.0)  # the weights' change is minus the gradient
        done = run_update(policy, optimizer, batch, beta=0.05, config=config, compute_dtype=torch.float32)
        results.append((batch, done, {n: p.detach() - start[n] for n, p in policy.named_parameters()}))
    (long_batch, long_way, long_delta), (_, short_way, short_delta) = results
    assert long_way.old_logprobs is None and short_way.old_logprobs is not None
    torch.testing.assert_close(short_way.old_logprobs, long_batch.old_logprobs, atol=1e-6, rtol=0)
    for name in ("loss", "policy_loss", "kl_loss", "entropy", "clip_fraction", "ratio"):
        assert short_way.stats[name] == pytest.approx(long_way.stats[name], abs=1e-6), name
    assert short_way.stats["ratio"] == 1.0 and short_way.stats["approx_kl"] == 0.0
    assert max(d.abs().max().item() for d in long_delta.values()) > 1e-4  # the step did move the weights
    for name, moved in long_delta.items():
        torch.testing.assert_close(short_delta[name], moved, atol=1e-6, rtol=1e-4, msg=name)


@pytest.mark.parametrize("change", [{"kl": {"placement": "reward"}}, {"update": {"epochs": 2, "minibatch_size": 4}}])
def test_an_update_without_old_logprobs_is_refused_outside_one_pass_with_the_kl_in_the_loss(
        tiny: tuple[Any, Any], change: dict[str, Any]) -> None:
    lm, _ = tiny
    allowed = PPOConfig.model_validate(_BASE)
    config = PPOConfig.model_validate({**_BASE, **change})
    batch = _batch(lm, allowed, with_old=False)
    with pytest.raises(ValueError, match="one update pass in one minibatch"):
        run_update(PolicyWithValue(lm, value_head=False), torch.optim.SGD(lm.parameters(), lr=0.0), batch,
                   beta=0.05, config=config, compute_dtype=torch.float32)
    with pytest.raises(ValueError, match="old_logprobs are needed"):
        _batch(lm, PPOConfig.model_validate({**_BASE, "kl": {"placement": "reward"}}), with_old=False)


def _counted_run(config: PPOConfig, monkeypatch: pytest.MonkeyPatch, *, reuse: bool | None = None,
                 **train: Any) -> list[int]:
    """Train ``config`` (``train``: more arguments of train_ppo); the number of no-grad passes (old policy,
    reference) of each step."""
    passes: list[int] = []
    forward_all, step = train_module._forward_all, train_module._step

    def counting_forward(*args: Any, **kwargs: Any) -> Any:
        passes[-1] += 1
        return forward_all(*args, **kwargs)

    def counting_step(*args: Any, **kwargs: Any) -> Any:
        passes.append(0)
        return step(*args, **kwargs)

    monkeypatch.setattr(train_module, "_forward_all", counting_forward)
    monkeypatch.setattr(train_module, "_step", counting_step)
    if reuse is not None:
        monkeypatch.setattr(train_module, "reuses_training_logprobs", lambda _config: reuse)
    train_ppo(config, progress=NullProgress(), **train)
    monkeypatch.undo()
    return passes


@pytest.mark.slow  # two 2-step GRPO runs on tiny-lm, one of them stopped and resumed (~12 s)
def test_grpo_steps_without_the_old_policy_pass_end_with_the_weights_of_the_steps_with_it(
        make_config: Callable[..., PPOConfig], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def config(name: str) -> PPOConfig:
        return make_config(output_dir=str(tmp_path / name), algorithm={"kind": "grpo", "group_size": 2},
                           kl={"estimator": "k3", "placement": "loss"},
                           update={"epochs": 1, "minibatch_size": 4}, log_samples_every=0, save_every=2)

    # the short way is stopped after step 1 and resumed: the resume state carries it like any other run
    assert _counted_run(config("short"), monkeypatch, stop_at_step=1) == [1]  # the reference pass alone
    torch.manual_seed(12345)  # whatever happens in between, the resume restores the random state
    assert _counted_run(config("short"), monkeypatch, resume=True) == [1]
    assert _counted_run(config("long"), monkeypatch, reuse=False) == [2, 2]  # the old policy's and the reference's
    short, long = ([json.loads(line) for line in (tmp_path / name / "metrics.jsonl").read_text().splitlines()]
                   for name in ("short", "long"))
    assert [line["step"] for line in short] == [1, 2]
    for ours, theirs in zip(short, long, strict=True):
        for key in ("loss", "policy_loss", "kl", "kl/per_token", "entropy", "grad_norm", "reward/total/mean"):
            assert ours[key] == pytest.approx(theirs[key], abs=1e-5), key
    trained = [load_file(str(tmp_path / name / "policy" / "model.safetensors")) for name in ("short", "long")]
    for name, weight in trained[1].items():
        torch.testing.assert_close(trained[0][name], weight, atol=1e-6, rtol=1e-5, msg=name)


@pytest.mark.slow  # a 1-step run on tiny-lm (~4 s)
def test_the_kl_in_the_reward_still_runs_the_old_policy_pass(make_config: Callable[..., PPOConfig],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_config(steps=1, algorithm={"kind": "grpo", "group_size": 2}, log_samples_every=0,
                         update={"epochs": 1, "minibatch_size": 4})
    assert _counted_run(config, monkeypatch) == [2]


@pytest.mark.parametrize("temperature", [1.0, 0.7])
def test_logits_for_the_response_positions_only_give_the_full_forward_s_results(
        tiny: tuple[Any, Any], temperature: float, monkeypatch: pytest.MonkeyPatch) -> None:
    lm, _ = tiny
    gen = torch.Generator().manual_seed(1)
    prompt_ids = torch.randint(5, 500, (3, 7), generator=gen)
    response_ids = torch.randint(5, 500, (3, 5), generator=gen)
    prompt_mask = torch.ones(3, 7, dtype=torch.long)
    prompt_mask[1, :3] = 0
    response_mask = torch.tensor([[1.0] * 5, [1.0] * 3 + [0.0] * 2, [1.0] + [0.0] * 4])
    outputs = []
    for keeps in (True, False):
        monkeypatch.setattr(policy_module, "_keeps_logits", lambda _lm, keeps=keeps: keeps)
        lm.zero_grad(set_to_none=True)
        out = forward_response(lm, prompt_ids, prompt_mask, response_ids, response_mask, temperature=temperature,
                               with_entropy=True, entropy_grad=not keeps)
        assert out.entropy is not None and out.entropy.requires_grad is (not keeps)
        ((out.logprobs * response_mask).sum() - 0.0 * out.entropy.sum()).backward()
        outputs.append((out, {n: p.grad.clone() for n, p in lm.named_parameters() if p.grad is not None}))
    (short, short_grads), (full, full_grads) = outputs
    torch.testing.assert_close(short.logprobs, full.logprobs, atol=1e-6, rtol=0)
    torch.testing.assert_close(short.entropy, full.entropy, atol=1e-6, rtol=0)
    assert short_grads.keys() == full_grads.keys()
    for name, grad in full_grads.items():
        torch.testing.assert_close(short_grads[name], grad, atol=1e-6, rtol=1e-4, msg=name)


@pytest.mark.parametrize("new_tokens", [0, 1, 3])
def test_the_first_token_eos_ban_gives_the_scores_of_min_new_tokens(new_tokens: int) -> None:
    from transformers import MinLengthLogitsProcessor, MinNewTokensLengthLogitsProcessor

    scores = torch.randn(3, 11, generator=torch.Generator().manual_seed(new_tokens))
    ids = torch.zeros(3, 4 + new_tokens, dtype=torch.long)
    expected = MinNewTokensLengthLogitsProcessor(4, 1, 2)(ids, MinLengthLogitsProcessor(5, 2)(ids, scores))
    assert torch.equal(NoEOSFirst(prompt_length=4, eos_token_id=2)(ids, scores), expected)


@pytest.mark.parametrize(("temperature", "top_p"), [(1.0, 1.0), (0.7, 0.9)])
def test_sampling_draws_what_min_new_tokens_drew(tiny: tuple[Any, Any], temperature: float, top_p: float) -> None:
    from transformers import GenerationConfig

    lm, tokenizer = tiny
    config = RolloutConfig(max_new_tokens=6, temperature=temperature, top_p=top_p)
    samples = [Sample(id=str(k), prompt=f"What is {k} + 1?", response="") for k in range(4)]
    torch.manual_seed(5)
    got = sample_responses(lm, tokenizer, samples, config)
    ids, mask = encode_prompts(tokenizer, samples, config, torch.device("cpu"))
    eos = tokenizer.eos_token_id
    torch.manual_seed(5)
    before = lm.generate(input_ids=ids, attention_mask=mask, generation_config=GenerationConfig(
        do_sample=True, temperature=temperature, top_p=top_p, top_k=0, max_new_tokens=6, min_new_tokens=1,
        eos_token_id=eos, pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id))
    response = before[:, ids.shape[1]:]
    kept = got.response_mask.bool()
    assert torch.equal(got.response_ids[kept], response[:, :got.response_ids.shape[1]][kept])
