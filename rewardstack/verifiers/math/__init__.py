"""Math answer checking: extract, normalise, screen, compare (fast path, then sympy).

Importing this package does not import sympy; the sympy path runs in worker
processes under a hard deadline.
"""

from rewardstack.verifiers.math.checker import check, check_many
from rewardstack.verifiers.math.config import MathAnswerConfig
from rewardstack.verifiers.math.source import MathAnswerSource
from rewardstack.verifiers.math.verdict import Verdict

__all__ = ["MathAnswerConfig", "MathAnswerSource", "Verdict", "check", "check_many"]
