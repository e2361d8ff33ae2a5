"""Tables of products, their versioned models, submissions, submission rounds and review findings.

A `ModelVersion` never changes once `frozen_at` is set (a submitted version; edits make a new version):
a mapper event refuses ORM updates and deletes, a database trigger raw SQL ones.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, UniqueConstraint, event
from sqlalchemy.orm import attributes
from sqlmodel import Field, SQLModel

from workflow.columns import _READ, _protect, _text, utcnow
from workflow.errors import VersionFrozen
from workflow.vocab import ReviewSeverity, SubmissionState


class ProductBase(SQLModel):
    code: str = Field(sa_type=String(80), index=True)  # = `product.id` of its models
    name_zh: str = Field(sa_column=_text(nullable=False))
    name_en: str = Field(default="", sa_column=_text(nullable=False, default=""))
    category: str = Field(default="", sa_type=String(80))


class Product(ProductBase, table=True):
    __tablename__ = "wf_product"
    __table_args__ = (UniqueConstraint("owner_org_id", "code", name="uq_wf_product_owner_code"),)
    id: int | None = Field(default=None, primary_key=True)
    owner_org_id: int = Field(foreign_key="wf_organisation.id", index=True)
    created_by_id: int = Field(foreign_key="wf_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow)


class ProductCreate(ProductBase):
    pass


class ProductRead(ProductBase):
    model_config = _READ
    id: int
    owner_org_id: int
    created_at: dt.datetime


class ModelVersionBase(SQLModel):
    """One calculated version of a product model: YAML, canonical hash, pinned release and result."""

    product_id: int = Field(foreign_key="wf_product.id", index=True)
    number: int
    yaml_text: str = Field(sa_column=_text(nullable=False))
    model_hash: str = Field(sa_type=String(64), index=True)
    factor_release: str = Field(sa_type=String(40))
    result_json: str = Field(sa_column=_text(nullable=False))
    total: float
    unit: str = Field(sa_type=String(20))
    functional_unit: str = Field(sa_column=_text(nullable=False))
    gwp: str = Field(sa_type=String(10))
    note: str = Field(default="", sa_column=_text(nullable=False, default=""))
    created_by_id: int = Field(foreign_key="wf_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    frozen_at: dt.datetime | None = None  # set when first submitted; the row never changes afterwards
    content_hash: str | None = Field(default=None, sa_type=String(64))  # set with frozen_at (integrity)


class ModelVersion(ModelVersionBase, table=True):
    __tablename__ = "wf_model_version"
    __table_args__ = (UniqueConstraint("product_id", "number", name="uq_wf_model_version_number"),)
    id: int | None = Field(default=None, primary_key=True)


class ModelVersionRead(ModelVersionBase):
    model_config = _READ
    id: int


# --- submissions and findings -------------------------------------------------------------------
class SubmissionBase(SQLModel):
    product_id: int = Field(foreign_key="wf_product.id", index=True)
    model_version_id: int = Field(foreign_key="wf_model_version.id", index=True)
    certification_body_id: int | None = Field(default=None, foreign_key="wf_organisation.id", index=True)
    state: SubmissionState = Field(default=SubmissionState.DRAFT, sa_type=String(24), index=True)
    round: int = 0  # 1 after the first submission, +1 per resubmission
    created_by_id: int = Field(foreign_key="wf_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Submission(SubmissionBase, table=True):
    __tablename__ = "wf_submission"
    id: int | None = Field(default=None, primary_key=True)


class SubmissionRead(SubmissionBase):
    model_config = _READ
    id: int


class SubmissionRound(SQLModel, table=True):
    """Which frozen version a submission carried in each round (1 = first submission, then resubmissions)."""

    __tablename__ = "wf_submission_round"
    __table_args__ = (UniqueConstraint("submission_id", "round", name="uq_wf_submission_round"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="wf_submission.id", index=True)
    round: int
    model_version_id: int = Field(foreign_key="wf_model_version.id", index=True)
    submitted_by_id: int = Field(foreign_key="wf_user.id")
    submitted_at: dt.datetime = Field(default_factory=utcnow)


class SubmissionRoundRead(SQLModel):
    model_config = _READ
    submission_id: int
    round: int
    model_version_id: int
    submitted_by_id: int
    submitted_at: dt.datetime


class FindingBase(SQLModel):
    """A review finding or comment of the certifier, with the enterprise's answer."""

    severity: ReviewSeverity = Field(sa_type=String(16))
    text: str = Field(sa_column=_text(nullable=False))
    location: str = Field(default="", sa_column=_text(nullable=False, default=""))  # path in the model


class Finding(FindingBase, table=True):
    __tablename__ = "wf_finding"
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="wf_submission.id", index=True)
    model_version_id: int = Field(foreign_key="wf_model_version.id")  # the version it was raised on
    author_id: int = Field(foreign_key="wf_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    answer: str = Field(default="", sa_column=_text(nullable=False, default=""))
    answered_by_id: int | None = Field(default=None, foreign_key="wf_user.id")
    answered_at: dt.datetime | None = None
    resolved: bool = False
    resolved_by_id: int | None = Field(default=None, foreign_key="wf_user.id")
    resolved_at: dt.datetime | None = None
    source: str = Field(default="review", sa_type=String(16))  # review | rule (a justified rule error)
    rule_key: str = Field(default="", sa_column=_text(nullable=False, default=""))  # code@location


class FindingCreate(FindingBase):
    pass


class FindingRead(FindingBase):
    model_config = _READ
    id: int
    submission_id: int
    model_version_id: int
    author_id: int
    created_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None
    resolved: bool
    resolved_at: dt.datetime | None
    source: str = "review"
    rule_key: str = ""


@event.listens_for(ModelVersion, "before_update")
@event.listens_for(ModelVersion, "before_delete")
def _refuse_frozen_change(_mapper: object, _connection: object, target: ModelVersion) -> None:
    history = attributes.get_history(target, "frozen_at")
    was = (history.deleted or history.unchanged or (None,))[0]
    if was is not None:
        raise VersionFrozen(
            f"model version {target.number} of product {target.product_id} was submitted on "
            f"{was:%Y-%m-%d} and is frozen; save the changes as a new version"
        )


_protect(
    "wf_model_version", "a submitted (frozen) model version cannot change", when="OLD.frozen_at IS NOT NULL"
)
