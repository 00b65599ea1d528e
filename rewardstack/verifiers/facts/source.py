"""``kb_facts``: check the factual claims of a response against a versioned knowledge base.

Per response: extract atomic claims with the pack's rules, link their entities,
judge each claim against the KB (supported / contradicted with the fact /
unverifiable with the reason) and combine the verdicts
(:mod:`rewardstack.verifiers.facts.scoring`). No LLM and no network: a typical
response takes milliseconds.

Batch-native: a whole ``score_batch`` call reads one KB snapshot (one version,
even while ``rewardstack kb import`` replaces it), and the words no alias
links are embedded in one forward pass for the whole batch.

Statuses: ``ok`` with claims; ``abstain`` when a response has no checkable
claim, or when ``sample.reference["kb"]`` names another KB (a stack can route
samples to several ``kb_facts`` sources). A missing or corrupt KB file is a
:class:`~rewardstack.core.errors.SourceError` at construction naming the file
and the fix.

``fingerprint()``: KB name, version and content hash, plus the extraction
rules' hash, the alias vectors' encoder and the pipeline's code: whatever
changes a verdict changes the cache key.

>>> import json, os, pathlib, tempfile
>>> os.environ["REWARDSTACK_KB_DIR"] = tempfile.mkdtemp()
>>> from rewardstack.core.sample import Sample
>>> from rewardstack.verifiers.facts.importer import import_kb
>>> src = pathlib.Path(tempfile.mkdtemp()) / "mini.jsonl"
>>> _ = src.write_text("\\n".join(json.dumps(r) for r in [
...     {"type": "entity", "id": "warfarin", "name": "warfarin", "entity_type": "drug", "aliases": ["Coumadin"]},
...     {"type": "entity", "id": "ibuprofen", "name": "ibuprofen", "entity_type": "drug", "aliases": ["Advil"]},
...     {"type": "fact", "subject": "warfarin", "relation": "interacts_with", "object": "ibuprofen",
...      "qualifiers": {"effect": "bleeding"}, "citation": "BNF"}]))
>>> from rewardstack.verifiers.facts.location import kb_path
>>> _ = import_kb([src], kb_path("mini"), name="mini", embeddings="off")
>>> source = KbFactsSource(kb="mini", patterns="medicine")
>>> score = source.score([Sample(id="1", prompt="?", response="Advil is safe to take with Coumadin.")])[0]
>>> score.value, score.components["contradicted"], score.evidence.splitlines()[0][:41]
(-2.0, 1.0, 'contradicted: «Advil is safe to take with')
>>> source.close()
>>> del os.environ["REWARDSTACK_KB_DIR"]
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from rewardstack.core.errors import RewardStackError, SourceError
from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import BaseSource, SourceInfo
from rewardstack.verifiers.facts.claims import Claim
from rewardstack.verifiers.facts.config import KbFactsConfig
from rewardstack.verifiers.facts.dose import DoseJudge
from rewardstack.verifiers.facts.embeddings import DEFAULT_ENCODER, Encoder
from rewardstack.verifiers.facts.extract import Extractor
from rewardstack.verifiers.facts.linking import Link, Linker, Mention
from rewardstack.verifiers.facts.location import is_kb_name
from rewardstack.verifiers.facts.packs_io import builtin_packs, ensure_kb, kb_fix, pack_dir
from rewardstack.verifiers.facts.rules import CompiledRules, load_compiled, rules_digest, rules_path
from rewardstack.verifiers.facts.scoring import score_claims
from rewardstack.verifiers.facts.store import KbIndex, KnowledgeBase, Snapshot
from rewardstack.verifiers.facts.verdict import Judge, Verdict

__all__ = ["KbFactsSource"]


@lru_cache(maxsize=1)
def _pipeline_hash() -> str:
    """The facts package's code (the engine's code hash covers this module only)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class KbFactsSource(BaseSource[KbFactsConfig]):
    """Fact verifier: response claims against a knowledge base (supported / contradicted / unverifiable)."""

    kind = "kb_facts"
    version = "1"
    config_class = KbFactsConfig
    cost_class = "cheap"

    def __init__(self, config: KbFactsConfig | None = None, *, name: str | None = None, **fields: Any):
        super().__init__(config, name=name, **fields)
        cfg = self.config
        self._rules_name = self._patterns(cfg)
        self._rules: CompiledRules = load_compiled(self._rules_name)
        self._rules_hash = rules_digest(rules_path(self._rules_name))[:16]
        self._kb = KnowledgeBase(ensure_kb(cfg.kb), fix=kb_fix(cfg.kb))
        self._kb_name = self._kb.meta().name
        self._encoder = Encoder(DEFAULT_ENCODER) if cfg.linking.embeddings == "auto" else None
        self._dose = DoseJudge(self._rules)
        self._relations = {"interaction": self._rules.rules.interaction.relation,
                           "contraindication": self._rules.rules.contraindication.relation,
                           "class": self._rules.rules.class_membership.relation}
        self._linker: Linker | None = None
        self._lock = threading.Lock()
        self._versions: list[int] = []

    @staticmethod
    def _patterns(cfg: KbFactsConfig) -> str:
        if cfg.patterns is not None:
            return cfg.patterns
        if is_kb_name(cfg.kb) and pack_dir(cfg.kb) is not None:
            return cfg.kb
        raise SourceError(f"kb_facts: {cfg.kb!r} is not a built-in pack, so name the claim-extraction rules with "
                          f"`patterns:` (a built-in pack: {', '.join(builtin_packs())}; or a patterns.yaml path)")

    # --- the contract --------------------------------------------------------------
    def fingerprint(self) -> str:
        meta = self._kb.meta()
        encoder = meta.encoder_fingerprint[:16] if meta.encoder and self._encoder is not None else "none"
        return (f"kb={meta.name}@{meta.version}:{meta.content_hash}|rules={self._rules_hash}|"
                f"vectors={encoder}|pipeline={_pipeline_hash()}")

    def describe(self) -> SourceInfo:
        return super().describe().model_copy(update={"output_range": self.config.scoring.output_range})

    def notes(self) -> list[str]:
        """What the run summary shows: a KB that changed version while the source ran."""
        with self._lock:
            versions = sorted(set(self._versions))
        if len(versions) > 1:
            return [f"KB {self._kb_name!r} changed during the run (versions {versions}); each batch used one"]
        return []

    def close(self) -> None:
        self._kb.close()

    # --- scoring --------------------------------------------------------------------
    def _linker_for(self, index: KbIndex) -> Linker:
        with self._lock:
            if self._linker is None or self._linker.index is not index:
                self._linker = Linker(index, self.config.linking, self._rules, self._encoder)
                self._versions.append(index.meta.version)
            return self._linker

    def _routed_away(self, sample: Sample) -> Score | None:
        wanted = (sample.reference or {}).get("kb")
        if wanted is not None and wanted not in (self._kb_name, self.config.kb):
            return Score.abstain(f"sample asks for KB {wanted!r}; this source checks {self._kb_name!r}")
        return None

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        with self._kb.snapshot() as snapshot:
            linker = self._linker_for(snapshot.index)
            extractor = Extractor(self._rules, linker)
            routed = [self._routed_away(s) for s in samples]
            claims = [[] if r is not None else extractor.extract(s.response) for s, r in zip(samples, routed,
                                                                                             strict=True)]
            claims = self._embed_unlinked(linker, claims)
            judge = Judge(snapshot, min_confidence=self.config.linking.min_confidence, relations=self._relations,
                          dose_judge=self._dose)
            return [r if r is not None else self._score(snapshot, judge, found)
                    for r, found in zip(routed, claims, strict=True)]

    def _score(self, snapshot: Snapshot, judge: Judge, claims: list[Claim]) -> Score:
        extra: dict[str, Any] = {}
        if len(claims) > self.config.max_claims:
            extra["claims_dropped"] = len(claims) - self.config.max_claims
            claims = claims[:self.config.max_claims]
        verdicts: list[Verdict] = [judge.judge(c) for c in claims]
        return score_claims(verdicts, self.config.scoring, snapshot.meta, extra)

    def _embed_unlinked(self, linker: Linker, claims: list[list[Claim]]) -> list[list[Claim]]:
        """Link name-like words no alias matched by embedding, one forward pass for the batch."""
        words = [m.text for found in claims for c in found for m in (c.subject, c.object)
                 if m is not None and m.link.method == "none"]
        if not words:
            return claims
        try:
            links = linker.embed_links(words)
        except RewardStackError:
            return claims
        if not links:
            return claims
        index = linker.index

        def relink(m: Mention) -> Mention:
            if m.link.method != "none" or m.text not in links:
                return m
            link: Link = links[m.text]
            return replace(m, link=link, entity_type=index.entity_type(link.entity) if link.entity else "")

        return [[replace(c, subject=relink(c.subject), object=None if c.object is None else relink(c.object))
                 for c in found] for found in claims]
