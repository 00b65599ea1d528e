"""The labelled principle-judgement set (``judgements.jsonl``) that adapts and evaluates the default judge.

430 items over the default constitution's five principles, balanced per principle and per verdict,
30% held out (stratified), with better/worse pairs and hard cases. The tables (``_harm.py``,
``_helpful.py``, ``_honesty.py``, ``_sycophancy.py``, ``_medical.py``) are where items are written;
``build_judgements`` writes the JSONL; :mod:`.items` reads it. See docs/critic_judge.md.
"""

from rewardstack.rewards.critic.data.items import (
    JUDGEMENTS_PATH,
    PRINCIPLES,
    JudgementData,
    JudgementItem,
    load_judgements,
    read_judgements,
)

__all__ = ["JUDGEMENTS_PATH", "PRINCIPLES", "JudgementData", "JudgementItem", "load_judgements", "read_judgements"]
