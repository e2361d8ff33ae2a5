"""A fast reader for the plain block-style YAML that tools (and most people) write; anything else is
left to the full safe loader (`footprint.safeload`), which then reads – or refuses – it.

libyaml's event stream costs about as much as calculating the model it describes (a Python object per
event, two position marks each). Model files written by PyYAML's dumper, the app and the examples use
a small part of YAML: block mappings and sequences (`key: value`, `key:`, `- item`), one-line flow
mappings of plain values (`{amount: 1.5, unit: kg}`), plain one-line scalars and `#` comment lines.
`read_plain` reads exactly that part, line by line, and resolves every scalar with the full loader's own
resolver (the YAML 1.1 types of PyYAML's safe loader, with its refusals). It gives up – returns
`NOT_PLAIN` – at the first thing outside that part: quotes, anchors, aliases, tags, block scalars,
multi-line scalars, flow sequences, comments after a value, tabs, a repeated key, a refused number,
deeper nesting than allowed, anything it does not recognise. The full loader then reads the whole text
and reports any problem with its line and path, so every protection of the safe loader still holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

NOT_PLAIN = object()
_START = frozenset(" -?:,[]{}#&*!|>'\"%@`")  # a plain scalar cannot start with one of these (kept simple)
# characters libyaml reads as printable and not as a line break (no BOM, NEL, LS, PS, control characters)
_OTHER = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_INSIDE = re.compile(r"[{}\[\]\t]| #|: ")  # nor contain these (flow indicators, comments)
# a decimal number PyYAML's safe loader reads as a float, whose value is Python's float() of the text
# (a subset of its YAML 1.1 float pattern: no '_', no sexagesimal, an exponent only with its sign)
PLAIN_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?")
_MISSING = object()


class _Stop(Exception):
    """Outside the plain part: leave the text to the full loader."""


def _quoted(text: str) -> str:
    """A quoted scalar without escapes: the text between its quotes (no line break, no inner quote)."""
    quote = text[0]
    inner = text[1:-1]
    if len(text) < 2 or text[-1] != quote or quote in inner or "\\" in inner:
        raise _Stop
    return inner


class _Reader:
    def __init__(self, lines: list[tuple[int, str]], plain: Callable[[str], Any], max_depth: int) -> None:
        self.lines = lines  # (indentation, content) of the lines that carry content
        self.plain = plain
        self.max_depth = max_depth
        self.i = 0
        self.seen: dict[str, Any] = {}  # plain scalars already read, by their text

    def scalar(self, text: str) -> Any:
        value = self.seen.get(text, _MISSING)
        if value is not _MISSING:
            return value
        if PLAIN_FLOAT.fullmatch(text):
            return float(text)
        if text[:1] in ('"', "'"):
            return _quoted(text)
        if not text or text[0] in _START or text[-1] in " :" or _INSIDE.search(text):
            raise _Stop
        value = self.plain(text)
        if len(self.seen) < 100_000:
            self.seen[text] = value
        return value

    def key(self, text: str, target: dict[Any, Any]) -> Any:
        key = self.scalar(text)
        if key in target or isinstance(key, (dict, list)):
            raise _Stop  # the full loader names the repeated key with its line
        return key

    def flow(self, text: str) -> dict[Any, Any]:
        """`{k: v, k: v}` of plain scalars."""
        body = text[1:-1].strip()
        out: dict[Any, Any] = {}
        if not body:
            return out
        seen, scalar = self.seen, self.scalar
        for entry in body.split(", "):
            key_text, sep, value_text = entry.partition(": ")
            if not sep or "," in entry:
                raise _Stop
            key = seen.get(key_text, _MISSING)
            if key is _MISSING:
                key = scalar(key_text)
            if key in out:
                raise _Stop  # the full loader names the repeated key with its line
            value = seen.get(value_text, _MISSING)
            out[key] = scalar(value_text) if value is _MISSING else value
        return out

    def value(self, text: str, indent: int, depth: int) -> Any:
        """The value written after `key: ` or `- ` on one line (a scalar or a flow mapping)."""
        if text[:1] == "{":
            if text[-1:] != "}" or "{" in text[1:] or "}" in text[:-1] or "[" in text or "]" in text:
                raise _Stop
            return self.flow(text)
        return self.scalar(text)

    def nested(self, indent: int, depth: int, *, in_mapping: bool) -> Any:
        """The value of `key:` (or `-` alone): a deeper block, an indentless sequence, or null."""
        if self.i < len(self.lines):
            next_indent, next_text = self.lines[self.i]
            if next_indent > indent:
                return self.block(next_indent, depth + 1)
            if in_mapping and next_indent == indent and (next_text == "-" or next_text.startswith("- ")):
                return self.sequence(indent, depth + 1)
        return None

    def block(self, indent: int, depth: int) -> Any:
        text = self.lines[self.i][1]
        if text == "-" or text.startswith("- "):
            return self.sequence(indent, depth)
        return self.mapping(indent, depth)

    def mapping(self, indent: int, depth: int, first: str | None = None) -> dict[Any, Any]:
        """A block mapping whose keys sit at `indent` (`first`: its first line, after a `- `)."""
        if depth >= self.max_depth:  # the full loader decides at the limit
            raise _Stop
        out: dict[Any, Any] = {}
        lines = self.lines
        while first is not None or self.i < len(lines):
            if first is None:
                line_indent, text = lines[self.i]
                if line_indent != indent:
                    if line_indent > indent:
                        raise _Stop
                    break
                self.i += 1
            else:
                text, first = first, None
            if text.endswith(":"):
                key = self.key(text[:-1], out)
                out[key] = self.nested(indent, depth, in_mapping=True)
                continue
            key_text, sep, rest = text.partition(": ")
            if not sep:
                raise _Stop
            key = self.key(key_text, out)
            out[key] = self.value(rest, indent, depth)
        return out

    def sequence(self, indent: int, depth: int) -> list[Any]:
        """A block sequence whose `- ` sit at `indent`."""
        if depth >= self.max_depth:
            raise _Stop
        out: list[Any] = []
        lines = self.lines
        while self.i < len(lines):
            line_indent, text = lines[self.i]
            if line_indent != indent or not (text == "-" or text.startswith("- ")):
                if line_indent > indent:
                    raise _Stop
                break
            self.i += 1
            if text == "-":
                out.append(self.nested(indent, depth, in_mapping=False))
                continue
            rest = text[2:]
            if rest[:1] == " " or rest[:2] == "- ":
                raise _Stop  # nested sequences and odd spacing: the full loader
            if rest[:1] != "{" and (rest.endswith(":") or ": " in rest):
                out.append(self.mapping(indent + 2, depth + 1, first=rest))  # `- key: value` opens a mapping
            else:
                out.append(self.value(rest, indent, depth))
        return out


def read_plain(text: str, plain: Callable[[str], Any], *, max_depth: int) -> Any:
    """The document if `text` is a block mapping in the plain part of YAML, else `NOT_PLAIN`.

    `plain` resolves a plain scalar as the full loader does and raises for what it refuses (then the
    full loader reads the text again and reports it with its line).
    """
    if _OTHER.search(text) is not None:
        return NOT_PLAIN
    lines: list[tuple[int, str]] = []
    for raw in text.split("\n"):
        content = raw.lstrip(" ")
        if not content or content[0] == "#":  # a blank or comment line
            continue
        if content != content.rstrip() or "\r" in content or "\t" in raw:
            return NOT_PLAIN
        lines.append((len(raw) - len(content), content))
    if not lines or lines[0][0] != 0 or lines[0][1].startswith(("-", "---", "...", "%")):
        return NOT_PLAIN
    reader = _Reader(lines, plain, max_depth)
    try:
        value = reader.mapping(0, 1)
    except Exception:  # _Stop, or a refusal of `plain`: the full loader reads it and says why
        return NOT_PLAIN
    return value if reader.i == len(lines) else NOT_PLAIN
