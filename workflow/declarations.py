"""MIIT traction-battery carbon-footprint declarations (汽车动力电池碳足迹申报) with third-party verification.

The pack maker declares; a certification body of this workflow acts as the verification body. The same
guard and transition mechanism as certification submissions applies (`workflow.access.act`): a pack maker
sees only its own declarations, a verifier only those submitted to it. The figures come from
`products.miit` applied to a model version and its pinned factor release; submitting freezes that version.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from workflow.access import Actor, act, fetch, load, require_role, row_id
from workflow.audit import record, row_hash, unit_of_work
from workflow.catalog import evaluate, latest_version
from workflow.declaration_tables import Declaration, DeclarationRead
from workflow.errors import InvalidInput, PreconditionFailed
from workflow.inventory_records import store_declaration_inventory
from workflow.states import Transition, Workflow
from workflow.tables import ModelVersion, Organisation, Product, utcnow
from workflow.vocab import OrgKind, Role

ENT, CERT = frozenset({Role.ENTERPRISE}), frozenset({Role.CERTIFIER})

DECLARATION = Workflow(
    "declaration",
    "draft",
    (
        Transition("draft", "revise", "draft", ENT),
        Transition("draft", "assign", "draft", ENT),
        Transition("draft", "submit", "submitted", ENT),
        Transition("submitted", "start_verification", "under_verification", CERT),
        Transition("under_verification", "request_changes", "changes_requested", CERT),
        Transition("under_verification", "verify", "verified", CERT),
        Transition("changes_requested", "revise", "changes_requested", ENT),
        Transition("changes_requested", "submit", "submitted", ENT),
        Transition("verified", "declare", "declared", ENT),
    ),
)
# How many typical pack models each pack maker declares in the trial period (until 2026-12-31),
# per the MIIT notice (../shared/research/standards.md §4.1).
TRIAL_TYPICAL_PACKS = 5


def _figures(session: Session, decl_org: Organisation, version: ModelVersion, label: str) -> dict[str, Any]:
    """The declaration's numbers from a model version at its pinned release (products.miit)."""
    from products.errors import ProductsError
    from products.miit import miit_declaration

    ev = evaluate(session, version.yaml_text, release=version.factor_release, label=label)
    declarant = {"name": decl_org.name_zh or decl_org.name_en, "id": decl_org.identifier}
    try:
        dec = miit_declaration(ev.model, ev.result, declarant={k: v for k, v in declarant.items() if v})
    except ProductsError as exc:
        raise InvalidInput(
            str(exc), code=getattr(exc, "code", ""), params=getattr(exc, "params", {})
        ) from None
    return {
        "pack_model": dec.product["id"],
        "specification_json": json.dumps(dec.product, ensure_ascii=False, sort_keys=True, default=str),
        "plant_location": str(dec.plant.get("location") or ""),
        "rated_energy_kwh": dec.rated_energy_kwh,
        "lifetime_energy_kwh": dec.lifetime_energy_kwh,
        "full_cycles": float(dec.lifetime["full_cycles"]),
        "cycles_per_year": dec.lifetime["cycles_per_year"],
        "service_years": dec.lifetime["service_years"],
        "capacity_basis": str(dec.lifetime["capacity_basis"]),
        **{k: float(v) for k, v in dec.stages.items()},
        "total_kg_co2e_per_kwh": dec.total_kg_co2e_per_kwh,
        "life_cycle_kg_co2e": dec.life_cycle_kg_co2e,
        "factor_release": dec.factor_release or version.factor_release,
        "model_hash": dec.model_hash,
        "gwp": dec.gwp,
        "declaration_json": json.dumps(dec.as_dict(), ensure_ascii=False, sort_keys=True, default=str),
    }


def _version(session: Session, product: Product, version_id: int | None) -> ModelVersion:
    version = (
        latest_version(session, row_id(product))
        if version_id is None
        else session.get(ModelVersion, version_id)
    )
    if version is None or version.product_id != product.id:
        raise InvalidInput(f"product {product.id} has no model version {version_id!r}")
    return version


def _body(session: Session, body_id: int) -> Organisation:
    body = session.get(Organisation, body_id)
    if body is None or body.kind != OrgKind.CERTIFICATION_BODY or not body.active:
        raise InvalidInput(f"organisation {body_id} is not an active certification (verification) body")
    return body


def create_declaration(
    actor: Actor,
    session: Session,
    *,
    product_id: int,
    version_id: int | None = None,
    verification_body_id: int | None = None,
) -> DeclarationRead:
    """A draft declaration of the pack `product_id` from its latest (or given) model version."""
    require_role(actor, session, Role.ENTERPRISE, "create a declaration")
    from workflow.access import Verb, guard

    product = load(actor, session, Product, product_id)
    guard(actor, session, Verb.EDIT, product)
    version = _version(session, product, version_id)
    org = fetch(session, Organisation, actor.oid)
    if verification_body_id is not None:
        _body(session, verification_body_id)
    with unit_of_work(session):
        decl = Declaration(
            declarant_org_id=actor.oid,
            product_id=row_id(product),
            model_version_id=row_id(version),
            verification_body_id=verification_body_id,
            created_by_id=actor.uid,
            **_figures(session, org, version, f"product {product.code} v{version.number}"),
        )
        session.add(decl)
        record(session, actor, "declaration.create", decl, before=None)
    return DeclarationRead.model_validate(decl)


def _step(
    session: Session,
    actor: Actor,
    decl: Declaration,
    action: str,
    apply: Any = None,
    detail: dict[str, Any] | None = None,
) -> DeclarationRead:
    with unit_of_work(session):
        before, state = row_hash(decl), decl.status
        act(actor, session, DECLARATION, decl, action, field="status")
        if apply is not None:
            apply()
        decl.updated_at = utcnow()
        session.add(decl)
        record(
            session,
            actor,
            f"declaration.{action}",
            decl,
            before=before,
            detail={"from": state, "to": decl.status, **(detail or {})},
        )
    return DeclarationRead.model_validate(decl)


def revise_declaration(
    actor: Actor, session: Session, *, declaration_id: int, version_id: int | None = None
) -> DeclarationRead:
    """Recompute a draft (or a declaration with changes requested) from another model version."""
    decl = load(actor, session, Declaration, declaration_id)
    product = fetch(session, Product, decl.product_id)
    version = _version(session, product, version_id)
    org = fetch(session, Organisation, decl.declarant_org_id)

    def apply() -> None:
        for key, value in _figures(
            session, org, version, f"product {product.code} v{version.number}"
        ).items():
            setattr(decl, key, value)
        decl.model_version_id = row_id(version)

    return _step(session, actor, decl, "revise", apply, {"version": version.id})


def assign_verifier(actor: Actor, session: Session, *, declaration_id: int, body_id: int) -> DeclarationRead:
    """Choose the third-party verification body (a certification body of the workflow)."""
    decl = load(actor, session, Declaration, declaration_id)
    _body(session, body_id)

    def apply() -> None:
        decl.verification_body_id = body_id

    return _step(session, actor, decl, "assign", apply, {"body": body_id})


def submit_declaration(actor: Actor, session: Session, *, declaration_id: int) -> DeclarationRead:
    """Hand the declaration to its verification body; the model version is frozen from now on."""
    decl = load(actor, session, Declaration, declaration_id)

    def apply() -> None:
        if decl.verification_body_id is None:
            raise PreconditionFailed(f"declaration {decl.id}: choose a verification body before submitting")
        version = session.get(ModelVersion, decl.model_version_id)
        if version is not None and version.frozen_at is None:
            from workflow.integrity import freeze

            before = row_hash(version)
            freeze(version)
            session.add(version)
            record(session, actor, "model_version.freeze", version, before=before)

    return _step(session, actor, decl, "submit", apply)


def start_verification(actor: Actor, session: Session, *, declaration_id: int) -> DeclarationRead:
    """The verification body starts checking a submitted declaration."""
    return _step(session, actor, load(actor, session, Declaration, declaration_id), "start_verification")


def request_declaration_changes(
    actor: Actor, session: Session, *, declaration_id: int, comment: str
) -> DeclarationRead:
    """The verifier sends the declaration back with what must change."""
    if not comment.strip():
        raise InvalidInput("say what must change")
    decl = load(actor, session, Declaration, declaration_id)

    def apply() -> None:
        decl.verifier_comment = comment.strip()

    return _step(session, actor, decl, "request_changes", apply)


def verify_declaration(
    actor: Actor,
    session: Session,
    *,
    declaration_id: int,
    report_number: str,
    report_date: dt.date,
    comment: str = "",
) -> DeclarationRead:
    """The verification body confirms the declaration with its verification report number and date."""
    if not report_number.strip():
        raise InvalidInput("the verification report number is required")
    decl = load(actor, session, Declaration, declaration_id)

    def apply() -> None:
        decl.report_number, decl.report_date = report_number.strip(), report_date
        decl.verifier_comment = comment.strip()
        body = session.get(Organisation, decl.verification_body_id)
        data = json.loads(decl.declaration_json)
        data["verification"] = {
            "body": body.name_zh if body else None,
            "body_id": decl.verification_body_id,
            "report_number": decl.report_number,
            "date": report_date.isoformat(),
            "status": "verified",
        }
        decl.declaration_json = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)

    return _step(session, actor, decl, "verify", apply, {"report": report_number.strip()})


def declare(actor: Actor, session: Session, *, declaration_id: int) -> DeclarationRead:
    """The pack maker files the verified declaration."""
    decl = load(actor, session, Declaration, declaration_id)

    def apply() -> None:
        decl.declared_at = utcnow()
        store_declaration_inventory(session, decl)  # issue 16: the inventory, stored with it, write-once

    return _step(session, actor, decl, "declare", apply)


def get_declaration(actor: Actor, session: Session, *, declaration_id: int) -> DeclarationRead:
    """One declaration, for its pack maker, its verification body (once submitted) and admins."""
    return DeclarationRead.model_validate(load(actor, session, Declaration, declaration_id))


def list_declarations(actor: Actor, session: Session) -> list[DeclarationRead]:
    """The declarations the actor may see: its own (pack maker), those submitted to its body (verifier)."""
    from workflow.access import check_actor

    check_actor(actor, session)
    stmt = select(Declaration).order_by(col(Declaration.id))
    if actor.role is Role.ENTERPRISE:
        stmt = stmt.where(Declaration.declarant_org_id == actor.oid)
    elif actor.role is Role.CERTIFIER:
        stmt = stmt.where(Declaration.verification_body_id == actor.oid, Declaration.status != "draft")
    elif actor.role is not Role.ADMIN:
        return []
    return [DeclarationRead.model_validate(d) for d in session.exec(stmt).all()]


@dataclass(frozen=True)
class PackStatus:
    """One pack model of a pack maker with the state of its latest declaration."""

    product_id: int
    code: str
    name_zh: str
    name_en: str
    declaration_id: int | None
    status: str | None
    total_kg_co2e_per_kwh: float | None


@dataclass(frozen=True)
class DeclarationOverview:
    """The company view: every pack model, its declaration status, and how many are declared."""

    packs: list[PackStatus]
    declared: int
    required: int = TRIAL_TYPICAL_PACKS

    @property
    def missing(self) -> int:
        return max(0, self.required - self.declared)


def declaration_overview(actor: Actor, session: Session) -> DeclarationOverview:
    """A pack maker's pack models (category battery.pack / battery.module) with their latest declaration."""
    require_role(actor, session, Role.ENTERPRISE, "see the declaration overview")
    products = session.exec(
        select(Product).where(Product.owner_org_id == actor.oid).order_by(col(Product.id))
    ).all()
    latest: dict[int, Declaration] = {}
    for d in session.exec(
        select(Declaration).where(Declaration.declarant_org_id == actor.oid).order_by(col(Declaration.id))
    ).all():
        latest[d.product_id] = d
    packs = [
        PackStatus(
            row_id(p),
            p.code,
            p.name_zh,
            p.name_en,
            latest[p.id].id if p.id in latest else None,
            latest[p.id].status if p.id in latest else None,
            latest[p.id].total_kg_co2e_per_kwh if p.id in latest else None,
        )
        for p in products
        if p.category.startswith(("battery.pack", "battery.module")) or p.id in latest
    ]
    declared = sum(1 for p in packs if p.status == "declared")
    return DeclarationOverview(packs, declared)
