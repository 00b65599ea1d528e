"""The update's direction on tiny-lm: a response with a positive advantage becomes likelier, a negative one less."""

from __future__ import annotations

import torch

from rewardstack.core.sample import Sample
from rewardstack.models import load_causal_lm
from rewardstack.training.ppo.config import PPOConfig
from rewardstack.training.ppo.experience import SequenceRewards, build_experience
from rewardstack.training.ppo.policy import PolicyWithValue, forward_response
from rewardstack.training.ppo.rollout import sample_responses
from rewardstack.training.ppo.update import update_policy


def test_grpo_update_moves_log_probs_the_way_the_rewards_say() -> None:
    torch.manual_seed(0)
    lm, tokenizer = load_causal_lm("tiny-lm", device="cpu")
    policy = PolicyWithValue(lm, value_head=False).eval()
    config = PPOConfig.model_validate({
        "stack": "s.yaml", "prompts": "p", "output_dir": "o", "prompts_per_step": 1,
        "algorithm": {"kind": "grpo", "group_size": 2}, "kl": {"controller": {"coef": 0}},  # kind: fixed by default
        "rollout": {"max_new_tokens": 4, "chat_template": False}, "update": {"epochs": 3, "minibatch_size": 2}})
    prompt = Sample(id="p", prompt="Say something.", response="")
    rollout = sample_responses(lm, tokenizer, [prompt, prompt], config.rollout)

    def logprobs() -> torch.Tensor:
        with torch.no_grad():
            return forward_response(lm, rollout.prompt_ids, rollout.prompt_mask, rollout.response_ids,
                                    rollout.response_mask, temperature=1.0).logprobs

    old = logprobs()
    before = (old * rollout.response_mask).sum(dim=1)
    batch = build_experience(prompt_ids=rollout.prompt_ids, prompt_mask=rollout.prompt_mask,
                             response_ids=rollout.response_ids, response_mask=rollout.response_mask,
                             old_logprobs=old, ref_logprobs=old.clone(), old_values=None,
                             scores=SequenceRewards(torch.tensor([1.0, 0.0]), torch.tensor([True, True])),
                             groups=torch.tensor([0, 0]), beta=0.0, config=config)
    optimizer = torch.optim.AdamW([p for p in policy.parameters() if p.requires_grad], lr=1e-3)
    stats = update_policy(policy, optimizer, batch, beta=0.0, config=config, compute_dtype=torch.float32)
    after = (logprobs() * rollout.response_mask).sum(dim=1)
    assert after[0] > before[0] and after[1] < before[1]
    assert stats["clip_fraction"] >= 0.0 and stats["approx_kl"] > 0.0
