"""The MIIT declaration table (kept apart from `workflow.tables` to keep modules small)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from workflow.tables import _READ, _text, utcnow


class DeclarationBase(SQLModel):
    """One pack model's MIIT declaration: four stage values per kWh of lifetime energy and their basis.

    The figures come from a model version (frozen when the declaration is submitted) and its pinned
    factor release; a revision recomputes them from another version while the declaration is a draft or
    changes were requested.
    """

    declarant_org_id: int = Field(foreign_key="wf_organisation.id", index=True)
    product_id: int = Field(foreign_key="wf_product.id", index=True)
    model_version_id: int = Field(foreign_key="wf_model_version.id", index=True)
    verification_body_id: int | None = Field(default=None, foreign_key="wf_organisation.id", index=True)
    status: str = Field(default="draft", sa_type=String(24), index=True)
    pack_model: str = Field(sa_type=String(80))
    specification_json: str = Field(sa_column=_text(nullable=False))
    plant_location: str = Field(default="", sa_type=String(40))
    rated_energy_kwh: float
    lifetime_energy_kwh: float
    full_cycles: float
    cycles_per_year: float | None = None
    service_years: float | None = None
    capacity_basis: str = Field(sa_type=String(24))
    material_acquisition: float
    manufacturing: float
    distribution: float
    recycling: float
    total_kg_co2e_per_kwh: float
    life_cycle_kg_co2e: float
    factor_release: str = Field(sa_type=String(40))
    model_hash: str = Field(sa_type=String(64))
    gwp: str = Field(sa_type=String(10))
    declaration_json: str = Field(sa_column=_text(nullable=False))
    report_number: str | None = Field(default=None, sa_type=String(80))
    report_date: dt.date | None = None
    verifier_comment: str = Field(default="", sa_column=_text(nullable=False, default=""))
    created_by_id: int = Field(foreign_key="wf_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    declared_at: dt.datetime | None = None


class Declaration(DeclarationBase, table=True):
    __tablename__ = "wf_miit_declaration"
    id: int | None = Field(default=None, primary_key=True)


class DeclarationRead(DeclarationBase):
    model_config = _READ
    id: int
