"""Tables of organisations (enterprises, bodies, the platform operator) and their users."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from workflow.columns import _READ, _text, utcnow
from workflow.vocab import OrgKind, Role


class OrganisationBase(SQLModel):
    """An enterprise, certification body, standards body or the platform operator."""

    kind: OrgKind = Field(sa_type=String(24), index=True)
    name_zh: str = Field(sa_column=_text(nullable=False))
    name_en: str = Field(default="", sa_column=_text(nullable=False, default=""))
    identifier: str | None = Field(default=None, sa_type=String(40), unique=True)  # USCC 统一社会信用代码
    region: str = Field(default="", sa_type=String(40))  # geography code, e.g. CN-JX-YC
    demo: bool = False  # fictional data created by `seed_demo`


class Organisation(OrganisationBase, table=True):
    __tablename__ = "wf_organisation"
    id: int | None = Field(default=None, primary_key=True)
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)


class OrganisationCreate(OrganisationBase):
    pass


class OrganisationRead(OrganisationBase):
    model_config = _READ
    id: int
    active: bool
    created_at: dt.datetime


class UserBase(SQLModel):
    username: str = Field(sa_type=String(64), unique=True, index=True)
    display_name: str = Field(default="", sa_column=_text(nullable=False, default=""))
    org_id: int = Field(foreign_key="wf_organisation.id", index=True)
    role: Role = Field(sa_type=String(16))


class User(UserBase, table=True):
    __tablename__ = "wf_user"
    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(sa_type=String(200))  # argon2id PHC string, never the password
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)
    org_admin: bool = False  # may create and manage the users of its own organisation
    failed_logins: int = 0  # consecutive failed sign-ins (reset by a good one)
    locked_until: dt.datetime | None = None
    password_changed_at: dt.datetime = Field(default_factory=utcnow)  # session tokens before it are void


class UserCreate(UserBase):
    password: str


class UserRead(UserBase):
    """A user without the password hash."""

    model_config = _READ
    id: int
    active: bool
    created_at: dt.datetime
    org_admin: bool = False
    locked_until: dt.datetime | None = None
