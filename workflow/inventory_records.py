"""Stored inventories: what an issued certificate or a declared declaration is made of, kept with it.

When a certificate is issued or a declaration is declared, its frozen model version is solved again at
its pinned release and its inventory is written once (`workflow.inventory_tables`): the amount of every
flow it uses per functional unit, per process — a database factor code after geography fallback (amount
in the factor's unit), a gas emitted directly (kg; a model-local per-gas factor adds its gases here), or a
model-local CO2e factor (already kg CO2e) — with each process's stage, and how every activity reference
was resolved. So the figure under any release is Σ amount × value (`workflow.impact`), and the stored
lines must reproduce the stored figure to 1e-9 (else nothing is stored and the step is refused).

A declaration's inventory is per kWh of lifetime energy and holds only the processes whose stage the
MIIT rule declares, so it reproduces ``total_kg_co2e_per_kwh``; its stages are the MIIT stage keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from workflow.access import Actor, check_actor
from workflow.declaration_tables import Declaration
from workflow.errors import InvalidModel, PreconditionFailed
from workflow.inventory_tables import (
    FlowKind,
    ImpactNotice,
    ImpactNoticeRead,
    InventoryFlow,
    InventoryRecord,
    InventoryRecordRead,
    InventoryResolution,
)
from workflow.tables import Certificate, ModelVersion, Product
from workflow.vocab import Role

TOLERANCE = 1e-9  # relative: stored lines against the stored figure


@dataclass(frozen=True)
class Line:
    """One inventory line: `amount` of flow (`kind`, `key`) per functional unit in process `process`."""

    process: str
    kind: str
    key: str
    amount: float
    unit: str = ""
    value: float = 1.0  # kg CO2e per unit at the pinned release (not stored: it is the release's)


@dataclass(frozen=True)
class Resolution:
    """An activity reference and what it resolved to."""

    ref: str
    activity: str
    geography: str
    year: int | None
    code: str
    matched_geography: str
    note: str


@dataclass(frozen=True)
class Inventory:
    """The lines of one model per functional unit, its processes with their stages, and its resolutions."""

    lines: tuple[Line, ...]
    processes: tuple[tuple[str, str], ...]
    resolutions: tuple[Resolution, ...]

    @property
    def total(self) -> float:
        """Σ amount × value at the pinned release."""
        return float(sum(x.amount * x.value for x in self.lines))


def model_inventory(session: Session, yaml_text: str, release: str, *, label: str) -> Inventory:
    """Solve `yaml_text` at `release` and return its inventory per functional unit."""
    import yaml

    from footprint import DatabaseFactors, FootprintError, ModelError, parse_model
    from footprint.calculate import prepare
    from footprint.solve import solve

    try:
        model = parse_model(yaml.safe_load(yaml_text), file=label)
        factor_set, system = prepare(model, DatabaseFactors(session, release))
        solution = solve(system)
    except ModelError as exc:
        raise InvalidModel(label, [str(i) for i in exc.issues]) from None
    except FootprintError as exc:
        raise InvalidModel(label, [str(exc)]) from None
    b = system.values()[1]
    amounts = b * solution.supply[system.b_cols]
    lines: dict[tuple[str, str, str], float] = {}
    units: dict[tuple[str, str], tuple[str, float]] = {}
    gwp = factor_set.gwp
    for k in range(len(amounts)):
        process = system.columns[int(system.b_cols[k])].process
        flow = system.flows[int(system.b_rows[k])]
        amount = float(amounts[k])
        if flow.kind == "gas":
            parts = [(FlowKind.GAS, flow.key, amount)]
        else:
            rf = factor_set.factors[flow.key]
            if rf.origin == "database":
                parts = [(FlowKind.FACTOR, rf.code, amount)]
                units[(FlowKind.FACTOR, rf.code)] = (rf.unit, rf.value)
            elif rf.basis == "gases":
                parts = [(FlowKind.GAS, g, amount * a) for g, a in rf.gases.items()]
            else:
                parts = [(FlowKind.LOCAL, rf.code, amount * rf.value)]
        for kind, key, part in parts:
            lines[(process, kind, key)] = lines.get((process, kind, key), 0.0) + part
    geo_of: dict[str, str] = {}
    for proc in model.processes.values():
        for item in proc.inputs:
            if item.factor is not None:
                geo_of.setdefault(item.factor, proc.geography or model.product.geography)
    resolutions = tuple(
        Resolution(
            ref,
            rf.activity or ref,
            geo_of.get(ref, model.product.geography) or "GLO",
            model.product.reference_year,
            rf.code,
            rf.geography,
            rf.resolution,
        )
        for ref, rf in factor_set.factors.items()
        if rf.origin == "database" and rf.resolution
    )

    def value_of(kind: str, key: str) -> float:
        return gwp.factor(key) if kind == FlowKind.GAS else units.get((kind, key), ("", 1.0))[1]

    return Inventory(
        tuple(
            Line(p, kind, key, v, units.get((kind, key), ("", 1.0))[0], value_of(kind, key))
            for (p, kind, key), v in lines.items()
        ),
        tuple((pid, p.stage.value) for pid, p in model.processes.items()),
        resolutions,
    )


def store_certificate_inventory(session: Session, cert: Certificate) -> InventoryRecord:
    """Store the inventory of a certificate being issued (called once, inside the issuing transaction)."""
    session.flush()
    version = _get(session, ModelVersion, cert.model_version_id)
    product = _get(session, Product, cert.product_id)
    inv = model_inventory(session, version.yaml_text, cert.factor_release, label=f"certificate {cert.number}")
    return _store(
        session,
        inv,
        kind="certificate",
        record=cert.number,
        product=product,
        version=version,
        figure=cert.total,
        unit=cert.unit,
        functional_unit=cert.functional_unit,
        gwp=cert.gwp,
        release=cert.factor_release,
        org_id=cert.holder_org_id,
        body_id=cert.issuing_body_id,
        certificate_id=cert.id,
    )


def store_declaration_inventory(session: Session, decl: Declaration) -> InventoryRecord:
    """Store the inventory of a declaration being declared, per kWh of lifetime energy (MIIT stages only)."""
    import yaml

    from footprint import parse_model
    from products.lifetime import lifetime_energy
    from products.miit import FUNCTIONAL_UNIT
    from products.rules import rule_for

    session.flush()
    version = _get(session, ModelVersion, decl.model_version_id)
    product = _get(session, Product, decl.product_id)
    label = f"declaration {decl.id}"
    inv = model_inventory(session, version.yaml_text, decl.factor_release, label=label)
    model = parse_model(yaml.safe_load(version.yaml_text), file=label)
    rule = rule_for(model)
    stage_map = rule.param("stage_map", FUNCTIONAL_UNIT) or {}
    per_kwh = 1.0 / lifetime_energy(model, rule, functional_unit=FUNCTIONAL_UNIT).reference_flow_kwh
    declared = {pid: stage_map[stage] for pid, stage in inv.processes if stage_map.get(stage)}
    lines = tuple(
        Line(x.process, x.kind, x.key, x.amount * per_kwh, x.unit, x.value)
        for x in inv.lines
        if x.process in declared
    )
    inv = Inventory(lines, tuple(declared.items()), inv.resolutions)
    return _store(
        session,
        inv,
        kind="declaration",
        record=declaration_record(row_id_of(decl)),
        product=product,
        version=version,
        figure=decl.total_kg_co2e_per_kwh,
        unit="kg CO2e/kWh",
        functional_unit="1 kWh lifetime energy (MIIT)",
        gwp=decl.gwp,
        release=decl.factor_release,
        org_id=decl.declarant_org_id,
        body_id=decl.verification_body_id,
        declaration_id=decl.id,
    )


def declaration_record(declaration_id: int) -> str:
    """The record name of a declaration in inventories and impact reports."""
    return f"DECL-{declaration_id}"


def row_id_of(row: Declaration | Certificate) -> int:
    if row.id is None:
        raise PreconditionFailed("the record has no id yet")
    return row.id


def flow_ids(session: Session, keys: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str], int]:
    """Ids of flows (kind, key, unit), adding the missing ones (safe against concurrent writers)."""
    wanted = {(k, key): unit for k, key, unit in keys}
    if not wanted:
        return {}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    found = _existing(session, wanted)
    missing = [
        {"kind": k, "key": key, "unit": wanted[(k, key)]} for k, key in wanted if (k, key) not in found
    ]
    if missing:
        session.execute(insert(InventoryFlow).values(missing).on_conflict_do_nothing())
        found = _existing(session, wanted)
    return found


def _existing(session: Session, wanted: dict[tuple[str, str], str]) -> dict[tuple[str, str], int]:
    keys = sorted({key for _k, key in wanted})
    out: dict[tuple[str, str], int] = {}
    for start in range(0, len(keys), 500):
        rows = session.exec(
            select(col(InventoryFlow.id), col(InventoryFlow.kind), col(InventoryFlow.key)).where(
                col(InventoryFlow.key).in_(keys[start : start + 500])
            )
        ).all()
        out.update({(k, key): int(i) for i, k, key in rows if i is not None and (k, key) in wanted})
    return out


def pack(values: Iterable[float] | np.ndarray, dtype: str) -> bytes:
    """Little-endian bytes of a numeric vector (`dtype` '<i4' or '<f8')."""
    return np.asarray(values, dtype=dtype).tobytes()


def _store(
    session: Session,
    inv: Inventory,
    *,
    kind: str,
    record: str,
    product: Product,
    version: ModelVersion,
    figure: float,
    unit: str,
    functional_unit: str,
    gwp: str,
    release: str,
    org_id: int,
    body_id: int | None,
    certificate_id: int | None = None,
    declaration_id: int | None = None,
) -> InventoryRecord:
    if not abs(inv.total - figure) <= TOLERANCE * max(1.0, abs(figure)):
        raise PreconditionFailed(
            f"{kind} {record}: its inventory gives {inv.total!r} {unit} but the record says {figure!r}; "
            "the inventory is not stored and the step is refused (recalculate the model version)"
        )
    ids = flow_ids(session, ((x.kind, x.key, x.unit) for x in inv.lines))
    proc_index = {pid: i for i, (pid, _stage) in enumerate(inv.processes)}
    row = InventoryRecord(
        kind=kind,
        record=record,
        certificate_id=certificate_id,
        declaration_id=declaration_id,
        product_id=_id(product),
        product_code=product.code,
        category=product.category,
        org_id=org_id,
        body_id=body_id,
        model_version_id=_id(version),
        model_hash=version.model_hash,
        factor_release=release,
        gwp=gwp,
        unit=unit,
        functional_unit=functional_unit,
        total=figure,
        processes_json=json.dumps([list(p) for p in inv.processes], ensure_ascii=False),
        n_lines=len(inv.lines),
        line_process=pack([proc_index[x.process] for x in inv.lines], "<i4"),
        line_flow=pack([ids[(x.kind, x.key)] for x in inv.lines], "<i4"),
        line_amount=pack([x.amount for x in inv.lines], "<f8"),
    )
    session.add(row)
    session.flush()
    for r in inv.resolutions:
        session.add(
            InventoryResolution(
                record_id=_id(row),
                ref=r.ref,
                activity=r.activity,
                geography=r.geography,
                year=r.year,
                code=r.code,
                matched_geography=r.matched_geography,
                note=r.note,
            )
        )
    return row


def _id(row: Product | ModelVersion | InventoryRecord) -> int:
    if row.id is None:
        raise PreconditionFailed(f"{type(row).__name__} has no id yet")
    return row.id


def _get(session: Session, cls: type, ident: int | None) -> Any:
    row = session.get(cls, ident)
    if row is None:
        raise PreconditionFailed(f"{cls.__name__} {ident} does not exist")
    return row


# --- reading ---------------------------------------------------------------------------------------------
def inventory_lines(session: Session, record: str) -> list[Line]:
    """The stored lines of one record (certificate number or ``DECL-<id>``), for display and tests."""
    row = session.exec(select(InventoryRecord).where(InventoryRecord.record == record)).first()
    if row is None:
        raise PreconditionFailed(f"no stored inventory for {record}")
    procs = json.loads(row.processes_json)
    flows = {f.id: f for f in session.exec(select(InventoryFlow)).all()}
    p = np.frombuffer(row.line_process, "<i4")
    f = np.frombuffer(row.line_flow, "<i4")
    a = np.frombuffer(row.line_amount, "<f8")
    return [
        Line(procs[int(i)][0], flows[int(j)].kind, flows[int(j)].key, float(v), flows[int(j)].unit)
        for i, j, v in zip(p, f, a, strict=True)
    ]


def get_inventory_record(session: Session, record: str) -> InventoryRecordRead | None:
    """The stored inventory record of a certificate number or declaration record name, if any."""
    row = session.exec(select(InventoryRecord).where(InventoryRecord.record == record)).first()
    return InventoryRecordRead.model_validate(row) if row is not None else None


def list_notices(actor: Actor, session: Session) -> list[ImpactNoticeRead]:
    """The impact notices of the actor's organisation (enterprises), newest first; all for admins."""
    check_actor(actor, session)
    query = select(ImpactNotice).order_by(col(ImpactNotice.id).desc())
    if actor.role is not Role.ADMIN:
        query = query.where(ImpactNotice.org_id == actor.org_id)
    return [ImpactNoticeRead.model_validate(n) for n in session.exec(query).all()]
