"""SQLModel tables of the certification workflow, on the same metadata as the factor database.

Base -> table -> Create/Read split as in `factors.tables`. Table names carry a ``wf_`` prefix so they
cannot collide with other packages on the shared `SQLModel.metadata`. Read models are frozen copies:
services hand them out instead of live rows, so a caller cannot change a row behind the guards.

Two kinds of rows never change once written, enforced twice: by mapper events (any ORM update or delete
raises) and by database triggers created with the tables (SQLite and PostgreSQL):
- `AuditLog` rows (append-only);
- `ModelVersion` rows once `frozen_at` is set (a submitted version; edits make a new version).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DDL, Column, String, Text, UniqueConstraint, event
from sqlalchemy.orm import attributes
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

from workflow.errors import AuditLogImmutable, VersionFrozen
from workflow.vocab import CertificateStatus, OrgKind, PcrStatus, ReviewSeverity, Role, SubmissionState

_READ = SQLModelConfig(frozen=True, from_attributes=True)


def _text(**kw: object) -> Column:  # long free text, same type on SQLite and PostgreSQL
    return Column(Text, **kw)  # type: ignore[arg-type]


def utcnow() -> dt.datetime:
    """Now, timezone-aware (UTC); the only clock of the store."""
    return dt.datetime.now(dt.UTC)


# --- organisations and users --------------------------------------------------------------------
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


# --- products and model versions ----------------------------------------------------------------
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


# --- certificates ---------------------------------------------------------------------------------
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


# --- product category rules ---------------------------------------------------------------------
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


# --- audit log --------------------------------------------------------------------------------------
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


def _protect(table: str, message: str, when: str = "") -> None:
    """Database triggers that refuse UPDATE and DELETE on `table` (only rows matching `when`, if given)."""
    sqlite_when = f" WHEN {when}" if when else ""
    pg_test = f"IF {when} THEN " if when else ""
    pg_end = " END IF;" if when else ""
    tbl = SQLModel.metadata.tables[table]
    for op in ("UPDATE", "DELETE"):
        event.listen(
            tbl,
            "after_create",
            DDL(
                f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}{sqlite_when} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            ).execute_if(dialect="sqlite"),
        )
    event.listen(
        tbl,
        "after_create",
        DDL(
            f"CREATE OR REPLACE FUNCTION {table}_protect() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {pg_test}RAISE EXCEPTION '{message}';{pg_end} "
            f"IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$"
        ).execute_if(dialect="postgresql"),
    )
    event.listen(
        tbl,
        "after_create",
        DDL(
            f"CREATE TRIGGER {table}_protect BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION {table}_protect()"
        ).execute_if(dialect="postgresql"),
    )


_protect("wf_audit_log", "wf_audit_log is append-only")
_protect(
    "wf_model_version", "a submitted (frozen) model version cannot change", when="OLD.frozen_at IS NOT NULL"
)


# Registered with the other tables, so `import workflow.tables` creates them too.
from workflow import declaration_tables as _declaration_tables  # noqa: E402,F401
from workflow import guards as _guards  # noqa: E402,F401
from workflow import pilot_tables as _pilot_tables  # noqa: E402,F401
from workflow import sharing_tables as _sharing_tables  # noqa: E402,F401
