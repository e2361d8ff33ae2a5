"""The shared pieces of safe loading: the refusal, the limits of one load, reading a file's text."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from footprint.errors import FootprintError, Issue

MAX_BYTES = 128 * 1024 * 1024  # a 100,000-process model is ~48 MB of YAML
MAX_DEPTH = 64  # a model nests ~8 levels
MAX_ALIASES = 100
MAX_ALIAS_NODES = 100_000  # values added by expanding aliases, in all


class InputRefused(FootprintError):
    """Input that cannot be read without losing data or resources; `where` is a path and/or line."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}" if where else problem)

    def issue(self) -> Issue:
        """The refusal as an `Issue` of a file's problem list."""
        return Issue(self.where, self.problem)


@dataclass(frozen=True)
class Limits:
    """The bounds of one load; the defaults are the module constants."""

    max_bytes: int = MAX_BYTES
    max_depth: int = MAX_DEPTH
    max_aliases: int = MAX_ALIASES
    max_alias_nodes: int = MAX_ALIAS_NODES


DEFAULT = Limits()


def read_text(path: str | Path, *, limits: Limits = DEFAULT) -> str:
    """A file's UTF-8 text; a missing, unreadable or oversized file or a directory raise `InputRefused`."""
    path = Path(path)
    try:
        if path.is_dir():
            raise InputRefused("", "is a directory, not a file")
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise InputRefused(
                "", f"the file has {size:,} bytes, more than the limit of {limits.max_bytes:,}"
            )
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputRefused("", "file not found") from None
    except UnicodeDecodeError as exc:
        raise InputRefused("", f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputRefused("", f"cannot read the file ({exc.strerror or exc.__class__.__name__})") from None


def check_size(text: str | bytes, limits: Limits) -> None:
    """Refuse text longer than the limit of bytes (counted in characters, before decoding)."""
    if len(text) > limits.max_bytes:
        raise InputRefused(
            "", f"the input has {len(text):,} characters, more than the limit of {limits.max_bytes:,}"
        )


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: building many small acyclic objects (a parsed file, a model,
    its matrices), the collector's passes over the growing heap cost up to half the time of a big model."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


__all__ = [
    "DEFAULT",
    "MAX_ALIASES",
    "MAX_ALIAS_NODES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "InputRefused",
    "Limits",
    "check_size",
    "gc_paused",
    "read_text",
]
