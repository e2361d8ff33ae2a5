"""The impact of a new factor release on every stored certificate and declaration (issue 16).

`impact_items` re-rates the stored inventories under OLD and NEW (`workflow.rerate`) and lists, per
record, the two figures, the relative change, the flows that drove it, and whether the record needs the
full recalculation (an activity now resolves to another factor, or a flow has no value under NEW).
`record_impact` keeps one analysis as a new write-once record and leaves one notice per affected
enterprise; certificates themselves never change (they are re-issued only through the workflow).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from sqlalchemy import select
from sqlmodel import Session, col

from workflow.access import Actor, check_actor
from workflow.errors import AccessDenied, InvalidInput
from workflow.inventory_tables import ImpactAnalysis, ImpactNotice, InventoryRecord, InventoryResolution
from workflow.rerate import Stack, Values, drivers, load_stack, rerate
from workflow.tables import Organisation
from workflow.vocab import Role

READERS = (Role.ADMIN, Role.STANDARDS, Role.CERTIFIER)


@dataclass(frozen=True)
class ImpactReport:
    """The items of one impact analysis and its totals."""

    old_release: str
    new_release: str
    category: str
    threshold: float
    n_records: int
    items: list[dict[str, Any]] = field(default_factory=list)
    resolution_changes: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of ``pcf factors impact --json``."""
        return {
            "old_release": self.old_release,
            "new_release": self.new_release,
            "category": self.category,
            "threshold": self.threshold,
            "n_records": self.n_records,
            "items": self.items,
            "resolution_changes": self.resolution_changes,
        }


def parse_threshold(text: str | float | None) -> float:
    """``5%`` or ``0.05`` → 0.05; refuses negative or unreadable values."""
    if text is None or text == "":
        return 0.0
    raw = str(text).strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise InvalidInput(f"threshold {raw!r}: expected a relative change such as 5% or 0.05") from None
    if not value >= 0 or math.isinf(value):
        raise InvalidInput(f"threshold {raw!r}: expected a relative change of 0 or more, such as 5%")
    return value


def resolution_changes(session: Session, new_release: str, record_ids: list[int]) -> dict[int, list[str]]:
    """Per record id, the activities that resolve to another factor under `new_release` (each distinct
    activity, geography and year is resolved once)."""
    from footprint import DatabaseFactors

    if not record_ids:
        return {}
    source = DatabaseFactors(session, new_release)
    combos = session.execute(
        select(
            col(InventoryResolution.activity),
            col(InventoryResolution.geography),
            col(InventoryResolution.year),
            col(InventoryResolution.code),
        ).distinct()
    ).all()
    changed: dict[tuple, str] = {}
    for activity, geography, year, code in combos:
        hit = source.resolve(str(activity), str(geography), cast(int | None, year))
        now = hit[0].code if hit is not None else None
        if now != code:
            changed[(activity, geography, year, code)] = (
                f"activity {activity} at {geography}: {code} → {now} under {source.release}"
                if now
                else f"activity {activity} at {geography}: {code} no longer resolves under {source.release}"
            )
    out: dict[int, list[str]] = defaultdict(list)
    wanted = set(record_ids)
    for (activity, geography, year, code), why in changed.items():
        query = select(col(InventoryResolution.record_id)).where(
            col(InventoryResolution.activity) == activity,
            col(InventoryResolution.geography) == geography,
            col(InventoryResolution.code) == code,
            col(InventoryResolution.year).is_(None)
            if year is None
            else col(InventoryResolution.year) == year,
        )
        for (rid,) in session.execute(query).all():
            if rid in wanted:
                out[int(rid)].append(why)
    return out


def impact_items(
    session: Session,
    old: str,
    new: str,
    *,
    category: str | None = None,
    threshold: float = 0.0,
    org_id: int | None = None,
    body_id: int | None = None,
    gwp: str | None = None,
    top: int = 5,
    stack: Stack | None = None,
) -> ImpactReport:
    """Re-rate the selected stored records under `old` and `new`; list those changing by at least
    `threshold` (relative) or needing the full recalculation."""
    from factors.releases import get_release

    old, new = get_release(session, old).version, get_release(session, new).version
    stack = stack or load_stack(session, category=category, org_id=org_id, body_id=body_id)
    cache: dict[tuple[str, str], Values] = {}
    a = rerate(session, stack, old, gwp=gwp, cache=cache)
    b = rerate(session, stack, new, gwp=gwp, cache=cache)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (b.totals - a.totals) / np.abs(a.totals)
    moved = (
        np.abs(np.nan_to_num(change, nan=np.inf)) >= threshold if threshold > 0 else np.ones(stack.n, bool)
    )
    reasons = resolution_changes(session, new, stack.meta["id"])
    needs = np.zeros(stack.n, dtype=bool)
    needs[list(b.missing)] = True
    needs[[i for i, rid in enumerate(stack.meta["id"]) if rid in reasons]] = True
    listed = np.flatnonzero(moved | needs)
    sets = sorted(set(stack.meta["gwp"])) if gwp is None else [gwp]
    old_v = {s: cache[(old, s)] for s in sets if (old, s) in cache}
    new_v = {s: cache[(new, s)] for s in sets if (new, s) in cache}
    why = drivers(stack, old_v, new_v, listed, top=top, gwp=gwp)
    names = _org_names(session, {stack.meta["org_id"][i] for i in listed})
    m = stack.meta
    items = []
    for i in listed.tolist():
        items.append(
            {
                "record": m["record"][i],
                "kind": m["kind"][i],
                "product": m["product"][i],
                "category": m["category"][i],
                "enterprise": names.get(m["org_id"][i], ""),
                "org_id": m["org_id"][i],
                "unit": m["unit"][i],
                "gwp": gwp or m["gwp"][i],
                "record_release": m["factor_release"][i],
                "stored_total": m["stored_total"][i],
                "old_total": _num(a.totals[i]),
                "new_total": _num(b.totals[i]),
                "change": _num(change[i]),
                "drivers": why.get(i, []),
                "needs_recalculation": bool(needs[i]),
                "reasons": [*a.missing.get(i, []), *b.missing.get(i, []), *reasons.get(m["id"][i], [])],
                "model_version_id": m["model_version_id"][i],
            }
        )
    changes = sorted({r for rs in reasons.values() for r in rs})
    return ImpactReport(old, new, category or "", threshold, stack.n, items, [{"change": c} for c in changes])


def _num(x: float) -> float | None:
    return None if not math.isfinite(float(x)) else float(x)


def _org_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(col(Organisation.id), col(Organisation.name_zh)).where(col(Organisation.id).in_(ids))
    ).all()
    return {cast(int, i): str(n) for i, n in rows}


def scope_for(actor: Actor, session: Session) -> int | None:
    """What an actor may analyse: all records (admin, standards body), those its body issued or verified
    (certifier: its body id is returned); enterprises see their notices instead."""
    check_actor(actor, session)
    if actor.role in (Role.ADMIN, Role.STANDARDS):
        return None
    if actor.role is Role.CERTIFIER:
        return actor.oid
    raise AccessDenied(
        actor.label,
        "analyse the impact of a factor release",
        "stored inventories",
        "only standards bodies, certification bodies and platform admins may",
    )


def analyse(
    actor: Actor,
    session: Session,
    old: str,
    new: str,
    *,
    category: str | None = None,
    threshold: float = 0.0,
    notify: bool = True,
) -> tuple[ImpactReport, int]:
    """Run an impact analysis as `actor` (see `scope_for`), store it and notify the enterprises."""
    report = impact_items(
        session, old, new, category=category, threshold=threshold, body_id=scope_for(actor, session)
    )
    return report, record_impact(session, report, created_by_id=actor.user_id, notify=notify)


def record_impact(
    session: Session, report: ImpactReport, *, created_by_id: int | None = None, notify: bool = True
) -> int:
    """Store `report` as a new `ImpactAnalysis` and one `ImpactNotice` per affected enterprise; its id."""
    row = ImpactAnalysis(
        old_release=report.old_release,
        new_release=report.new_release,
        category=report.category,
        threshold=report.threshold,
        n_records=report.n_records,
        n_listed=len(report.items),
        n_recalculation=sum(1 for it in report.items if it["needs_recalculation"]),
        items_json=json.dumps(report.as_dict(), ensure_ascii=False),
        created_by_id=created_by_id,
    )
    session.add(row)
    session.flush()
    if row.id is None:
        raise InvalidInput("the impact analysis was not stored")
    analysis_id = row.id
    if notify:
        by_org: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for it in report.items:
            if it["needs_recalculation"] or (it["change"] or 0.0) != 0.0:
                by_org[int(it["org_id"])].append(it)
        for org, its in sorted(by_org.items()):
            changes = [abs(it["change"]) for it in its if it["change"] is not None]
            session.add(
                ImpactNotice(
                    analysis_id=analysis_id,
                    org_id=org,
                    new_release=report.new_release,
                    n_records=len(its),
                    n_recalculation=sum(1 for it in its if it["needs_recalculation"]),
                    max_change=max(changes) if changes else None,
                    records_json=json.dumps(
                        [
                            {
                                k: it[k]
                                for k in (
                                    "record",
                                    "kind",
                                    "product",
                                    "old_total",
                                    "new_total",
                                    "change",
                                    "needs_recalculation",
                                )
                            }
                            for it in its
                        ],
                        ensure_ascii=False,
                    ),
                )
            )
    session.commit()
    return analysis_id


def stored_record_count(session: Session) -> int:
    """How many inventories are stored (certificates and declarations)."""
    from sqlalchemy import func

    return int(session.execute(select(func.count()).select_from(InventoryRecord)).scalar_one())
