"""The primitives of file validators that report every problem with its path (models, rules)."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from footprint.errors import Issue


def join(path: str, key: str) -> str:
    """``processes.cell`` + ``inputs`` → ``processes.cell.inputs``."""
    return f"{path}.{key}" if path else key


class PathValidator:
    """Collects `Issue`s instead of stopping at the first; subclasses walk one file format.

    Keys starting with `extension_prefix` (``x-`` for models) are kept and never reported as unknown.
    """

    extension_prefix: str | None = None

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[Issue] = []

    def err(self, path: str, message: str) -> None:
        self.issues.append(Issue(path, message))

    def mapping(self, value: Any, path: str) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.err(path, f"expected a mapping (key: value), got {describe(value)}")
            return None
        return value

    def keys(self, d: Mapping[str, Any], path: str, allowed: AbstractSet[str],
             required: AbstractSet[str] = frozenset()) -> None:
        """Report unknown keys (in file order, so messages are deterministic) and missing required ones."""
        unknown = d.keys() - allowed
        prefix = self.extension_prefix
        for key in (k for k in d if k in unknown):
            if not (prefix and isinstance(key, str) and key.startswith(prefix)):
                self.err(join(path, str(key)), f"unknown key; expected one of {', '.join(sorted(allowed))}")
        for key in sorted(required - d.keys()):
            self.err(join(path, key), "required")


def describe(value: Any) -> str:
    """How messages name a value of the wrong kind."""
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"text {value!r}", bool: f"{value!r}"}.get(
        type(value), f"{type(value).__name__} {value!r}")
