"""Organisations, users, passwords (argon2id) and authentication.

Only a platform admin creates organisations and users; the first admin comes from `bootstrap_admin`,
which works only while no admin exists. Passwords are stored as argon2id PHC strings
(``$argon2id$v=19$m=65536,t=3,p=4$…``); authentication runs one argon2 verification whether or not the
user exists, so a wrong password and an unknown user take the same time and give the same error.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import ValidationError
from sqlmodel import Session, col, select

from factors.columns import check_row
from workflow.access import Actor, Verb, check_actor, fetch, guard, load, require_role, role_matches, row_id
from workflow.audit import record, row_hash, unit_of_work
from workflow.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from workflow.tables import (
    Organisation,
    OrganisationCreate,
    OrganisationRead,
    User,
    UserCreate,
    UserRead,
    utcnow,
)
from workflow.vocab import ROLE_OF_KIND, OrgKind, Role

MIN_PASSWORD_LENGTH = 10
E = TypeVar("E", bound=StrEnum)


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    """The one argon2id hasher (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4)."""
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:  # verified against when the user is unknown, to equalise timing
    return hasher().hash("not-a-real-password-for-timing-only")


def hash_password(password: str) -> str:
    """An argon2id hash of `password`; refuses passwords shorter than `MIN_PASSWORD_LENGTH`."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters, got {len(password)}")
    return hasher().hash(password)


def normalise_username(username: str) -> str:
    return username.strip().lower()


def actor_of(session: Session, user: User) -> Actor:
    """The `Actor` of a stored user."""
    org = session.get(Organisation, user.org_id)
    return Actor(user.id, user.username, user.org_id, OrgKind(org.kind) if org else None, Role(user.role))


LOCKOUT_AFTER = 5  # consecutive failures before the account locks
LOCKOUT_MAX = dt.timedelta(hours=24)


def lockout_for(failures: int) -> dt.timedelta:
    """How long an account locks after `failures` consecutive failures: 1, 2, 4 … minutes, at most 24 h."""
    if failures < LOCKOUT_AFTER:
        return dt.timedelta(0)
    return min(dt.timedelta(minutes=2 ** min(failures - LOCKOUT_AFTER, 20)), LOCKOUT_MAX)


def authenticate(session: Session, username: str, *, password: str, now: dt.datetime | None = None) -> Actor:
    """The actor of `username` if `password` matches, else `AuthenticationFailed` (one error for all).

    Every failure is audited (``user.sign_in_failed``); after `LOCKOUT_AFTER` in a row the account is
    locked with back-off (`lockout_for`), and while locked even the right password is refused
    (code ``account_locked``, params ``until``).
    """
    now = now or utcnow()
    user = session.exec(select(User).where(User.username == normalise_username(username))).first()
    if user is not None and user.locked_until is not None and _aware(user.locked_until) > now:
        _failed(session, user, username, now, locked=True)
        raise AuthenticationFailed(
            f"the account is locked until {_aware(user.locked_until):%Y-%m-%d %H:%M} UTC after repeated failures",
            code="account_locked",
            params={"until": _aware(user.locked_until).isoformat(timespec="minutes")},
        )
    stored = user.password_hash if user is not None else _dummy_hash()
    try:
        hasher().verify(stored, password)
        ok = user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    org = session.get(Organisation, user.org_id) if user is not None else None
    if not ok or user is None or org is None or not user.active or not org.active:
        _failed(session, user, username, now, counts=not ok)
        raise AuthenticationFailed()
    if user.failed_logins or user.locked_until is not None:
        with unit_of_work(session):
            user.failed_logins, user.locked_until = 0, None
            session.add(user)
    if hasher().check_needs_rehash(user.password_hash):  # parameters were raised since it was stored
        with unit_of_work(session):
            before = row_hash(user)
            user.password_hash = hasher().hash(password)
            session.add(user)
            record(session, actor_of(session, user), "user.rehash_password", user, before=before)
    return actor_of(session, user)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _failed(
    session: Session,
    user: User | None,
    username: str,
    now: dt.datetime,
    *,
    locked: bool = False,
    counts: bool = True,
) -> None:
    """Audit a failed sign-in; count it against a known user and lock after too many."""
    from workflow.access import SYSTEM

    with unit_of_work(session):
        detail: dict[str, object] = {"username": normalise_username(username)[:64], "locked": locked}
        if user is not None and counts and not locked:
            before = row_hash(user)
            user.failed_logins += 1
            wait = lockout_for(user.failed_logins)
            if wait:
                user.locked_until = now + wait
                detail["locked_until"] = user.locked_until.isoformat(timespec="minutes")
            session.add(user)
            record(session, SYSTEM, "user.sign_in_failed", user, before=before, detail=detail)
        elif user is not None:
            record(session, SYSTEM, "user.sign_in_failed", user, before=row_hash(user), detail=detail)
        else:
            from workflow.audit import record_event

            record_event(session, SYSTEM, "user.sign_in_failed", "user", "", detail=detail)


def bootstrap_admin(
    session: Session,
    *,
    username: str,
    password: str,
    org_name_zh: str,
    org_name_en: str = "",
    demo: bool = False,
) -> Actor:
    """Create the platform-admin organisation and its first admin; refused once any admin exists."""
    if session.exec(select(User).where(User.role == Role.ADMIN)).first() is not None:
        raise Conflict("a platform admin already exists; ask them to create further users")
    with unit_of_work(session):
        org = Organisation(kind=OrgKind.PLATFORM_ADMIN, name_zh=org_name_zh, name_en=org_name_en, demo=demo)
        session.add(org)
        session.flush()
        user = User(
            username=_check_username(session, username),
            org_id=row_id(org),
            role=Role.ADMIN,
            display_name=username,
            password_hash=hash_password(password),
        )
        session.add(user)
        session.flush()
        actor = actor_of(session, user)
        record(session, actor, "organisation.create", org, before=None, detail={"bootstrap": True})
        record(session, actor, "user.create", user, before=None, detail={"bootstrap": True})
    return actor


def create_organisation(
    actor: Actor,
    session: Session,
    *,
    kind: OrgKind | str,
    name_zh: str,
    name_en: str = "",
    identifier: str | None = None,
    region: str = "",
    demo: bool = False,
) -> OrganisationRead:
    """A new organisation (platform admin only); `identifier` (e.g. the USCC) must be unique."""
    require_role(actor, session, Role.ADMIN, "create an organisation")
    try:
        data = OrganisationCreate(
            kind=_enum(OrgKind, kind, "organisation kind"),
            name_zh=name_zh,
            name_en=name_en,
            identifier=identifier or None,
            region=region,
            demo=demo,
        )
    except ValidationError as exc:
        raise InvalidInput(f"organisation: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}") from None
    if not data.name_zh.strip():
        raise InvalidInput("an organisation needs a name (name_zh)")
    if (
        data.identifier
        and session.exec(select(Organisation).where(Organisation.identifier == data.identifier)).first()
        is not None
    ):
        raise Conflict(f"an organisation with identifier {data.identifier!r} already exists")
    with unit_of_work(session):
        org = Organisation.model_validate(data)
        check_row(org, InvalidInput)
        session.add(org)
        record(session, actor, "organisation.create", org, before=None)
    return OrganisationRead.model_validate(org)


def create_user(
    actor: Actor,
    session: Session,
    *,
    org_id: int,
    username: str,
    password: str,
    display_name: str = "",
    role: Role | str | None = None,
    org_admin: bool = False,
    active: bool = True,
) -> UserRead:
    """A new user of organisation `org_id` (platform admin, or an org admin for its own organisation);
    the role follows the organisation's kind."""
    org = _manageable_org(actor, session, org_id)
    expected = ROLE_OF_KIND[OrgKind(org.kind)]
    try:
        data = UserCreate(
            username=normalise_username(username),
            display_name=display_name or username,
            org_id=org_id,
            role=_enum(Role, role, "role") if role else expected,
            password=password,
        )
    except ValidationError as exc:
        raise InvalidInput(f"user: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}") from None
    if not role_matches(OrgKind(org.kind), data.role):
        raise InvalidInput(f"role {data.role} does not fit a {org.kind} organisation; use {expected}")
    with unit_of_work(session):
        user = User(
            username=_check_username(session, data.username),
            display_name=data.display_name,
            org_id=org_id,
            role=data.role,
            password_hash=hash_password(data.password),
            org_admin=org_admin,
            active=active,
        )
        check_row(user, InvalidInput)
        session.add(user)
        record(session, actor, "user.create", user, before=None, detail={"org_admin": org_admin})
    return UserRead.model_validate(user)


def _manageable_org(actor: Actor, session: Session, org_id: int) -> Organisation:
    """The organisation if `actor` may manage its users: a platform admin, or an org admin of that org."""
    if actor.role is Role.ADMIN:
        return load(actor, session, Organisation, org_id, Verb.MANAGE)
    check_actor(actor, session)
    me = fetch(session, User, actor.uid)
    org = load(actor, session, Organisation, org_id)
    if not me.org_admin or org.id != actor.org_id:
        from workflow.errors import AccessDenied

        raise AccessDenied(
            actor.label,
            "manage users of",
            f"organisation {org_id}",
            "only a platform admin, or an administrator of that organisation, may",
        )
    return org


def set_user_active(actor: Actor, session: Session, *, user_id: int, active: bool) -> UserRead:
    """Deactivate (or reactivate) a user, who then can neither log in nor act (platform admin only)."""
    user = load(actor, session, User, user_id, Verb.MANAGE)
    with unit_of_work(session):
        before = row_hash(user)
        user.active = active
        session.add(user)
        record(session, actor, "user.activate" if active else "user.deactivate", user, before=before)
    return UserRead.model_validate(user)


def change_password(actor: Actor, session: Session, *, old_password: str, new_password: str) -> None:
    """Change one's own password after checking the old one."""
    check_actor(actor, session)
    user = fetch(session, User, actor.uid)
    try:
        hasher().verify(user.password_hash, old_password)
    except (VerificationError, InvalidHashError):
        raise AuthenticationFailed() from None
    with unit_of_work(session):
        before = row_hash(user)
        user.password_hash = hash_password(new_password)
        user.password_changed_at = utcnow()  # every session token issued before this stops working
        session.add(user)
        record(session, actor, "user.change_password", user, before=before)


def get_organisation(actor: Actor, session: Session, *, org_id: int) -> OrganisationRead:
    """One organisation the actor may see (bodies are public; an enterprise only to itself and reviewers)."""
    return OrganisationRead.model_validate(load(actor, session, Organisation, org_id))


def list_organisations(
    actor: Actor, session: Session, *, kind: OrgKind | str | None = None
) -> list[OrganisationRead]:
    """The organisations the actor may see, optionally of one kind."""
    check_actor(actor, session)
    query = select(Organisation).order_by(col(Organisation.id))
    if kind is not None:
        query = query.where(Organisation.kind == OrgKind(kind))
    out = []
    for org in session.exec(query).all():
        try:
            guard(actor, session, Verb.READ, org)
        except NotFound:  # hidden from this actor
            continue
        out.append(OrganisationRead.model_validate(org))
    return out


def list_users(actor: Actor, session: Session, *, org_id: int | None = None) -> list[UserRead]:
    """Users of the actor's own organisation; a platform admin sees every organisation's users."""
    check_actor(actor, session)
    query = select(User).order_by(col(User.id))
    if actor.role is not Role.ADMIN:
        query = query.where(User.org_id == actor.org_id)
    if org_id is not None:
        query = query.where(User.org_id == org_id)
    return [UserRead.model_validate(u) for u in session.exec(query).all()]


def _enum(cls: type[E], value: str, what: str) -> E:
    """`value` as a member of the string enum `cls`, or `InvalidInput` listing the members."""
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(m.value for m in cls)
        raise InvalidInput(f"{what} {value!r} is not one of {allowed}") from None


def _check_username(session: Session, username: str) -> str:
    name = normalise_username(username)
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise InvalidInput(f"username {username!r}: 1-64 characters, no spaces")
    if session.exec(select(User).where(User.username == name)).first() is not None:
        raise Conflict(f"username {name!r} is taken")
    return name
