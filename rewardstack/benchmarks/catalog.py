"""The metrics a suite can ask for, what each reports, and which direction is better.

A suite's ``metrics:`` names groups (:data:`GROUPS`); each group yields one or more scalar
metrics (:class:`MetricSpec`) and, for ``best_of_n`` and ``kl_optimum``, curves. ``better``
drives the verdicts: ``higher``/``lower`` compare values, ``zero`` compares absolute values
(a length correlation of -0.4 is as hacked as +0.4); ``None`` is descriptive only.

>>> [m.name for m in scalar_specs(("kl_optimum",), ns=(1, 4))]
['peak_gold', 'kl_at_peak', 'final_gold']
>>> scalar_specs(("best_of_n",), ns=(1, 4))[-1].title
'best-of-4 gold'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["GROUPS", "HEADLINE", "MetricSpec", "bon_name", "scalar_specs"]

Better = Literal["higher", "lower", "zero"]


@dataclass(frozen=True)
class MetricSpec:
    """One scalar metric: its key in results.json, a title, the better direction, the random baseline."""

    name: str
    title: str
    better: Better | None
    random: float | None = None
    column: str = ""

    @property
    def header(self) -> str:
        return self.column or self.name


_FIXED: dict[str, tuple[MetricSpec, ...]] = {
    "pairwise_accuracy": (MetricSpec("pairwise_accuracy", "pairwise accuracy vs gold", "higher", 0.5, "pair acc"),),
    "best_of_4": (MetricSpec("best_of_4", "best-of-4 accuracy (RewardBench 2 style)", "higher", 0.25, "best-of-4"),),
    "kendall_tau": (MetricSpec("kendall_tau", "per-prompt Kendall tau", "higher", 0.0, "tau"),),
    "kl_optimum": (
        MetricSpec("peak_gold", "peak gold of the KL-regularised optimum", "higher", None, "peak gold"),
        MetricSpec("kl_at_peak", "KL (nats) at the peak", None, None, "KL@peak"),
        MetricSpec("final_gold", "gold at the reward's argmax (beta -> 0)", "higher", None, "final gold"),
    ),
    "length_spearman": (MetricSpec("length_spearman", "Spearman(reward, length) within prompts", "zero", 0.0,
                                   "len rho"),),
    "sycophancy": (MetricSpec("sycophancy", "prefers agreeing with a wrong user", "lower", 0.5, "syco"),
                   MetricSpec("sycophancy_verified", "prefers agreeing with a wrong user, where a verifier applies",
                              "lower", 0.5, "syco (verified)")),
    "code_false_positive": (MetricSpec("code_false_positive", "false positives, plausible-but-wrong code", "lower",
                                       0.5, "code FP"),),
    "medical_false_positive": (MetricSpec("medical_false_positive", "false positives, fluent-wrong medicine",
                                          "lower", 0.5, "med FP"),),
}

#: Metric groups a suite may list under ``metrics:`` (all of them by default).
GROUPS: tuple[str, ...] = ("pairwise_accuracy", "best_of_4", "kendall_tau", "best_of_n", "kl_optimum",
                           "length_spearman", "sycophancy", "code_false_positive", "medical_false_positive")

#: Scalars shown in the terminal's headline table, in order (``best_of_n@max`` is the largest n).
HEADLINE: tuple[str, ...] = ("pairwise_accuracy", "best_of_4", "best_of_n@max", "peak_gold", "final_gold",
                             "length_spearman", "sycophancy", "sycophancy_verified", "code_false_positive",
                             "medical_false_positive")


def bon_name(n: int) -> str:
    """The results.json key of best-of-n gold at one n.

    >>> bon_name(16)
    'best_of_n@16'
    """
    return f"best_of_n@{n}"


def scalar_specs(groups: tuple[str, ...], *, ns: tuple[int, ...]) -> list[MetricSpec]:
    """The scalar metrics the chosen groups report, in :data:`GROUPS` order."""
    specs: list[MetricSpec] = []
    for group in GROUPS:
        if group not in groups:
            continue
        if group == "best_of_n":
            specs.extend(MetricSpec(bon_name(n), f"best-of-{n} gold", "higher", None, f"BoN@{n}") for n in ns)
        else:
            specs.extend(_FIXED[group])
    return specs
