"""Constitutional AI-feedback data: revision pairs and AI preference labels (docs/cai.md).

Command line::

    rewardstack cai revise --prompts prompts.jsonl --out pairs.jsonl [--model NAME] [--seed N]
    rewardstack cai label --pairs pairs.jsonl --out prefs.jsonl [--judge NAME|MAPPING] [--band 0.4,0.6]

Python::

    from rewardstack.cai import LabelSettings, ReviseSettings, run_label, run_revise
    run_revise(Path("prompts.jsonl"), Path("pairs.jsonl"), ReviseSettings(model="tiny-lm"))
    run_label(Path("pairs.jsonl"), Path("prefs.jsonl"), LabelSettings(judge=judge_from_spec("tiny-lm")))

Both outputs are preference JSONL that ``rewardstack train rm`` reads. Modules,
one concept each: ``items`` (inputs, checked whole), ``output`` (line-atomic,
resumable JSONL), ``seeding`` (per-item seeds), ``generate`` (seeded text from
a local LM), ``revise`` (respond, critique, revise), ``compare`` (the A/B
question in both orders), ``soft`` (band clamp, ``label_prob`` and ``margin``),
``label`` (the judged pairs), ``runner`` (the batch loop), ``progress``,
``jobs`` (end to end) and ``cli``.
"""

from rewardstack.cai.compare import COMPARE_TEMPLATE, CompareVerdict, compare_requests, compare_verdict
from rewardstack.cai.items import InputError, PairItem, PromptItem
from rewardstack.cai.jobs import run_label, run_revise
from rewardstack.cai.label import LabelSettings, judge_from_spec, label_batch
from rewardstack.cai.output import OutputError, ResumableJsonl
from rewardstack.cai.revise import ReviseSettings, revise_batch
from rewardstack.cai.runner import RunSummary, Skip
from rewardstack.cai.soft import Band, SoftLabel, soft_label

__all__ = [
    "COMPARE_TEMPLATE",
    "Band",
    "CompareVerdict",
    "InputError",
    "LabelSettings",
    "OutputError",
    "PairItem",
    "PromptItem",
    "ResumableJsonl",
    "ReviseSettings",
    "RunSummary",
    "Skip",
    "SoftLabel",
    "compare_requests",
    "compare_verdict",
    "judge_from_spec",
    "label_batch",
    "revise_batch",
    "run_label",
    "run_revise",
    "soft_label",
]
