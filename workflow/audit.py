"""The append-only audit log: who did what, when, to which object, with its hash before and after.

This module only adds rows and reads them; there is no update or delete function, the mapper refuses
ORM updates and deletes of `AuditLog`, and database triggers refuse raw SQL ones (`workflow.tables`).
Every service function that changes data records one row per changed object in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel, col, select

from workflow.access import Actor, check_actor
from workflow.errors import AccessDenied
from workflow.pilot_tables import AuditHead
from workflow.tables import AuditLog, AuditLogRead, utcnow
from workflow.vocab import Role


def object_type(obj: SQLModel | type) -> str:
    """The audit name of a table row's type: its table name without the ``wf_`` prefix."""
    cls = obj if isinstance(obj, type) else type(obj)
    return str(getattr(cls, "__tablename__", cls.__name__)).removeprefix("wf_")


def row_hash(obj: SQLModel) -> str:
    """SHA-256 of the canonical JSON of a row's column values (what the audit log calls before/after)."""
    data = {attr.key: getattr(obj, attr.key) for attr in sa_inspect(type(obj)).column_attrs}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot hash a {type(value).__name__} column value")


def record(
    session: Session,
    actor: Actor,
    action: str,
    obj: SQLModel,
    *,
    before: str | None,
    detail: dict[str, Any] | None = None,
    deleted: bool = False,
) -> AuditLog:
    """Add one audit row for `obj` after a change; `before` is its hash before (None when created)."""
    session.flush()  # ids and defaults are known, so the after-hash is the stored state
    return record_event(
        session,
        actor,
        action,
        object_type(obj),
        getattr(obj, "id", "") or "",
        before=before,
        after=None if deleted else row_hash(obj),
        detail=detail,
    )


def record_event(
    session: Session,
    actor: Actor,
    action: str,
    otype: str,
    oid: object,
    *,
    before: str | None = None,
    after: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditLog:
    """Add one chained audit row about an object named by type and id (e.g. a failed sign-in)."""
    entry = AuditLog(
        at=utcnow(),
        actor=actor.username,
        actor_user_id=actor.user_id,
        actor_org_id=actor.org_id,
        actor_role=actor.role.value,
        action=action,
        object_type=otype,
        object_id=str(oid),
        before_hash=before,
        after_hash=after,
        detail=json.dumps(detail or {}, sort_keys=True, ensure_ascii=False, default=str),
    )
    entry.seq, entry.prev_hash = _next_link(session)
    entry.entry_hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    session.connection().execute(
        sa.update(AuditHead).where(col(AuditHead.id) == 1).values(last_hash=entry.entry_hash)
    )
    return entry


def naive_utc(moment: dt.datetime) -> dt.datetime:
    """`moment` in UTC without tzinfo: stored and read back the same on SQLite and PostgreSQL."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


CHAINED_FIELDS = (
    "seq",
    "at",
    "actor",
    "actor_user_id",
    "actor_org_id",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "before_hash",
    "after_hash",
    "detail",
    "prev_hash",
)


def entry_hash(entry: AuditLog | AuditLogRead) -> str:
    """SHA-256 of an audit row's chained fields (its `prev_hash` included): the link of the hash chain."""
    data = {k: getattr(entry, k) for k in CHAINED_FIELDS}
    data["at"] = naive_utc(data["at"]).isoformat(timespec="microseconds")
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _next_link(session: Session) -> tuple[int, str]:
    """Take the next chain position under the head row's lock (held until the transaction ends)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    conn = session.connection()
    conn.execute(insert(AuditHead).values(id=1, seq=0, last_hash="").on_conflict_do_nothing())
    seq, last = conn.execute(
        sa.update(AuditHead)
        .where(col(AuditHead.id) == 1)
        .values(seq=col(AuditHead.seq) + 1)
        .returning(col(AuditHead.seq), col(AuditHead.last_hash))
    ).one()
    return int(seq), str(last)


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit the changes and their audit rows together, or roll back both."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def audit_trail(
    actor: Actor,
    session: Session,
    *,
    object_type: str | None = None,
    object_id: object | None = None,
    limit: int = 1000,
) -> list[AuditLogRead]:
    """Audit rows, oldest first, optionally for one object; platform admins only (the log spans every org)."""
    check_actor(actor, session)
    if actor.role is not Role.ADMIN:
        raise AccessDenied(actor.label, "read", "the audit log", "only a platform admin may")
    return _rows(session, object_type, object_id, limit)


def _rows(session: Session, otype: str | None, oid: object | None, limit: int) -> list[AuditLogRead]:
    query = select(AuditLog)
    if otype is not None:
        query = query.where(AuditLog.object_type == otype)
    if oid is not None:
        query = query.where(AuditLog.object_id == str(oid))
    rows = session.exec(query.order_by(col(AuditLog.id)).limit(limit)).all()
    return [AuditLogRead.model_validate(r) for r in rows]


def object_history(session: Session, otype: str, oid: object) -> list[AuditLogRead]:
    """Audit rows of one object, oldest first; callers check access to the object first."""
    return _rows(session, otype, oid, 10_000)
