"""One source's Scores for a batch through the result cache: hits first, one call for the misses.

The key is the source's name, its identity (:func:`rewardstack.core.identity.source_identity`:
kind, version, code hash, ``fingerprint()``, config minus ``execution``/``batch``)
and the sample's content. A source without an identity (``deterministic =
False``, or a bare-protocol source without a config) is never cached.
The identity is computed per call: a fingerprint may change while a stack lives
(a model reloaded, a knowledge base re-imported).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from rewardstack.core.cache import ResultCache, cache_key
from rewardstack.core.identity import source_identity
from rewardstack.core.sample import Sample
from rewardstack.core.score import Score

__all__ = ["CacheLookup", "cache_lookup", "fetch_async", "fetch_sync"]


@dataclass
class CacheLookup:
    keys: list[str]
    found: dict[str, Score]
    missing: list[int]

    def complete(self, fresh: Sequence[Score], cache: ResultCache) -> list[Score]:
        """Store the fresh Scores of the misses and return every Score in order."""
        pairs = list(zip((self.keys[i] for i in self.missing), fresh, strict=True))
        cache.put_many(pairs)
        self.found.update(pairs)
        return [self.found[k] for k in self.keys]


def cache_lookup(cache: ResultCache | None, name: str, source: object, samples: Sequence[Sample]) -> CacheLookup | None:
    """The cache's hits for ``samples``, or None when this source is not cached at all."""
    if cache is None:
        return None
    identity = _identity(name, source)
    if identity is None:
        return None
    keys = [cache_key(identity, s.content_key()) for s in samples]
    found = cache.get_many(keys)
    return CacheLookup(keys, found, [i for i, k in enumerate(keys) if k not in found])


def fetch_sync(cache: ResultCache | None, name: str, source: object, samples: Sequence[Sample],
               score: Callable[[Sequence[Sample]], list[Score]]) -> list[Score]:
    lookup = cache_lookup(cache, name, source, samples)
    if lookup is None or cache is None:
        return score(samples)
    fresh = score([samples[i] for i in lookup.missing]) if lookup.missing else []
    return lookup.complete(fresh, cache)


async def fetch_async(cache: ResultCache | None, name: str, source: object, samples: Sequence[Sample],
                      ascore: Callable[[Sequence[Sample]], Awaitable[list[Score]]]) -> list[Score]:
    lookup = cache_lookup(cache, name, source, samples)  # SQLite reads of one batch: milliseconds
    if lookup is None or cache is None:
        return await ascore(samples)
    fresh = await ascore([samples[i] for i in lookup.missing]) if lookup.missing else []
    return lookup.complete(fresh, cache)


def _identity(name: str, source: object) -> str | None:
    own = getattr(source, "cache_identity", None)
    identity = own() if callable(own) else source_identity(source)
    return None if identity is None else f"{name}|{identity}"
