"""The append-only audit log table: a mapper event refuses ORM updates and deletes, a trigger raw SQL ones."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, event
from sqlmodel import Field, SQLModel

from workflow.columns import _READ, _protect, _text, utcnow
from workflow.errors import AuditLogImmutable


class AuditLogBase(SQLModel):
    """Who did what, when, to which object, with the object's hash before and after (None: absent)."""

    at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(sa_type=String(64))  # username, or "system"
    actor_user_id: int | None = Field(default=None, foreign_key="wf_user.id", index=True)
    actor_org_id: int | None = Field(default=None, foreign_key="wf_organisation.id")
    actor_role: str = Field(sa_type=String(16))
    action: str = Field(sa_type=String(40), index=True)
    object_type: str = Field(sa_type=String(32), index=True)
    object_id: str = Field(sa_type=String(64), index=True)
    before_hash: str | None = Field(default=None, sa_type=String(64))
    after_hash: str | None = Field(default=None, sa_type=String(64))
    detail: str = Field(default="{}", sa_column=_text(nullable=False, default="{}"))  # JSON
    seq: int | None = Field(default=None, unique=True)  # position in the hash chain (1, 2, …)
    prev_hash: str | None = Field(default=None, sa_type=String(64))  # entry_hash of row seq-1
    entry_hash: str | None = Field(default=None, sa_type=String(64))  # sha256(prev_hash + this row)


class AuditLog(AuditLogBase, table=True):
    __tablename__ = "wf_audit_log"
    id: int | None = Field(default=None, primary_key=True)


class AuditLogRead(AuditLogBase):
    model_config = _READ
    id: int


# --- immutability guards ------------------------------------------------------------------------------
@event.listens_for(AuditLog, "before_update")
@event.listens_for(AuditLog, "before_delete")
def _refuse_audit_change(_mapper: object, _connection: object, target: AuditLog) -> None:
    raise AuditLogImmutable(f"audit-log row {target.id} cannot be changed or deleted: the log is append-only")


_protect("wf_audit_log", "wf_audit_log is append-only")
