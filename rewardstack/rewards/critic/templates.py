"""Prompt templates of a constitution: ``str.format`` fields, checked when the constitution loads.

A template names its inputs as ``{field}``; literal braces are doubled (``{{``).
Each kind of template has a fixed set of fields it may use, and some it must use:

=============  ==========================================================  ====================
template       may use                                                     must use
=============  ==========================================================  ====================
``question``   prompt, response, principle, options, first, second, domain  response, options
``critique``   prompt, response, principle, domain                          response
``revision``   prompt, response, principle, critique, domain                response, critique
``followup``   options, first, second                                       options
=============  ==========================================================  ====================

``options`` is "Yes or No" in the first order and "No or Yes" in the second
(``first``/``second`` are the two options in the order asked), so a question
that never shows ``options`` could not be asked in both orders. Attribute or
index access (``{response.upper}``), conversions (``{x!r}``) and format specs
(``{x:>10}``) are refused: a template only places text.

Values are substituted once; braces inside a prompt or a response stay as they
are (they are data, never parsed as a template).

>>> check_template("question", "Is this harmless?\\n{response}\\nAnswer {options}.")
>>> render("Answer {options}: {response}", response="Hi {there}", options="Yes or No")
'Answer Yes or No: Hi {there}'
>>> check_template("critique", "What is wrong with {answer}?")
Traceback (most recent call last):
...
ValueError: unknown field {answer}; a critique template may use {domain}, {principle}, {prompt}, {response}
"""

from __future__ import annotations

import string
from typing import Literal

__all__ = ["TEMPLATE_FIELDS", "TemplateKind", "check_template", "render", "template_fields"]

TemplateKind = Literal["question", "critique", "revision", "followup"]

# kind -> (allowed fields, required fields)
TEMPLATE_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "question": (frozenset({"prompt", "response", "principle", "options", "first", "second", "domain"}),
                 frozenset({"response", "options"})),
    "critique": (frozenset({"prompt", "response", "principle", "domain"}), frozenset({"response"})),
    "revision": (frozenset({"prompt", "response", "principle", "critique", "domain"}),
                 frozenset({"response", "critique"})),
    "followup": (frozenset({"options", "first", "second"}), frozenset({"options"})),
}


def template_fields(template: str) -> list[str]:
    """The ``{field}`` names a template uses, in order (ValueError for a malformed template)."""
    fields = []
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier():
            raise ValueError(f"{{{name}}} is not a plain field name (no positional, attribute or index access); "
                             "write literal braces as {{ and }}")
        if spec or conversion:
            raise ValueError(f"{{{name}}} has a conversion or format spec; a template only places text")
        fields.append(name)
    return fields


def check_template(kind: TemplateKind, template: str) -> None:
    """Raise ValueError (with the fix) when ``template`` uses unknown fields or misses required ones."""
    allowed, required = TEMPLATE_FIELDS[kind]
    used = set(template_fields(template))
    unknown = sorted(used - allowed)
    if unknown:
        raise ValueError(f"unknown field {{{unknown[0]}}}; a {kind} template may use "
                         f"{', '.join('{' + f + '}' for f in sorted(allowed))}")
    missing = sorted(required - used)
    if missing:
        raise ValueError(f"a {kind} template must contain {', '.join('{' + f + '}' for f in missing)}")


def render(template: str, **values: str) -> str:
    """Fill a checked template (values are placed as they are, never re-parsed)."""
    return template.format_map(values)
