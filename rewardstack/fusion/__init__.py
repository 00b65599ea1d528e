"""rewardstack.fusion."""
