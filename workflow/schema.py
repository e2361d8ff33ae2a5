"""Upgrading a workflow store made by an earlier version: the steps `pcf db init` runs as the schema owner.

Version 1 is the first wave (organisations … audit log with UPDATE/DELETE triggers); version 2 the pilot
(issue 12): the audit hash chain, content hashes of frozen versions and certificates, the certificate's
review record, the users' lockout and org-admin columns, the findings' rule source, and the REPLACE /
TRUNCATE / certificate triggers. Upgrading lifts the guard triggers of the tables an earlier version made,
adds the missing columns (`factors.db.add_missing_columns`), computes what existing rows lack (the hash
chain over the audit log in id order, the content hashes), puts every trigger back (`columns.TRIGGER_DDL`)
and records the version in ``wf_schema_version``; `pcf workflow verify` passes afterwards. On an
up-to-date store it only reads, so the app's restricted role (`workflow.db_roles`) can call it at start.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Field, SQLModel

from factors.db import add_missing_columns, missing_columns, register_upgrade
from workflow.columns import TRIGGER_DDL, utcnow

WORKFLOW_SCHEMA_VERSION = 2


class WorkflowSchema(SQLModel, table=True):
    """The workflow schema version this store was last brought to, and when."""

    __tablename__ = "wf_schema_version"
    id: int = Field(default=1, primary_key=True)
    version: int
    upgraded_at: dt.datetime = Field(default_factory=utcnow)


def upgrade_workflow(conn: Connection, existing: frozenset[str]) -> str | None:
    """Bring the workflow tables that existed before ``create_all`` to `WORKFLOW_SCHEMA_VERSION`."""
    tables = SQLModel.metadata.tables
    old = [t.name for t in SQLModel.metadata.sorted_tables if t.name in existing and t.name.startswith("wf_")]
    stamp = tables["wf_schema_version"]
    row = conn.execute(sa.select(stamp.c.version)).first() if "wf_schema_version" in existing else None
    before = int(row[0]) if row else (1 if old else WORKFLOW_SCHEMA_VERSION)
    behind = [t for t in old if missing_columns(conn, tables[t])]
    if before >= WORKFLOW_SCHEMA_VERSION and not behind:
        if row is None:
            conn.execute(stamp.insert().values(id=1, version=WORKFLOW_SCHEMA_VERSION, upgraded_at=utcnow()))
        return None
    for name in old:
        drop_triggers(conn, name)
    added = {name: add_missing_columns(conn, tables[name]) for name in old}
    filled = _backfill(conn)
    for name in old:
        install_triggers(conn, name)
    values = {"version": WORKFLOW_SCHEMA_VERSION, "upgraded_at": utcnow()}
    if row is None:
        conn.execute(stamp.insert().values(id=1, **values))
    else:
        conn.execute(stamp.update().where(stamp.c.id == 1).values(**values))
    columns = "; ".join(f"{t}: {', '.join(c)}" for t, c in added.items() if c) or "no columns"
    return (
        f"workflow schema upgraded from version {before} to {WORKFLOW_SCHEMA_VERSION} ({columns} added; "
        f"{filled}; triggers reinstalled on {len(old)} tables)"
    )


def drop_triggers(conn: Connection, table: str) -> None:
    """Drop every trigger on `table` (the owner's step before changing its rows during an upgrade)."""
    quote = conn.dialect.identifier_preparer.quote
    if conn.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"
        drop = "DROP TRIGGER IF EXISTS {name}"
    else:
        query = "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass) AND NOT tgisinternal"
        drop = "DROP TRIGGER IF EXISTS {name} ON " + quote(table)
    names: list[str] = list(conn.execute(text(query), {"t": table}).scalars())
    for name in names:
        conn.execute(text(drop.format(name=quote(name))))


def install_triggers(conn: Connection, table: str) -> None:
    """Create `table`'s triggers as ``create_all`` would (after `drop_triggers`)."""
    for dialect, ddl in TRIGGER_DDL.get(table, []):
        if dialect == conn.dialect.name:
            conn.execute(ddl)


def _backfill(conn: Connection) -> str:
    """Compute what rows of an earlier version lack: the audit chain and the content hashes."""
    from workflow.audit import entry_hash
    from workflow.integrity import certificate_content_hash, version_content_hash
    from workflow.tables import AuditLogRead

    tables = SQLModel.metadata.tables
    versions, certs, log, head = (
        tables[n] for n in ("wf_model_version", "wf_certificate", "wf_audit_log", "wf_audit_head")
    )
    frozen = conn.execute(
        sa.select(versions).where(versions.c.frozen_at.is_not(None), versions.c.content_hash.is_(None))
    ).all()
    for v in frozen:
        value = version_content_hash(v)  # type: ignore[arg-type]  # a row has its attributes
        conn.execute(versions.update().where(versions.c.id == v.id).values(content_hash=value))
    unhashed = conn.execute(
        sa.select(certs).where(sa.or_(certs.c.content_hash == "", certs.c.content_hash.is_(None)))
    ).all()
    for c in unhashed:
        value = certificate_content_hash(c)  # type: ignore[arg-type]
        conn.execute(certs.update().where(certs.c.id == c.id).values(content_hash=value))
    last = conn.execute(sa.select(log.c.seq, log.c.entry_hash).order_by(log.c.seq.desc()).limit(1)).first()
    seq, prev = (int(last[0]), str(last[1])) if last and last[0] is not None else (0, "")
    chained = 0
    for r in conn.execute(sa.select(log).where(log.c.seq.is_(None)).order_by(log.c.id)).all():
        seq += 1
        fields: dict[str, Any] = {**r._mapping, "seq": seq, "prev_hash": prev}
        prev = entry_hash(AuditLogRead.model_validate(fields))
        conn.execute(
            log.update()
            .where(log.c.id == r.id)
            .values(seq=seq, prev_hash=fields["prev_hash"], entry_hash=prev)
        )
        chained += 1
    if seq:
        if conn.execute(sa.select(head.c.id).where(head.c.id == 1)).first() is None:
            conn.execute(head.insert().values(id=1, seq=seq, last_hash=prev))
        else:
            conn.execute(head.update().where(head.c.id == 1).values(seq=seq, last_hash=prev))
    return (
        f"{chained} audit rows chained, {len(frozen)} frozen versions and {len(unhashed)} certificates hashed"
    )


register_upgrade("wf_", upgrade_workflow)
