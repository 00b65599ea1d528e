"""One critic call: the rounds of judge requests for a micro-batch of samples, and the Scores they make.

A call asks the judge in up to three rounds, each one batch of requests (the
judge batches them into forward passes, or sends them concurrently over HTTP):

1. **rationales** (only with ``self_consistency``): k sampled critiques per
   (sample, principle), temperature T, seeds ``seed .. seed + k - 1``;
2. **verdicts**: per (sample, principle, option order[, rationale]) the question
   of :func:`~rewardstack.rewards.critic.questions.question_request`;
3. **critiques** (only with ``critique_tokens > 0``): a greedy critique per
   violated (or every) principle, which goes into ``evidence`` and
   ``details["critiques"]``.

:meth:`CriticSession.rounds` is a generator: it yields each round's requests
and is sent the verdicts, so the synchronous and the async source share every
line of it (:func:`run_session`, :func:`arun_session`).

Scores (arithmetic in :mod:`rewardstack.rewards.critic.verdicts`):

- ``ok``: ``value`` = weighted mean of the applying principles' verdicts,
  ``components[principle_id]`` per applying principle, ``details``: the
  constitution, the per-order verdicts, the flipped principles and the
  sample's flip rate (and the self-consistency spread), ``cost``: judge tokens;
- ``abstain``: no principle applies to the sample's domain;
- ``error`` / ``timeout``: a judge verdict for an applying principle failed
  (refusal, malformed output, server error / deadline): the reasons are the
  evidence and the principles that did succeed are in ``details["partial"]``.
  ``timeout`` only when every failure was a timeout.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score, Status
from rewardstack.rewards.critic.config import ConstitutionalCriticConfig
from rewardstack.rewards.critic.constitution import Constitution, Principle
from rewardstack.rewards.critic.judges.base import JudgeBackend, JudgeRequest, JudgeVerdict
from rewardstack.rewards.critic.questions import critique_request, question_request
from rewardstack.rewards.critic.verdicts import principle_verdict, weighted_mean

__all__ = ["CriticSession", "Rounds", "arun_session", "run_session"]

Rounds = Generator[list[JudgeRequest], list[JudgeVerdict], list[Score]]
_REASONS_SHOWN = 3


@dataclass
class _Item:
    """One (sample, principle) judgement in progress."""

    sample: int
    principle: Principle
    rationales: list[str | None] = field(default_factory=lambda: [None])
    q: dict[int, list[float]] = field(default_factory=lambda: {0: [], 1: []})
    failures: list[tuple[Status, str]] = field(default_factory=list)
    critique: str | None = None
    tokens: int = 0

    def fail(self, verdict: JudgeVerdict, what: str) -> None:
        self.failures.append((verdict.status, f"{self.principle.id}: {what}: {verdict.reason}"))


class CriticSession:
    """The judgements of one call (see the module docstring)."""

    def __init__(self, constitution: Constitution, config: ConstitutionalCriticConfig, samples: Sequence[Sample]):
        self.constitution = constitution
        self.config = config
        self.samples = list(samples)
        selected = set(config.principles) if config.principles is not None else None
        self.items: list[_Item] = [
            _Item(i, p) for i, s in enumerate(self.samples) for p in constitution.applicable(s.domain)
            if selected is None or p.id in selected]
        self.flips = 0
        self.judged = 0

    def _texts(self, item: _Item) -> tuple[str, str, str | None]:
        sample = self.samples[item.sample]
        return sample.prompt_text, sample.response, sample.domain

    # --- rounds ------------------------------------------------------------------------
    def rounds(self) -> Rounds:
        if self.config.self_consistency is not None:
            yield from self._rationales()
        yield from self._verdicts()
        if self.config.critique_tokens > 0:
            yield from self._critiques()
        return self._scores()

    def _rationales(self) -> Generator[list[JudgeRequest], list[JudgeVerdict], None]:
        consistency = self.config.self_consistency
        assert consistency is not None
        seeds = range(consistency.seed, consistency.seed + consistency.samples)
        asked = [(item, critique_request(self.constitution, item.principle, *self._texts(item)[:2],
                                         domain=self._texts(item)[2], tokens=consistency.rationale_tokens,
                                         temperature=consistency.temperature, seed=seed))
                 for item in self.items for seed in seeds]
        for item in self.items:
            item.rationales = []
        verdicts = yield [request for _, request in asked]
        for (item, _), verdict in zip(asked, verdicts, strict=True):
            item.tokens += verdict.tokens
            if verdict.status is Status.OK:
                item.rationales.append(verdict.text)
            else:
                item.fail(verdict, "rationale")

    def _verdicts(self) -> Generator[list[JudgeRequest], list[JudgeVerdict], None]:
        asked: list[tuple[_Item, int, JudgeRequest]] = []
        for item in self.items:
            if item.failures:
                continue
            prompt, response, domain = self._texts(item)
            for order in (0, 1):
                for rationale in item.rationales:
                    asked.append((item, order, question_request(self.constitution, item.principle, prompt, response,
                                                                order=order, domain=domain, rationale=rationale)))
        if not asked:
            return
        verdicts = yield [request for _, _, request in asked]
        for (item, order, _), verdict in zip(asked, verdicts, strict=True):
            item.tokens += verdict.tokens
            satisfied = item.principle.satisfied_when
            if verdict.status is Status.OK and satisfied in verdict.probabilities:
                item.q[order].append(verdict.probabilities[satisfied])
            elif verdict.status is Status.OK:
                item.failures.append((Status.ERROR, f"{item.principle.id}: the judge answered other options "
                                                    f"({', '.join(verdict.probabilities)})"))
            else:
                item.fail(verdict, "verdict")

    def _critiques(self) -> Generator[list[JudgeRequest], list[JudgeVerdict], None]:
        wanted = [item for item in self.items if not item.failures and (
            self.config.critique_for == "all" or principle_verdict(list(item.q.values())).value < 0.5)]
        if not wanted:
            return
        requests = [critique_request(self.constitution, item.principle, *self._texts(item)[:2],
                                     domain=self._texts(item)[2], tokens=self.config.critique_tokens)
                    for item in wanted]
        verdicts = yield requests
        for item, verdict in zip(wanted, verdicts, strict=True):
            item.tokens += verdict.tokens
            item.critique = (verdict.text.strip() if verdict.status is Status.OK
                             else f"(no critique: {verdict.status.value}: {verdict.reason})")

    # --- scores ------------------------------------------------------------------------
    def _scores(self) -> list[Score]:
        by_sample: dict[int, list[_Item]] = {i: [] for i in range(len(self.samples))}
        for item in self.items:
            by_sample[item.sample].append(item)
        return [self._score(self.samples[i], items) for i, items in by_sample.items()]

    def _score(self, sample: Sample, items: list[_Item]) -> Score:
        name = f"{self.constitution.name}@{self.constitution.version}"
        if not items:
            domain = repr(sample.domain) if sample.domain is not None else "none"
            return Score.abstain(f"no principle of constitution {name} applies to this sample (domain {domain})",
                                 details={"constitution": name})
        failed = [f for item in items for f in item.failures]
        verdicts = {item.principle.id: principle_verdict(list(item.q.values())) for item in items
                    if not item.failures}
        cost = float(sum(item.tokens for item in items))
        if failed:
            status = Status.TIMEOUT if all(s is Status.TIMEOUT for s, _ in failed) else Status.ERROR
            reasons = [reason for _, reason in failed]
            more = f" (+{len(reasons) - _REASONS_SHOWN} more)" if len(reasons) > _REASONS_SHOWN else ""
            partial = {p: v.value for p, v in verdicts.items()}
            return Score(value=None, status=status, evidence="; ".join(reasons[:_REASONS_SHOWN]) + more,
                         details={"constitution": name, "partial": partial, "failures": reasons}, cost=cost)
        self.judged += len(verdicts)
        self.flips += sum(v.flipped for v in verdicts.values())
        weights = {item.principle.id: item.principle.weight for item in items}
        components = {p: v.value for p, v in verdicts.items()}
        value = weighted_mean(components, weights)
        details: dict[str, Any] = {
            "constitution": name, "orders": {p: list(v.by_order) for p, v in verdicts.items()},
            "flipped": [p for p, v in verdicts.items() if v.flipped],
            "flip_rate": sum(v.flipped for v in verdicts.values()) / len(verdicts)}
        if self.config.self_consistency is not None:
            details["consistency_spread"] = {p: v.spread for p, v in verdicts.items()}
        critiques = {item.principle.id: item.critique for item in items if item.critique is not None}
        if critiques:
            details["critiques"] = critiques
        return Score.ok(value, components=components, details=details, cost=cost,
                        evidence=_evidence(components, details["flipped"], critiques))


def _evidence(components: dict[str, float], flipped: list[str], critiques: dict[str, str]) -> str:
    parts = [f"{p} {v:.2f}{' (order flips it)' if p in flipped else ''}" for p, v in components.items()]
    text = ", ".join(parts)
    for principle, critique in critiques.items():
        text += f"\n{principle}: {critique}"
    return text


def run_session(session: CriticSession, judge: JudgeBackend) -> list[Score]:
    """Drive a session with the judge's synchronous ``judge``."""
    rounds = session.rounds()
    try:
        requests = next(rounds)
        while True:
            requests = rounds.send(judge.judge(requests))
    except StopIteration as done:
        return list(done.value)


async def arun_session(session: CriticSession, judge: JudgeBackend) -> list[Score]:
    """Drive a session with the judge's ``ajudge`` (I/O-bound judges: HTTP)."""
    rounds = session.rounds()
    try:
        requests = next(rounds)
        while True:
            requests = rounds.send(await judge.ajudge(requests))
    except StopIteration as done:
        return list(done.value)
