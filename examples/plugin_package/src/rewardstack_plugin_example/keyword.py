"""``keyword_present``: the fraction of required keywords found in the response.

Keywords come from ``reference["keywords"]`` (per sample) or the config's
``keywords`` (for every sample). No keywords at all -> abstain, not 0.

>>> from rewardstack import Sample
>>> src = KeywordPresentSource(keywords=["paris"])
>>> src.score([Sample(id="1", prompt="?", response="It is Paris.")])[0].value
1.0
"""

from __future__ import annotations

from typing import Literal

from rewardstack import BaseSource, Sample, Score, SourceConfig


class KeywordPresentConfig(SourceConfig):
    kind: Literal["keyword_present"] = "keyword_present"
    keywords: list[str] = []
    case_sensitive: bool = False


class KeywordPresentSource(BaseSource[KeywordPresentConfig]):
    """Fraction of required keywords present in the response."""

    kind = "keyword_present"
    version = "1"
    config_class = KeywordPresentConfig
    output_range = (0.0, 1.0)
    cost_class = "trivial"

    def score_one(self, sample: Sample) -> Score:
        keywords = list((sample.reference or {}).get("keywords", [])) or self.config.keywords
        if not keywords:
            return Score.abstain("no keywords in reference or config")
        text = sample.response if self.config.case_sensitive else sample.response.lower()
        found = {k: float((k if self.config.case_sensitive else k.lower()) in text) for k in keywords}
        missing = [k for k, hit in found.items() if not hit]
        evidence = "all keywords present" if not missing else f"missing: {', '.join(missing)}"
        return Score.ok(sum(found.values()) / len(found), components=found, evidence=evidence)
