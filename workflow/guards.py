"""Database triggers that close the raw-SQL ways around the immutability guards of `workflow.tables`.

- SQLite ``INSERT OR REPLACE`` deletes the conflicting row without firing DELETE triggers: a BEFORE INSERT
  trigger refuses any insert onto an existing key of a protected row (audit rows, frozen versions,
  certificates, evidence, stored rule checks).
- PostgreSQL ``TRUNCATE`` bypasses row triggers: a statement trigger refuses it on every protected table.
- Certificates: only `status` and `status_reason` may ever change (suspend / reinstate / withdraw / expire);
  an UPDATE of any other column, and every DELETE, is refused.
- Evidence, its blobs and stored rule checks are append-only like the audit log.
"""

from __future__ import annotations

from sqlmodel import SQLModel

from workflow import pilot_tables as _pilot  # noqa: F401  (the tables below must be registered first)
from workflow.columns import WRITE_ONCE, on_create

MUTABLE_CERTIFICATE_COLUMNS = frozenset({"status", "status_reason"})
APPEND_ONLY = ("wf_evidence", "wf_evidence_blob", "wf_rule_check")
TRUNCATE_PROTECTED = (
    "wf_audit_log",
    "wf_model_version",
    "wf_certificate",
    "wf_submission_round",
    *APPEND_ONLY,
)
INSERT_KEYS = {  # table -> SQL condition (SQLite) matching an existing protected row for NEW
    "wf_audit_log": "id = NEW.id OR seq = NEW.seq",
    "wf_model_version": "frozen_at IS NOT NULL AND (id = NEW.id OR (product_id = NEW.product_id "
    "AND number = NEW.number))",
    "wf_certificate": "id = NEW.id OR number = NEW.number OR submission_id = NEW.submission_id",
    "wf_evidence": "id = NEW.id",
    "wf_evidence_blob": "sha256 = NEW.sha256",
    "wf_rule_check": "id = NEW.id OR (submission_id = NEW.submission_id AND round = NEW.round)",
}


def _sqlite() -> None:
    for table, where in INSERT_KEYS.items():
        on_create(
            table,
            f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {where}) "
            f"BEGIN SELECT RAISE(ABORT, '{table}: a stored row cannot be replaced'); END",
            "sqlite",
        )
    for table in APPEND_ONLY:
        for op in ("UPDATE", "DELETE"):
            on_create(
                table,
                f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
                "sqlite",
            )
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _certificate_fixed())
    on_create(
        "wf_certificate",
        "CREATE TRIGGER wf_certificate_fixed BEFORE UPDATE ON wf_certificate "
        f"WHEN {changed} BEGIN SELECT RAISE(ABORT, 'a certificate only changes its status'); END",
        "sqlite",
    )
    on_create(
        "wf_certificate",
        "CREATE TRIGGER wf_certificate_no_delete BEFORE DELETE ON wf_certificate "
        "BEGIN SELECT RAISE(ABORT, 'a certificate cannot be deleted'); END",
        "sqlite",
    )


def _postgresql() -> None:
    for table in TRUNCATE_PROTECTED:  # each table (re)creates the function, whatever the creation order
        on_create(
            table,
            "CREATE OR REPLACE FUNCTION wf_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '%%: %% refused (protected record)', TG_TABLE_NAME, TG_OP; END $$",
            "postgresql",
        )
        on_create(
            table,
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION wf_refuse()",
            "postgresql",
        )
    for table in APPEND_ONLY:
        on_create(
            table,
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION wf_refuse()",
            "postgresql",
        )
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in _certificate_fixed())
    on_create(
        "wf_certificate",
        "CREATE OR REPLACE FUNCTION wf_certificate_fixed() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'a certificate cannot be deleted'; END IF; "
        f"IF {changed} THEN RAISE EXCEPTION 'a certificate only changes its status'; END IF; "
        "RETURN NEW; END $$",
        "postgresql",
    )
    on_create(
        "wf_certificate",
        "CREATE TRIGGER wf_certificate_fixed BEFORE UPDATE OR DELETE ON wf_certificate "
        "FOR EACH ROW EXECUTE FUNCTION wf_certificate_fixed()",
        "postgresql",
    )


def _certificate_fixed() -> list[str]:
    table = SQLModel.metadata.tables["wf_certificate"]
    return [c.name for c in table.columns if c.name not in MUTABLE_CERTIFICATE_COLUMNS]


_sqlite()
_postgresql()
WRITE_ONCE.update(APPEND_ONLY)
