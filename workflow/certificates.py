"""Certificates: issue, surveillance (suspend / reinstate / withdraw), expiry, public verification, recompute.

Certificate numbers read ``CFP-JX-2026-000123``:

==========  ===============================================================================
``CFP``     carbon footprint (碳足迹) certificate of this platform
``JX``      the issuing scheme's province code (Jiangxi; `DEFAULT_REGION`, configurable)
``2026``    the year of issue
``000123``  a six-digit sequence per prefix (region and year), from 000001, never reused
==========  ===============================================================================

Numbers come from one counter row per prefix, incremented by ``UPDATE … RETURNING`` inside the issuing
transaction (a row lock on PostgreSQL, the write lock on SQLite) while a process-wide lock serialises
the issuing threads of this process: no two certificates get the same number and no number is skipped.
A certificate is valid for `DEFAULT_VALIDITY_YEARS` (2, per the CNCA general rules) through the day
before the same date `validity_years` later.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from workflow.access import SYSTEM, Actor, Verb, act, check_actor, fetch, guard, kind_name, load, row_id
from workflow.audit import record, row_hash, unit_of_work
from workflow.catalog import evaluate
from workflow.errors import InvalidInput, NotFound, PreconditionFailed
from workflow.integrity import certificate_content_hash
from workflow.inventory_records import store_certificate_inventory
from workflow.rulecheck import assert_prereview_clear
from workflow.states import CERTIFICATE
from workflow.submissions import step
from workflow.tables import (
    AuditLog,
    Certificate,
    CertificateRead,
    CertificateSequence,
    Finding,
    ModelVersion,
    Organisation,
    Product,
    Submission,
)
from workflow.vocab import CertificateAction, CertificateStatus, Role, SubmissionAction

DEFAULT_VALIDITY_YEARS = 2
MAX_VALIDITY_YEARS = 5


def calendar_today() -> dt.date:
    """Today's date for the issue-date rule: the one clock of certificate issuing (tests pin it)."""
    return dt.date.today()


MAX_BACKDATE_DAYS = 366  # an issue date may be back-dated to the decision, never by years nor forward
DEFAULT_REGION = "JX"
_NUMBER_LOCK = threading.Lock()


def valid_through(issued_on: dt.date, years: int) -> dt.date:
    """The last day of validity: the day before the same date `years` later (29 Feb → 28 Feb)."""
    try:
        anniversary = issued_on.replace(year=issued_on.year + years)
    except ValueError:  # 29 February in a non-leap year
        anniversary = dt.date(issued_on.year + years, 3, 1)
    return anniversary - dt.timedelta(days=1)


def numbering_lock() -> threading.Lock:
    """The process-wide lock to hold from `next_certificate_number` until the transaction commits."""
    return _NUMBER_LOCK


def next_certificate_number(session: Session, *, year: int, region: str = DEFAULT_REGION) -> str:
    """Take the next number of ``CFP-<region>-<year>`` in the session's transaction (see module doc)."""
    if not region.isalnum() or not region.isupper() or len(region) > 6:
        raise InvalidInput(f"certificate region {region!r}: 1-6 upper-case letters or digits, e.g. JX")
    prefix = f"CFP-{region}-{year:04d}"
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(CertificateSequence).values(prefix=prefix, last=0).on_conflict_do_nothing())
    last: int = session.execute(
        update(CertificateSequence)
        .where(col(CertificateSequence.prefix) == prefix)
        .values(last=col(CertificateSequence.last) + 1)
        .returning(col(CertificateSequence.last))
    ).scalar_one()
    if last > 999_999:
        raise PreconditionFailed(f"certificate numbers of {prefix} are exhausted (999999 issued)")
    return f"{prefix}-{last:06d}"


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

    with _NUMBER_LOCK:
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


def suspend(actor: Actor, session: Session, *, number: str, reason: str) -> CertificateRead:
    """获证后监督: suspend an active certificate (the issuing body's certifier), with the reason."""
    return _change(actor, session, number, CertificateAction.SUSPEND, reason, need_reason=True)


def reinstate(
    actor: Actor, session: Session, *, number: str, note: str = "", today: dt.date | None = None
) -> CertificateRead:
    """Lift a suspension; refused once the certificate's validity has run out."""
    cert = _by_number(session, actor, number)
    if (today or dt.date.today()) > cert.expires_on:
        raise PreconditionFailed(
            f"certificate {cert.number} expired on {cert.expires_on}; it cannot be reinstated"
        )
    return _change(actor, session, number, CertificateAction.REINSTATE, note)


def withdraw(actor: Actor, session: Session, *, number: str, reason: str) -> CertificateRead:
    """Withdraw (撤销) an active or suspended certificate for good, with the reason."""
    return _change(actor, session, number, CertificateAction.WITHDRAW, reason, need_reason=True)


def expire_certificates(session: Session, *, today: dt.date) -> list[str]:
    """Mark every active or suspended certificate whose validity ended before `today` as expired.

    Meant for a daily job; acts as the internal system actor; returns the numbers it expired.
    """
    due = session.exec(
        select(Certificate)
        .where(
            col(Certificate.status).in_([CertificateStatus.ACTIVE.value, CertificateStatus.SUSPENDED.value]),
            col(Certificate.expires_on) < today,
        )
        .order_by(col(Certificate.id))
    ).all()
    with unit_of_work(session):
        for cert in due:
            before, state = row_hash(cert), cert.status
            act(SYSTEM, session, CERTIFICATE, cert, CertificateAction.EXPIRE, field="status")
            session.add(cert)
            record(
                session,
                SYSTEM,
                "certificate.expire",
                cert,
                before=before,
                detail={"from": str(state), "to": str(cert.status), "today": today.isoformat()},
            )
    return [c.number for c in due]


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


# --- helpers ---------------------------------------------------------------------------------------------
def _norm(number: str) -> str:
    return number.strip().upper()


def _by_number(session: Session, actor: Actor, number: str, verb: Verb = Verb.READ) -> Certificate:
    cert = session.exec(select(Certificate).where(Certificate.number == _norm(number))).first()
    if cert is None:
        check_actor(actor, session)
        raise NotFound(kind_name(Certificate), _norm(number))
    guard(actor, session, verb, cert)
    return cert


def _change(
    actor: Actor,
    session: Session,
    number: str,
    action: CertificateAction,
    text: str,
    *,
    need_reason: bool = False,
) -> CertificateRead:
    cert = _by_number(session, actor, number)
    with unit_of_work(session):
        before, state = row_hash(cert), cert.status
        act(actor, session, CERTIFICATE, cert, action, field="status")
        if need_reason and not text.strip():
            raise InvalidInput(f"to {action} a certificate, give the reason", code="reason_required")
        cert.status_reason = text.strip()
        session.add(cert)
        record(
            session,
            actor,
            f"certificate.{action}",
            cert,
            before=before,
            detail={"from": str(state), "to": str(cert.status), "reason": text.strip()},
        )
    return CertificateRead.model_validate(cert)
