"""Training loops driven by fused rewards (SFT, reward model, PPO, DPO): arrives with its issue."""

__all__: list[str] = []
