"""Preference-data quality: agreement, labeler reliability, bias probes, prompt shift, bad lines.

The command ``rewardstack data check FILE [--json] [--verifiable V.jsonl]
[--deployment PROMPTS.jsonl]`` runs :func:`check`; every statistic is also a
pure function here (docs/data.md explains each number and threshold).

Modules: ``records`` (the two formats; what a unit is), ``formats`` (one line
-> a record or a problem), ``screen`` (duplicates, conflicts, label types),
``dataset`` (a whole file), ``problems``, ``table`` (labeler x unit codes),
``agreement``, ``labelers``, ``intervals``, ``belief`` + ``bias``, ``embed`` +
``shift``, ``report`` + ``render``, ``check``, ``cli``.

>>> import numpy as np
>>> from rewardstack.data import percent_agreement, wilson_interval
>>> percent_agreement(np.array([[0, 1, 1], [0, 1, 0]], dtype=float))
0.6666666666666666
>>> [round(x, 3) for x in wilson_interval(50, 100)]
[0.404, 0.596]
"""

from rewardstack.data.agreement import (
    AGREEMENT_THRESHOLD,
    ALPHA_THRESHOLD,
    Agreement,
    krippendorff_alpha,
    mean_pairwise_kappa,
    measure_agreement,
    percent_agreement,
)
from rewardstack.data.belief import stance, stated_belief
from rewardstack.data.bias import Bias, Probe, belief_bias, length_bias, probe_bias
from rewardstack.data.check import CheckOptions, check_data
from rewardstack.data.dataset import Dataset, read_dataset, read_prompts
from rewardstack.data.intervals import wilson_interval
from rewardstack.data.labelers import LabelerStats, flag_outliers, labeler_stats, loo_agreement
from rewardstack.data.problems import DataFileError, Problem, ProblemKind
from rewardstack.data.records import DataKind, PreferenceRecord, RatingRecord, Record, answer_of, unit_of
from rewardstack.data.report import DataReport
from rewardstack.data.shift import Shift, classifier_auc, knn_distance, measure_shift, shift_from_embeddings
from rewardstack.data.table import LabelTable, label_table

__all__ = [
    "AGREEMENT_THRESHOLD",
    "ALPHA_THRESHOLD",
    "Agreement",
    "Bias",
    "CheckOptions",
    "DataFileError",
    "DataKind",
    "DataReport",
    "Dataset",
    "LabelTable",
    "LabelerStats",
    "PreferenceRecord",
    "Probe",
    "Problem",
    "ProblemKind",
    "RatingRecord",
    "Record",
    "Shift",
    "answer_of",
    "belief_bias",
    "check_data",
    "classifier_auc",
    "flag_outliers",
    "knn_distance",
    "krippendorff_alpha",
    "label_table",
    "labeler_stats",
    "length_bias",
    "loo_agreement",
    "mean_pairwise_kappa",
    "measure_agreement",
    "measure_shift",
    "percent_agreement",
    "probe_bias",
    "read_dataset",
    "read_prompts",
    "shift_from_embeddings",
    "stance",
    "stated_belief",
    "unit_of",
    "wilson_interval",
]
