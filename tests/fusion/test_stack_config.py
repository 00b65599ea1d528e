from pathlib import Path

import pytest

from rewardstack import ConfigError, load_stack_config


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stack.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sources:\n  a: {kind: lenght}\n", [":2: sources.a", "Did you mean 'length'"]),
        ("sources:\n  a:\n    kind: length\n    target: many\n", [":4: sources.a.target", "valid integer"]),
        ("sources:\n  a:\n    kind: length\n    colour: red\n", [":4: sources.a.colour", "unknown key 'colour'"]),
        ("sources:\n  a: {kind: length}\nfusoin: {}\n", [":3: fusoin", "unknown key 'fusoin'"]),
        (
            "sources:\n  a: {kind: length}\nfusion:\n  kind: weighted_sum\n  weights: {a: heavy}\n",
            [":5: fusion.weights.a", "valid number"],
        ),
        ("sources:\n  a: {kind: length}\nfusion: {kind: blend}\n", [":3: fusion", "unknown fusion operator 'blend'"]),
        ("sources: {}\n", ["sources", "at least 1"]),
        ("- just\n- a list\n", ["must be a mapping"]),
    ],
)
def test_errors_name_line_and_key(tmp_path: Path, text: str, expected: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        load_stack_config(_write(tmp_path, text))
    for part in expected:
        assert part in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_stack_config(tmp_path / "nope.yaml")


def test_valid_config(tmp_path: Path) -> None:
    config = load_stack_config(_write(tmp_path, "sources:\n  a: {kind: length, unit: chars}\n"))
    assert config.sources["a"].unit == "chars"
    assert config.fusion is None
