"""JSONL in and out: input read as bytes and decoded per line, results written as they come.

Reading never fails as a whole because one line is bad: every non-blank line
becomes a :class:`~rewardstack.core.sample.Sample` or a :class:`BadLine` that
says what is wrong, with its 1-based line number. Bad are: bytes that are not
UTF-8 (a UTF-8 byte-order mark on line 1 is allowed), text that is not one JSON
object, JSON nested too deeply, strings holding an unpaired UTF-16 surrogate
escape (``"\\udc80"``: not Unicode text, cannot be written back out), an ``id``
that is present but not a non-empty string or an integer (``"id": null`` is a
bad line, never the id ``"None"``), and anything the Sample model refuses.
A line without ``id`` gets its line number as id.

>>> parse_sample(b'{"id": "a", "prompt": "p", "response": "r"}', 1).id
'a'
>>> parse_sample(b'{"id": null, "prompt": "p", "response": "r"}', 3)
BadLine(line=3, reason='id must be a non-empty string or an integer, got null')
>>> parse_sample(b'{"prompt": "caf\\xe9", "response": "r"}', 4).reason
'not UTF-8: byte 0xe9 at column 16 (save the file as UTF-8)'
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from pydantic import ValidationError

from rewardstack.core.result import StackResult
from rewardstack.core.sample import Sample, group_label

__all__ = [
    "GROUP_KEY",
    "BadLine",
    "format_result",
    "iter_lines",
    "parse_sample",
    "peek_line",
    "read_samples",
    "write_result",
]

GROUP_KEY = "group"  # sample.metadata[GROUP_KEY] names a sample's GRPO group
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class BadLine:
    """An input line that is not a valid sample, and why."""

    line: int
    reason: str


def iter_lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """``(1-based line number, raw bytes)`` for every non-blank line; a leading BOM is dropped."""
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        if raw.strip():
            yield number, raw


def _load(raw: bytes | str, line: int) -> dict[str, Any] | BadLine:
    """The line as a JSON object, or why it is not one."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return BadLine(line, f"not UTF-8: byte 0x{raw[exc.start]:02x} at column {exc.start + 1} "
                                 "(save the file as UTF-8)")
    else:
        text = raw
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return BadLine(line, f"not JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return BadLine(line, "not JSON this reader accepts: nested too deeply")
    except ValueError as exc:  # e.g. an integer beyond Python's digit limit
        return BadLine(line, f"not JSON this reader accepts: {exc}")
    if not isinstance(data, dict):
        return BadLine(line, f"expected a JSON object, got {type(data).__name__}")
    if "\\u" in text and _has_lone_surrogate(data):
        return BadLine(line, "a string holds an unpaired UTF-16 surrogate escape (like \\udc80): not Unicode text")
    return data


def _has_lone_surrogate(data: Any) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _sample_id(data: dict[str, Any], line: int) -> str | BadLine:
    if "id" not in data:
        return str(line)  # ids are optional in input; the line number is stable
    value = data["id"]
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    shown = json.dumps(value)[:40] if not isinstance(value, str) else '""'
    return BadLine(line, f"id must be a non-empty string or an integer, got {shown}")


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(object)"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def parse_sample(raw: bytes | str, line: int) -> Sample | BadLine:
    """One input line (bytes, or already decoded text) as a Sample, or a BadLine saying why not."""
    data = _load(raw, line)
    if isinstance(data, BadLine):
        return data
    sample_id = _sample_id(data, line)
    if isinstance(sample_id, BadLine):
        return sample_id
    try:
        return Sample.model_validate({**data, "id": sample_id})
    except ValidationError as exc:
        return BadLine(line, _describe(exc))


def peek_line(raw: bytes, line: int, key: str | None = GROUP_KEY) -> tuple[str | None, Hashable | None]:
    """``(id, group)`` of a line as :func:`parse_sample` would read them; None where unreadable.

    ``key`` is the ``metadata`` key naming the group (the stack's ``group_key``; None: no groups).
    Cheap for lines that cannot name a group (no key and no escape in the bytes).
    """
    if key is None or (key.encode() not in raw and b"\\u" not in raw):
        return None, None
    data = _load(raw, line)
    if isinstance(data, BadLine):
        return None, None
    sample_id = _sample_id(data, line)
    metadata = data.get("metadata")
    group = group_label(metadata.get(key)) if isinstance(metadata, dict) else None
    return (None if isinstance(sample_id, BadLine) else sample_id), group


def read_samples(handle: IO[bytes]) -> Iterator[Sample | BadLine]:
    """Yield a Sample or a BadLine per non-blank line of a binary stream (1-based line numbers)."""
    for number, raw in iter_lines(handle):
        yield parse_sample(raw, number)


def format_result(result: StackResult) -> str:
    """One output line (with its newline)."""
    return result.model_dump_json(exclude_none=False) + "\n"


def write_result(handle: IO[str], result: StackResult) -> None:
    handle.write(format_result(result))
