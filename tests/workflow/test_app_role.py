"""PostgreSQL: the app connects as a role that owns nothing it must not change (issue 12).

The database is created by the owner (the test server's role, as `pcf db init` would run); the app role is
granted by `grant_app_role`. As the app role the whole certification path works, while rewriting the audit
log, a frozen version or a certificate's figures, truncating, dropping or disabling triggers are refused by
PostgreSQL itself (SQLSTATE 42501, insufficient privilege), not only by the triggers.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

import workflow as wf
from factors.db import create_schema, make_engine
from tests.factors.test_cli_factors import ok, pcf
from tests.workflow.conftest import accept_rule_findings, make_people, model_text, submit
from workflow.db_roles import AppRoleGrants, grant_app_role
from workflow.integrity import verify_integrity

ON_POSTGRESQL = pytest.mark.parametrize(
    "loaded_engine", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@dataclass
class AppDb:
    owner: Engine
    app: Engine
    grants: AppRoleGrants


def _drop_role(owner: Engine, role: str) -> None:
    with owner.begin() as conn:
        conn.execute(text(f'DROP OWNED BY "{role}"'))  # its grants in this database
        conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


@pytest.fixture
def app_db(loaded_engine: Engine) -> Iterator[AppDb]:
    """The bundled-release database on PostgreSQL (tests pick that backend), and an engine connected as a
    fresh, uniquely named app role, dropped afterwards."""
    owner = loaded_engine
    role = f"pcf_app_{uuid.uuid4().hex[:10]}"
    grants = grant_app_role(owner, role)
    url = make_url(owner.url.render_as_string(hide_password=False)).set(username=role, password=None)
    app = make_engine(url.render_as_string(hide_password=False))
    try:
        yield AppDb(owner, app, grants)
    finally:
        app.dispose()
        _drop_role(owner, role)


def _refused(app: Engine, sql: str) -> str:
    """Run `sql` as the app role; return the SQLSTATE it was refused with (fails when it ran)."""
    with pytest.raises(DBAPIError) as caught, app.begin() as conn:
        conn.execute(text(sql))
    return str(getattr(caught.value.orig, "sqlstate", ""))


@ON_POSTGRESQL
def test_app_role_runs_the_workflow_and_cannot_rewrite_records(app_db: AppDb) -> None:
    with Session(app_db.app) as s:
        assert create_schema(app_db.app) > 0  # the app's own start-up call is a no-op for it, not an error
        people = make_people(s)
        product = wf.create_product(people.ent_a, s, code="cell", name_zh="电芯", category="battery.cell")
        version = wf.save_model_version(people.ent_a, s, product_id=product.id, yaml_text=model_text("cell"))
        sub = wf.create_submission(
            people.ent_a, s, product_id=product.id, certification_body_id=people.orgs["cert_x"]
        )
        submit(people.ent_a, s, sub.id)
        wf.start_review(people.cert_x, s, submission_id=sub.id)
        accept_rule_findings(people.cert_x, s, sub.id)
        wf.approve(people.cert_x, s, submission_id=sub.id)
        cert = wf.issue_certificate(people.cert_x, s, submission_id=sub.id)
        wf.suspend(people.cert_x, s, number=cert.number, reason="surveillance audit pending")
        assert verify_integrity(s).ok
    denied = "42501"  # insufficient_privilege: a grant missing or "must be owner of table"
    assert _refused(app_db.app, "UPDATE wf_audit_log SET actor = 'x'") == denied
    assert _refused(app_db.app, "DELETE FROM wf_audit_log") == denied
    assert _refused(app_db.app, "TRUNCATE wf_audit_log") == denied
    assert _refused(app_db.app, "DROP TRIGGER wf_audit_log_protect ON wf_audit_log") == denied
    assert _refused(app_db.app, "ALTER TABLE wf_audit_log DISABLE TRIGGER USER") == denied
    assert _refused(app_db.app, "ALTER TABLE wf_certificate DISABLE TRIGGER wf_certificate_fixed") == denied
    assert _refused(app_db.app, "DROP TABLE wf_audit_log") == denied
    assert (
        _refused(app_db.app, f"UPDATE wf_certificate SET total = 1 WHERE number = '{cert.number}'") == denied
    )
    assert _refused(app_db.app, f"DELETE FROM wf_model_version WHERE id = {version.id}") == denied
    assert _refused(app_db.app, "TRUNCATE wf_model_version") == denied
    assert _refused(app_db.app, "DELETE FROM wf_evidence_blob") == denied
    # frozen versions: the app may UPDATE drafts, so here the trigger is the guard (raise_exception, P0001)
    assert _refused(app_db.app, f"UPDATE wf_model_version SET total = 1 WHERE id = {version.id}") == "P0001"
    with Session(app_db.owner) as s:
        assert verify_integrity(s).ok  # nothing above left a trace


@ON_POSTGRESQL
def test_granting_again_converges_and_refuses_unsafe_roles(app_db: AppDb) -> None:
    again = grant_app_role(app_db.owner, app_db.grants.role)
    assert not again.created and again.tables == app_db.grants.tables
    assert again.tables["wf_audit_log"] == ("SELECT", "INSERT")
    assert again.tables["wf_certificate"] == ("SELECT", "INSERT", "UPDATE (status, status_reason)")
    with app_db.owner.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
                "WHERE grantee = :r AND privilege_type IN ('TRUNCATE', 'TRIGGER', 'REFERENCES')"
            ),
            {"r": app_db.grants.role},
        ).all()
        owner = conn.execute(text("SELECT current_user")).scalar_one()
    assert rows == []
    with pytest.raises(wf.PreconditionFailed, match="is the role running this"):
        grant_app_role(app_db.owner, owner)
    with pytest.raises(wf.InvalidInput, match="lower-case letters"):
        grant_app_role(app_db.owner, 'x"; DROP TABLE wf_audit_log; --')


def test_sqlite_has_no_roles(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'pcf.db'}")
    with pytest.raises(wf.InvalidInput, match="has no roles") as caught:
        grant_app_role(engine, "pcf_app")
    assert caught.value.code == "app_role_backend"


@pytest.mark.postgres
def test_cli_init_with_app_role(pg_server: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`pcf db init --app-role` twice on PostgreSQL; refused with a clear message on SQLite."""
    from sqlmodel import SQLModel

    import workflow.tables  # noqa: F401  (the tables to drop)

    owner = make_engine(pg_server)
    SQLModel.metadata.drop_all(owner)
    role = f"pcf_app_{uuid.uuid4().hex[:10]}"
    try:
        first = ok(pcf(pg_server, "db", "init", "--app-role", role))
        assert f"app role {role}: created, owns nothing" in first
        assert "wf_audit_log" in first.split("read and insert only:")[1]
        assert f"app role {role}: already there" in ok(pcf(pg_server, "db", "init", "--app-role", role))
    finally:
        _drop_role(owner, role)
        SQLModel.metadata.drop_all(owner)
        owner.dispose()
    refused: subprocess.CompletedProcess[str] = pcf(
        f"sqlite:///{tmp_path / 'pcf.db'}", "db", "init", "--app-role", "pcf_app"
    )
    assert refused.returncode == 1 and "has no database roles" in refused.stderr
