"""The demo's PACT sharing (`pcf demo`): the demo enterprise shares its certified footprints with a customer.

The customer's client credentials are fictional and public (README): client id ``demo-customer``, secret
``demo-customer-secret``. When the demo enterprise has no valid certificate yet, one of its products that
has no submission (the demo submission stays waiting in the certifier's queue) and whose model can be a
PACT footprint is certified through the real workflow (submitted, reviewed, approved, certificate issued
by the demo body), so a fresh install serves at least one footprint over `pcf serve-pact`.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from workflow.access import Actor
from workflow.errors import InvalidInput
from workflow.tables import Certificate, Organisation, Product, Submission, User
from workflow.vocab import CertificateStatus

DEMO_CLIENT_ID = "demo-customer"
DEMO_CLIENT_SECRET = "demo-customer-secret"
DEMO_CUSTOMER = "示范整车客户（演示） / Demo vehicle maker (DEMO)"


def seed_demo_sharing(session: Session) -> tuple[int, list[str]]:
    """Certify a demo product if none is, then grant the demo customer its certified footprints.

    Runs after `workflow.seed_demo`; returns (rows made, notes on what was left out); idempotent.
    """
    from workflow import accounts
    from workflow.sharing import create_grant
    from workflow.sharing_tables import SharingGrant

    if session.exec(select(SharingGrant).where(SharingGrant.client_id == DEMO_CLIENT_ID)).first() is not None:
        return 0, []
    users = {u.username: u for u in session.exec(select(User)).all()}
    if "demo-enterprise" not in users or "demo-certifier" not in users:
        return 0, ["the demo accounts are missing: run the demo seed first"]
    enterprise = accounts.actor_of(session, users["demo-enterprise"])
    certifier = accounts.actor_of(session, users["demo-certifier"])
    made, notes = 0, list[str]()
    shared = _shareable(session, enterprise.oid, notes)
    if not shared:  # no certificate that PACT can carry: certify a product that can be one
        product_id = _candidate(session, enterprise.oid, notes)
        if product_id is None:
            return 0, notes or ["no demo product can be shared as a PACT footprint"]
        _certify(session, enterprise, certifier, product_id)
        made += 1
        shared = _shareable(session, enterprise.oid, [])
    if not shared:
        return made, notes
    create_grant(
        enterprise,
        session,
        customer_name=DEMO_CUSTOMER,
        product_ids=shared,
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
    )
    return made + 1, notes


def _shareable(session: Session, org_id: int, notes: list[str]) -> list[int]:
    """Products with a valid certificate whose footprint PACT can carry (the others noted)."""
    shared = []
    for product_id in dict.fromkeys(c.product_id for c in _valid(session, org_id)):
        try:
            _check(session, product_id)
        except InvalidInput as exc:
            notes.append(" ".join(str(exc).split())[:400])
            continue
        shared.append(product_id)
    return shared


def _valid(session: Session, org_id: int) -> list[Certificate]:
    today = dt.date.today()
    rows = session.exec(
        select(Certificate).where(
            Certificate.holder_org_id == org_id, Certificate.status == CertificateStatus.ACTIVE
        )
    ).all()
    return [c for c in rows if c.issued_on <= today <= c.expires_on]


def _candidate(session: Session, org_id: int, notes: list[str]) -> int | None:
    """The first product without a submission whose latest version can be a PACT footprint."""
    from workflow.catalog import latest_version
    from workflow.sharing import version_footprint

    holder = session.get(Organisation, org_id)
    submitted = set(session.exec(select(Submission.product_id)).all())
    for product in session.exec(
        select(Product).where(Product.owner_org_id == org_id).order_by(col(Product.id))
    ):
        version = latest_version(session, product.id) if product.id is not None else None
        if product.id in submitted or version is None or holder is None:
            continue
        try:
            version_footprint(session, version, holder)
        except InvalidInput as exc:
            notes.append(f"{product.code}: {' '.join(str(exc).split())[:400]}")
            continue
        return product.id
    return None


def _certify(session: Session, enterprise: Actor, certifier: Actor, product_id: int) -> None:
    from workflow import certificates, submissions

    sub = submissions.create_submission(
        enterprise, session, product_id=product_id, certification_body_id=certifier.oid
    )
    submissions.submit(enterprise, session, submission_id=sub.id)
    submissions.start_review(certifier, session, submission_id=sub.id)
    submissions.approve(certifier, session, submission_id=sub.id, note="demo data")
    certificates.issue_certificate(certifier, session, submission_id=sub.id)


def _check(session: Session, product_id: int) -> None:
    """Raise `InvalidInput` if a valid certificate of the product cannot become a PACT footprint."""
    from workflow.sharing import certificate_footprint

    today = dt.date.today()
    for cert in session.exec(select(Certificate).where(Certificate.product_id == product_id)).all():
        if cert.status == CertificateStatus.ACTIVE and cert.issued_on <= today <= cert.expires_on:
            certificate_footprint(session, cert)
