"""Tables of certificates and their number counters (the guards on them live in `workflow.guards`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from workflow.columns import _READ, _text, utcnow
from workflow.vocab import CertificateStatus


class CertificateBase(SQLModel):
    number: str = Field(sa_type=String(32), unique=True, index=True)
    submission_id: int = Field(foreign_key="wf_submission.id", unique=True)
    product_id: int = Field(foreign_key="wf_product.id", index=True)
    model_version_id: int = Field(foreign_key="wf_model_version.id")
    holder_org_id: int = Field(foreign_key="wf_organisation.id", index=True)
    issuing_body_id: int = Field(foreign_key="wf_organisation.id", index=True)
    total: float
    unit: str = Field(sa_type=String(20))
    functional_unit: str = Field(sa_column=_text(nullable=False))
    gwp: str = Field(sa_type=String(10))
    factor_release: str = Field(sa_type=String(40))
    model_hash: str = Field(sa_type=String(64))
    issued_on: dt.date
    expires_on: dt.date
    status: CertificateStatus = Field(default=CertificateStatus.ACTIVE, sa_type=String(16), index=True)
    status_reason: str = Field(default="", sa_column=_text(nullable=False, default=""))
    issued_by_id: int = Field(foreign_key="wf_user.id")
    issued_at: dt.datetime = Field(default_factory=utcnow)
    rule_id: str = Field(default="", sa_type=String(80))  # the rule the submission was checked under
    rule_version: str = Field(default="", sa_type=String(40))
    check_hash: str = Field(default="", sa_type=String(64))  # of the stored rule check it was issued on
    reviewed_by_id: int | None = Field(default=None, foreign_key="wf_user.id")  # who approved
    findings_closed: str = Field(default="[]", sa_column=_text(nullable=False, default="[]"))  # JSON ids
    content_hash: str = Field(default="", sa_type=String(64))  # over every field but status (integrity)


class Certificate(CertificateBase, table=True):
    __tablename__ = "wf_certificate"
    id: int | None = Field(default=None, primary_key=True)


class CertificateRead(CertificateBase):
    model_config = _READ
    id: int


class CertificateSequence(SQLModel, table=True):
    """The last sequence number used per number prefix (``CFP-JX-2026``)."""

    __tablename__ = "wf_certificate_sequence"
    prefix: str = Field(sa_type=String(24), primary_key=True)
    last: int = 0
