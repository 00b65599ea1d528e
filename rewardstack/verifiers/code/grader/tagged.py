"""Type-tagged JSON values: how results cross the sandbox boundary.

Stdlib only: this same file is shipped into sandboxes (as ``_rs_tagged.py``) and
imported by the host. ``encode`` never calls a method the value's class could
override (it dispatches on the *exact* type and walks containers through the
base-class slots), so an object whose ``__eq__``/``__iter__``/``__repr__`` lies
becomes ``{"t": "opaque"}``, which equals nothing. ``decode`` builds plain
builtins only: nothing the untrusted side sends can run code on the trusted side.

>>> decode(encode((1, [True, None], {"a": 2.5})))
(1, [True, None], {'a': 2.5})
>>> encode(1) == encode(True)
False
>>> decode(encode(3 ** 9000)) == 3 ** 9000  # big ints travel in hex: no int-to-str digit limit applies
True
"""

import base64
import math

MAX_DEPTH = 64
# ints beyond this travel as hex: linear to convert, and CPython's (>= 3.11) int <-> decimal str digit limit
# does not apply to power-of-two bases on either side of the boundary
_DECIMAL_BELOW = 1 << 63
MAX_HEX_DIGITS = 1 << 20  # ~1.26 million decimal digits

_DICT_LIKE = ("OrderedDict", "defaultdict", "Counter")


def _float(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def encode(value, _depth=0):
    if _depth > MAX_DEPTH:
        return {"t": "opaque", "type": "too deep"}
    t = type(value)
    d = _depth + 1
    if value is None:
        return {"t": "none"}
    if t is bool:
        return {"t": "bool", "v": value}
    if t is int:
        if -_DECIMAL_BELOW < value < _DECIMAL_BELOW:
            return {"t": "int", "v": int.__repr__(value)}
        return {"t": "int", "h": int.__format__(value, "x")}
    if t is float:
        return {"t": "float", "v": _float(value)}
    if t is complex:
        return {"t": "complex", "v": [_float(value.real), _float(value.imag)]}
    if t is str:
        return {"t": "str", "v": str.__str__(value)}
    if t is bytes:
        return {"t": "bytes", "v": base64.b64encode(value).decode("ascii")}
    if t is list:
        return {"t": "list", "v": [encode(x, d) for x in list.__iter__(value)]}
    if t is tuple:
        return {"t": "tuple", "v": [encode(x, d) for x in tuple.__iter__(value)]}
    if t is set or t is frozenset:
        items = [encode(x, d) for x in (set.__iter__(value) if t is set else frozenset.__iter__(value))]
        return {"t": t.__name__, "v": sorted(items, key=_sort_key)}
    if t is dict or (issubclass(t, dict) and t.__module__ == "collections" and t.__name__ in _DICT_LIKE):
        return {"t": "dict", "v": [[encode(k, d), encode(v, d)] for k, v in dict.items(value)]}
    if t is range:
        return {"t": "opaque", "type": "range"}
    return {"t": "opaque", "type": getattr(t, "__qualname__", "?")}


def _sort_key(item):
    import json

    return json.dumps(item, sort_keys=True)


class Opaque:
    """A value the sandbox could not express; equal to nothing, not even itself."""

    __slots__ = ("type_name",)

    def __init__(self, type_name):
        self.type_name = type_name

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    __hash__ = object.__hash__

    def __repr__(self):
        return f"<opaque {self.type_name}>"


def _unfloat(v):
    if isinstance(v, str):
        return float(v)
    if type(v) not in (int, float):
        raise ValueError("bad float")
    return float(v)


def decode(obj, _depth=0):
    """Plain builtins from a tagged value; raises ValueError on malformed input."""
    if _depth > MAX_DEPTH + 2 or not isinstance(obj, dict):
        raise ValueError("malformed tagged value")
    t, v, d = obj.get("t"), obj.get("v"), _depth + 1
    if t == "none":
        return None
    if t == "bool" and type(v) is bool:
        return v
    if t == "int" and type(v) is str and len(v) < 5000:
        return int(v)
    if t == "int" and type(obj.get("h")) is str and len(obj["h"]) <= MAX_HEX_DIGITS:
        return int(obj["h"], 16)
    if t == "float":
        return _unfloat(v)
    if t == "complex" and type(v) is list and len(v) == 2:
        return complex(_unfloat(v[0]), _unfloat(v[1]))
    if t == "str" and type(v) is str:
        return v
    if t == "bytes" and type(v) is str:
        return base64.b64decode(v, validate=True)
    if t in ("list", "tuple", "set", "frozenset") and type(v) is list:
        items = [decode(x, d) for x in v]
        if t == "list":
            return items
        if t == "tuple":
            return tuple(items)
        try:
            return set(items) if t == "set" else frozenset(items)
        except TypeError as exc:
            raise ValueError("unhashable set item") from exc
    if t == "dict" and type(v) is list:
        out = {}
        for pair in v:
            if type(pair) is not list or len(pair) != 2:
                raise ValueError("malformed dict item")
            try:
                out[decode(pair[0], d)] = decode(pair[1], d)
            except TypeError as exc:
                raise ValueError("unhashable dict key") from exc
        return out
    if t == "opaque":
        return Opaque(str(obj.get("type", "?"))[:100])
    raise ValueError(f"unknown tag {t!r}")
