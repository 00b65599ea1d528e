"""The synthetic world's code hash (part of its reward-model cache key) covers its own modules only."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewardstack.benchmarks.worlds import provenance
from rewardstack.benchmarks.worlds.provenance import _synthetic_module, code_hash


@pytest.mark.parametrize(
    ("relative", "hashed"),
    [
        ("synthetic.py", True),
        ("reward_models.py", True),
        ("families/chat.py", True),
        ("gold/code.py", True),
        ("gold/scales.py", True),
        ("real/world.py", False),  # the real-model tier: editing it must not retrain the synthetic RMs
        ("real/__init__.py", False),
        ("gold/real.py", False),
        ("__init__.py", False),  # the dispatcher between worlds
        ("families/__init__.py", True),
    ],
)
def test_which_modules_the_hash_covers(relative: str, hashed: bool) -> None:
    assert _synthetic_module(Path(relative)) is hashed


def test_hash_follows_synthetic_code_and_ignores_the_real_tier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "real").mkdir()
    (tmp_path / "synthetic.py").write_text("A = 1\n")
    (tmp_path / "gold" / "real.py").write_text("B = 1\n")
    (tmp_path / "real" / "world.py").write_text("C = 1\n")
    monkeypatch.setattr(provenance, "_WORLDS", tmp_path)

    def digest() -> str:
        code_hash.cache_clear()
        return code_hash()

    first = digest()
    (tmp_path / "gold" / "real.py").write_text("B = 2\n")
    (tmp_path / "real" / "world.py").write_text("C = 2\n")
    assert digest() == first
    (tmp_path / "synthetic.py").write_text("A = 2\n")
    assert digest() != first
    code_hash.cache_clear()
