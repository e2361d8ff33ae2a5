"""Tamper evidence with raw SQL probes on both backends: the triggers refuse REPLACE, TRUNCATE and changes
to certificates; the hash chain and content hashes find what got past them (`verify_integrity`)."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, select

import workflow as wf
from tests.workflow.conftest import Flow
from workflow.integrity import verify_integrity
from workflow.tables import AuditLog, Certificate, ModelVersion

REFUSED = (DBAPIError, IntegrityError)


def certified(flow: Flow) -> Certificate:
    sid = flow.to_state(wf.SubmissionState.CERTIFIED)
    cert = flow.session.exec(select(Certificate).where(Certificate.submission_id == sid)).one()
    return cert


def raw(session: Session, sql: str, **params: object) -> None:
    """Run `sql` in its own transaction on a fresh connection; raises what the database raises."""
    session.rollback()  # the test's session holds no lock the probe would wait for
    with session.get_bind().begin() as conn:  # type: ignore[union-attr]
        conn.execute(text(sql), params)


def test_a_clean_history_verifies(flow: Flow) -> None:
    certified(flow)
    report = verify_integrity(flow.session)
    assert report.ok, report.problems
    assert report.audit_rows > 10 and report.versions >= 1 and report.certificates == 1


def test_audit_rows_are_chained(flow: Flow) -> None:
    certified(flow)
    rows = flow.session.exec(select(AuditLog).order_by(AuditLog.seq)).all()  # type: ignore[arg-type]
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == "" and all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(rows))


def test_replace_of_an_audit_row_is_refused(flow: Flow) -> None:
    certified(flow)
    row = flow.session.exec(select(AuditLog).order_by(AuditLog.id)).first()
    assert row is not None
    sql = (
        "INSERT OR REPLACE INTO wf_audit_log (id, at, actor, actor_role, action, object_type, object_id, detail) "
        "VALUES (:id, '2026-01-01', 'x', 'admin', 'forged', 'x', '1', '{}')"
        if flow.session.get_bind().dialect.name == "sqlite"
        else "INSERT INTO wf_audit_log (id, at, actor, actor_role, action, object_type, object_id, detail) "
        "VALUES (:id, '2026-01-01', 'x', 'admin', 'forged', 'x', '1', '{}') "
        "ON CONFLICT (id) DO UPDATE SET action = 'forged'"
    )
    with pytest.raises(REFUSED):
        raw(flow.session, sql, id=row.id)
    assert verify_integrity(flow.session).ok


def test_replace_of_a_frozen_version_is_refused(flow: Flow) -> None:
    certified(flow)
    v = flow.session.get(ModelVersion, flow.version_id)
    assert v is not None and v.frozen_at is not None
    if flow.session.get_bind().dialect.name == "sqlite":
        sql = (
            "INSERT OR REPLACE INTO wf_model_version (id, product_id, number, yaml_text, model_hash, factor_release, "
            "result_json, total, unit, functional_unit, gwp, note, created_by_id, created_at) "
            "SELECT id, product_id, number, yaml_text, model_hash, factor_release, result_json, 1.0, unit, "
            "functional_unit, gwp, note, created_by_id, created_at FROM wf_model_version WHERE id = :id"
        )
    else:
        sql = (
            "INSERT INTO wf_model_version (id, product_id, number, yaml_text, model_hash, factor_release, "
            "result_json, total, unit, functional_unit, gwp, note, created_by_id, created_at) "
            "SELECT id, product_id, number, yaml_text, model_hash, factor_release, result_json, 1.0, unit, "
            "functional_unit, gwp, note, created_by_id, created_at FROM wf_model_version WHERE id = :id "
            "ON CONFLICT (id) DO UPDATE SET total = 1.0"
        )
    with pytest.raises(REFUSED):
        raw(flow.session, sql, id=v.id)
    flow.session.expire_all()
    assert flow.session.get(ModelVersion, v.id).total == v.total  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "column, value",
    [
        ("total", 1.0),
        ("number", "'CFP-JX-2026-999999'"),
        ("expires_on", "'2099-01-01'"),
        ("content_hash", "''"),
    ],
)
def test_a_certificate_changes_only_its_status(flow: Flow, column: str, value: object) -> None:
    ident = certified(flow).id
    with pytest.raises(REFUSED):
        raw(flow.session, f"UPDATE wf_certificate SET {column} = {value} WHERE id = :id", id=ident)
    with pytest.raises(REFUSED):
        raw(flow.session, "DELETE FROM wf_certificate WHERE id = :id", id=ident)
    raw(flow.session, "UPDATE wf_certificate SET status_reason = 'note' WHERE id = :id", id=ident)


@pytest.mark.parametrize("table", ["wf_audit_log", "wf_certificate", "wf_model_version", "wf_rule_check"])
def test_emptying_a_table_is_refused(flow: Flow, table: str) -> None:
    """PostgreSQL's TRUNCATE passes row triggers (statement trigger needed); SQLite's whole-table DELETE
    (its truncate optimisation) must still fire them."""
    certified(flow)
    pg = flow.session.get_bind().dialect.name == "postgresql"
    with pytest.raises(REFUSED):
        raw(flow.session, f"TRUNCATE {table} CASCADE" if pg else f"DELETE FROM {table}")
    flow.session.expire_all()
    assert verify_integrity(flow.session).ok


def _without_triggers(session: Session, sql: str, table: str) -> None:
    """What a database owner could still do: drop the guard triggers, change the row."""
    dialect = session.get_bind().dialect.name
    session.rollback()
    with session.get_bind().begin() as conn:  # type: ignore[union-attr]
        if dialect == "sqlite":
            names = (
                conn.execute(
                    text("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name=:t"), {"t": table}
                )
                .scalars()
                .all()
            )
            for name in names:
                conn.execute(text(f"DROP TRIGGER {name}"))
        else:
            conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        conn.execute(text(sql))


def test_verify_names_the_first_broken_audit_link(flow: Flow) -> None:
    certified(flow)
    rows = flow.session.exec(select(AuditLog).order_by(AuditLog.seq)).all()  # type: ignore[arg-type]
    ident, seq = rows[len(rows) // 2].id, rows[len(rows) // 2].seq
    _without_triggers(
        flow.session, f"UPDATE wf_audit_log SET actor = 'someone' WHERE id = {ident}", "wf_audit_log"
    )
    flow.session.expire_all()
    report = verify_integrity(flow.session)
    assert not report.ok and report.first_broken is not None
    assert f"seq {seq} " in report.first_broken and "entry_hash" in report.first_broken


def test_verify_finds_a_removed_audit_row(flow: Flow) -> None:
    certified(flow)
    rows = flow.session.exec(select(AuditLog).order_by(AuditLog.seq)).all()  # type: ignore[arg-type]
    ident, seq = rows[3].id, rows[3].seq
    _without_triggers(flow.session, f"DELETE FROM wf_audit_log WHERE id = {ident}", "wf_audit_log")
    flow.session.expire_all()
    report = verify_integrity(flow.session)
    assert report.first_broken is not None and f"seq {seq}: missing" in report.first_broken


def test_verify_finds_a_tampered_certificate_and_version(flow: Flow) -> None:
    cert = certified(flow)
    ident, number = cert.id, cert.number
    _without_triggers(
        flow.session, f"UPDATE wf_certificate SET total = 1.0 WHERE id = {ident}", "wf_certificate"
    )
    _without_triggers(
        flow.session,
        f"UPDATE wf_model_version SET total = 1.0 WHERE id = {flow.version_id}",
        "wf_model_version",
    )
    flow.session.expire_all()
    problems = verify_integrity(flow.session).problems
    assert any(number in p for p in problems) and any(f"id {flow.version_id} " in p for p in problems)
