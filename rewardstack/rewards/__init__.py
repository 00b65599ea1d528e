"""rewardstack.rewards."""
