"""Invitations, password resets and session tokens.

One-time tokens (invitation, reset) are random 32-byte strings handed out once; only their SHA-256 is stored,
with an expiry, and using one spends it. A session token is ``<user id>.<issued>.<expires>.<signature>``,
signed with HMAC-SHA256 by `PCF_SECRET_KEY` (or a secret generated once into the database): no password
ever reaches the browser, it expires, and a password change (or reset) voids every token issued before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlmodel import Session, select

from workflow.access import Actor, check_actor, fetch, load
from workflow.accounts import _aware, _manageable_org, actor_of, create_user, hash_password
from workflow.audit import record, row_hash, unit_of_work
from workflow.errors import AuthenticationFailed, InvalidInput
from workflow.pilot_tables import OneTimeToken
from workflow.secret_box import platform_secret
from workflow.tables import Organisation, User, UserRead, utcnow

SESSION_HOURS = 12


@dataclass(frozen=True)
class Invitation:
    """A new (inactive) user and the one-time token of its invitation link."""

    user: UserRead
    token: str
    expires_at: dt.datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _one_time(
    session: Session, purpose: str, user_id: int, by: int | None, hours: int
) -> tuple[str, dt.datetime]:
    token = secrets.token_urlsafe(32)
    expires = utcnow() + dt.timedelta(hours=hours)
    session.add(
        OneTimeToken(
            purpose=purpose, token_hash=_digest(token), user_id=user_id, created_by_id=by, expires_at=expires
        )
    )
    return token, expires


def invite_user(
    actor: Actor,
    session: Session,
    *,
    org_id: int,
    username: str,
    display_name: str = "",
    org_admin: bool = False,
    ttl_hours: int = 72,
) -> Invitation:
    """Create an inactive user of `org_id` and its invitation token (platform admin or that org's admin)."""
    _manageable_org(actor, session, org_id)
    placeholder = secrets.token_urlsafe(24)  # never told to anyone; replaced when the invitation is accepted
    user = create_user(
        actor,
        session,
        org_id=org_id,
        username=username,
        password=placeholder,
        display_name=display_name,
        org_admin=org_admin,
        active=False,
    )
    with unit_of_work(session):
        token, expires = _one_time(session, "invite", user.id, actor.user_id, ttl_hours)
        row = fetch(session, User, user.id)
        record(
            session, actor, "user.invite", row, before=row_hash(row), detail={"expires": expires.isoformat()}
        )
    return Invitation(user, token, expires)


def _spend(session: Session, token: str, purpose: str) -> tuple[OneTimeToken, User]:
    row = session.exec(select(OneTimeToken).where(OneTimeToken.token_hash == _digest(token.strip()))).first()
    if row is None or row.purpose != purpose or row.used_at is not None or _aware(row.expires_at) < utcnow():
        raise InvalidInput("this link is unknown, used or expired; ask for a new one", code="token_invalid")
    return row, fetch(session, User, row.user_id)


def accept_invitation(session: Session, *, token: str, password: str) -> Actor:
    """Set the invited user's password and activate it (the token is spent); returns its actor."""
    row, user = _spend(session, token, "invite")
    with unit_of_work(session):
        before = row_hash(user)
        user.password_hash, user.active, user.password_changed_at = hash_password(password), True, utcnow()
        row.used_at = utcnow()
        session.add_all([user, row])
        record(session, actor_of(session, user), "user.accept_invitation", user, before=before)
    return actor_of(session, user)


def request_password_reset(actor: Actor, session: Session, *, user_id: int, ttl_hours: int = 24) -> str:
    """A one-time reset token for a user (platform admin, or the admin of the user's organisation)."""
    user = load(actor, session, User, user_id)
    _manageable_org(actor, session, user.org_id)
    with unit_of_work(session):
        token, expires = _one_time(session, "reset", user_id, actor.user_id, ttl_hours)
        record(
            session,
            actor,
            "user.reset_requested",
            user,
            before=row_hash(user),
            detail={"expires": expires.isoformat()},
        )
    return token


def reset_password(session: Session, *, token: str, new_password: str) -> None:
    """Set a new password with a reset token (spent); unlocks the account and voids its sessions."""
    row, user = _spend(session, token, "reset")
    with unit_of_work(session):
        before = row_hash(user)
        user.password_hash, user.password_changed_at = hash_password(new_password), utcnow()
        user.failed_logins, user.locked_until = 0, None
        row.used_at = utcnow()
        session.add_all([user, row])
        record(session, actor_of(session, user), "user.reset_password", user, before=before)


# --- session tokens ------------------------------------------------------------------------------------
def _sign(session: Session, payload: str) -> str:
    return hmac.new(platform_secret(session), payload.encode("utf-8"), hashlib.sha256).hexdigest()


def issue_session_token(session: Session, actor: Actor, *, ttl_hours: int = SESSION_HOURS) -> str:
    """A signed token naming the actor's user, valid `ttl_hours` (kept by the browser instead of a password)."""
    check_actor(actor, session)
    now = int(utcnow().timestamp() * 1000)  # milliseconds
    payload = f"{actor.uid}.{now}.{now + ttl_hours * 3_600_000}"
    return f"{payload}.{_sign(session, payload)}"


def actor_from_token(session: Session, token: str) -> Actor:
    """The actor of a valid session token; `AuthenticationFailed` (code ``session_invalid``) otherwise."""
    refused = AuthenticationFailed("the session has ended; sign in again", code="session_invalid")
    parts = token.strip().split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts[:3]):
        raise refused
    payload = ".".join(parts[:3])
    if not hmac.compare_digest(_sign(session, payload), parts[3]):
        raise refused
    uid, issued, expires = (int(p) for p in parts[:3])
    user = session.get(User, uid)
    if user is None or not user.active or expires < utcnow().timestamp() * 1000:
        raise refused
    if int(_aware(user.password_changed_at).timestamp() * 1000) > issued:
        raise refused
    org = session.get(Organisation, user.org_id)
    if org is None or not org.active:
        raise refused
    return actor_of(session, user)


__all__ = [
    "Invitation",
    "accept_invitation",
    "actor_from_token",
    "invite_user",
    "issue_session_token",
    "request_password_reset",
    "reset_password",
]
