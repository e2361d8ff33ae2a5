"""Geography and year fallback as pure functions: one rule for the database layer and the light read path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

from factors.errors import UnknownGeography


class Place(Protocol):
    code: str
    parent: str | None


P = TypeVar("P", bound=Place)
R = TypeVar("R", bound=Sequence[Any])


def walk(code: str, places: Mapping[str, P]) -> list[P]:
    """`code` and its ancestors up to GLO: CN-JX-YC, CN-JX, CN-Central-Grid, CN, GLO."""
    if code not in places:
        raise UnknownGeography(
            f"unknown geography {code!r}; known codes include {', '.join(sorted(places)[:12])} …"
        )
    chain: list[P] = []
    node: P | None = places[code]
    while node is not None and node not in chain:
        chain.append(node)
        node = places.get(node.parent) if node.parent else None
    return chain


def pick_year(rows: Sequence[R], year: int | None) -> tuple[R, str]:
    """The row (factor first) of `year`; else the latest before it, else the earliest; and a note saying so."""
    dated = sorted(rows, key=lambda r: r[0].reference_year or 0)
    if year is None:
        return dated[-1], ""
    exact = [r for r in dated if r[0].reference_year == year]
    if exact:
        return exact[0], ""
    earlier = [r for r in dated if (r[0].reference_year or 0) < year]
    row = earlier[-1] if earlier else dated[0]
    return row, f"no {year} value; used {row[0].reference_year or 'undated'}"
