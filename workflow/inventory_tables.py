"""Tables of the stored inventories, impact analyses and impact notices (issue 16), all write-once.

An inventory is stored with a certificate when it is issued and with a MIIT declaration when it is
declared. Its lines are kept as packed arrays on the record row (one row per record, not one per line),
so that re-rating 100,000 records reads 100,000 rows, not millions: ``line_process`` (int32 index into
``processes_json``), ``line_flow`` (int32 id of `InventoryFlow`) and ``line_amount`` (float64, amount of
the flow per functional unit of the record), little-endian. Every row here is immutable: mapper events
refuse any ORM update or delete and database triggers refuse UPDATE and DELETE (SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, LargeBinary, String, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from workflow.errors import WorkflowError
from workflow.tables import _READ, _protect, _text, utcnow


class InventoryImmutable(WorkflowError):
    """A stored inventory, impact analysis or notice was about to be changed or deleted."""


class FlowKind:
    """The closed vocabulary of inventory flows."""

    FACTOR = "factor"  # a database factor code: amount in the factor's unit
    GAS = "gas"  # a gas emitted directly (or by a model-local per-gas factor): amount in kg
    LOCAL = "local"  # a model-local CO2e factor: amount already in kg CO2e (value 1 under any release)


class InventoryFlow(SQLModel, table=True):
    """One flow of the shared vocabulary: a factor code, a gas, or a model-local CO2e factor."""

    __tablename__ = "wf_inventory_flow"
    __table_args__ = (UniqueConstraint("kind", "key", name="uq_wf_inventory_flow"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_type=String(8))
    key: str = Field(sa_type=String(160))
    unit: str = Field(default="", sa_type=String(40))  # the factor's unit when first stored


class InventoryRecordBase(SQLModel):
    """The inventory of one issued certificate or declared declaration, per its functional unit."""

    kind: str = Field(sa_type=String(12), index=True)  # certificate | declaration
    record: str = Field(sa_type=String(40), unique=True, index=True)  # certificate number or "DECL-<id>"
    certificate_id: int | None = Field(default=None, foreign_key="wf_certificate.id", unique=True)
    declaration_id: int | None = Field(default=None, foreign_key="wf_miit_declaration.id", unique=True)
    product_id: int = Field(foreign_key="wf_product.id", index=True)
    product_code: str = Field(sa_type=String(80))
    category: str = Field(default="", sa_type=String(80), index=True)
    org_id: int = Field(foreign_key="wf_organisation.id", index=True)  # holder / declarant
    body_id: int | None = Field(
        default=None, foreign_key="wf_organisation.id", index=True
    )  # issuer / verifier
    model_version_id: int = Field(foreign_key="wf_model_version.id", index=True)
    model_hash: str = Field(sa_type=String(64))
    factor_release: str = Field(sa_type=String(40))
    gwp: str = Field(sa_type=String(10))
    unit: str = Field(sa_type=String(20))  # kg CO2e, or kg CO2e/kWh for a declaration
    functional_unit: str = Field(sa_column=_text(nullable=False))
    total: float  # the stored figure (certificate total, declared kg CO2e/kWh)
    processes_json: str = Field(sa_column=_text(nullable=False))  # [[process id, stage], ...]
    n_lines: int


class InventoryRecord(InventoryRecordBase, table=True):
    __tablename__ = "wf_inventory_record"
    id: int | None = Field(default=None, primary_key=True)
    line_process: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    line_flow: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    line_amount: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


class InventoryRecordRead(InventoryRecordBase):
    model_config = _READ
    id: int
    created_at: dt.datetime


class InventoryResolution(SQLModel, table=True):
    """How one activity reference of a record was resolved: the code and the geography level it came from."""

    __tablename__ = "wf_inventory_resolution"
    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="wf_inventory_record.id", index=True)
    ref: str = Field(sa_type=String(160))  # the reference as written in the model
    activity: str = Field(sa_type=String(120), index=True)
    geography: str = Field(sa_type=String(40))  # the geography asked for
    year: int | None = None
    code: str = Field(sa_type=String(120))  # the factor it resolved to
    matched_geography: str = Field(sa_type=String(40))
    note: str = Field(default="", sa_column=_text(nullable=False, default=""))


class ImpactAnalysis(SQLModel, table=True):
    """One run of the impact of a new factor release on the stored records (a new record each time)."""

    __tablename__ = "wf_impact_analysis"
    id: int | None = Field(default=None, primary_key=True)
    old_release: str = Field(sa_type=String(40))
    new_release: str = Field(sa_type=String(40))
    category: str = Field(default="", sa_type=String(80))
    threshold: float = 0.0
    n_records: int
    n_listed: int
    n_recalculation: int
    items_json: str = Field(
        sa_column=_text(nullable=False)
    )  # the listed items, as `pcf factors impact --json`
    created_by_id: int | None = Field(default=None, foreign_key="wf_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)


class ImpactNotice(SQLModel, table=True):
    """A notice to an enterprise that a new factor release changes (or needs recalculation of) its records."""

    __tablename__ = "wf_impact_notice"
    id: int | None = Field(default=None, primary_key=True)
    analysis_id: int = Field(foreign_key="wf_impact_analysis.id", index=True)
    org_id: int = Field(foreign_key="wf_organisation.id", index=True)
    new_release: str = Field(sa_type=String(40))
    n_records: int
    n_recalculation: int
    max_change: float | None = None
    records_json: str = Field(
        sa_column=_text(nullable=False)
    )  # [{record, product, change, needs_recalculation}]
    created_at: dt.datetime = Field(default_factory=utcnow)


class ImpactNoticeRead(SQLModel):
    model_config = _READ
    id: int
    analysis_id: int
    org_id: int
    new_release: str
    n_records: int
    n_recalculation: int
    max_change: float | None
    records_json: str
    created_at: dt.datetime


_WRITE_ONCE = (InventoryFlow, InventoryRecord, InventoryResolution, ImpactAnalysis, ImpactNotice)


def _refuse(_mapper: object, _connection: object, target: SQLModel) -> None:
    raise InventoryImmutable(
        f"{type(target).__tablename__} row {getattr(target, 'id', None)} cannot be changed or deleted: "
        "stored inventories and impact analyses are write-once"
    )


for _cls in _WRITE_ONCE:
    event.listen(_cls, "before_update", _refuse)
    event.listen(_cls, "before_delete", _refuse)
    _protect(_cls.__tablename__, f"{_cls.__tablename__} is write-once")
