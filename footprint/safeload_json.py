"""JSON safe loading: duplicate keys, NaN/Infinity, overflowing numbers, deep nesting and size are refused."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from footprint.safeload_base import DEFAULT, InputRefused, Limits, check_size, read_text


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(text)
    return value


def _json_constant(text: str) -> float:
    raise _BadNumber(text)


class _BadNumber(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def load_json_text(text: str | bytes, *, limits: Limits = DEFAULT) -> Any:
    """A JSON value; duplicate keys, NaN/Infinity, overflows, deep nesting and size raise `InputRefused`."""
    check_size(text, limits)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputRefused("", f"not UTF-8 text (byte {exc.start})") from None
    depth = _json_depth(text, limits.max_depth)
    if depth > limits.max_depth:
        raise InputRefused("", f"nested deeper than the limit of {limits.max_depth} levels")
    decoder: Callable[[str], Any] = json.JSONDecoder(
        object_pairs_hook=_json_pairs, parse_float=_json_float, parse_constant=_json_constant
    ).decode
    try:
        return decoder(text)
    except _DuplicateKey as exc:
        raise InputRefused(
            "",
            f"the key {exc.key!r} appears twice in one object; JSON readers would keep only "
            "the last one: remove or rename one of them",
        ) from None
    except _BadNumber as exc:
        shown = exc.text if len(exc.text) <= 40 else exc.text[:20] + "…" + exc.text[-10:]
        raise InputRefused("", f"the number {shown} is not a finite number") from None
    except json.JSONDecodeError as exc:
        raise InputRefused(f"line {exc.lineno}, column {exc.colno}", f"not JSON text: {exc.msg}") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputRefused("", f"not JSON text: {exc}") from None
    except RecursionError:  # pragma: no cover - the depth is checked first
        raise InputRefused("", f"nested deeper than the limit of {limits.max_depth} levels") from None


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth(text: str, limit: int) -> int:
    """The deepest nesting of brackets outside strings (without parsing, so without recursion)."""
    if text.count("[") + text.count("{") <= limit:
        return 0
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("]", "}"):
            depth -= 1
    return deepest


def load_json_file(path: str | Path, *, limits: Limits = DEFAULT) -> Any:
    """`load_json_text` of a file read with `read_text`."""
    return load_json_text(read_text(path, limits=limits), limits=limits)


__all__ = ["load_json_file", "load_json_text"]
