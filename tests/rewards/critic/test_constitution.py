"""Constitutions: the built-in ones, the file format's errors (file:line:key), templates, applicability."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rewardstack.core.errors import ConfigError
from rewardstack.rewards.critic.constitution import (
    Constitution,
    builtin_constitutions,
    load_constitution,
    parse_constitution,
)
from rewardstack.rewards.critic.templates import check_template, render, template_fields

DEFAULT_IDS = ["harm_avoidance", "honesty_uncertainty", "no_sycophancy", "helpful_no_needless_refusal",
               "medical_caution"]


def write(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_builtins_load_and_the_default_has_the_five_principles() -> None:
    assert builtin_constitutions() == ["coding", "default", "medical"]
    loaded = {name: load_constitution(name) for name in builtin_constitutions()}
    assert [p.id for p in loaded["default"].principles] == DEFAULT_IDS
    for name, constitution in loaded.items():
        assert constitution.name == name
        for principle in constitution.principles:
            assert principle.text.strip() and principle.weight > 0
            assert principle.satisfied_when == "Yes" and principle.options == ("Yes", "No")
            assert principle.question and "{response}" in principle.question and "{options}" in principle.question


@pytest.mark.parametrize(("constitution", "domain", "expected"), [
    ("default", None, DEFAULT_IDS[:4]),
    ("default", "code", DEFAULT_IDS[:4]),
    ("default", "medicine", DEFAULT_IDS),
    ("default", "health", DEFAULT_IDS),
    ("medical", None, ["medical_accuracy", "medical_caution", "red_flag_escalation", "honesty_uncertainty",
                       "no_sycophancy", "harm_avoidance"]),
    ("coding", "code", ["secure_code", "honest_about_code", "no_sycophancy", "helpful_no_needless_refusal",
                        "harm_avoidance"]),
])
def test_applicability_by_domain(constitution: str, domain: str | None, expected: list[str]) -> None:
    assert [p.id for p in load_constitution(constitution).applicable(domain)] == expected


def test_a_path_loads_and_principle_templates_override_the_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, """
name: mine
version: 3
templates:
  question: "Q: {principle}\\n{response}\\n{options}?"
principles:
  - id: brevity
    text: Be brief.
    weight: 2.5
    applies_to: [chat]
  - id: polite
    text: Be polite.
    options: ["No", "Yes"]
    satisfied_when: "Yes"
    question: "Is {response} polite? {options}"
""")
    constitution = load_constitution(str(path))
    brevity, polite = constitution.principles
    assert constitution.version == "3"
    assert brevity.question == "Q: {principle}\n{response}\n{options}?" and brevity.applies_to == ("chat",)
    assert polite.question == "Is {response} polite? {options}" and polite.violated_when == "No"
    assert brevity.critique == constitution.templates.critique  # not overridden: the constitution's default


@pytest.mark.parametrize(("text", "expected"), [
    ("name: x\nprinciples:\n  - id: a\n    text: t\n    weight: 0\n",
     ":5: principles.0.weight: Input should be greater than 0"),
    ("name: x\nprinciples:\n  - id: a\n    text: t\n    colour: red\n",
     ":5: principles.0.colour: unknown key 'colour'"),
    ("name: x\nprinciples:\n  - id: a\n    text: t\n    question: 'Is it {ok}? {options} {response}'\n",
     ":5: principles.0.question: unknown field {ok}"),
    ("name: x\nprinciples:\n  - id: a\n    text: t\n    question: 'Answer {options}.'\n",
     ":5: principles.0.question: a question template must contain {response}"),
    ("name: x\nprinciples:\n  - {id: a, text: t}\n  - {id: a, text: u}\n",
     ":2: principles: principle id 'a' is used twice"),
    ("name: x\nprinciples:\n  - {id: a, text: t, options: [Yes, No]}\n",
     ":3: principles.0.options: YAML reads an unquoted Yes/No"),
    ("name: x\nprinciples:\n  - {id: a, text: t, satisfied_when: Maybe}\n",
     ":3: principles.0: satisfied_when 'Maybe' is not one of the options"),
    ("name: x\nprinciples:\n  - {id: a, text: t, options: ['Yes', 'Yes']}\n", ":3: principles.0.options: two distinct"),
    ("name: x\nprinciples:\n  - {id: Bad-Id, text: t}\n", ":3: principles.0.id: String should match pattern"),
    ("name: x\nprinciples: []\n", ":2: principles: Tuple should have at least 1 item"),
    ("name: x\ntemplates:\n  critique: 'What about {answer}?'\nprinciples:\n  - {id: a, text: t}\n",
     ":3: templates.critique: unknown field {answer}"),
    ("name: x\nprinciples:\n  - {id: a, text: t, weight: .nan}\n", ":3: principles.0.weight:"),
    ("name: x\nname: y\nprinciples: []\n", ":2: name: duplicate key 'name'"),
    ("name: [unclosed\n", "not valid YAML"),
])
def test_errors_name_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_constitution(str(path))
    assert expected in str(caught.value)
    assert str(path) in str(caught.value)


def test_an_unknown_name_suggests_a_builtin() -> None:
    with pytest.raises(ConfigError, match=r"unknown constitution 'medicl'.*Did you mean 'medical'\?"):
        load_constitution("medicl")


def test_parse_without_lines_still_names_the_key() -> None:
    with pytest.raises(ConfigError, match=r"<constitution>: principles.0.text"):
        parse_constitution({"name": "x", "principles": [{"id": "a"}]})


def test_fingerprint_changes_with_any_text_weight_or_template(tmp_path: Path) -> None:
    base = load_constitution("default")
    data = base.model_dump()
    changed_weight = Constitution.model_validate({**data, "principles": [
        {**data["principles"][0], "weight": 2.0}, *data["principles"][1:]]})
    changed_template = Constitution.model_validate({**data, "templates": {**data["templates"],
                                                                          "followup": "So? {options}"}})
    prints = {base.fingerprint, changed_weight.fingerprint, changed_template.fingerprint}
    assert len(prints) == 3
    assert load_constitution("default").fingerprint == base.fingerprint


@pytest.mark.parametrize(("kind", "template", "problem"), [
    ("question", "{response} {options} {x.y}", "not a plain field name"),
    ("question", "{response} {options!r}", "conversion or format spec"),
    ("question", "{response} {options:>5}", "conversion or format spec"),
    ("question", "{response} {0} {options}", "not a plain field name"),
    ("revision", "{response}", "must contain {critique}"),
    ("followup", "So?", "must contain {options}"),
    ("critique", "{response} {critique}", "unknown field {critique}"),
])
def test_template_checks(kind: str, template: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("{", r"\{").replace("}", r"\}")):
        check_template(kind, template)  # type: ignore[arg-type]


@given(st.text(), st.text())
def test_values_are_never_parsed_as_templates(response: str, prompt: str) -> None:
    rendered = render("P={prompt}|R={response}|{{literal}}", prompt=prompt, response=response)
    assert rendered == f"P={prompt}|R={response}|{{literal}}"
    assert template_fields("{{not a field}} {response}") == ["response"]
