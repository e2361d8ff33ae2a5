"""Onboarding and accounts: invitations with one-time links, org admins managing their own staff, password
change and reset, lockout with back-off, failed sign-ins audited, signed session tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

import workflow as wf
from tests.workflow.conftest import PASSWORD, People
from workflow.accounts import LOCKOUT_AFTER, lockout_for
from workflow.tables import AuditLog, User

NEW = "a new long password 1"


def test_an_invitation_link_works_once(people: People, session: Session) -> None:
    inv = wf.invite_user(
        people.admin, session, org_id=people.orgs["ent_a"], username="newbie", org_admin=True
    )
    assert not inv.user.active and inv.user.org_admin
    with pytest.raises(wf.AuthenticationFailed):
        wf.authenticate(session, "newbie", password=NEW)
    actor = wf.accept_invitation(session, token=inv.token, password=NEW)
    assert actor.username == "newbie" and actor.role is wf.Role.ENTERPRISE
    assert wf.authenticate(session, "newbie", password=NEW).user_id == actor.user_id
    with pytest.raises(wf.InvalidInput) as caught:
        wf.accept_invitation(session, token=inv.token, password=NEW)
    assert caught.value.code == "token_invalid"


def test_an_org_admin_manages_its_own_staff_only(people: People, session: Session) -> None:
    inv = wf.invite_user(people.admin, session, org_id=people.orgs["ent_a"], username="boss", org_admin=True)
    boss = wf.accept_invitation(session, token=inv.token, password=NEW)
    staff = wf.create_user(boss, session, org_id=people.orgs["ent_a"], username="clerk", password=NEW)
    assert staff.org_id == people.orgs["ent_a"] and not staff.org_admin
    with pytest.raises(wf.NotFound):  # another enterprise is not even visible
        wf.create_user(boss, session, org_id=people.orgs["ent_b"], username="spy", password=NEW)
    with pytest.raises(wf.AccessDenied):  # an ordinary member may not
        wf.create_user(people.ent_a, session, org_id=people.orgs["ent_a"], username="x2", password=NEW)
    token = wf.request_password_reset(boss, session, user_id=staff.id)
    wf.reset_password(session, token=token, new_password="another long password")
    assert wf.authenticate(session, "clerk", password="another long password").username == "clerk"


def test_lockout_with_back_off_and_audited_failures(people: People, session: Session) -> None:
    for _ in range(LOCKOUT_AFTER):
        with pytest.raises(wf.AuthenticationFailed) as caught:
            wf.authenticate(session, "ent_a", password="wrong password!")
        assert caught.value.code == "auth_failed"
    with pytest.raises(wf.AuthenticationFailed) as caught:  # even the right password, while locked
        wf.authenticate(session, "ent_a", password=PASSWORD)
    assert caught.value.code == "account_locked" and caught.value.params["until"]
    later = wf.tables.utcnow() + lockout_for(LOCKOUT_AFTER) + dt.timedelta(seconds=1)
    assert wf.authenticate(session, "ent_a", password=PASSWORD, now=later).username == "ent_a"
    failed = session.exec(select(AuditLog).where(AuditLog.action == "user.sign_in_failed")).all()
    assert len(failed) == LOCKOUT_AFTER + 1
    user = session.exec(select(User).where(User.username == "ent_a")).one()
    assert user.failed_logins == 0 and user.locked_until is None
    assert [lockout_for(n).total_seconds() / 60 for n in (4, 5, 6, 7)] == [0, 1, 2, 4]
    assert lockout_for(60) == dt.timedelta(hours=24)
    with pytest.raises(wf.AuthenticationFailed):  # an unknown name is audited too
        wf.authenticate(session, "nobody", password="whatever12345")
    assert (
        session.exec(select(AuditLog).where(AuditLog.action == "user.sign_in_failed"))
        .all()[-1]
        .detail.find("nobody")
        > 0
    )


def test_session_tokens_survive_until_a_password_change(people: People, session: Session) -> None:
    token = wf.issue_session_token(session, people.ent_a)
    assert wf.actor_from_token(session, token) == people.ent_a
    for bad in (token[:-1] + ("0" if token[-1] != "0" else "1"), "1.2.3", token.replace(".", "x", 1)):
        with pytest.raises(wf.AuthenticationFailed) as caught:
            wf.actor_from_token(session, bad)
        assert caught.value.code == "session_invalid"
    wf.change_password(people.ent_a, session, old_password=PASSWORD, new_password=NEW)
    with pytest.raises(wf.AuthenticationFailed):
        wf.actor_from_token(session, token)
    fresh = wf.issue_session_token(session, wf.authenticate(session, "ent_a", password=NEW))
    assert wf.actor_from_token(session, fresh).username == "ent_a"


def test_an_expired_session_token_is_refused(people: People, session: Session) -> None:
    token = wf.issue_session_token(session, people.ent_a, ttl_hours=0)
    with pytest.raises(wf.AuthenticationFailed):
        wf.actor_from_token(session, token)
