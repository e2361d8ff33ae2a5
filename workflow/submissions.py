"""The certification submission: from the enterprise's draft to the certifier's decision, with findings.

Each function checks the actor and the state through `workflow.access.act` and the `SUBMISSION`
table, changes the rows, and records the change in the audit log in the same transaction. Submitting
(or resubmitting) freezes the model version it points at.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from workflow.access import Actor, Verb, act, check_actor, fetch, guard, kind_name, load, lock_row, row_id
from workflow.audit import AuditLogRead, object_history, record, row_hash, unit_of_work
from workflow.catalog import latest_version
from workflow.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from workflow.findings import open_findings
from workflow.rulecheck import assert_prereview_clear, gate_submission
from workflow.states import SUBMISSION
from workflow.tables import (
    ModelVersion,
    Organisation,
    Product,
    Submission,
    SubmissionRead,
    SubmissionRound,
    SubmissionRoundRead,
    utcnow,
)
from workflow.vocab import OrgKind, Role, SubmissionAction, SubmissionState

A = SubmissionAction
OPEN_STATES = frozenset(s for s in SubmissionState if not SUBMISSION.is_final(s))


def create_submission(
    actor: Actor,
    session: Session,
    *,
    product_id: int,
    version_id: int | None = None,
    certification_body_id: int | None = None,
) -> SubmissionRead:
    """A draft submission of a product's version (default: its latest), optionally with its body chosen."""
    product = load(actor, session, Product, product_id, Verb.EDIT)
    version = _version_of(session, actor, product, version_id)
    with unit_of_work(session):
        lock_row(session, product, "code")  # two simultaneous submissions of one product: one waits
        open_one = session.exec(
            select(Submission).where(
                Submission.product_id == product_id,
                col(Submission.state).in_([str(s) for s in OPEN_STATES]),
            )
        ).first()
        if open_one is not None:
            raise Conflict(
                f"product {product.code!r} already has an open submission {open_one.id} "
                f"({open_one.state}); finish or cancel it first",
                code="open_submission",
                params={"product": product.code, "submission": open_one.id, "state": str(open_one.state)},
            )
        sub = Submission(product_id=product_id, model_version_id=row_id(version), created_by_id=actor.uid)
        if certification_body_id is not None:
            sub.certification_body_id = _body(session, certification_body_id).id
        session.add(sub)
        record(
            session,
            actor,
            "submission.create",
            sub,
            before=None,
            detail={"version": version.number, "body": certification_body_id},
        )
    return SubmissionRead.model_validate(sub)


def assign_certifier(actor: Actor, session: Session, *, submission_id: int, body_id: int) -> SubmissionRead:
    """Choose (enterprise, before review) or change (platform admin, before review) the certification body."""
    sub = load(actor, session, Submission, submission_id)
    return step(
        session,
        actor,
        sub,
        A.ASSIGN,
        lambda: setattr(sub, "certification_body_id", _body(session, body_id).id),
        detail={"body": body_id},
    )


def submit(
    actor: Actor, session: Session, *, submission_id: int, justifications: Mapping[str, str] | None = None
) -> SubmissionRead:
    """认证委托: hand the draft to its certification body; freezes the model version.

    Refused (code ``rule_errors_open``) while the product rule finds an error without a justification
    (keyed by `RuleFinding.key`); see `workflow.rulecheck`.
    """
    sub = load(actor, session, Submission, submission_id)

    def apply() -> None:
        if sub.certification_body_id is None:
            raise PreconditionFailed(
                f"submission {sub.id}: choose a certification body before submitting", code="choose_body"
            )
        _freeze(session, actor, sub, sub.model_version_id)
        gate_submission(session, actor, sub, justifications)

    return step(session, actor, sub, A.SUBMIT, apply)


def start_review(actor: Actor, session: Session, *, submission_id: int) -> SubmissionRead:
    """受理 and start of 文件评审/核查 by the assigned body (also after a resubmission)."""
    sub = load(actor, session, Submission, submission_id)
    return step(session, actor, sub, A.START_REVIEW)


def request_changes(actor: Actor, session: Session, *, submission_id: int, note: str) -> SubmissionRead:
    """Send the submission back to the enterprise with a note; needs at least one open finding to answer."""
    sub = load(actor, session, Submission, submission_id)
    if not note.strip():
        raise InvalidInput("a request for changes needs a note saying what to change", code="note_required")

    def apply() -> None:
        if not open_findings(session, row_id(sub), blocking_only=False):
            raise PreconditionFailed(
                f"submission {sub.id}: add the findings to correct before requesting changes",
                code="no_open_findings",
            )

    return step(session, actor, sub, A.REQUEST_CHANGES, apply, detail={"note": note.strip()})


def resubmit(
    actor: Actor,
    session: Session,
    *,
    submission_id: int,
    version_id: int | None = None,
    justifications: Mapping[str, str] | None = None,
) -> SubmissionRead:
    """Send the corrected submission back (default: the product's latest version); freezes that version.

    Every open finding needs an answer first; the rule check gates it as at `submit`.
    """
    sub = load(actor, session, Submission, submission_id)

    def apply() -> None:
        unanswered = [f.id for f in open_findings(session, row_id(sub), blocking_only=False) if not f.answer]
        if unanswered:
            raise PreconditionFailed(
                f"submission {sub.id}: answer the open findings {unanswered} before resubmitting",
                code="findings_unanswered",
                params={"ids": unanswered},
            )
        product = fetch(session, Product, sub.product_id)
        version = _version_of(session, actor, product, version_id)
        current = session.get(ModelVersion, sub.model_version_id)
        if current is not None and version.number < current.number:
            raise InvalidInput(
                f"submission {sub.id}: version {version.number} is older than the submitted "
                f"version {current.number}"
            )
        _freeze(session, actor, sub, row_id(version))
        gate_submission(session, actor, sub, justifications)

    return step(session, actor, sub, A.RESUBMIT, apply, detail={"version_id": version_id})


def approve(actor: Actor, session: Session, *, submission_id: int, note: str = "") -> SubmissionRead:
    """评价与批准: approve; refused while a major or minor finding is open."""
    sub = load(actor, session, Submission, submission_id)

    def apply() -> None:
        blocking = [f.id for f in open_findings(session, row_id(sub), blocking_only=True)]
        if blocking:
            raise PreconditionFailed(
                f"submission {sub.id}: findings {blocking} are still open; resolve them or request changes",
                code="findings_open",
                params={"ids": blocking},
            )
        assert_prereview_clear(session, sub)

    return step(session, actor, sub, A.APPROVE, apply, detail={"note": note})


def reject(actor: Actor, session: Session, *, submission_id: int, reason: str) -> SubmissionRead:
    """Refuse certification, with the reason (final)."""
    sub = load(actor, session, Submission, submission_id)
    if not reason.strip():
        raise InvalidInput("a rejection needs a reason", code="reason_required")
    return step(session, actor, sub, A.REJECT, detail={"reason": reason.strip()})


def cancel(actor: Actor, session: Session, *, submission_id: int) -> SubmissionRead:
    """The enterprise withdraws its application before a decision (final)."""
    sub = load(actor, session, Submission, submission_id)
    return step(session, actor, sub, A.CANCEL)


# --- reading --------------------------------------------------------------------------------------------
def get_submission(actor: Actor, session: Session, *, submission_id: int) -> SubmissionRead:
    """One submission, for its enterprise, its body once submitted, and admins."""
    return SubmissionRead.model_validate(load(actor, session, Submission, submission_id))


def list_submissions(
    actor: Actor, session: Session, *, state: SubmissionState | str | None = None
) -> list[SubmissionRead]:
    """The submissions the actor may see: its enterprise's, or those submitted to its certification body."""
    check_actor(actor, session)
    query = select(Submission).order_by(col(Submission.id))
    if actor.role is Role.ENTERPRISE:
        query = query.join(Product, col(Product.id) == Submission.product_id).where(
            Product.owner_org_id == actor.org_id
        )
    elif actor.role is Role.CERTIFIER:
        query = query.where(Submission.certification_body_id == actor.org_id, col(Submission.round) >= 1)
    elif actor.role is not Role.ADMIN:
        return []
    if state is not None:
        query = query.where(Submission.state == SubmissionState(state))
    return [SubmissionRead.model_validate(s) for s in session.exec(query).all()]


def list_rounds(actor: Actor, session: Session, *, submission_id: int) -> list[SubmissionRoundRead]:
    """The versions a submission carried, round by round (1 = first submission)."""
    load(actor, session, Submission, submission_id)
    rows = session.exec(
        select(SubmissionRound)
        .where(SubmissionRound.submission_id == submission_id)
        .order_by(col(SubmissionRound.round))
    ).all()
    return [SubmissionRoundRead.model_validate(r) for r in rows]


def submission_history(actor: Actor, session: Session, *, submission_id: int) -> list[AuditLogRead]:
    """The audit rows of a submission (its transitions), oldest first, for those who may read it."""
    load(actor, session, Submission, submission_id)
    return object_history(session, "submission", submission_id)


def change_request(actor: Actor, session: Session, *, submission_id: int) -> str:
    """The certifier's note of the latest request for changes ('' if none): what the enterprise must change."""
    notes = [
        str(json.loads(h.detail or "{}").get("note") or "")
        for h in submission_history(actor, session, submission_id=submission_id)
        if h.action == f"submission.{A.REQUEST_CHANGES}"
    ]
    return notes[-1] if notes else ""


# --- helpers ---------------------------------------------------------------------------------------------
def step(
    session: Session,
    actor: Actor,
    sub: Submission,
    action: A,
    apply: Any = None,
    *,
    detail: dict[str, Any] | None = None,
) -> SubmissionRead:
    """One audited submission transition: check it, run `apply` (preconditions, side changes), record it."""
    with unit_of_work(session):
        before, state = row_hash(sub), sub.state
        act(actor, session, SUBMISSION, sub, action)
        if apply is not None:
            apply()
        sub.updated_at = utcnow()
        session.add(sub)
        record(
            session,
            actor,
            f"submission.{action}",
            sub,
            before=before,
            detail={"from": str(state), "to": str(sub.state), **(detail or {})},
        )
    return SubmissionRead.model_validate(sub)


def _version_of(session: Session, actor: Actor, product: Product, version_id: int | None) -> ModelVersion:
    pid = row_id(product)
    version = latest_version(session, pid) if version_id is None else session.get(ModelVersion, version_id)
    if version is None or version.product_id != pid:
        if version_id is None:
            raise PreconditionFailed(f"product {product.code!r} has no model version yet; save one first")
        raise NotFound(kind_name(ModelVersion), version_id)
    guard(actor, session, Verb.READ, version)
    return version


def _freeze(session: Session, actor: Actor, sub: Submission, version_id: int) -> None:
    """Start round n+1 of `sub` with `version_id`, freezing the version if it is not frozen yet."""
    version = session.get(ModelVersion, version_id)
    if version is not None and version.frozen_at is None:
        from workflow.integrity import freeze

        before = row_hash(version)
        freeze(version)
        session.add(version)
        record(session, actor, "model_version.freeze", version, before=before)
    sub.round += 1
    sub.model_version_id = version_id
    entry = SubmissionRound(
        submission_id=row_id(sub), round=sub.round, model_version_id=version_id, submitted_by_id=actor.uid
    )
    session.add(entry)
    record(
        session,
        actor,
        "submission_round.create",
        entry,
        before=None,
        detail={"submission": sub.id, "round": sub.round, "version": version_id},
    )


def _body(session: Session, body_id: int) -> Organisation:
    body = session.get(Organisation, body_id)
    if body is None or body.kind != OrgKind.CERTIFICATION_BODY or not body.active:
        raise InvalidInput(f"organisation {body_id} is not an active certification body")
    return body
