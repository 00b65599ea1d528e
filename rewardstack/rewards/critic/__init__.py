"""The constitutional-AI critic (principles, judges, AI-feedback data).

So far: :mod:`rewardstack.rewards.critic.judges`, the contract every judge backend keeps.
"""
