"""The demo's PACT sharing: the demo enterprise shares its certified footprints with a demo customer.

The customer's client credentials are fictional and public (README): client id ``demo-customer``, secret
``demo-customer-secret``. When the demo has no valid certificate yet, the demo submission is certified
through the real workflow (review started, approved, certificate issued by the demo body), so a fresh
install serves at least one footprint over `pcf serve-pact`.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from workflow.access import Actor
from workflow.errors import InvalidInput
from workflow.tables import Certificate, Product, Submission
from workflow.vocab import CertificateStatus, SubmissionState

DEMO_CLIENT_ID = "demo-customer"
DEMO_CLIENT_SECRET = "demo-customer-secret"
DEMO_CUSTOMER = "示范整车客户（演示） / Demo vehicle maker (DEMO)"


def seed_demo_sharing(session: Session, enterprise: Actor, certifier: Actor) -> tuple[int, list[str]]:
    """Certify a demo product if none is, then grant the demo customer its certified footprints.

    Returns (rows made, notes on products left out); idempotent (0 rows on a second run).
    """
    from workflow import certificates, submissions
    from workflow.sharing import create_grant, served_footprints
    from workflow.sharing_tables import SharingGrant

    existing = session.exec(select(SharingGrant).where(SharingGrant.client_id == DEMO_CLIENT_ID)).first()
    if existing is not None:
        return 0, []
    made = 0
    if not _valid(session, enterprise):
        sub = session.exec(
            select(Submission)
            .join(Product, col(Product.id) == Submission.product_id)
            .where(Product.owner_org_id == enterprise.org_id, Submission.state == SubmissionState.SUBMITTED)
            .order_by(col(Submission.id))
        ).first()
        if sub is None or sub.id is None:
            return 0, ["no submitted demo product to certify"]
        submissions.start_review(certifier, session, submission_id=sub.id)
        submissions.approve(certifier, session, submission_id=sub.id, note="demo data")
        certificates.issue_certificate(certifier, session, submission_id=sub.id)
        made += 1
    shared: list[int] = []
    notes: list[str] = []
    for product_id in dict.fromkeys(c.product_id for c in _valid(session, enterprise)):
        try:
            _check(session, product_id)
        except InvalidInput as exc:
            notes.append(str(exc).splitlines()[0])
            continue
        shared.append(product_id)
    if not shared:
        return made, notes or ["no demo certificate can be shared as a PACT footprint"]
    create_grant(
        enterprise,
        session,
        customer_name=DEMO_CUSTOMER,
        product_ids=shared,
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
    )
    grant = session.exec(select(SharingGrant).where(SharingGrant.client_id == DEMO_CLIENT_ID)).one()
    if not served_footprints(session, grant):
        notes.append("the demo grant serves no footprint")
    return made + 1, notes


def _valid(session: Session, enterprise: Actor) -> list[Certificate]:
    today = dt.date.today()
    rows = session.exec(
        select(Certificate).where(
            Certificate.holder_org_id == enterprise.org_id, Certificate.status == CertificateStatus.ACTIVE
        )
    ).all()
    return [c for c in rows if c.issued_on <= today <= c.expires_on]


def _check(session: Session, product_id: int) -> None:
    """Raise `InvalidInput` if a valid certificate of the product cannot become a PACT footprint."""
    from workflow.sharing import certificate_footprint

    today = dt.date.today()
    for cert in session.exec(select(Certificate).where(Certificate.product_id == product_id)).all():
        if cert.status == CertificateStatus.ACTIVE and cert.issued_on <= today <= cert.expires_on:
            certificate_footprint(session, cert)
