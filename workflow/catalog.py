"""Products and their model versions: validated and calculated with footprint, frozen once submitted.

Saving a model text stores the YAML, footprint's canonical `model_hash`, the pinned (published, hence
immutable) factor release and the result. While the latest version has never been submitted it is
replaced in place; once it is frozen, a save makes version n+1. A frozen row itself cannot change
(mapper guard and database trigger, see `workflow.tables`), so a certificate's figures can always be
recomputed from its version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from factors.columns import check_row
from footprint import Model, Result
from workflow.access import Actor, Verb, check_actor, load, may, require_role, scope_of
from workflow.audit import record, row_hash, unit_of_work
from workflow.errors import Conflict, InvalidInput, InvalidModel
from workflow.tables import ModelVersion, ModelVersionRead, Product, ProductCreate, ProductRead, Submission
from workflow.vocab import Role


@dataclass(frozen=True)
class Evaluation:
    """A model text checked and calculated against one published factor release."""

    data: Any
    model: Model
    result: Result
    release: str


def evaluate(
    session: Session, yaml_text: str, *, release: str | None = None, label: str = "<model>"
) -> Evaluation:
    """Parse, validate and calculate `yaml_text` with `DatabaseFactors` at `release`.

    The release is `release`, else the model's own `factor_release` pin, else the latest published one;
    it must be published, because only a published release never changes.
    """
    from factors.errors import ReleaseNotFound
    from factors.releases import get_release
    from factors.vocab import ReleaseStatus
    from footprint import DatabaseFactors, FootprintError, ModelError, calculate, parse_model
    from footprint.model import read_model_text

    try:
        data = read_model_text(yaml_text, file=label)
        model = parse_model(data, file=label)
    except ModelError as exc:
        raise InvalidModel(label, [str(i) for i in exc.issues]) from None
    wanted = release or model.factor_release
    try:
        pinned = get_release(session, wanted)
    except ReleaseNotFound as exc:
        raise InvalidInput(f"{label}: {exc}") from None
    if pinned.status != ReleaseStatus.PUBLISHED:
        raise InvalidInput(
            f"{label}: factor release {pinned.version} is a draft; pin a published release, "
            "since only a published release is immutable"
        )
    try:
        result = calculate(model, DatabaseFactors(session, pinned.version))
    except ModelError as exc:
        raise InvalidModel(label, [str(i) for i in exc.issues]) from None
    except FootprintError as exc:
        raise InvalidModel(label, [str(exc)]) from None
    return Evaluation(data, model, result, pinned.version)


# --- products -------------------------------------------------------------------------------------
def create_product(
    actor: Actor, session: Session, *, code: str, name_zh: str, name_en: str = "", category: str = ""
) -> ProductRead:
    """A new product of the actor's enterprise; `code` is the `product.id` its models must carry."""
    require_role(actor, session, Role.ENTERPRISE, "create a product")
    data = ProductCreate(code=code.strip(), name_zh=name_zh.strip(), name_en=name_en, category=category)
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", data.code):
        raise InvalidInput(f"product code {code!r}: letters, digits, '_', '-' and '.' only")
    if not data.name_zh:
        raise InvalidInput("a product needs a name (name_zh)")
    if (
        session.exec(
            select(Product).where(Product.owner_org_id == actor.org_id, Product.code == data.code)
        ).first()
        is not None
    ):
        raise Conflict(f"your organisation already has a product {data.code!r}")
    with unit_of_work(session):
        product = Product(**data.model_dump(), owner_org_id=actor.oid, created_by_id=actor.uid)
        check_row(product, InvalidInput)
        session.add(product)
        record(session, actor, "product.create", product, before=None)
    return ProductRead.model_validate(product)


def get_product(actor: Actor, session: Session, *, product_id: int) -> ProductRead:
    """One product, for its enterprise, the bodies it was submitted to, and admins."""
    return ProductRead.model_validate(load(actor, session, Product, product_id))


def list_products(actor: Actor, session: Session) -> list[ProductRead]:
    """Products the actor may see: its enterprise's own; a certifier's, those submitted to its body."""
    check_actor(actor, session)
    query = select(Product).order_by(col(Product.id))
    if actor.role is Role.ENTERPRISE:
        query = query.where(Product.owner_org_id == actor.org_id)
    elif actor.role is Role.CERTIFIER:
        assigned = select(Submission.product_id).where(
            Submission.certification_body_id == actor.org_id, col(Submission.round) >= 1
        )
        query = query.where(col(Product.id).in_(assigned))
    elif actor.role is not Role.ADMIN:
        return []
    return [ProductRead.model_validate(p) for p in session.exec(query).all()]


# --- model versions ------------------------------------------------------------------------------------
def latest_version(session: Session, product_id: int) -> ModelVersion | None:
    return session.exec(
        select(ModelVersion)
        .where(ModelVersion.product_id == product_id)
        .order_by(col(ModelVersion.number).desc())
    ).first()


def save_model_version(
    actor: Actor,
    session: Session,
    *,
    product_id: int,
    yaml_text: str,
    factor_release: str | None = None,
    note: str = "",
) -> ModelVersionRead:
    """Validate and calculate `yaml_text`, then store it as the product's draft or next version.

    Unchanged content (same model hash and release as the latest version) stores nothing and returns the
    latest version. Raises `InvalidModel` listing every problem of the model.
    """
    product = load(actor, session, Product, product_id, Verb.EDIT)
    latest = latest_version(session, product_id)
    number = (latest.number + (1 if latest.frozen_at else 0)) if latest else 1
    label = f"product {product.code} version {number}"
    ev = evaluate(session, yaml_text, release=factor_release, label=label)
    if ev.model.product.id != product.code:
        raise InvalidModel(
            label, [f"product.id: {ev.model.product.id!r} is not this product's code {product.code!r}"]
        )
    if latest is not None and latest.model_hash == ev.model.hash and latest.factor_release == ev.release:
        return ModelVersionRead.model_validate(latest)
    content: dict[str, Any] = {
        "yaml_text": yaml_text,
        "model_hash": ev.model.hash,
        "factor_release": ev.release,
        "result_json": ev.result.to_json(indent=None),
        "total": ev.result.total,
        "unit": ev.result.unit,
        "functional_unit": ev.result.functional_unit,
        "gwp": ev.result.gwp,
        "note": note,
        "created_by_id": actor.uid,
    }
    with unit_of_work(session):
        if latest is not None and latest.frozen_at is None:  # an unsubmitted draft: replace it
            before = row_hash(latest)
            for key, value in content.items():
                setattr(latest, key, value)
            session.add(latest)
            record(
                session,
                actor,
                "model_version.update",
                latest,
                before=before,
                detail={"number": number, "model_hash": ev.model.hash, "total": ev.result.total},
            )
            version = latest
        else:
            version = ModelVersion(product_id=product_id, number=number, **content)
            session.add(version)
            record(
                session,
                actor,
                "model_version.create",
                version,
                before=None,
                detail={"number": number, "model_hash": ev.model.hash, "total": ev.result.total},
            )
    return ModelVersionRead.model_validate(version)


def get_model_version(actor: Actor, session: Session, *, version_id: int) -> ModelVersionRead:
    """One version; a certifier sees only the versions submitted to its body."""
    return ModelVersionRead.model_validate(load(actor, session, ModelVersion, version_id))


def list_model_versions(actor: Actor, session: Session, *, product_id: int) -> list[ModelVersionRead]:
    """The versions of a product the actor may see, oldest first."""
    load(actor, session, Product, product_id)
    rows = session.exec(
        select(ModelVersion).where(ModelVersion.product_id == product_id).order_by(col(ModelVersion.number))
    ).all()
    return [ModelVersionRead.model_validate(r) for r in rows if may(actor, Verb.READ, scope_of(session, r))]
