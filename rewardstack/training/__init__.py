"""Training loops driven by fused rewards.

- :mod:`rewardstack.training.rm`: reward models (Bradley–Terry, ensembles): ``rewardstack train rm``;
- SFT, DPO and PPO arrive with their issues.
"""

__all__: list[str] = []
