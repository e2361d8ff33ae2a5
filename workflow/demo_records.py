"""Demo content for the provincial-scale features (issue 16): issued certificates and a declared pack.

Called once from `workflow.demo.seed_demo`. Through the ordinary workflow functions and the demo
accounts, the demo certifier certifies two demo cell products (``DEMO_CERTIFIED``) and the demo enterprise
declares the demo LFP pack (``DEMO_DECLARED``) with the demo body as verifier, so a fresh install has stored
inventories to re-rate. Idempotent: a product that already has a certificate (declaration) is left alone.
Without the examples folder (only the built-in model) nothing is certified here; a step the workflow
refuses is reported in the notes.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from workflow import declarations, submissions
from workflow.access import Actor, row_id
from workflow.certificates import issue_certificate
from workflow.declaration_tables import Declaration
from workflow.errors import WorkflowError
from workflow.tables import Product, Submission

DEMO_CERTIFIED = ("lfp-cell-60kwh-pack", "ncm811-cell-batpac", "demo-lfp-cell-280ah")  # the first two present
DEMO_DECLARED = "lfp-pack-60kwh"
DEMO_REPORT = "DEMO-VR-2026-0001"  # fictional verification report number (demo data)


def seed_demo_records(
    session: Session, enterprise: Actor, certifier: Actor, body_id: int, notes: list[str]
) -> int:
    """Certify two demo cells and declare the demo pack; the records made (what was skipped: `notes`)."""
    made = 0
    products = {
        p.code: p
        for p in session.exec(select(Product).where(Product.owner_org_id == enterprise.org_id)).all()
    }
    for code in [c for c in DEMO_CERTIFIED if c in products][:2]:
        product = products[code]
        if session.exec(select(Submission).where(Submission.product_id == product.id)).first() is not None:
            continue  # already in the workflow (certified, or the demo's open submission)
        try:
            sub = submissions.create_submission(
                enterprise,
                session,
                product_id=row_id(product),
                certification_body_id=body_id,
            )
            submissions.submit(enterprise, session, submission_id=sub.id)
            submissions.start_review(certifier, session, submission_id=sub.id)
            submissions.approve(certifier, session, submission_id=sub.id, note="demo data")
            issue_certificate(certifier, session, submission_id=sub.id)
            made += 1
        except WorkflowError as exc:
            notes.append(f"{code}: not certified: {str(exc).splitlines()[0]}")
    for code in [c for c in (DEMO_DECLARED,) if c in products]:
        product = products[code]
        if session.exec(select(Declaration).where(Declaration.product_id == product.id)).first() is not None:
            continue
        try:
            d = declarations.create_declaration(
                enterprise,
                session,
                product_id=row_id(product),
                verification_body_id=body_id,
            )
            declarations.submit_declaration(enterprise, session, declaration_id=d.id)
            declarations.start_verification(certifier, session, declaration_id=d.id)
            declarations.verify_declaration(
                certifier,
                session,
                declaration_id=d.id,
                report_number=DEMO_REPORT,
                report_date=dt.date.today(),
            )
            declarations.declare(enterprise, session, declaration_id=d.id)
            made += 1
        except WorkflowError as exc:
            notes.append(f"{code}: not declared: {str(exc).splitlines()[0]}")
    return made
