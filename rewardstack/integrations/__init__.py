"""Adapters for the trainers people already run (guide: docs/integrations.md).

- :mod:`~rewardstack.integrations.trl`: ``as_trl_reward_funcs(stack)`` for ``GRPOTrainer``;
- :mod:`~rewardstack.integrations.verl`: ``compute_score`` / ``make_compute_score(stack)``;
- :mod:`~rewardstack.integrations.openrlhf`: the ``reward_func`` file
  (``rewardstack export openrlhf``); OpenRLHF's remote mode is ``rewardstack serve``'s ``/get_reward``;
- :mod:`~rewardstack.integrations.common`: the rules they share (labels, per-source logs).

Nothing here imports a trainer: the contracts are plain functions and dicts
(torch only for OpenRLHF's tensors).
"""

__all__: list[str] = []
