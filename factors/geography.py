"""The geography tree: ancestors for fallback, descendants for filters, name matching for search."""

from __future__ import annotations

from sqlmodel import Session, select

from factors.errors import UnknownGeography
from factors.fallback import walk
from factors.tables import Geography


def geography_map(session: Session) -> dict[str, Geography]:
    return {g.code: g for g in session.exec(select(Geography)).all()}


def fallback_chain(session: Session, code: str) -> list[Geography]:
    """`code` and its ancestors up to GLO: CN-JX-YC, CN-JX, CN-Central-Grid, CN, GLO."""
    return walk(code, geography_map(session))


def descendants(session: Session, code: str) -> set[str]:
    """`code` and every geography below it."""
    geos = geography_map(session)
    if code not in geos:
        raise UnknownGeography(f"unknown geography {code!r}")
    children: dict[str, list[str]] = {}
    for g in geos.values():
        if g.parent:
            children.setdefault(g.parent, []).append(g.code)
    out, stack = set(), [code]
    while stack:
        current = stack.pop()
        out.add(current)
        stack += children.get(current, [])
    return out


def matching_names(session: Session, token: str) -> set[str]:
    """Codes of geographies whose code or Chinese/English name contains `token` (case-insensitive)."""
    t = token.casefold()
    return {
        g.code
        for g in geography_map(session).values()
        if t in g.code.casefold() or t in g.name_en.casefold() or t in g.name_zh
    }


def split_place_prefix(session: Session, token: str) -> tuple[str | None, str]:
    """Split an unspaced Chinese query like ``江西电力`` into a place (``江西``) and the rest (``电力``)."""
    best: tuple[str, str] | None = None
    for g in geography_map(session).values():
        for name in {g.name_zh, g.name_zh.rstrip("省市区"), g.name_zh.removesuffix("自治区")}:
            longer = best is None or len(name) > len(best[0])
            if len(name) >= 2 and token.startswith(name) and len(token) > len(name) and longer:
                best = (name, token[len(name) :])
    return best if best else (None, token)
