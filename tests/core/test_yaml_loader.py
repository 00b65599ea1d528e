import re
from pathlib import Path

import pytest

from rewardstack.core.errors import ConfigError
from rewardstack.core.yaml_loader import line_for, load_yaml_with_lines, read_yaml_file


def test_lines_of_nested_keys() -> None:
    data, lines = load_yaml_with_lines("sources:\n  a:\n    kind: length\n    unit: chars\nfusion: null\n")
    assert data["sources"]["a"]["unit"] == "chars"
    assert lines[("sources", "a", "unit")] == 4
    assert lines[("fusion",)] == 5


def test_line_for_falls_back_to_ancestor() -> None:
    _, lines = load_yaml_with_lines("a:\n  b: 1\n")
    assert line_for(("a", "b", "missing"), lines) == 2


@pytest.mark.parametrize(("text", "message"), [
    ("a: [1, 2\n", "s.yaml:2:1: not valid YAML: expected ',' or ']', but got '<stream end>' "
                   "(while parsing a flow sequence at line 1)"),
    ("a: b: c\n", "s.yaml:1:5: not valid YAML: mapping values are not allowed here"),
    ("a:\n\t- x\n", "s.yaml:2:1: not valid YAML: found character '\\t' that cannot start any token"),
])
def test_invalid_yaml_names_file_line_and_column_on_one_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_yaml_with_lines(text, filename="s.yaml")
    assert str(raised.value) == message


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("a: 1\nb: 2\na: 3\n", "s.yaml:3: a:", "duplicate key 'a' (first at line 1)"),
        ("sources:\n  x: {kind: length}\n  x: {kind: regex_match}\n", "s.yaml:3: sources.x:", "duplicate key 'x'"),
        ("a: {k: 1, k: 2}\n", "s.yaml:1: a.k:", "duplicate key 'k'"),
        ("fusion: &f\n  kind: clip\n  input: *f\n", "s.yaml:3: fusion.input:", "cycle"),
        ("a: &x [1, [2, *x]]\n", "s.yaml:1: a.1.1:", "cycle"),
        ("a: " + "[" * 250 + "]" * 250 + "\n", "s.yaml:1:", "nested more than 200 levels"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "s.yaml:", "nested too deeply"),
        ("? [1, 2]\n: x\n", "s.yaml:1:", "a mapping key must be a plain value"),
    ],
)
def test_configs_that_would_mean_something_else_are_refused(text: str, where: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_yaml_with_lines(text, filename="s.yaml")
    assert str(info.value).startswith(where) and message in str(info.value)


def test_alias_bomb_is_refused_quickly() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    with pytest.raises(ConfigError, match="more than 200000 nodes"):
        load_yaml_with_lines("\n".join(levels) + "\n", filename="s.yaml")


def test_shared_aliases_and_merge_keys_still_work() -> None:
    text = "base: &b {kind: length, unit: words}\nsources:\n  a: *b\n  c: {<<: *b, unit: chars}\n"
    data, lines = load_yaml_with_lines(text)
    assert data["sources"]["a"] == {"kind": "length", "unit": "words"}
    assert data["sources"]["c"] == {"kind": "length", "unit": "chars"}  # an explicit key beats a merged one
    assert lines[("sources", "c")] == 4


def test_same_text_as_different_key_types_is_not_a_duplicate() -> None:
    data, _ = load_yaml_with_lines("x: {1: a, '1': b}\n")
    assert data == {"x": {1: "a", "1": "b"}}


@pytest.mark.parametrize(
    "content, message",
    [(b"a: caf\xe9\n", "s.yaml:1: not UTF-8 text (byte 0xe9)"), (None, "is a directory")],
)
def test_unreadable_files_are_config_errors(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "s.yaml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(ConfigError, match=re.escape(message)):
        read_yaml_file(path)
