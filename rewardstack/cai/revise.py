"""``cai revise``: sample a response, critique it against a drawn principle, revise it; prefer the revision.

The supervised stage of Constitutional AI (Bai et al., 2022), written as
preference pairs. For each prompt, with one local causal LM doing all three steps:

1. **respond**: sample a response to the prompt (the prompt's own chat turns);
2. **critique**: draw one principle that applies to the prompt's ``domain``
   (uniformly, seeded per item: :mod:`rewardstack.cai.seeding`) and ask the
   model the principle's **critique template** about the response;
3. **revise**: ask the principle's **revision template** with that critique.

The line written is a preference pair in the format ``rewardstack train rm``
reads, the revision chosen over the original response::

    {"id": "q1", "prompt": "...", "chosen": REVISION, "rejected": RESPONSE, "labeler": "cai-revise:MODEL",
     "domain": null, "metadata": {"principle": "harm_avoidance", "critique": "...", "model": "...",
                                  "constitution": "default", "seed": 0, "temperature": 0.7, "max_new_tokens": 128}}

An item is skipped (noted, counted, retried on resume) when a step's prompt is
too long for the model, a step produced no text, or the revision equals the
response (no preference to learn). Each step's text is sampled at
``temperature`` with its own per-item seed (greedy at 0), so a run is
reproducible under ``seed``.

>>> from rewardstack.rewards.critic.chat_lm import ChatLM
>>> from rewardstack.cai.items import PromptItem
>>> lm = ChatLM("tiny-lm", device="cpu")
>>> settings = ReviseSettings(model="tiny-lm", max_new_tokens=6)
>>> [row] = revise_batch([PromptItem("q1", 1, "How do I boil an egg?", "How do I boil an egg?")], settings, lm)
>>> row["chosen"] != row["rejected"], row["metadata"]["principle"] in {p.id for p in settings.principles()}
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rewardstack.cai.generate import Failed, generate
from rewardstack.cai.items import PromptItem
from rewardstack.cai.runner import Outcome, Skip
from rewardstack.cai.seeding import derive_seed, principle_for
from rewardstack.core.sample import ChatMessage
from rewardstack.models.specs import DEFAULT_CAUSAL_LM
from rewardstack.rewards.critic.chat_lm import ChatLM
from rewardstack.rewards.critic.constitution import Constitution, Principle, load_constitution
from rewardstack.rewards.critic.questions import critique_request
from rewardstack.rewards.critic.templates import render

__all__ = ["ReviseSettings", "revise_batch"]


class ReviseSettings(BaseModel):
    """What a revise run's output depends on (written into every line's metadata; resume checks them)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    model: str = DEFAULT_CAUSAL_LM
    constitution: str = "default"
    seed: int = Field(default=0, ge=0, lt=2**63)
    temperature: float = Field(default=0.7, ge=0.0, le=2.0)
    max_new_tokens: int = Field(default=128, ge=1, le=8192)

    @field_validator("constitution")
    @classmethod
    def _loadable(cls, value: str) -> str:
        load_constitution(value)  # ConfigError naming the file's line, or the built-in names
        return value

    def load_constitution(self) -> Constitution:
        return load_constitution(self.constitution)

    def principles(self, domain: str | None = None) -> list[Principle]:
        return self.load_constitution().applicable(domain)

    def provenance(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _turn(constitution: Constitution, text: str) -> str | list[ChatMessage]:
    """A user turn, after the constitution's system text when it has one (as the critic asks)."""
    if constitution.system:
        return [ChatMessage(role="system", content=constitution.system), ChatMessage(role="user", content=text)]
    return text


def revise_batch(items: Sequence[PromptItem], settings: ReviseSettings, lm: ChatLM) -> list[Outcome]:
    """One output line (or a :class:`Skip`) per item, in order: respond, critique, revise (module docstring)."""
    constitution = settings.load_constitution()
    outcomes: dict[str, Outcome] = {}
    principles: dict[str, Principle] = {}
    for item in items:
        drawn = principle_for(constitution, item.domain, settings.seed, item.id, item.line)
        if isinstance(drawn, Skip):
            outcomes[item.id] = drawn
        else:
            principles[item.id] = drawn

    def step(purpose: str, todo: list[PromptItem], prompts: list[Any]) -> dict[str, str]:
        seeds = [derive_seed(settings.seed, item.id, purpose) for item in todo]
        texts = generate(lm, prompts, seeds=seeds, temperature=settings.temperature,
                         max_new_tokens=settings.max_new_tokens)
        done: dict[str, str] = {}
        for item, text in zip(todo, texts, strict=True):
            if isinstance(text, Failed):
                outcomes[item.id] = Skip(item.line, f"{purpose}: {text.reason}")
            elif not text:
                outcomes[item.id] = Skip(item.line, f"{purpose}: the model wrote nothing")
            else:
                done[item.id] = text
        return done

    todo = [item for item in items if item.id in principles]
    responses = step("response", todo, [item.prompt for item in todo])
    todo = [item for item in todo if item.id in responses]
    critiques = step("critique", todo, [
        critique_request(constitution, principles[item.id], item.prompt_text, responses[item.id],
                         tokens=settings.max_new_tokens, domain=item.domain).prompt
        for item in todo])
    todo = [item for item in todo if item.id in critiques]
    revisions = step("revision", todo, [
        _turn(constitution, _revision_text(principles[item.id], item, responses[item.id], critiques[item.id]))
        for item in todo])
    for item in todo:
        if item.id not in revisions:
            continue
        if revisions[item.id] == responses[item.id]:
            outcomes[item.id] = Skip(item.line, "the revision equals the response: no preference to learn")
            continue
        outcomes[item.id] = {
            "id": item.id, "prompt": item.raw_prompt, "chosen": revisions[item.id], "rejected": responses[item.id],
            "labeler": f"cai-revise:{settings.model}", "domain": item.domain,
            "metadata": {**settings.provenance(), "principle": principles[item.id].id,
                         "critique": critiques[item.id]},
        }
    return [outcomes[item.id] for item in items]


def _revision_text(principle: Principle, item: PromptItem, response: str, critique: str) -> str:
    assert principle.revision is not None  # resolved against the constitution's templates when it loads
    return render(principle.revision, prompt=item.prompt_text, response=response, principle=principle.text,
                  critique=critique, domain=item.domain or "")
