"""Who may act on what: the `Actor`, the scope of every object, and one guard for all service functions.

Every object has a `Scope`: the organisation that owns it, the certification bodies that review it,
and whether it is public. Four verbs follow from it:

==========  ===========================================================================================
READ        admin: everything; owner organisation; reviewing bodies; anyone for public objects
EDIT        a member of the owner organisation (enterprise data, a standards body's PCR drafts)
REVIEW      a certifier of a reviewing body (comment and decide, never edit)
MANAGE      a platform admin (organisations and users)
==========  ===========================================================================================

`guard` raises `NotFound` when the actor may not even READ the object, so hidden data looks exactly
like missing data, and `AccessDenied` when it may read but not do the rest. `act` adds the transition
table: the role must appear in the table for that action, then the state must allow it. A new kind of
object (the MIIT declaration) joins by registering its scope function with `register_scope`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from factors.db import row_id as row_id  # one definition, re-exported for the services
from workflow.declaration_tables import Declaration
from workflow.errors import AccessDenied, NotFound
from workflow.states import Workflow, transition
from workflow.tables import (
    AuditLog,
    Certificate,
    Finding,
    ModelVersion,
    Organisation,
    PcrDraft,
    Product,
    Submission,
    SubmissionRound,
    User,
)
from workflow.vocab import ROLE_OF_KIND, OrgKind, PcrStatus, Role

T = TypeVar("T")


class Verb(StrEnum):
    READ = "read"
    EDIT = "edit"
    REVIEW = "review"
    MANAGE = "manage"


@dataclass(frozen=True)
class Actor:
    """An authenticated user as the services see it: who, in which organisation, with which role."""

    user_id: int | None
    username: str
    org_id: int | None
    org_kind: OrgKind | None
    role: Role

    @property
    def uid(self) -> int:
        """The user id of a real user (the system actor has none)."""
        if self.user_id is None:
            raise AccessDenied(self.label, "act as a user", "", "the system actor has no account")
        return self.user_id

    @property
    def oid(self) -> int:
        """The organisation id of a real user (the system actor has none)."""
        if self.org_id is None:
            raise AccessDenied(self.label, "act for an organisation", "", "the system actor has none")
        return self.org_id

    @property
    def label(self) -> str:
        where = f"{self.org_kind} #{self.org_id}" if self.org_id is not None else "no organisation"
        return f"user {self.username!r} ({self.role}, {where})"


SYSTEM = Actor(None, "system", None, None, Role.SYSTEM)
"""The actor of scheduled jobs (certificate expiry); services refuse any other actor with role system."""


@dataclass(frozen=True)
class Scope:
    """Who owns an object, which bodies review it, and whether everyone may read it."""

    kind: str
    ident: object
    owner_org_id: int | None
    reviewer_org_ids: frozenset[int] = frozenset()
    public: bool = False


_SCOPES: dict[type, Callable[[Session, Any], Scope]] = {}


def register_scope(cls: type, fn: Callable[[Session, Any], Scope]) -> None:
    """Declare how to find the scope of objects of `cls` (one call per table that the guard protects)."""
    _SCOPES[cls] = fn


def scope_of(session: Session, obj: object) -> Scope:
    try:
        fn = _SCOPES[type(obj)]
    except KeyError:
        raise TypeError(f"no access scope registered for {type(obj).__name__}") from None
    return fn(session, obj)


def may(actor: Actor, verb: Verb, scope: Scope) -> bool:
    """The access rule of the module docstring, for one actor, verb and scope."""
    if actor.role is Role.SYSTEM:
        return actor is SYSTEM
    owner = actor.org_id is not None and actor.org_id == scope.owner_org_id
    reviewer = actor.org_id in scope.reviewer_org_ids
    if verb is Verb.READ:
        return actor.role is Role.ADMIN or scope.public or owner or reviewer
    if verb is Verb.EDIT:
        return owner and actor.role in (Role.ENTERPRISE, Role.STANDARDS)
    if verb is Verb.REVIEW:
        return reviewer and actor.role is Role.CERTIFIER
    return actor.role is Role.ADMIN  # MANAGE


def check_actor(actor: Actor, session: Session) -> None:
    """Refuse an actor whose account is gone, deactivated or changed since it logged in."""
    if actor.role is Role.SYSTEM:
        if actor is not SYSTEM:
            raise AccessDenied(actor.label, "act as", "the system", "the system actor is internal")
        return
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    org = session.get(Organisation, user.org_id) if user is not None else None
    if (
        user is None
        or org is None
        or not user.active
        or not org.active
        or user.org_id != actor.org_id
        or user.role != actor.role
        or user.username != actor.username
    ):
        raise AccessDenied(actor.label, "act", "anything", "the account is unknown, deactivated or changed")


def guard(actor: Actor, session: Session, verb: Verb, obj: object) -> Scope:
    """Check that `actor` may `verb` `obj`: `NotFound` if it may not even read it, else `AccessDenied`."""
    check_actor(actor, session)
    scope = scope_of(session, obj)
    if not may(actor, Verb.READ, scope):
        raise NotFound(scope.kind, scope.ident)
    if verb is not Verb.READ and not may(actor, verb, scope):
        raise AccessDenied(actor.label, verb.value, f"{scope.kind} {scope.ident!r}", _why(verb))
    return scope


def load(actor: Actor, session: Session, cls: type[T], ident: object, verb: Verb = Verb.READ) -> T:
    """The row `cls(ident)` after `guard`; a missing row raises the same `NotFound` as a hidden one."""
    obj = session.get(cls, ident) if ident is not None else None
    if obj is None:
        check_actor(actor, session)
        raise NotFound(kind_name(cls), ident)
    guard(actor, session, verb, obj)
    return obj


def fetch(session: Session, cls: type[T], ident: object) -> T:
    """The row `cls(ident)` without an access check (for rows reached through one already checked)."""
    obj = session.get(cls, ident)
    if obj is None:
        raise NotFound(kind_name(cls), ident)
    return obj


ROLE_VERB = {
    Role.ENTERPRISE: Verb.EDIT,
    Role.STANDARDS: Verb.EDIT,
    Role.CERTIFIER: Verb.REVIEW,
    Role.ADMIN: Verb.MANAGE,
}


def act(
    actor: Actor, session: Session, workflow: Workflow, obj: Any, action: str, *, field: str = "state"
) -> str:
    """Check and apply `action` to `obj` through `workflow`; returns the new state (also set on `obj`).

    Order: the actor must see the object (`NotFound`), its role must appear in the table for the action
    and it must stand in the matching relation to the object (`AccessDenied`), and the current state
    must allow the action (`IllegalTransition`).
    """
    scope = guard(actor, session, Verb.READ, obj)
    target = f"{scope.kind} {scope.ident!r}"
    roles = workflow.roles_for(action)
    if actor.role not in roles:
        raise AccessDenied(
            actor.label,
            str(action),
            target,
            f"only {', '.join(sorted(roles)) or 'nobody'} may {action} a {workflow.name}",
        )
    verb = ROLE_VERB.get(actor.role)
    if verb is not None:
        guard(actor, session, verb, obj)
    old = getattr(obj, field)
    new = transition(workflow, old, action=action, role=actor.role, target=target)
    claim(session, obj, field, expected=str(old), new=str(new))
    setattr(obj, field, new)
    return new


def claim(session: Session, obj: Any, field: str, *, expected: str, new: str) -> None:
    """Change `obj`'s state column from `expected` to `new` in the database, atomically.

    One conditional ``UPDATE … WHERE id = ? AND <field> = expected``: it takes the row lock (PostgreSQL)
    or the write lock (SQLite) until the transaction ends, so of two sessions deciding the same object
    at once exactly one changes it; the other finds the state moved and gets `AlreadyDecided`.
    """
    from sqlalchemy import select as sa_select
    from sqlalchemy import update

    from workflow.errors import AlreadyDecided

    table = getattr(type(obj), "__table__", None)
    if table is None:  # not a stored row (a transition table exercised on a plain object)
        return
    conn = session.connection()
    done = conn.execute(
        update(table).where(table.c.id == obj.id, table.c[field] == expected).values({field: new})
    ).rowcount
    if done != 1:
        now = conn.execute(sa_select(table.c[field]).where(table.c.id == obj.id)).scalar()
        raise AlreadyDecided(kind_name(type(obj)), obj.id, str(now))


def lock_row(session: Session, obj: Any, column: str) -> None:
    """Hold `obj`'s row until the transaction ends (a no-op UPDATE of `column`: row lock / write lock)."""
    from sqlalchemy import update

    table = type(obj).__table__
    session.connection().execute(update(table).where(table.c.id == obj.id).values({column: table.c[column]}))


def require_role(actor: Actor, session: Session, role: Role, what: str) -> None:
    """Refuse `what` unless `actor` has `role` (for actions on no particular object)."""
    check_actor(actor, session)
    if actor.role is not role:
        raise AccessDenied(actor.label, what, "", f"only a {role} user may")


def role_matches(kind: OrgKind, role: Role) -> bool:
    return ROLE_OF_KIND.get(kind) is role


def _why(verb: Verb) -> str:
    return {
        Verb.EDIT: "only the owning organisation may change its data",
        Verb.REVIEW: "only a certifier of the assigned certification body may comment or decide",
        Verb.MANAGE: "only a platform admin may manage organisations and users",
    }.get(verb, "")


_KIND_NAMES = {"pcr_draft": "PCR draft", "audit_log": "audit entry", "miit_declaration": "declaration"}


def kind_name(cls: type) -> str:
    """How messages name objects of `cls`; `NotFound` for hidden and missing objects must read alike."""
    name = str(getattr(cls, "__tablename__", cls.__name__)).removeprefix("wf_")
    return _KIND_NAMES.get(name, name.replace("_", " "))


# --- scopes of the workflow tables --------------------------------------------------------------------
def _reviewers(session: Session, product_id: int) -> frozenset[int]:
    """Bodies assigned to a submission of the product that has been submitted at least once."""
    rows = session.exec(
        select(Submission.certification_body_id).where(
            Submission.product_id == product_id,
            col(Submission.round) >= 1,
            col(Submission.certification_body_id).is_not(None),
        )
    ).all()
    return frozenset(r for r in rows if r is not None)


def _product_scope(session: Session, p: Product) -> Scope:
    return Scope(kind_name(Product), p.id, p.owner_org_id, _reviewers(session, row_id(p)))


def _version_scope(session: Session, v: ModelVersion) -> Scope:
    """A version is reviewed by the bodies of the submissions that carried it in some round."""
    product = session.get(Product, v.product_id)
    bodies = session.exec(
        select(Submission.certification_body_id)
        .join(SubmissionRound, col(SubmissionRound.submission_id) == Submission.id)
        .where(SubmissionRound.model_version_id == v.id)
    ).all()
    verifiers = session.exec(
        select(Declaration.verification_body_id).where(
            Declaration.model_version_id == v.id, Declaration.status != "draft"
        )
    ).all()
    reviewers = frozenset(b for b in (*bodies, *verifiers) if b is not None)
    return Scope(kind_name(ModelVersion), v.id, product.owner_org_id if product else None, reviewers)


def _submission_scope(session: Session, s: Submission) -> Scope:
    product = session.get(Product, s.product_id)
    body = frozenset({s.certification_body_id}) if s.round >= 1 and s.certification_body_id else frozenset()
    return Scope(kind_name(Submission), s.id, product.owner_org_id if product else None, body)


def _finding_scope(session: Session, f: Finding) -> Scope:
    sub = _submission_scope(session, fetch(session, Submission, f.submission_id))
    return Scope(kind_name(Finding), f.id, sub.owner_org_id, sub.reviewer_org_ids)


def _certificate_scope(_session: Session, c: Certificate) -> Scope:
    return Scope(kind_name(Certificate), c.number, c.holder_org_id, frozenset({c.issuing_body_id}))


def _organisation_scope(session: Session, o: Organisation) -> Scope:
    """Bodies are public (applicants choose one); an enterprise is seen by its members and reviewers."""
    if o.kind != OrgKind.ENTERPRISE:
        return Scope(kind_name(Organisation), o.id, o.id, public=True)
    bodies = session.exec(
        select(Submission.certification_body_id)
        .join(Product, col(Product.id) == Submission.product_id)
        .where(Product.owner_org_id == o.id, col(Submission.round) >= 1)
    ).all()
    return Scope(kind_name(Organisation), o.id, o.id, frozenset(b for b in bodies if b is not None))


def _user_scope(_session: Session, u: User) -> Scope:
    return Scope(kind_name(User), u.id, u.org_id)


def _pcr_scope(_session: Session, p: PcrDraft) -> Scope:
    return Scope(kind_name(PcrDraft), p.id, p.owner_org_id, public=p.status != PcrStatus.DRAFT)


def _declaration_scope(_session: Session, d: Declaration) -> Scope:
    """The declarant's; its verification body once it was submitted (a draft is not the body's business)."""
    body = (
        frozenset({d.verification_body_id}) if d.status != "draft" and d.verification_body_id else frozenset()
    )
    return Scope(kind_name(Declaration), d.id, d.declarant_org_id, body)


def _audit_scope(_session: Session, a: AuditLog) -> Scope:
    return Scope(kind_name(AuditLog), a.id, None)


for _cls, _fn in (
    (Product, _product_scope),
    (ModelVersion, _version_scope),
    (Submission, _submission_scope),
    (Finding, _finding_scope),
    (Certificate, _certificate_scope),
    (Organisation, _organisation_scope),
    (User, _user_scope),
    (PcrDraft, _pcr_scope),
    (AuditLog, _audit_scope),
    (Declaration, _declaration_scope),
):
    register_scope(_cls, _fn)
