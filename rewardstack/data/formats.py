"""One line of a preference or rating file -> a record, or the problem that keeps it out.

Lines are read as bytes and decoded one by one, so a stray Latin-1 byte costs
one line, not the file. Accepted:

- preferences ``{"prompt", "chosen", "rejected", "labeler"?, "margin"?}``; a
  text field is a string or a chat (a list of ``{"role", "content"}``
  messages, flattened to ``role: content`` lines); ``labeler`` is a non-empty
  string or an integer; ``margin`` a finite number >= 0;
- ratings ``{"item", "labeler", "label"}``; ``item`` a non-empty string or an
  integer; ``label`` a string, integer, boolean or finite number (``2.0`` is
  the integer ``2``).

Other keys are ignored. Which format a whole file holds is decided in
:mod:`rewardstack.data.dataset` (majority of lines).

>>> parse_line(b'{"prompt": "p", "chosen": "a", "rejected": "b", "labeler": 7}', 1, DataKind.PREFERENCES)
PreferenceRecord(line=1, prompt='p', chosen='a', rejected='b', labeler='7', margin=None)
>>> parse_line(b'{"prompt": "p", "chosen": "a", "rejected": "a"}', 2, DataKind.PREFERENCES)
Bad(kind=<ProblemKind.IDENTICAL_PAIR: 'identical_pair'>, message='chosen and rejected are the same text')
>>> parse_line(b'{"item": "q1", "labeler": "ann", "label": 2.0}', 3, DataKind.RATINGS).label
'2'
"""

from __future__ import annotations

import json
import math
from typing import Any, NamedTuple

from rewardstack.data.problems import ProblemKind
from rewardstack.data.records import DataKind, PreferenceRecord, RatingRecord, Record

__all__ = ["Bad", "decode_object", "guess_kind", "parse_line", "parse_object", "text_field"]

_PREFERENCE_FIELDS = ("prompt", "chosen", "rejected")
_RATING_FIELDS = ("item", "labeler", "label")


class Bad(NamedTuple):
    """Why a line is not a record (the reader adds file and line)."""

    kind: ProblemKind
    message: str


def decode_object(raw: bytes) -> dict[str, Any] | Bad:
    """The line's bytes as one JSON object, or why not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Bad(ProblemKind.INVALID_UTF8,
                   f"not UTF-8: byte 0x{raw[exc.start]:02x} at column {exc.start + 1} (save the file as UTF-8)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Bad(ProblemKind.BAD_JSON, f"not JSON: {exc.msg} at column {exc.colno}")
    except (RecursionError, ValueError) as exc:  # nesting too deep; an integer beyond Python's digit limit
        return Bad(ProblemKind.BAD_JSON, f"not JSON this reader accepts: {type(exc).__name__}")
    if not isinstance(data, dict):
        return Bad(ProblemKind.BAD_JSON, f"expected a JSON object, got {type(data).__name__}")
    if "\\u" in text and not _is_unicode(data):
        # "\udc80" parses, but is no text: it cannot be printed or written back as UTF-8
        return Bad(ProblemKind.INVALID_UTF8, "a string holds an unpaired UTF-16 surrogate escape (like \\udc80)")
    return data


def _is_unicode(data: Any) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def guess_kind(data: dict[str, Any]) -> DataKind | None:
    """The format an object looks like by its keys (before any check of their values)."""
    if "chosen" in data or "rejected" in data:
        return DataKind.PREFERENCES
    if "item" in data or "label" in data:
        return DataKind.RATINGS
    return None


def _missing(data: dict[str, Any], fields: tuple[str, ...], what: str) -> Bad | None:
    absent = [name for name in fields if name not in data]
    if not absent:
        return None
    return Bad(ProblemKind.MISSING_FIELD, f"missing {', '.join(absent)} (a {what} line needs {', '.join(fields)})")


def _json_type(value: Any) -> str:
    return "null" if value is None else {bool: "boolean", int: "integer", float: "number", str: "string",
                                         list: "array", dict: "object"}.get(type(value), type(value).__name__)


def text_field(name: str, value: Any) -> str | Bad:
    """A text field: a string, or chat messages flattened to ``role: content`` lines."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, list) and value and all(
            isinstance(m, dict) and isinstance(m.get("role"), str) and isinstance(m.get("content"), str)
            for m in value):
        text = "\n".join(f"{m['role']}: {m['content']}" for m in value)
    else:
        return Bad(ProblemKind.WRONG_TYPE, f"{name} must be a string or a list of {{role, content}} messages, "
                                           f"got {_json_type(value)}")
    if not text.strip():
        return Bad(ProblemKind.EMPTY_TEXT, f"{name} is empty")
    return text


def _name(name: str, value: Any) -> str | Bad:
    """An identifier field (labeler, item): a non-empty string or an integer."""
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    shown = '""' if isinstance(value, str) else _json_type(value)
    return Bad(ProblemKind.WRONG_TYPE, f"{name} must be a non-empty string or an integer, got {shown}")


def _optional_name(name: str, value: Any) -> str | None | Bad:
    return None if value is None else _name(name, value)


def _margin(value: Any) -> float | None | Bad:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Bad(ProblemKind.WRONG_TYPE, f"margin must be a number, got {_json_type(value)}")
    if not math.isfinite(value) or value < 0:
        return Bad(ProblemKind.LABEL_OUT_OF_RANGE, f"margin must be a finite number >= 0, got {value}")
    return float(value)


def _preference(data: dict[str, Any], line: int) -> PreferenceRecord | Bad:
    missing = _missing(data, _PREFERENCE_FIELDS, "preference")
    if missing is not None:
        return missing
    texts: list[str] = []
    for name in _PREFERENCE_FIELDS:
        text = text_field(name, data[name])
        if isinstance(text, Bad):
            return text
        texts.append(text)
    labeler = _optional_name("labeler", data.get("labeler"))
    if isinstance(labeler, Bad):
        return labeler
    margin = _margin(data.get("margin"))
    if isinstance(margin, Bad):
        return margin
    prompt, chosen, rejected = texts
    if chosen == rejected:
        return Bad(ProblemKind.IDENTICAL_PAIR, "chosen and rejected are the same text")
    return PreferenceRecord(line=line, prompt=prompt, chosen=chosen, rejected=rejected, labeler=labeler,
                            margin=margin)


def _label(value: Any) -> tuple[str, str] | Bad:
    """``(text, JSON type)`` of a nominal label."""
    if isinstance(value, str):
        return (value, "string") if value.strip() else Bad(ProblemKind.EMPTY_TEXT, "label is empty")
    if isinstance(value, bool):
        return ("true" if value else "false", "boolean")
    if isinstance(value, int):
        return (str(value), "integer")
    if isinstance(value, float):
        if not math.isfinite(value):
            return Bad(ProblemKind.LABEL_OUT_OF_RANGE, f"label must be finite, got {value}")
        return (str(int(value)), "integer") if value.is_integer() else (repr(value), "number")
    return Bad(ProblemKind.WRONG_TYPE, f"label must be a string, integer, boolean or number, got {_json_type(value)}")


def _rating(data: dict[str, Any], line: int, *, need_labeler: bool) -> RatingRecord | Bad:
    missing = _missing(data, _RATING_FIELDS if need_labeler else ("item", "label"), "rating")
    if missing is not None:
        return missing
    item = _name("item", data["item"])
    if isinstance(item, Bad):
        return item
    labeler = _name("labeler", data["labeler"]) if need_labeler else _optional_name("labeler", data.get("labeler"))
    if isinstance(labeler, Bad):
        return labeler
    label = _label(data["label"])
    if isinstance(label, Bad):
        return label
    return RatingRecord(line=line, item=item, labeler=labeler, label=label[0], label_type=label[1])


def parse_object(data: dict[str, Any], line: int, kind: DataKind, *, need_labeler: bool = True) -> Record | Bad:
    """A decoded object as a record of ``kind``, or why it is not one."""
    looks_like = guess_kind(data)
    if looks_like is not None and looks_like is not kind:
        return Bad(ProblemKind.WRONG_FORMAT, f"a {looks_like.value} line in a file of {kind.value}")
    if kind is DataKind.PREFERENCES:
        return _preference(data, line)
    return _rating(data, line, need_labeler=need_labeler)


def parse_line(raw: bytes, line: int, kind: DataKind, *, need_labeler: bool = True) -> Record | Bad:
    """One raw line as a record of ``kind``, or why it is not one (never raises)."""
    data = decode_object(raw)
    return data if isinstance(data, Bad) else parse_object(data, line, kind, need_labeler=need_labeler)
