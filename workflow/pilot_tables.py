"""Tables of the pilot (issue 12): the audit chain's head, stored rule checks, evidence, one-time tokens and
settings. Imported by `workflow.tables`, so they live on the same metadata and are created with it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

_READ = SQLModelConfig(frozen=True, from_attributes=True)


def _text(**kw: object) -> Column:
    return Column(Text, **kw)  # type: ignore[arg-type]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AuditHead(SQLModel, table=True):
    """The one row naming the last link of the audit hash chain (locked by every audit insert)."""

    __tablename__ = "wf_audit_head"
    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    last_hash: str = Field(default="", sa_type=String(64))


class RuleCheckBase(SQLModel):
    """The product rule's check of the version a submission carried in one round (append-only)."""

    submission_id: int = Field(foreign_key="wf_submission.id", index=True)
    round: int
    model_version_id: int = Field(foreign_key="wf_model_version.id")
    rule_id: str = Field(sa_type=String(80))
    rule_version: str = Field(sa_type=String(40))
    check_hash: str = Field(sa_type=String(64))
    findings_json: str = Field(sa_column=_text(nullable=False))  # list of RuleFinding dicts
    justifications_json: str = Field(default="{}", sa_column=_text(nullable=False, default="{}"))
    checked_at: dt.datetime = Field(default_factory=_now)


class RuleCheckRecord(RuleCheckBase, table=True):
    __tablename__ = "wf_rule_check"
    __table_args__ = (UniqueConstraint("submission_id", "round", name="uq_wf_rule_check_round"),)
    id: int | None = Field(default=None, primary_key=True)


class RuleCheckRead(RuleCheckBase):
    model_config = _READ
    id: int


class EvidenceBlob(SQLModel, table=True):
    """File content, stored once per SHA-256 (content-addressed; append-only)."""

    __tablename__ = "wf_evidence_blob"
    sha256: str = Field(sa_type=String(64), primary_key=True)
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class EvidenceBase(SQLModel):
    """A file attached to a model version, one of its inputs, or a finding answer (append-only)."""

    model_version_id: int = Field(foreign_key="wf_model_version.id", index=True)
    finding_id: int | None = Field(default=None, foreign_key="wf_finding.id", index=True)
    process_id: str = Field(default="", sa_type=String(120))
    input_index: int | None = None
    input_key: str = Field(default="", sa_type=String(200))
    filename: str = Field(sa_column=_text(nullable=False))
    media_type: str = Field(sa_type=String(120))
    size: int
    sha256: str = Field(sa_type=String(64), foreign_key="wf_evidence_blob.sha256", index=True)
    note: str = Field(default="", sa_column=_text(nullable=False, default=""))
    uploaded_by_id: int = Field(foreign_key="wf_user.id")
    uploaded_at: dt.datetime = Field(default_factory=_now)


class Evidence(EvidenceBase, table=True):
    __tablename__ = "wf_evidence"
    id: int | None = Field(default=None, primary_key=True)


class EvidenceRead(EvidenceBase):
    model_config = _READ
    id: int


class OneTimeToken(SQLModel, table=True):
    """An invitation or password-reset token: only its SHA-256 is stored; used once, then spent."""

    __tablename__ = "wf_token"
    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(sa_type=String(16))  # invite | reset
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    user_id: int = Field(foreign_key="wf_user.id", index=True)
    created_by_id: int | None = Field(default=None, foreign_key="wf_user.id")
    expires_at: dt.datetime
    used_at: dt.datetime | None = None


class Setting(SQLModel, table=True):
    """A named value of this installation (e.g. the session-signing secret when none is configured)."""

    __tablename__ = "wf_setting"
    name: str = Field(sa_type=String(64), primary_key=True)
    value: str = Field(sa_column=_text(nullable=False))
