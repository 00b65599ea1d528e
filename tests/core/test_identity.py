"""Cache identity sees what changes a verdict: code, fingerprint, config; not execution or batch."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import ClassVar, Literal

from rewardstack import BaseSource, ResultCache, RewardStack, Sample, Score, SourceConfig
from rewardstack.core.identity import class_code_hash, source_identity
from tests.support.samples import make_sample

PLUGIN = '''
from typing import Literal
from rewardstack import BaseSource, Score, SourceConfig

class UserConfig(SourceConfig):
    kind: Literal["user_rule"] = "user_rule"

class UserRule(BaseSource[UserConfig]):
    """A user's rule, edited between runs without bumping its version."""
    kind = "user_rule"
    config_class = UserConfig

    def score_one(self, sample):
        return Score.ok(VALUE)
'''

RUN = '''
import sys
sys.path.insert(0, sys.argv[1])
from rewardstack import RewardStack, Sample, ResultCache
from user_rule import UserRule
with RewardStack({"rule": UserRule()}, cache=ResultCache(sys.argv[2])) as stack:
    print(stack.score([Sample(id="a", prompt="p", response="r")])[0].total)
'''


def _run(plugin_dir: Path, cache: Path) -> str:
    out = subprocess.run([sys.executable, "-c", RUN, str(plugin_dir), str(cache)], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    return out.stdout.strip()


def test_editing_score_one_without_a_version_bump_never_serves_the_old_result(tmp_path: Path) -> None:
    (tmp_path / "user_rule.py").write_text(PLUGIN.replace("VALUE", "1.0"))
    cache = tmp_path / "cache.sqlite"
    assert _run(tmp_path, cache) == "1.0"
    assert _run(tmp_path, cache) == "1.0"
    (tmp_path / "user_rule.py").write_text(PLUGIN.replace("VALUE", "0.5"))
    assert _run(tmp_path, cache) == "0.5"


class FingerConfig(SourceConfig):
    kind: Literal["finger"] = "finger"
    weight: float = 1.0


class Fingerprinted(BaseSource[FingerConfig]):
    """Counts calls; its verdicts depend on ``weights_hash`` (stands for a model's weights)."""

    kind = "finger"
    config_class = FingerConfig
    weights_hash = "aaa"
    calls: ClassVar[list[str]] = []

    def fingerprint(self) -> str:
        return self.weights_hash

    def score_one(self, sample: Sample) -> Score:
        self.calls.append(sample.id)
        return Score.ok(self.config.weight)


class Sampling(Fingerprinted):
    """A judge that samples without a seed: never cached."""

    deterministic = False


def _score_twice(first: BaseSource, second: BaseSource, cache: Path) -> int:  # type: ignore[type-arg]
    """Samples scored fresh when two stacks (one source each) score the same samples through one cache file."""
    Fingerprinted.calls.clear()
    for source in (first, second):
        with RewardStack({"f": source}, cache=ResultCache(cache)) as stack:
            stack.score([make_sample(1), make_sample(2)])
    return len(Fingerprinted.calls)


def test_a_changed_fingerprint_misses_the_cache(tmp_path: Path) -> None:
    reloaded = Fingerprinted()
    reloaded.weights_hash = "bbb"
    assert _score_twice(Fingerprinted(), Fingerprinted(), tmp_path / "a.sqlite") == 2
    assert _score_twice(Fingerprinted(), reloaded, tmp_path / "b.sqlite") == 4


def test_execution_and_batch_settings_never_change_the_key(tmp_path: Path) -> None:
    tuned = Fingerprinted(execution={"mode": "inline", "concurrency": 3}, batch={"max_samples": 1})
    assert _score_twice(Fingerprinted(), tuned, tmp_path / "c.sqlite") == 2
    assert source_identity(Fingerprinted()) != source_identity(Fingerprinted(weight=2.0))


def test_non_deterministic_sources_are_never_cached(tmp_path: Path) -> None:
    assert source_identity(Sampling()) is None
    assert _score_twice(Sampling(), Sampling(), tmp_path / "d.sqlite") == 4


def test_code_hash_follows_the_module_source_and_works_without_one() -> None:
    namespace: dict[str, object] = {"__name__": "__main__"}
    exec(textwrap.dedent('''
        class A:
            def f(self):
                return 1
    '''), namespace)
    exec(textwrap.dedent('''
        class B:
            def f(self):
                return 2
    '''), namespace)
    a, b = namespace["A"], namespace["B"]
    assert isinstance(a, type) and isinstance(b, type)
    assert class_code_hash(a) != class_code_hash(b)  # no readable source: compiled code is hashed
    assert class_code_hash(Fingerprinted) == class_code_hash(Fingerprinted)
