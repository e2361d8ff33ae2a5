"""获证后监督 — surveillance of issued certificates: suspend, reinstate, withdraw (each with its reason,
audited, atomic) and the daily expiry job."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from workflow.access import SYSTEM, Actor, act
from workflow.audit import record, row_hash, unit_of_work
from workflow.certificate_numbers import _by_number
from workflow.errors import InvalidInput, PreconditionFailed
from workflow.states import CERTIFICATE
from workflow.tables import Certificate, CertificateRead
from workflow.vocab import CertificateAction, CertificateStatus


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
