"""Tables of footprint sharing over the PACT API: grants, their products, access tokens, served footprints.

A `SharingGrant` is one customer organisation's access to some of an enterprise's products, with its own
OAuth client credentials (the secret stored as an argon2id hash, never in clear). Tokens are stored as
SHA-256 hashes. `PactFootprint` keeps the ProductFootprint derived once from a certificate's frozen model
version (a certificate never changes, so neither does its footprint); `PactEvent` records every event the
host sent or received. Registered on the shared metadata by ``import workflow.tables``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from workflow.tables import _READ, _text, utcnow


class GrantStatus:
    """The two states of a grant (plain strings in the table)."""

    ACTIVE = "active"
    REVOKED = "revoked"


class SharingGrantBase(SQLModel):
    """Which customer may read which of an enterprise's footprints, until when."""

    owner_org_id: int = Field(foreign_key="wf_organisation.id", index=True)
    customer_name: str = Field(sa_column=_text(nullable=False))
    customer_identifier: str = Field(default="", sa_type=String(80))
    client_id: str = Field(sa_type=String(80), unique=True, index=True)
    events_url: str = Field(default="", sa_column=_text(nullable=False, default=""))
    expires_on: dt.date | None = None  # last day of access; None: until revoked
    status: str = Field(default=GrantStatus.ACTIVE, sa_type=String(16), index=True)
    status_reason: str = Field(default="", sa_column=_text(nullable=False, default=""))


class SharingGrant(SharingGrantBase, table=True):
    __tablename__ = "wf_sharing_grant"
    id: int | None = Field(default=None, primary_key=True)
    secret_hash: str = Field(sa_type=String(200))  # argon2id PHC string of the client secret
    created_by_id: int = Field(foreign_key="wf_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    revoked_at: dt.datetime | None = None


class SharingGrantRead(SharingGrantBase):
    """A grant without its secret hash."""

    model_config = _READ
    id: int
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    product_ids: tuple[int, ...] = ()


class SharingItem(SQLModel, table=True):
    """One product shared under a grant: its certified footprints are served to the grant's customer."""

    __tablename__ = "wf_sharing_item"
    __table_args__ = (UniqueConstraint("grant_id", "product_id", name="uq_wf_sharing_item"),)
    id: int | None = Field(default=None, primary_key=True)
    grant_id: int = Field(foreign_key="wf_sharing_grant.id", index=True)
    product_id: int = Field(foreign_key="wf_product.id", index=True)


class PactToken(SQLModel, table=True):
    """A bearer token issued to a grant's client (SHA-256 of the token; the token itself is never stored)."""

    __tablename__ = "wf_pact_token"
    token_hash: str = Field(sa_type=String(64), primary_key=True)
    grant_id: int = Field(foreign_key="wf_sharing_grant.id", index=True)
    issued_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime


class PactFootprint(SQLModel, table=True):
    """The PACT v3 ProductFootprint of one certificate, derived once (JSON without the status field)."""

    __tablename__ = "wf_pact_footprint"
    id: int | None = Field(default=None, primary_key=True)
    pf_id: str = Field(sa_type=String(36), unique=True, index=True)
    certificate_id: int = Field(foreign_key="wf_certificate.id", unique=True)
    product_id: int = Field(foreign_key="wf_product.id", index=True)
    doc_json: str = Field(sa_column=_text(nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


class PactEvent(SQLModel, table=True):
    """An event the host sent (published, fulfilled, rejected) or received, with the outcome of sending."""

    __tablename__ = "wf_pact_event"
    id: int | None = Field(default=None, primary_key=True)
    grant_id: int | None = Field(default=None, foreign_key="wf_sharing_grant.id", index=True)
    direction: str = Field(sa_type=String(8))  # "in" or "out"
    event_id: str = Field(sa_type=String(80), index=True)
    event_type: str = Field(sa_type=String(80))
    target: str = Field(default="", sa_column=_text(nullable=False, default=""))
    pf_ids: str = Field(default="[]", sa_column=_text(nullable=False, default="[]"))  # JSON list
    outcome: str = Field(default="", sa_column=_text(nullable=False, default=""))
    at: dt.datetime = Field(default_factory=utcnow)


class PactEventAuth(SQLModel, table=True):
    """The client credentials a customer's host issued to the enterprise for sending it events (per grant).

    Kept in its own table so that the grant's audit hash never covers the secret, and so that an older
    database gains it by `create_schema` alone. `secret` is ``fernet:<token>``, encrypted under a key derived
    from the platform's secret (`workflow.secret_box`); rows written before encryption hold ``plain:<secret>``
    and are sealed when rewritten or by ``pcf db init``.
    """

    __tablename__ = "wf_pact_event_auth"
    grant_id: int = Field(foreign_key="wf_sharing_grant.id", primary_key=True)
    token_url: str = Field(sa_column=_text(nullable=False))
    client_id: str = Field(sa_type=String(200))
    secret: str = Field(sa_column=_text(nullable=False))
    updated_at: dt.datetime = Field(default_factory=utcnow)
