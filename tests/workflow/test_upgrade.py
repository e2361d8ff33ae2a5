"""A store made by the first workflow wave (before issue 12) is upgraded by `create_schema`, not broken.

The old tables below are written by hand from `workflow/tables.py` as it was before commit 20c9d92 (the
pilot wave), with that version's UPDATE/DELETE triggers on the audit log and frozen versions: a compact
subset (the tables the certification path touches); the others are new to the upgrade anyway.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

import workflow as wf
from factors.bundled import load_bundled
from factors.db import create_schema, upgrade_schema
from tests.conftest import (
    BACKENDS,
    PINNED_TODAY,  # certificate issuing's today (pinned)
    _fresh_engine,
)
from tests.workflow.conftest import PASSWORD, accept_rule_findings, model_text, submit
from workflow.integrity import verify_integrity
from workflow.schema import WORKFLOW_SCHEMA_VERSION, WorkflowSchema
from workflow.tables import AuditLog, Certificate, ModelVersion, User

OLD_TABLES = """
CREATE TABLE wf_organisation (id {pk}, kind VARCHAR(24) NOT NULL, name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL, identifier VARCHAR(40) UNIQUE, region VARCHAR(40) NOT NULL, demo BOOLEAN NOT NULL,
  active BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL);
CREATE TABLE wf_user (id {pk}, username VARCHAR(64) NOT NULL UNIQUE, display_name TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES wf_organisation (id), role VARCHAR(16) NOT NULL,
  password_hash VARCHAR(200) NOT NULL, active BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL);
CREATE TABLE wf_product (id {pk}, code VARCHAR(80) NOT NULL, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
  category VARCHAR(80) NOT NULL, owner_org_id INTEGER NOT NULL REFERENCES wf_organisation (id),
  created_by_id INTEGER NOT NULL REFERENCES wf_user (id), created_at TIMESTAMP NOT NULL,
  CONSTRAINT uq_wf_product_owner_code UNIQUE (owner_org_id, code));
CREATE TABLE wf_model_version (id {pk}, product_id INTEGER NOT NULL REFERENCES wf_product (id),
  number INTEGER NOT NULL, yaml_text TEXT NOT NULL, model_hash VARCHAR(64) NOT NULL,
  factor_release VARCHAR(40) NOT NULL, result_json TEXT NOT NULL, total DOUBLE PRECISION NOT NULL,
  unit VARCHAR(20) NOT NULL, functional_unit TEXT NOT NULL, gwp VARCHAR(10) NOT NULL, note TEXT NOT NULL,
  created_by_id INTEGER NOT NULL REFERENCES wf_user (id), created_at TIMESTAMP NOT NULL, frozen_at TIMESTAMP,
  CONSTRAINT uq_wf_model_version_number UNIQUE (product_id, number));
CREATE TABLE wf_submission (id {pk}, product_id INTEGER NOT NULL REFERENCES wf_product (id),
  model_version_id INTEGER NOT NULL REFERENCES wf_model_version (id),
  certification_body_id INTEGER REFERENCES wf_organisation (id), state VARCHAR(24) NOT NULL,
  round INTEGER NOT NULL, created_by_id INTEGER NOT NULL REFERENCES wf_user (id),
  created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
CREATE TABLE wf_finding (id {pk}, severity VARCHAR(16) NOT NULL, text TEXT NOT NULL, location TEXT NOT NULL,
  submission_id INTEGER NOT NULL REFERENCES wf_submission (id),
  model_version_id INTEGER NOT NULL REFERENCES wf_model_version (id),
  author_id INTEGER NOT NULL REFERENCES wf_user (id), created_at TIMESTAMP NOT NULL, answer TEXT NOT NULL,
  answered_by_id INTEGER REFERENCES wf_user (id), answered_at TIMESTAMP, resolved BOOLEAN NOT NULL,
  resolved_by_id INTEGER REFERENCES wf_user (id), resolved_at TIMESTAMP);
CREATE TABLE wf_certificate (id {pk}, number VARCHAR(32) NOT NULL UNIQUE,
  submission_id INTEGER NOT NULL UNIQUE REFERENCES wf_submission (id),
  product_id INTEGER NOT NULL REFERENCES wf_product (id),
  model_version_id INTEGER NOT NULL REFERENCES wf_model_version (id),
  holder_org_id INTEGER NOT NULL REFERENCES wf_organisation (id),
  issuing_body_id INTEGER NOT NULL REFERENCES wf_organisation (id), total DOUBLE PRECISION NOT NULL,
  unit VARCHAR(20) NOT NULL, functional_unit TEXT NOT NULL, gwp VARCHAR(10) NOT NULL,
  factor_release VARCHAR(40) NOT NULL, model_hash VARCHAR(64) NOT NULL, issued_on DATE NOT NULL,
  expires_on DATE NOT NULL, status VARCHAR(16) NOT NULL, status_reason TEXT NOT NULL,
  issued_by_id INTEGER NOT NULL REFERENCES wf_user (id), issued_at TIMESTAMP NOT NULL);
CREATE TABLE wf_certificate_sequence (prefix VARCHAR(24) PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE wf_audit_log (id {pk}, at TIMESTAMP NOT NULL, actor VARCHAR(64) NOT NULL,
  actor_user_id INTEGER REFERENCES wf_user (id), actor_org_id INTEGER REFERENCES wf_organisation (id),
  actor_role VARCHAR(16) NOT NULL, action VARCHAR(40) NOT NULL, object_type VARCHAR(32) NOT NULL,
  object_id VARCHAR(64) NOT NULL, before_hash VARCHAR(64), after_hash VARCHAR(64), detail TEXT NOT NULL)
"""
OLD_TRIGGERS = {  # the first wave's `_protect` triggers
    "sqlite": """
CREATE TRIGGER wf_audit_log_no_update BEFORE UPDATE ON wf_audit_log
  BEGIN SELECT RAISE(ABORT, 'wf_audit_log is append-only'); END;
CREATE TRIGGER wf_audit_log_no_delete BEFORE DELETE ON wf_audit_log
  BEGIN SELECT RAISE(ABORT, 'wf_audit_log is append-only'); END;
CREATE TRIGGER wf_model_version_no_update BEFORE UPDATE ON wf_model_version WHEN OLD.frozen_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'frozen'); END
""",
    "postgresql": """
CREATE OR REPLACE FUNCTION wf_audit_log_protect() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'wf_audit_log is append-only'; END $$;
CREATE TRIGGER wf_audit_log_protect BEFORE UPDATE OR DELETE ON wf_audit_log FOR EACH ROW
  EXECUTE FUNCTION wf_audit_log_protect()
""",
}
NOW = "2025-06-01 08:00:00"
OLD_ROWS = f"""
INSERT INTO wf_organisation VALUES (1, 'platform_admin', '平台运营', '', NULL, '', FALSE, TRUE, '{NOW}');
INSERT INTO wf_organisation VALUES (2, 'enterprise', '甲电池有限公司', 'A', 'TEST00000000000001', 'CN-JX',
  FALSE, TRUE, '{NOW}');
INSERT INTO wf_organisation VALUES (3, 'certification_body', 'X 认证中心', 'X', 'TEST00000000000002',
  'CN-JX', FALSE, TRUE, '{NOW}');
INSERT INTO wf_user VALUES (1, 'ent_a', '', 2, 'enterprise', :hash, TRUE, '{NOW}');
INSERT INTO wf_user VALUES (2, 'cert_x', '', 3, 'certifier', :hash, TRUE, '{NOW}');
INSERT INTO wf_product VALUES (1, 'cell', '电芯', '', 'battery.cell', 2, 1, '{NOW}');
INSERT INTO wf_model_version VALUES (1, 1, 1, 'old model text', 'a1b2', '2026.1', '{{}}', 61.25, 'kg CO2e',
  '1 cell', 'AR6', '', 1, '{NOW}', '2025-06-02 09:00:00');
INSERT INTO wf_submission VALUES (1, 1, 1, 3, 'certified', 1, 1, '{NOW}', '{NOW}');
INSERT INTO wf_finding VALUES (1, 'minor', 'check electricity', '', 1, 1, 2, '{NOW}', 'checked', 1, '{NOW}',
  TRUE, 2, '{NOW}');
INSERT INTO wf_certificate VALUES (1, 'CFP-JX-2025-000001', 1, 1, 1, 2, 3, 61.25, 'kg CO2e', '1 cell', 'AR6',
  '2026.1', 'a1b2', '2025-06-03', '2027-06-02', 'active', '', 2, '{NOW}');
INSERT INTO wf_certificate_sequence VALUES ('CFP-JX-2025', 1);
INSERT INTO wf_audit_log VALUES (1, '2025-06-01 08:00:01', 'ent_a', 1, 2, 'enterprise', 'product.create',
  'product', '1', NULL, 'h1', '{{}}');
INSERT INTO wf_audit_log VALUES (2, '2025-06-02 09:00:00', 'ent_a', 1, 2, 'enterprise', 'submission.submit',
  'submission', '1', 'h1', 'h2', '{{"round": 1}}');
INSERT INTO wf_audit_log VALUES (3, '2025-06-03 10:00:00', 'cert_x', 2, 3, 'certifier', 'certificate.issue',
  'certificate', '1', NULL, 'h3', '{{}}')
"""


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";\n") if s.strip()]


@pytest.fixture(params=BACKENDS)
def old_store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """An empty database holding the first wave's workflow tables, triggers and a certified product."""
    engine = _fresh_engine(request.param, request, tmp_path)
    dialect = engine.dialect.name
    pk = "INTEGER PRIMARY KEY" if dialect == "sqlite" else "SERIAL PRIMARY KEY"
    with engine.begin() as conn:
        for sql in _statements(OLD_TABLES.format(pk=pk)) + _statements(OLD_TRIGGERS[dialect]):
            conn.execute(text(sql))
        for sql in _statements(OLD_ROWS):
            conn.execute(text(sql), {"hash": wf.hash_password(PASSWORD)} if ":hash" in sql else {})
        if dialect == "postgresql":  # the serial counters, as the old app's inserts would have left them
            for table, last in (("wf_organisation", 3), ("wf_user", 2), ("wf_product", 1)):
                conn.execute(text(f"SELECT setval('{table}_id_seq', {last})"))
            for table in (
                "wf_model_version",
                "wf_submission",
                "wf_finding",
                "wf_certificate",
                "wf_audit_log",
            ):
                conn.execute(text(f"SELECT setval('{table}_id_seq', (SELECT MAX(id) FROM {table}))"))
    yield engine
    engine.dispose()


def test_first_wave_store_is_upgraded_and_verifies(old_store: Engine) -> None:
    report = upgrade_schema(old_store)
    assert any(f"from version 1 to {WORKFLOW_SCHEMA_VERSION}" in n for n in report.notes), report.notes
    assert any("3 audit rows chained, 1 frozen versions and 1 certificates hashed" in n for n in report.notes)
    with Session(old_store) as s:
        load_bundled(s)
        assert s.exec(select(WorkflowSchema)).one().version == WORKFLOW_SCHEMA_VERSION
        checked = verify_integrity(s)
        assert checked.ok, checked.problems
        assert (checked.audit_rows, checked.versions, checked.certificates) == (3, 1, 1)
        assert [r.seq for r in s.exec(select(AuditLog).order_by(AuditLog.id)).all()] == [1, 2, 3]  # type: ignore[arg-type]
        user = s.exec(select(User).where(User.username == "ent_a")).one()
        assert (user.org_admin, user.failed_logins, user.locked_until) == (False, 0, None)
        # normal work on the upgraded store: sign in, a new version of the old product, the path to a certificate
        ent = wf.authenticate(s, "ent_a", password=PASSWORD)
        cert_x = wf.authenticate(s, "cert_x", password=PASSWORD)
        version = wf.save_model_version(ent, s, product_id=1, yaml_text=model_text("cell"))
        assert version.number == 2
        sub = wf.create_submission(ent, s, product_id=1, certification_body_id=3)
        submit(ent, s, sub.id)
        wf.start_review(cert_x, s, submission_id=sub.id)
        accept_rule_findings(cert_x, s, sub.id)
        wf.approve(cert_x, s, submission_id=sub.id)
        new = wf.issue_certificate(cert_x, s, submission_id=sub.id)
        assert new.number == "CFP-JX-2026-000001" and new.content_hash
        old = wf.suspend(cert_x, s, number="CFP-JX-2025-000001", reason="surveillance audit pending")
        assert old.status == wf.CertificateStatus.SUSPENDED
        public = wf.verify_certificate(s, "CFP-JX-2025-000001", today=PINNED_TODAY)  # before it expires
        assert public.status_reason == "surveillance audit pending"
        checked = verify_integrity(s)
        assert checked.ok, checked.problems
        assert checked.certificates == 2 and checked.audit_rows > 3
        n_audit, frozen_hash = checked.audit_rows, s.get(ModelVersion, 1).content_hash  # type: ignore[union-attr]
    # the pilot's guards now hold on the tables the first wave made
    for sql in (
        "UPDATE wf_certificate SET total = 1 WHERE id = 1",
        "DELETE FROM wf_certificate WHERE id = 1",
        "UPDATE wf_model_version SET total = 1 WHERE id = 1",
        "UPDATE wf_audit_log SET actor = 'x' WHERE id = 1",
        *(["TRUNCATE wf_audit_log"] if old_store.dialect.name == "postgresql" else []),
    ):
        with pytest.raises(DBAPIError), old_store.begin() as conn:
            conn.execute(text(sql))
    # idempotent: a second run finds nothing to do and changes nothing
    assert upgrade_schema(old_store).notes == []
    assert create_schema(old_store) == 2
    with Session(old_store) as s:
        again = verify_integrity(s)
        assert again.ok and again.audit_rows == n_audit
        assert s.get(ModelVersion, 1).content_hash == frozen_hash  # type: ignore[union-attr]
        assert (
            s.exec(select(Certificate).where(Certificate.number == "CFP-JX-2025-000001")).one().content_hash
        )
