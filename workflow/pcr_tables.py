"""Table of product category rule (PCR) drafts and published versions of the standards bodies."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from workflow.columns import _READ, _text, utcnow
from workflow.vocab import PcrStatus


class PcrDraftBase(SQLModel):
    code: str = Field(sa_type=String(80), index=True)  # the category, e.g. battery.cell
    version: str = Field(sa_type=String(20))
    title_zh: str = Field(sa_column=_text(nullable=False))
    title_en: str = Field(default="", sa_column=_text(nullable=False, default=""))
    yaml_text: str = Field(sa_column=_text(nullable=False))


class PcrDraft(PcrDraftBase, table=True):
    __tablename__ = "wf_pcr_draft"
    __table_args__ = (UniqueConstraint("code", "version", name="uq_wf_pcr_code_version"),)
    id: int | None = Field(default=None, primary_key=True)
    owner_org_id: int = Field(foreign_key="wf_organisation.id", index=True)
    status: PcrStatus = Field(default=PcrStatus.DRAFT, sa_type=String(16))
    created_by_id: int = Field(foreign_key="wf_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    published_at: dt.datetime | None = None


class PcrDraftCreate(PcrDraftBase):
    pass


class PcrDraftRead(PcrDraftBase):
    model_config = _READ
    id: int
    owner_org_id: int
    status: PcrStatus
    created_at: dt.datetime
    published_at: dt.datetime | None
