"""Certificates: issue, look-up, public verification and recomputation.

Numbering and validity dates live in `workflow.certificate_numbers`, surveillance (suspend / reinstate /
withdraw, expiry) in `workflow.surveillance`; their public names are importable from here as before.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlmodel import Session, col, select

from workflow.access import Actor, check_actor, fetch, kind_name, load, row_id
from workflow.audit import record
from workflow.catalog import evaluate
from workflow.certificate_numbers import (
    DEFAULT_REGION,
    DEFAULT_VALIDITY_YEARS,
    MAX_BACKDATE_DAYS,
    MAX_VALIDITY_YEARS,
    _by_number,
    _norm,
    next_certificate_number,
    numbering_lock,
    valid_through,
)
from workflow.errors import InvalidInput, NotFound, PreconditionFailed
from workflow.integrity import certificate_content_hash
from workflow.inventory_records import store_certificate_inventory
from workflow.rulecheck import assert_prereview_clear
from workflow.submissions import step
from workflow.surveillance import expire_certificates, reinstate, suspend, withdraw
from workflow.tables import (
    AuditLog,
    Certificate,
    CertificateRead,
    Finding,
    ModelVersion,
    Organisation,
    Product,
    Submission,
)
from workflow.vocab import CertificateStatus, Role, SubmissionAction

__all__ = [
    "DEFAULT_REGION",
    "DEFAULT_VALIDITY_YEARS",
    "MAX_BACKDATE_DAYS",
    "MAX_VALIDITY_YEARS",
    "CertificatePublic",
    "RecomputeCheck",
    "calendar_today",
    "expire_certificates",
    "get_certificate",
    "issue_certificate",
    "list_certificates",
    "next_certificate_number",
    "numbering_lock",
    "recompute_certificate",
    "reinstate",
    "suspend",
    "valid_through",
    "verify_certificate",
    "withdraw",
]


def calendar_today() -> dt.date:
    """Today's date for the issue-date rule: the one clock of certificate issuing (tests pin it)."""
    return dt.date.today()


def issue_certificate(
    actor: Actor,
    session: Session,
    *,
    submission_id: int,
    issued_on: dt.date | None = None,
    validity_years: int = DEFAULT_VALIDITY_YEARS,
    region: str = DEFAULT_REGION,
) -> CertificateRead:
    """证书与标识: the certificate of an approved submission, with the figures of its frozen version."""
    sub = load(actor, session, Submission, submission_id)
    if not 1 <= validity_years <= MAX_VALIDITY_YEARS:
        raise InvalidInput(
            f"validity_years must be 1 to {MAX_VALIDITY_YEARS}, got {validity_years}",
            code="validity_years",
            params={"years": validity_years, "max": MAX_VALIDITY_YEARS},
        )
    today = calendar_today()
    issued_on = issued_on or today
    holder: list[Certificate] = []

    def apply() -> None:
        version = fetch(session, ModelVersion, sub.model_version_id)
        product = fetch(session, Product, sub.product_id)
        if version.frozen_at is None or sub.certification_body_id is None:
            raise PreconditionFailed(
                f"submission {sub.id}: its model version is not frozen or it has no body"
            )
        _approved_on, reviewer = _approval(session, row_id(sub))
        earliest = today - dt.timedelta(days=MAX_BACKDATE_DAYS)
        if not earliest <= issued_on <= today:
            raise InvalidInput(
                f"issue date {issued_on}: a certificate is dated today or at most {MAX_BACKDATE_DAYS} days "
                f"back ({earliest} … {today})",
                code="issue_date",
                params={
                    "date": issued_on.isoformat(),
                    "earliest": earliest.isoformat(),
                    "latest": today.isoformat(),
                },
            )
        stored = assert_prereview_clear(session, sub)
        closed = sorted(
            row_id(f)
            for f in session.exec(
                select(Finding).where(Finding.submission_id == sub.id, col(Finding.resolved).is_(True))
            ).all()
        )
        cert = Certificate(
            number=next_certificate_number(session, year=issued_on.year, region=region),
            submission_id=row_id(sub),
            product_id=row_id(product),
            model_version_id=row_id(version),
            holder_org_id=product.owner_org_id,
            issuing_body_id=sub.certification_body_id,
            total=version.total,
            unit=version.unit,
            functional_unit=version.functional_unit,
            gwp=version.gwp,
            factor_release=version.factor_release,
            model_hash=version.model_hash,
            issued_on=issued_on,
            expires_on=valid_through(issued_on, validity_years),
            issued_by_id=actor.uid,
            rule_id=stored.rule_id if stored else "",
            rule_version=stored.rule_version if stored else "",
            check_hash=stored.check_hash if stored else "",
            reviewed_by_id=reviewer,
            findings_closed=json.dumps(closed),
        )
        cert.content_hash = certificate_content_hash(cert)
        session.add(cert)
        store_certificate_inventory(session, cert)  # issue 16: the inventory, stored with it, write-once
        record(session, actor, "certificate.issue", cert, before=None, detail={"submission": sub.id})
        holder.append(cert)

    with numbering_lock():
        step(session, actor, sub, SubmissionAction.ISSUE_CERTIFICATE, apply)
    return CertificateRead.model_validate(holder[0])


def _approval(session: Session, submission_id: int) -> tuple[dt.date | None, int | None]:
    """The day of the submission's latest approval and the approving user, from the audit log."""
    row = session.exec(
        select(AuditLog)
        .where(
            AuditLog.object_type == "submission",
            AuditLog.object_id == str(submission_id),
            AuditLog.action == "submission.approve",
        )
        .order_by(col(AuditLog.id).desc())
    ).first()
    if row is None:
        return None, None
    return row.at.date(), row.actor_user_id


def get_certificate(actor: Actor, session: Session, *, number: str) -> CertificateRead:
    """The full certificate record, for its holder, its issuing body and platform admins."""
    return CertificateRead.model_validate(_by_number(session, actor, number))


def list_certificates(actor: Actor, session: Session) -> list[CertificateRead]:
    """Certificates the actor holds (enterprise) or issued (certifier); all for platform admins."""
    check_actor(actor, session)
    query = select(Certificate).order_by(col(Certificate.id))
    if actor.role is Role.ENTERPRISE:
        query = query.where(Certificate.holder_org_id == actor.org_id)
    elif actor.role is Role.CERTIFIER:
        query = query.where(Certificate.issuing_body_id == actor.org_id)
    elif actor.role is not Role.ADMIN:
        return []
    return [CertificateRead.model_validate(c) for c in session.exec(query).all()]


# --- public verification and recomputation -------------------------------------------------------------
@dataclass(frozen=True)
class CertificatePublic:
    """What anyone may learn from a certificate number: no model, no inventory, no breakdown."""

    number: str
    status: CertificateStatus  # `expired` as soon as the validity has run out, job or not
    holder_name_zh: str
    holder_name_en: str
    holder_identifier: str | None
    product_code: str
    product_name_zh: str
    product_name_en: str
    product_category: str
    total: float
    unit: str
    functional_unit: str
    gwp: str
    factor_release: str
    model_hash: str
    issued_on: dt.date
    expires_on: dt.date
    issuing_body_zh: str
    issuing_body_en: str
    status_reason: str = ""  # why it was suspended or withdrawn (public, like the status)


def verify_certificate(session: Session, number: str, *, today: dt.date | None = None) -> CertificatePublic:
    """The public fields of certificate `number`; `NotFound` for an unknown number. No login needed."""
    cert = session.exec(select(Certificate).where(Certificate.number == _norm(number))).first()
    if cert is None:
        raise NotFound(kind_name(Certificate), _norm(number))
    holder = fetch(session, Organisation, cert.holder_org_id)
    body = fetch(session, Organisation, cert.issuing_body_id)
    product = fetch(session, Product, cert.product_id)
    status = CertificateStatus(cert.status)
    if (
        status in (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED)
        and (today or dt.date.today()) > cert.expires_on
    ):
        status = CertificateStatus.EXPIRED
    return CertificatePublic(
        number=cert.number,
        status=status,
        holder_name_zh=holder.name_zh,
        holder_name_en=holder.name_en,
        holder_identifier=holder.identifier,
        product_code=product.code,
        product_name_zh=product.name_zh,
        product_name_en=product.name_en,
        product_category=product.category,
        total=cert.total,
        unit=cert.unit,
        functional_unit=cert.functional_unit,
        gwp=cert.gwp,
        factor_release=cert.factor_release,
        model_hash=cert.model_hash,
        issued_on=cert.issued_on,
        expires_on=cert.expires_on,
        issuing_body_zh=body.name_zh,
        issuing_body_en=body.name_en,
        status_reason=cert.status_reason
        if status in (CertificateStatus.SUSPENDED, CertificateStatus.WITHDRAWN)
        else "",
    )


@dataclass(frozen=True)
class RecomputeCheck:
    """The certificate's figures against a fresh calculation of its frozen model at its pinned release."""

    number: str
    factor_release: str
    certificate_total: float
    recomputed_total: float
    certificate_model_hash: str
    recomputed_model_hash: str

    @property
    def total_matches(self) -> bool:
        """Equal to the bit (``float.hex``), not merely close."""
        return self.certificate_total.hex() == self.recomputed_total.hex()

    @property
    def matches(self) -> bool:
        return self.total_matches and self.certificate_model_hash == self.recomputed_model_hash


def recompute_certificate(actor: Actor, session: Session, *, number: str) -> RecomputeCheck:
    """Recalculate a certificate from its frozen model text and pinned release (holder, issuer or admin)."""
    cert = _by_number(session, actor, number)
    version = fetch(session, ModelVersion, cert.model_version_id)
    ev = evaluate(session, version.yaml_text, release=cert.factor_release, label=f"certificate {cert.number}")
    return RecomputeCheck(
        cert.number, ev.release, cert.total, ev.result.total, cert.model_hash, ev.model.hash
    )
