"""``cai label``: AI preference labels over response pairs, against a principle drawn per pair.

For each pair (``chosen`` and ``rejected`` of the input are only the two
responses, ``first`` and ``second``; their order is not trusted), a principle
that applies to the pair's ``domain`` is drawn (seeded per item), and the judge is asked

- ``mode: compare`` (default): which response follows it better, A or B, in
  both orders (:mod:`rewardstack.cai.compare`);
- ``mode: pointwise``: the critic's own Yes/No question about each response,
  in both option orders, the two verdicts turned into a preference
  (:mod:`rewardstack.cai.pointwise`), for judges trained for the critic;

and the averaged preference, clamped to the band, is written as a pair in the
trainer's format (:mod:`rewardstack.cai.soft`)::

    {"id": "q1", "prompt": "...", "chosen": ..., "rejected": ..., "labeler": "cai-label:MODEL",
     "label_prob": 0.6, "margin": 0.405, "domain": null,
     "metadata": {"judge": {...}, "constitution": "default", "seed": 0, "band": [0.4, 0.6], "mode": "compare",
                  "principle": "no_sycophancy", "p_first": 0.71, "by_order": [0.8, 0.62], "flipped": false,
                  "swapped": false, "pair": {the input line's metadata}}}

``swapped`` says the judge reversed the input's order. A judge error on
either order skips the pair (noted, retried on resume): a missing verdict is
never a made-up 0.5.

The judge is any registered backend; ``--judge`` takes a model name (a local
``hf_local`` judge) or a mapping such as ``{kind: openai_compatible, base_url:
http://127.0.0.1:8000/v1, model: NAME}`` (:func:`judge_from_spec`).

>>> judge_from_spec("tiny-lm").model_dump()
{'kind': 'hf_local', 'model': 'tiny-lm', 'device': None, 'dtype': None, 'max_length': None}
>>> LabelSettings(judge={"kind": "hf_local", "model": "tiny-lm"}).judge_name
'tiny-lm'
>>> from rewardstack.rewards.critic.judges.hf_local import HfLocalJudge
>>> from rewardstack.cai.items import parse_pair_item
>>> settings = LabelSettings(judge=judge_from_spec("tiny-lm"))
>>> judge = HfLocalJudge(settings.judge)
>>> item = parse_pair_item(b'{"prompt": "2+2?", "chosen": "4", "rejected": "5"}', 1)
>>> [row] = label_batch([item], settings, judge)
>>> 0.5 <= row["label_prob"] <= 0.6, row["margin"] >= 0, row["labeler"]
(True, True, 'cai-label:tiny-lm')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny, field_validator

from rewardstack.cai.compare import CompareVerdict, compare_requests, compare_verdict
from rewardstack.cai.items import PairItem
from rewardstack.cai.pointwise import PointwiseVerdict, pointwise_requests, pointwise_verdict
from rewardstack.cai.runner import Outcome, Skip
from rewardstack.cai.seeding import principle_for
from rewardstack.cai.soft import Band, soft_label
from rewardstack.core.errors import ConfigError
from rewardstack.core.score import Status
from rewardstack.models.specs import DEFAULT_CAUSAL_LM
from rewardstack.rewards.critic.config import judge_config
from rewardstack.rewards.critic.constitution import Constitution, Principle, load_constitution
from rewardstack.rewards.critic.judges.base import JudgeBackend, JudgeConfig, JudgeRequest

__all__ = ["LabelSettings", "judge_from_spec", "label_batch"]

_DIGITS = 6  # probabilities are written rounded: batching noise (~1e-6 in float32) stays out of the files


def judge_from_spec(spec: str | None) -> JudgeConfig:
    """``--judge``: a model name or path (an ``hf_local`` judge), or a YAML/JSON mapping with ``kind``.

    ConfigError naming ``--judge`` and what is wrong (unknown kind, unknown key).
    """
    data: Any = {"kind": "hf_local", "model": spec or DEFAULT_CAUSAL_LM}
    if spec is not None and spec.lstrip().startswith("{"):
        try:
            data = yaml.safe_load(spec)
        except yaml.YAMLError as exc:
            raise ConfigError(f"--judge: not a YAML mapping ({' '.join(str(exc).split())})") from None
    try:
        return judge_config(data)
    except ValueError as exc:  # pydantic's ValidationError is one
        raise ConfigError(f"--judge: {' '.join(str(exc).split())}") from None


class LabelSettings(BaseModel):
    """What a label run's output depends on (written into every line's metadata; resume checks them)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    judge: SerializeAsAny[JudgeConfig] = Field(default_factory=lambda: judge_from_spec(None))
    constitution: str = "default"
    seed: int = Field(default=0, ge=0, lt=2**63)
    band: tuple[float, float] = (0.4, 0.6)
    mode: Literal["compare", "pointwise"] = "compare"

    @field_validator("judge", mode="before")
    @classmethod
    def _judge(cls, value: Any) -> Any:
        return judge_config(value)  # validated by the registered backend's own config class

    @field_validator("constitution")
    @classmethod
    def _loadable(cls, value: str) -> str:
        load_constitution(value)
        return value

    @field_validator("band")
    @classmethod
    def _holds_half(cls, value: tuple[float, float]) -> tuple[float, float]:
        Band.parse(f"{value[0]},{value[1]}")
        return value

    def load_constitution(self) -> Constitution:
        return load_constitution(self.constitution)

    @property
    def judge_name(self) -> str:
        return str(getattr(self.judge, "model", None) or self.judge.kind)

    def provenance(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _requests(settings: LabelSettings, constitution: Constitution, principle: Principle,
              item: PairItem) -> list[JudgeRequest]:
    first, second = item.pair.chosen, item.pair.rejected
    if settings.mode == "pointwise":
        return pointwise_requests(constitution, principle, item.prompt_text, first, second, item.domain)
    return list(compare_requests(principle, item.prompt_text, first, second))


def label_batch(items: Sequence[PairItem], settings: LabelSettings, judge: JudgeBackend) -> list[Outcome]:
    """One labelled pair (or a :class:`Skip`) per item, in order; the judge gets every question in one call."""
    constitution = settings.load_constitution()
    band = Band(*settings.band)
    outcomes: dict[str, Outcome] = {}
    asked: list[tuple[PairItem, Principle, slice]] = []
    requests: list[JudgeRequest] = []
    for item in items:
        principle = principle_for(constitution, item.domain, settings.seed, item.id, item.line)
        if isinstance(principle, Skip):
            outcomes[item.id] = principle
            continue
        mine = _requests(settings, constitution, principle, item)
        asked.append((item, principle, slice(len(requests), len(requests) + len(mine))))
        requests += mine
    verdicts = judge.judge(requests) if requests else []
    for item, principle, where in asked:
        answers = verdicts[where]
        failed = [v for v in answers if v.status is not Status.OK]
        if failed:
            outcomes[item.id] = Skip(item.line, f"judge {failed[0].status.value}: {failed[0].reason}")
            continue
        probabilities = [v.probabilities for v in answers]
        verdict: CompareVerdict | PointwiseVerdict = (
            pointwise_verdict(str(principle.satisfied_when), probabilities) if settings.mode == "pointwise"
            else compare_verdict(*probabilities))
        outcomes[item.id] = _row(item, principle.id, verdict, settings, band)
    return [outcomes[item.id] for item in items]


def _row(item: PairItem, principle_id: str, verdict: CompareVerdict | PointwiseVerdict, settings: LabelSettings,
         band: Band) -> dict[str, Any]:
    p_first = round(verdict.p_first, _DIGITS)
    label = soft_label(p_first, band)
    first, second = item.pair.chosen, item.pair.rejected
    chosen, rejected = (first, second) if label.first_is_chosen else (second, first)
    return {
        "id": item.id, "prompt": item.raw_prompt, "chosen": chosen, "rejected": rejected,
        "labeler": f"cai-label:{settings.judge_name}", "label_prob": round(label.label_prob, _DIGITS),
        "margin": round(label.margin, _DIGITS), "domain": item.domain,
        "metadata": {**settings.provenance(), "principle": principle_id, "p_first": p_first,
                     **verdict.details(_DIGITS), "flipped": verdict.flipped,
                     "swapped": not label.first_is_chosen, "pair": item.metadata},
    }
