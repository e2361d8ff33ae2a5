"""The checks shared by the file validators that report every problem with its path (models, rules).

`PathValidator` collects `Issue`s instead of stopping at the first; the model validator
(`footprint.model_validate`) and the rule validator (`products.rule_loader`) subclass it, so a text, a
year, a citation, a unit, a stage or a yes/no is checked – and worded – the same way in both.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from footprint.errors import Issue

if TYPE_CHECKING:  # the model types import validators of their parts (end of life), which import this module
    from footprint.model_types import Citation, Stage

E = TypeVar("E", bound=Enum)
_MISSING = object()
CITATION_KEYS = frozenset({"title", "publisher", "year", "url", "location"})


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

    def keys(
        self,
        d: Mapping[str, Any],
        path: str,
        allowed: AbstractSet[str],
        required: AbstractSet[str] = frozenset(),
    ) -> None:
        """Report unknown keys (in file order, so messages are deterministic) and missing required ones."""
        unknown = d.keys() - allowed
        prefix = self.extension_prefix
        for key in (k for k in d if k in unknown):
            if not (prefix and isinstance(key, str) and key.startswith(prefix)):
                self.err(join(path, str(key)), f"unknown key; expected one of {', '.join(sorted(allowed))}")
        for key in sorted(required - d.keys()):
            self.err(join(path, key), "required")

    def string(
        self, d: Mapping[str, Any], key: str, path: str, *, required: bool = False, default: str = ""
    ) -> str:
        """A text (a number is taken as its text); absent → `default`, reported when `required`."""
        value = d.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.err(join(path, key), "required")
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.err(join(path, key), f"expected text, got {describe(value)}{bool_hint(value)}")
            return default
        return value.strip()

    def boolean(self, d: Mapping[str, Any], key: str, path: str, *, default: bool | None = None) -> bool:
        """``true``/``false``; absent is `default`, or a problem when no default is given."""
        value = d.get(key, default)
        if not isinstance(value, bool):
            self.err(join(path, key), f"expected true or false, got {value!r}")
            return bool(default)
        return value

    def year(self, value: Any, path: str, *, low: int | None = None, high: int | None = None) -> int | None:
        """A whole-number year (optionally within [low, high]); absent → None."""
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            self.err(path, f"expected a year, got {value!r}")
            return None
        return value

    def choice(self, value: Any, path: str, vocabulary: type[E]) -> E | None:
        """A member of a closed vocabulary (a string enum), named by its value."""
        try:
            return vocabulary(value)
        except ValueError:
            self.err(path, f"{value!r} is not one of {', '.join(str(m.value) for m in vocabulary)}")
            return None

    def stage_list(self, value: Any, path: str) -> tuple[Stage, ...]:
        """A non-empty list of life-cycle stages."""
        from footprint.model_types import Stage

        if not isinstance(value, list) or not value:
            self.err(path, "expected a non-empty list of stages")
            return ()
        return tuple(
            s for i, raw in enumerate(value) if (s := self.choice(raw, f"{path}[{i}]", Stage)) is not None
        )

    def cited(self, value: Any, path: str) -> Citation | None:
        """A source: a text or ``{title, publisher, year, url, location}``; absent or empty → None."""
        from footprint.model_types import Citation

        if value is None or value == "":
            return None
        if isinstance(value, str):
            return Citation(value.strip()) if value.strip() else None
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, CITATION_KEYS, {"title"})
        year = self.year(d.get("year"), join(path, "year"))
        return Citation(
            self.string(d, "title", path),
            self.string(d, "publisher", path),
            year,
            self.string(d, "url", path),
            self.string(d, "location", path),
        )

    def unit_text(self, value: Any, path: str, *, required: bool = False) -> str:
        """A unit pint can read; absent → "" (a problem when `required`)."""
        from footprint.units import UnitError, check_unit

        if (
            value is None
            or (isinstance(value, str) and not value.strip())
            or not isinstance(value, (str, int))
        ):
            if required or (value is not None and not isinstance(value, str)):
                self.err(path, "a unit is required (e.g. kg, kWh, t*km, piece)")
            return ""
        try:
            check_unit(str(value))
        except UnitError as exc:
            self.err(path, str(exc))
            return ""
        return str(value).strip()

    def list_of(self, d: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> list[Any]:
        """The list under `key`; absent → [] (a problem when `required`)."""
        value = d.get(key)
        if value is None:
            if required:
                self.err(join(path, key), "required")
            return []
        if not isinstance(value, list):
            self.err(join(path, key), f"expected a list, got {describe(value)}")
            return []
        return value


BOOL_HINT = (
    ": YAML reads an unquoted yes, no, on, off, true or false (the country code NO too) as true or false; "
    "put the text in quotes, e.g. 'NO'"
)


def bool_hint(value: Any) -> str:
    """Why a text came out as true or false (YAML 1.1's yes/no/on/off), for a message; "" for other values."""
    return BOOL_HINT if isinstance(value, bool) else ""


def describe(value: Any) -> str:
    """How messages name a value of the wrong kind."""
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"text {value!r}", bool: f"{value!r}"}.get(
        type(value), f"{type(value).__name__} {value!r}"
    )
