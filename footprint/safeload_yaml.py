"""YAML safe loading: the plain block fast path, else plain values built straight from libyaml's events.

See `footprint.safeload` for what is refused and why.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from footprint.safeload_base import DEFAULT, InputRefused, Limits, check_size, gc_paused, read_text
from footprint.safeload_fast import NOT_PLAIN, PLAIN_FLOAT, read_plain

_TAG = "tag:yaml.org,2002:"
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


def _where(mark: Any, path: str) -> str:
    line = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{path} ({line})" if path and line else path or line


def _path(stack: list[list[Any]]) -> str:
    out = ""
    for container, key, _ in stack[1:]:  # the first frame holds the document
        if isinstance(container, list):
            out += f"[{len(container)}]"
        elif key is not _NO_KEY:
            out += f".{key}" if out else str(key)
    return out


_NO_KEY = object()


class _Builder:
    """Turns libyaml events into Python values; one instance per load."""

    def __init__(self, limits: Limits) -> None:
        import yaml

        self.limits = limits
        self.resolvers = yaml.resolver.Resolver.yaml_implicit_resolvers
        self.constructor = yaml.constructor.SafeConstructor()
        self.cache: dict[str, Any] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.aliases = 0
        self.alias_nodes = 0

    def refuse(self, mark: Any, stack: list[list[Any]], problem: str) -> InputRefused:
        return InputRefused(_where(mark, _path(stack)), problem)

    def plain(self, value: str, mark: Any = None, stack: list[list[Any]] | None = None) -> Any:
        """A plain (unquoted) scalar as PyYAML's safe loader reads it, refusing the lossy YAML 1.1 forms."""
        cached = self.cache.get(value, _NO_KEY)
        if cached is not _NO_KEY:
            return cached
        if PLAIN_FLOAT.fullmatch(value):  # the common case, without the resolvers and a node
            return float(value)
        stack = stack if stack is not None else []
        tag = None
        for candidate, regexp in self.resolvers.get(value[:1], ()):
            if regexp.match(value):
                tag = candidate
                break
        result: Any = value
        if tag is None or tag == _TAG + "str" or tag == _TAG + "value":
            result = value
        elif tag == _TAG + "null":
            result = None
        elif tag == _TAG + "bool":
            result = _BOOLS[value.lower()]
        elif tag == _TAG + "int":
            if not _DECIMAL_INT.match(value):
                raise self.refuse(mark, stack, _number_problem(value))
            result = self.integer(value, mark, stack)
        elif tag == _TAG + "float":
            if ":" in value or "_" in value:
                raise self.refuse(mark, stack, _number_problem(value))
            result = self.constructor.construct_yaml_float(_scalar(tag, value))
        elif tag == _TAG + "timestamp":
            result = self.constructor.construct_yaml_timestamp(_scalar(tag, value))
        elif tag == _TAG + "merge":
            raise self.refuse(mark, stack, "merge keys (<<) are not supported: write the keys out")
        else:  # pragma: no cover - every implicit resolver of PyYAML is handled above
            raise self.refuse(mark, stack, f"unsupported value {value!r}")
        if len(self.cache) < 100_000:
            self.cache[value] = result
        return result

    def integer(self, value: str, mark: Any, stack: list[list[Any]]) -> int:
        """A decimal integer; one of thousands of digits (slow to convert, an overflow later) is refused."""
        if len(value) > 400:
            raise self.refuse(mark, stack, f"a number of {len(value.lstrip('+-')):,} digits is not an amount")
        return int(value)

    def tagged(self, tag: str, value: str, mark: Any, stack: list[list[Any]]) -> Any:
        """A scalar with an explicit standard tag (``!!str 010``)."""
        if tag in ("!", _TAG + "str"):
            return value
        if tag == _TAG + "int":
            if not _DECIMAL_INT.match(value.strip()):
                raise self.refuse(mark, stack, _number_problem(value))
            return self.integer(value.strip(), mark, stack)
        if tag == _TAG + "float":
            try:
                return float(value)
            except ValueError:
                raise self.refuse(mark, stack, f"{value!r} is not a number") from None
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool" and value.lower() in _BOOLS:
            return _BOOLS[value.lower()]
        raise self.refuse(
            mark, stack, f"the tag {tag!r} is not allowed here (only plain values, lists and mappings)"
        )

    def build(self, loader: Any) -> Any:
        from yaml import events as ev

        scalar, alias = ev.ScalarEvent, ev.AliasEvent
        mapping_start, sequence_start = ev.MappingStartEvent, ev.SequenceStartEvent
        mapping_end, sequence_end = ev.MappingEndEvent, ev.SequenceEndEvent
        get = loader.get_event
        limits = self.limits
        # a frame: [container, pending key (mappings) or _NO_KEY, (anchor, nodes before, mark) or None]
        stack: list[list[Any]] = [[[], _NO_KEY, None]]
        nodes = 0
        documents = 0
        while True:
            event = get()
            kind = type(event)
            nodes += 1
            if kind is scalar:
                if event.tag is None:
                    if event.implicit[0]:  # plain (unquoted)
                        value = self.plain(event.value, event.start_mark, stack) if event.value else None
                    else:
                        value = event.value
                else:
                    value = self.tagged(event.tag, event.value, event.start_mark, stack)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind is mapping_start or kind is sequence_start:
                if event.tag is not None and event.tag not in ("!", _TAG + "map", _TAG + "seq"):
                    raise self.refuse(event.start_mark, stack, f"the tag {event.tag!r} is not allowed here")
                if len(stack) > limits.max_depth:
                    raise self.refuse(
                        event.start_mark, stack, f"nested deeper than the limit of {limits.max_depth} levels"
                    )
                container: Any = {} if kind is mapping_start else []
                anchor = (event.anchor, nodes + self.alias_nodes) if event.anchor is not None else None
                stack.append([container, _NO_KEY, anchor])
                continue
            elif kind is mapping_end or kind is sequence_end:
                value, _, anchor = stack.pop()
                if anchor is not None:
                    self.anchors[anchor[0]] = (value, nodes + self.alias_nodes - anchor[1])
            elif kind is alias:
                value = self.expand(event, stack)
            elif kind is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.refuse(event.start_mark, [], "more than one YAML document (a second '---')")
                continue
            elif kind is ev.StreamEndEvent:
                top = stack[0][0]
                return top[0] if top else None
            else:
                continue
            frame = stack[-1]
            target = frame[0]
            if type(target) is list:
                target.append(value)
            elif frame[1] is _NO_KEY:
                if isinstance(value, (dict, list)):
                    raise self.refuse(
                        event.start_mark, stack, "a key must be a single value, not a list or mapping"
                    )
                if value in target:
                    frame[1] = value
                    raise self.refuse(
                        event.start_mark,
                        stack,
                        f"the key {value!r} appears twice in this mapping; YAML would keep only the "
                        "last one: remove or rename one of them",
                    )
                frame[1] = value
            else:
                target[frame[1]] = value
                frame[1] = _NO_KEY

    def expand(self, event: Any, stack: list[list[Any]]) -> Any:
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            raise self.refuse(
                event.start_mark,
                stack,
                f"more than {self.limits.max_aliases} aliases (*name): write the values out",
            )
        found = self.anchors.get(event.anchor)
        if found is None:
            raise self.refuse(event.start_mark, stack, f"the alias *{event.anchor} names no anchor before it")
        value, size = found
        self.alias_nodes += size
        if self.alias_nodes > self.limits.max_alias_nodes:
            raise self.refuse(
                event.start_mark,
                stack,
                f"aliases expand to more than {self.limits.max_alias_nodes:,} values (an alias bomb?)",
            )
        return value


def _scalar(tag: str, value: str) -> Any:
    from yaml.nodes import ScalarNode

    return ScalarNode(tag, value)


def _number_problem(value: str) -> str:
    if ":" in value:
        how = "as minutes/seconds (sexagesimal)"
    elif "_" in value:
        how = "with '_' separators"
    elif value.lstrip("+-").lower().startswith(("0x", "0b", "0o")):
        how = "in another base"
    else:
        how = "as an octal number (a leading 0)"
    return (
        f"{value!r} is read by YAML 1.1 {how}, not as the decimal number it looks like: write it in "
        "decimal, or quote it if it is text"
    )


def load_yaml_text(text: str, *, limits: Limits = DEFAULT) -> Any:
    """The value of one YAML document (None when empty); refusals and syntax errors raise `InputRefused`."""
    import yaml

    check_size(text, limits)
    builder = _Builder(limits)
    with gc_paused():
        fast = read_plain(text, builder.plain, max_depth=limits.max_depth)
    if fast is not NOT_PLAIN:
        return fast
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        with gc_paused():
            return builder.build(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputRefused(_where(mark, ""), f"not valid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise InputRefused("", f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def load_yaml_file(path: str | Path, *, limits: Limits = DEFAULT) -> Any:
    """`load_yaml_text` of a file read with `read_text`."""
    return load_yaml_text(read_text(path, limits=limits), limits=limits)


__all__ = ["load_yaml_file", "load_yaml_text"]
