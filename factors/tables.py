"""SQLModel tables of the factor database (Base -> table -> Read split, as in sqlmodel's docs).

Provenance is the core: every `Factor` row points at a `Source`; a `Release` is an immutable set of
factor versions (through `ReleaseFactor`) plus its GWP table; a changed value is a new `Factor` row that
`supersedes` the old one, never an update of a published row.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _text(**kw: object) -> Column:  # long free text, same type on SQLite and PostgreSQL
    return Column(Text, **kw)  # type: ignore[arg-type]


# --- sources ------------------------------------------------------------------------------------
class SourceBase(SQLModel):
    """A citation: publication, publisher, year, URL or document id, and where in it the value is."""

    title: str = Field(sa_column=_text(nullable=False))
    publisher: str = Field(default="", sa_column=_text(nullable=False, default=""))
    year: int | None = None
    url: str = Field(sa_column=_text(nullable=False))
    location: str = Field(default="", sa_column=_text(nullable=False, default=""))
    licence: str = Field(default="", sa_column=_text(nullable=False, default=""))


class Source(SourceBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_type=String(64), index=True, unique=True)  # hash of the citation fields


class SourceRead(SourceBase):
    id: int


# --- geography ----------------------------------------------------------------------------------
class GeographyBase(SQLModel):
    code: str = Field(sa_type=String(40), primary_key=True)
    parent: str | None = Field(default=None, sa_type=String(40), foreign_key="geography.code")
    level: str = Field(sa_type=String(20))
    name_zh: str
    name_en: str
    note: str = Field(default="", sa_column=_text(nullable=False, default=""))


class Geography(GeographyBase, table=True):
    pass


# --- factors ------------------------------------------------------------------------------------
class FactorBase(SQLModel):
    """The content of one factor version; validated by `factors.validate` before it is stored."""

    code: str = Field(sa_type=String(120), index=True)
    activity: str = Field(sa_type=String(120), index=True)
    name_zh: str = Field(sa_column=_text(nullable=False))
    name_en: str = Field(sa_column=_text(nullable=False))
    category: str = Field(sa_type=String(60), index=True)
    geography: str = Field(sa_type=String(40), foreign_key="geography.code", index=True)
    reference_year: int | None = Field(default=None, index=True)
    value: float
    unit: str = Field(sa_type=String(40))
    basis: str = Field(sa_type=String(10))
    gwp: str = Field(default="", sa_type=String(20))
    gases: str = Field(default="", sa_column=_text(nullable=False, default=""))
    scope: str = Field(sa_type=String(20))
    scope_note: str = Field(default="", sa_column=_text(nullable=False, default=""))
    uncertainty: str = Field(default="", sa_type=String(12))
    unc_a: float | None = None
    unc_b: float | None = None
    dq_reliability: int | None = None
    dq_completeness: int | None = None
    dq_temporal: int | None = None
    dq_geographical: int | None = None
    dq_technological: int | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    confidence: str = Field(sa_type=String(10))
    source_value: str = Field(default="", sa_column=_text(nullable=False, default=""))
    source_unit: str = Field(default="", sa_column=_text(nullable=False, default=""))
    notes: str = Field(default="", sa_column=_text(nullable=False, default=""))
    # browsing keys (factors.classes) and the role in a group of alternatives of one activity
    source_class: str = Field(default="", sa_type=String(30), index=True)
    industry: str = Field(default="", sa_type=String(10), index=True)
    alt_role: str = Field(default="", sa_type=String(12))


class Factor(FactorBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    status: str = Field(default="draft", sa_type=String(12))
    supersedes_id: int | None = Field(default=None, foreign_key="factor.id")
    content_hash: str = Field(sa_type=String(64), index=True)


# --- releases -----------------------------------------------------------------------------------
class Release(SQLModel, table=True):
    """A versioned set of factors and GWP values; immutable once `status` is published."""

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(sa_type=String(40), index=True, unique=True)
    date: dt.date
    notes: str = Field(default="", sa_column=_text(nullable=False, default=""))
    status: str = Field(default="draft", sa_type=String(12))
    based_on: str | None = Field(default=None, sa_type=String(40))
    content_hash: str = Field(default="", sa_type=String(64))
    published_at: dt.datetime | None = None


class ReleaseFactor(SQLModel, table=True):
    """Membership of a factor version in a release; a code appears once per release."""

    __table_args__ = (UniqueConstraint("release_id", "code", name="uq_release_code"),)
    release_id: int = Field(foreign_key="release.id", primary_key=True)
    factor_id: int = Field(foreign_key="factor.id", primary_key=True, index=True)
    code: str = Field(sa_type=String(120), index=True)


class GwpValue(SQLModel, table=True):
    """One GWP100 value of one gas in one IPCC set, as carried by one release."""

    __table_args__ = (UniqueConstraint("release_id", "gas", "gwp_set", name="uq_release_gas_set"),)
    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    gas: str = Field(sa_type=String(20))
    gwp_set: str = Field(sa_type=String(10))
    value: float
    source_id: int = Field(foreign_key="source.id")
    confidence: str = Field(sa_type=String(10))
    notes: str = Field(default="", sa_column=_text(nullable=False, default=""))


class SchemaVersion(SQLModel, table=True):
    """The schema version `pcf db init` last brought this database to."""

    id: int = Field(default=1, primary_key=True)
    version: int
