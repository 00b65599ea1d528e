import pytest

from rewardstack.core.errors import ConfigError
from rewardstack.core.yaml_loader import line_for, load_yaml_with_lines


def test_lines_of_nested_keys() -> None:
    data, lines = load_yaml_with_lines("sources:\n  a:\n    kind: length\n    unit: chars\nfusion: null\n")
    assert data["sources"]["a"]["unit"] == "chars"
    assert lines[("sources", "a", "unit")] == 4
    assert lines[("fusion",)] == 5


def test_line_for_falls_back_to_ancestor() -> None:
    _, lines = load_yaml_with_lines("a:\n  b: 1\n")
    assert line_for(("a", "b", "missing"), lines) == 2


def test_invalid_yaml_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_yaml_with_lines("a: [1, 2\n")
