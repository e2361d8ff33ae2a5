"""Organisations, users, passwords: argon2id hashes, one error for every failed login, live account checks."""

from __future__ import annotations

import dataclasses

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from sqlmodel import Session, select

import workflow as wf
from tests.workflow.conftest import PASSWORD, PRODUCTION_HASHER, People
from workflow import accounts
from workflow.tables import User


class TestPasswords:
    def test_only_an_argon2id_hash_is_stored(self, people: People, session: Session) -> None:
        user = session.exec(select(User).where(User.username == "ent_a")).one()
        assert user.password_hash.startswith("$argon2id$v=19$")
        dump = session.execute(text("SELECT * FROM wf_user")).all()
        assert not any(PASSWORD in str(cell) for row in dump for cell in row)
        assert "password_hash" not in wf.tables.UserRead.model_fields

    def test_the_production_hasher_is_argon2id_with_rfc_9106_low_memory_parameters(self) -> None:
        hasher = PRODUCTION_HASHER()  # the real one, not the tests' cheap one
        digest = hasher.hash("a long enough password")
        assert digest.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        assert hasher.verify(digest, "a long enough password")

    def test_a_weak_hash_is_upgraded_at_the_next_login(
        self, people: People, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
        monkeypatch.setattr(accounts, "hasher", lambda: stronger)
        wf.authenticate(session, "ent_a", password=PASSWORD)
        user = session.exec(select(User).where(User.username == "ent_a")).one()
        assert "m=2048,t=2,p=1" in user.password_hash
        assert wf.audit_trail(people.admin, session)[-1].action == "user.rehash_password"

    @pytest.mark.parametrize("password", ["", "short", "123456789"])
    def test_a_short_password_is_refused(self, people: People, session: Session, password: str) -> None:
        with pytest.raises(wf.InvalidInput, match="at least 10 characters"):
            wf.create_user(
                people.admin, session, org_id=people.orgs["ent_a"], username="weak", password=password
            )


class TestAuthentication:
    def test_the_right_password_gives_the_actor(self, people: People, session: Session) -> None:
        actor = wf.authenticate(session, "  ENT_A ", password=PASSWORD)
        assert actor == people.ent_a
        assert (actor.role, actor.org_kind) == (wf.Role.ENTERPRISE, wf.OrgKind.ENTERPRISE)

    @pytest.mark.parametrize(
        ("username", "password"),
        [("ent_a", "wrong password!"), ("nobody", PASSWORD), ("", ""), ("ent_a", PASSWORD.upper())],
    )
    def test_every_failure_gives_the_same_error(
        self, people: People, session: Session, username: str, password: str
    ) -> None:
        with pytest.raises(wf.AuthenticationFailed) as caught:
            wf.authenticate(session, username, password=password)
        assert str(caught.value) == "wrong username or password"

    def test_an_unknown_user_still_costs_one_argon2_verification(
        self, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls: list[str] = []
        real = accounts.hasher()

        class Spy:
            def verify(self, digest: str, password: str) -> bool:
                calls.append(digest[:10])
                return real.verify(digest, password)

            def hash(self, password: str) -> str:
                return real.hash(password)

        monkeypatch.setattr(accounts, "hasher", lambda: Spy())
        with pytest.raises(wf.AuthenticationFailed):
            wf.authenticate(session, "nobody", password=PASSWORD)
        assert calls == ["$argon2id$"]

    def test_a_deactivated_user_can_neither_log_in_nor_act(self, people: People, session: Session) -> None:
        ent_a = people.ent_a
        wf.set_user_active(people.admin, session, user_id=ent_a.user_id, active=False)  # type: ignore[arg-type]
        with pytest.raises(wf.AuthenticationFailed):
            wf.authenticate(session, "ent_a", password=PASSWORD)
        with pytest.raises(wf.AccessDenied, match="unknown, deactivated or changed"):
            wf.create_product(ent_a, session, code="x", name_zh="x")
        with pytest.raises(wf.AccessDenied, match="unknown, deactivated or changed"):
            wf.list_products(ent_a, session)

    @pytest.mark.parametrize(
        "change",
        [
            {"role": wf.Role.ADMIN},
            {"org_id": 1},
            {"user_id": 999},
            {"username": "admin"},
            {"role": wf.Role.SYSTEM},
        ],
    )
    def test_a_forged_actor_is_refused(self, people: People, session: Session, change: dict) -> None:
        forged = dataclasses.replace(people.ent_a, **change)
        with pytest.raises(wf.AccessDenied):
            wf.list_organisations(forged, session)
        with pytest.raises(wf.AccessDenied):
            wf.create_organisation(forged, session, kind="enterprise", name_zh="伪造")

    def test_change_password(self, people: People, session: Session) -> None:
        with pytest.raises(wf.AuthenticationFailed):
            wf.change_password(
                people.ent_a, session, old_password="not it at all", new_password="a new password"
            )
        wf.change_password(people.ent_a, session, old_password=PASSWORD, new_password="a new password")
        assert wf.authenticate(session, "ent_a", password="a new password") == people.ent_a
        with pytest.raises(wf.AuthenticationFailed):
            wf.authenticate(session, "ent_a", password=PASSWORD)


class TestOrganisationsAndUsers:
    def test_the_first_admin_is_bootstrapped_once(self, people: People, session: Session) -> None:
        with pytest.raises(wf.Conflict, match="a platform admin already exists"):
            wf.bootstrap_admin(session, username="second", password=PASSWORD, org_name_zh="又一个")

    @pytest.mark.parametrize(
        ("org", "role"),
        [
            ("ent_a", "certifier"),
            ("cert_x", "enterprise"),
            ("std_s", "admin"),
            ("ent_a", "system"),
            ("ent_a", "boss"),
        ],
    )
    def test_a_role_must_fit_the_organisation(
        self, people: People, session: Session, org: str, role: str
    ) -> None:
        with pytest.raises(wf.InvalidInput, match="role"):
            wf.create_user(
                people.admin, session, org_id=people.orgs[org], username="new", password=PASSWORD, role=role
            )

    def test_usernames_and_identifiers_are_unique(self, people: People, session: Session) -> None:
        with pytest.raises(wf.Conflict, match="username 'ent_a' is taken"):
            wf.create_user(
                people.admin, session, org_id=people.orgs["ent_b"], username="ENT_A", password=PASSWORD
            )
        with pytest.raises(wf.Conflict, match="identifier 'TEST00000000000000'"):
            wf.create_organisation(
                people.admin, session, kind="enterprise", name_zh="重复", identifier="TEST00000000000000"
            )

    def test_an_unknown_kind_is_refused(self, people: People, session: Session) -> None:
        with pytest.raises(wf.InvalidInput, match="kind"):
            wf.create_organisation(people.admin, session, kind="government", name_zh="某部门")

    def test_members_see_their_colleagues_only(self, people: People, session: Session) -> None:
        wf.create_user(
            people.admin, session, org_id=people.orgs["ent_a"], username="ent_a2", password=PASSWORD
        )
        assert [u.username for u in wf.list_users(people.ent_a, session)] == ["ent_a", "ent_a2"]
        assert len(wf.list_users(people.admin, session)) == 8

    def test_enterprises_see_the_bodies_but_not_each_other(self, people: People, session: Session) -> None:
        seen = {o.name_en for o in wf.list_organisations(people.ent_a, session)}
        assert seen == {"ent_a", "cert_x", "cert_y", "std_s", "std_t", ""}  # "" is the platform operator
        bodies = wf.list_organisations(people.ent_a, session, kind="certification_body")
        assert [b.name_en for b in bodies] == ["cert_x", "cert_y"]
