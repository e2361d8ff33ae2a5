"""What an actor may do next with a record: pages render their buttons from `allowed_actions`, never by
comparing status strings. The transition tables decide; the relation (own enterprise, assigned body, own
standards body) narrows it. Preconditions (open findings, rule errors) stay the services' to refuse."""

from __future__ import annotations

from typing import Any

from workflow.access import Actor
from workflow.declaration_tables import DeclarationRead
from workflow.states import CERTIFICATE, PCR, SUBMISSION, Workflow
from workflow.tables import CertificateRead, PcrDraftRead, SubmissionRead
from workflow.vocab import Role


def _related(actor: Actor, owner: int | None, reviewer: int | None) -> bool:
    """Enterprise/standards users act on their own organisation's record, certifiers on their body's."""
    if actor.role is Role.ADMIN:
        return True
    if actor.role is Role.CERTIFIER:
        return reviewer is not None and reviewer == actor.org_id
    return owner is not None and owner == actor.org_id


def _of(workflow: Workflow, state: str, actor: Actor) -> list[str]:
    return workflow.allowed(str(state), actor.role)


def allowed_actions(actor: Actor, record: Any, *, owner_org_id: int | None = None) -> list[str]:
    """Action names `actor` may take on `record` in its current state (table order).

    `record` is a `SubmissionRead` (pass `owner_org_id`, the product owner's organisation, for an
    enterprise actor), `CertificateRead`, `PcrDraftRead` or `DeclarationRead`; anything else has none.
    """
    if isinstance(record, SubmissionRead):
        owner = (
            owner_org_id
            if owner_org_id is not None
            else (actor.org_id if actor.role is Role.ENTERPRISE else None)
        )
        body = record.certification_body_id if record.round >= 1 else None
        return _of(SUBMISSION, record.state, actor) if _related(actor, owner, body) else []
    if isinstance(record, CertificateRead):
        ok = _related(actor, record.holder_org_id, record.issuing_body_id)
        return _of(CERTIFICATE, record.status, actor) if ok else []
    if isinstance(record, PcrDraftRead):
        return _of(PCR, record.status, actor) if _related(actor, record.owner_org_id, None) else []
    if isinstance(record, DeclarationRead):
        from workflow.declarations import DECLARATION

        body = record.verification_body_id if record.status != "draft" else None
        ok = _related(actor, record.declarant_org_id, body)
        return _of(DECLARATION, record.status, actor) if ok else []
    return []
