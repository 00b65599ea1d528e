"""rewardstack.verifiers."""
