"""Entity linking: words of a response -> KB entities, each with a confidence.

Four ways, tried in order; the first that reaches ``min_confidence`` wins:

1. **alias** (1.0): the longest run of words whose normalised spelling is an
   alias, a name or an id of an entity (``Tylenol`` -> acetaminophen). Aliases
   of three letters or fewer match only as written in capitals (``ASA``, not
   ``asa``), so short words do not turn into drugs.
2. **normalised** (0.97): the same with a plural ``s``/``es`` dropped
   (``statins`` -> statin).
3. **fuzzy** (``1 - edit distance / length``, with ``rapidfuzz``): a
   misspelling of a one-word alias (``ibuprofin`` -> ibuprofen, 0.89);
   words shorter than ``fuzzy_min_length`` are never fuzzy-matched.
4. **embedding** (cosine): a name-like word nothing else linked, against the
   alias vectors stored with the KB (:mod:`.embeddings`), batched over a whole
   batch of responses.

A word that looks like a drug name (capitalised, or with a pack's drug-name
ending) but links to nothing stays a mention with no entity: a claim about it
is ``unverifiable`` with the reason ("no KB entity matches 'Zorblex' (closest:
'zolpidem', 0.55)"), never wrong. An alias shared by two entities links to
neither (confidence 0.5, reason "ambiguous").

>>> index = toy_index({"ibuprofen": ["Advil", "Motrin"], "statin": []})
>>> linker = Linker(index, LinkingConfig())
>>> for m in linker.scan("Advil is no statin; statins beat ibuprofin", 0):
...     print(m.text, m.link.entity, m.link.method, m.link.confidence)
Advil ibuprofen alias 1.0
statin statin alias 1.0
statins statin normalised 0.97
ibuprofin ibuprofen fuzzy 0.889
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rewardstack.verifiers.facts.embeddings import Encoder, EncoderUnavailable
from rewardstack.verifiers.facts.rules import CompiledRules
from rewardstack.verifiers.facts.schema import TOKEN, fold
from rewardstack.verifiers.facts.store import KbIndex, KbMeta

__all__ = ["Link", "Linker", "LinkingConfig", "Mention", "toy_index"]

Method = Literal["alias", "normalised", "fuzzy", "embedding", "none", "ambiguous"]
_MAX_WORDS = 12  # the longest alias linked, in words ("NYHA class III or IV heart failure" has 7)
_FUZZY_CACHE = 50_000
_ENGLISH_ENDINGS = ("ly", "ing", "ed", "ness", "ment", "tion", "ful", "ous", "ive", "able", "ible", "less")


class LinkingConfig(BaseModel):
    """How sure a link must be, and which ways of linking are on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_confidence: float = Field(default=0.85, gt=0.0, le=1.0)
    fuzzy: bool = True
    fuzzy_min_length: int = Field(default=6, ge=3)
    embeddings: Literal["auto", "off"] = "auto"  # auto: when the KB stores alias vectors
    embedding_min: float = Field(default=0.9, gt=0.0, le=1.0)


@dataclass(frozen=True)
class Link:
    """Which entity a mention is, how sure, and how it was found (``reason`` when it was not)."""

    entity: str | None
    confidence: float
    method: Method
    matched: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Mention:
    """A span of the response that names (or looks like it names) an entity."""

    text: str
    start: int
    end: int
    link: Link
    entity_type: str = ""

    @property
    def linked(self) -> bool:
        return self.link.entity is not None and self.link.method not in ("none", "ambiguous")

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"text": self.text, "entity": self.link.entity,
                                  "confidence": round(self.link.confidence, 3), "method": self.link.method}
        if self.link.reason:
            out["reason"] = self.link.reason
        return out


def toy_index(aliases: dict[str, list[str]], types: dict[str, str] | None = None) -> KbIndex:
    """A small in-memory index (docstrings and tests): entity id -> its aliases."""
    from rewardstack.verifiers.facts.schema import normalise

    grouped: dict[str, list[tuple[str, str, str]]] = {}
    for entity, names in aliases.items():
        for alias, kind in [(entity.replace("_", " "), "id"), *((a, "alias") for a in names)]:
            grouped.setdefault(normalise(alias), []).append((entity, alias, kind))
    meta = KbMeta(name="toy", version=1, content_hash="0" * 64, entities=len(aliases), facts=0, origin="",
                  source_sha256="", encoder="", encoder_fingerprint="", imported_at="")
    entities = {e: (e, (types or {}).get(e, "drug")) for e in aliases}
    return KbIndex(meta=meta, entities=entities, aliases={k: tuple(v) for k, v in grouped.items()}, parents={},
                   vectors=None)


class _Lexicon:
    """Per KB version: the longest alias in words, one-word aliases by length (fuzzy candidates)."""

    def __init__(self, index: KbIndex):
        self.first_words: dict[str, int] = {}  # first word of an alias -> its most words (most words are none)
        self.by_length: dict[int, list[str]] = {}
        for norm in index.aliases:
            words = norm.split(" ")
            self.first_words[words[0]] = min(_MAX_WORDS, max(self.first_words.get(words[0], 1), len(words)))
            if len(words) == 1 and len(norm) >= 4:
                self.by_length.setdefault(len(norm), []).append(norm)
        self.fuzzy_cache: dict[str, tuple[str, float] | None] = {}
        self.embed_cache: dict[str, Link] = {}  # a word is embedded once per KB version


class Linker:
    """Finds and links mentions in text against one KB version (module docstring)."""

    def __init__(self, index: KbIndex, config: LinkingConfig, rules: CompiledRules | None = None,
                 encoder: Encoder | None = None):
        self.index, self.config, self.rules, self.encoder = index, config, rules, encoder
        self._lexicon = _Lexicon(index)
        self._lock = threading.Lock()

    # --- alias lookup -------------------------------------------------------
    def _lookup(self, key: str, original: str) -> tuple[tuple[tuple[str, str, str], ...], Method] | None:
        for candidate, method in ((key, "alias"), *self._singulars(key)):
            hits = self.index.aliases.get(candidate)
            if hits and (len(candidate) > 3 or original.isupper()):
                return hits, method
        return None

    @staticmethod
    def _singulars(key: str) -> list[tuple[str, Method]]:
        out: list[tuple[str, Method]] = []
        if key.endswith("es") and len(key) > 4:
            out.append((key[:-2], "normalised"))
        if key.endswith("s") and len(key) > 3:
            out.append((key[:-1], "normalised"))
        return out

    def _link_hits(self, hits: tuple[tuple[str, str, str], ...], method: Method) -> Link:
        entities = {h[0] for h in hits}
        if len(entities) > 1:
            return Link(None, 0.5, "ambiguous", hits[0][1],
                        reason=f"{hits[0][1]!r} names several entities: {', '.join(sorted(entities))}")
        return Link(hits[0][0], 1.0 if method == "alias" else 0.97, method, hits[0][1])

    # --- fuzzy ----------------------------------------------------------------
    def _fuzzy(self, word: str) -> tuple[str, float] | None:
        cache = self._lexicon.fuzzy_cache
        if word in cache:
            return cache[word]
        from rapidfuzz.distance import Levenshtein

        best: tuple[str, float] | None = None
        for length in range(len(word) - 2, len(word) + 3):
            for norm in self._lexicon.by_length.get(length, ()):
                score = Levenshtein.normalized_similarity(word, norm)
                if best is None or score > best[1]:
                    best = (norm, score)
        with self._lock:
            if len(cache) >= _FUZZY_CACHE:
                cache.clear()
            cache[word] = best
        return best

    def _name_like(self, token: str, at_start: bool) -> bool:
        """Could ``token`` be a drug name? Capitalised, or ending like one; at a clause's start, where every
        word is capitalised, English endings ("Probably", "Taking") rule it out."""
        word = token.lower()
        if len(word) < 4 or not word[0].isalpha() or word.isupper() and len(word) <= 4:
            return False
        rules = self.rules
        if rules is not None and word in rules.common_words:
            return False
        if rules is not None and rules.name_suffix is not None and rules.name_suffix.search(word):
            return True
        if not token[0].isupper():
            return False
        return not (at_start and word.endswith(_ENGLISH_ENDINGS))

    def _unlinked(self, token: str, start: int, at_start: bool) -> Mention | None:
        word = fold(token)
        name_like = self._name_like(token, at_start)
        if not name_like and (len(word) < self.config.fuzzy_min_length or
                              (self.rules is not None and word in self.rules.common_words)):
            return None
        best = self._fuzzy(word) if self.config.fuzzy and len(word) >= self.config.fuzzy_min_length else None
        if best is not None and best[1] >= self.config.min_confidence:
            hits = self.index.aliases[best[0]]
            link = self._link_hits(hits, "fuzzy")
            if link.entity is not None:
                return Mention(token, start, start + len(token), replace(link, confidence=round(best[1], 3)),
                               self.index.entity_type(link.entity))
        if not name_like:
            return None
        closest = f" (closest alias: {best[0]!r}, similarity {best[1]:.2f})" if best else ""
        reason = f"no KB entity matches {token!r}{closest}"
        return Mention(token, start, start + len(token), Link(None, best[1] if best else 0.0, "none", reason=reason))

    # --- scanning -------------------------------------------------------------
    def scan(self, text: str, start: int, end: int | None = None) -> list[Mention]:
        """Mentions in ``text[start:end]``, longest alias first, left to right (module docstring)."""
        tokens = [(m.group(), m.start()) for m in TOKEN.finditer(text, start, len(text) if end is None else end)]
        folded = [fold(t) for t, _ in tokens]
        mentions: list[Mention] = []
        first_words = self._lexicon.first_words
        i = 0
        while i < len(tokens):
            found = None
            for n in range(min(first_words.get(folded[i], 1), len(tokens) - i), 0, -1):
                original = text[tokens[i][1]:tokens[i + n - 1][1] + len(tokens[i + n - 1][0])]
                hit = self._lookup(folded[i] if n == 1 else " ".join(folded[i:i + n]), original)
                if hit is not None:
                    found = (n, original, hit)
                    break
            if found is not None:
                n, original, (hits, method) = found
                link = self._link_hits(hits, method)
                entity_type = self.index.entity_type(link.entity) if link.entity else ""
                mentions.append(Mention(original, tokens[i][1], tokens[i][1] + len(original), link, entity_type))
                i += n
                continue
            unlinked = self._unlinked(tokens[i][0], tokens[i][1], at_start=i == 0)
            if unlinked is not None:
                mentions.append(unlinked)
            i += 1
        return mentions

    # --- embeddings (batched) ---------------------------------------------------
    def embed_links(self, words: Sequence[str]) -> dict[str, Link]:
        """Nearest stored alias by embedding for each unlinked name-like word (one forward pass)."""
        vectors = self.index.vectors
        if self.config.embeddings == "off" or vectors is None or self.encoder is None or not words:
            return {}
        cache = self._lexicon.embed_cache
        links: dict[str, Link] = {w: cache[w] for w in set(words) if w in cache}
        unique = sorted(set(words) - set(links))
        if not unique:
            return links
        try:
            queries = self.encoder.embed(unique)
        except EncoderUnavailable:
            return links
        for word, (norm, cosine) in zip(unique, vectors.nearest(queries), strict=True):
            hits = self.index.aliases.get(norm, ())
            entities = {h[0] for h in hits}
            if cosine >= self.config.embedding_min and len(entities) == 1:
                links[word] = Link(hits[0][0], cosine, "embedding", hits[0][1])
            else:
                links[word] = Link(None, cosine, "none", reason=f"no KB entity matches {word!r} (closest by "
                                   f"embedding: {norm!r}, cosine {cosine:.2f} < {self.config.embedding_min})")
        with self._lock:
            if len(cache) >= _FUZZY_CACHE:
                cache.clear()
            cache.update((w, links[w]) for w in unique)
        return links
