"""The adapted default judge: an embedded model with LoRA adapters trained on labelled principle judgements.

Modules: ``render`` (the question a labelled item becomes, and the text a model reads), ``net``
(backbone + adapters + head -> the log-odds of "Yes"), ``checkpoint`` (the small folder of weights,
and the shipped default in ``default/``), ``model`` (loading and batched inference), ``metrics``
(AUROC, ordering accuracy, flip rate, ECE), ``evaluate`` (all of them on a labelled set).
The judge backend is :mod:`rewardstack.rewards.critic.judges.adapted` (``kind: embedded_adapted``);
the trainer is :mod:`rewardstack.training.judge`. See docs/critic_judge.md.
"""
