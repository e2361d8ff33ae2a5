"""SQLModel tables of the certification workflow, on the same metadata as the factor database.

Base -> table -> Create/Read split as in `factors.tables`. Table names carry a ``wf_`` prefix so they
cannot collide with other packages on the shared `SQLModel.metadata`. Read models are frozen copies:
services hand them out instead of live rows, so a caller cannot change a row behind the guards.

The tables live in one module per area; this module gathers them (every name keeps its import path
``workflow.tables``), and importing it registers every workflow table:

==========================  ================================================================
`workflow.columns`          shared helpers (`utcnow`, frozen Read config, immutability triggers)
`workflow.org_tables`       organisations and users
`workflow.product_tables`   products, model versions, submissions, rounds, findings
`workflow.certificate_tables`  certificates and their number counters
`workflow.pcr_tables`       product category rule drafts
`workflow.audit_tables`     the append-only audit log
==========================  ================================================================

Two kinds of rows never change once written, enforced twice: by mapper events (any ORM update or delete
raises) and by database triggers created with the tables (SQLite and PostgreSQL):
- `AuditLog` rows (append-only);
- `ModelVersion` rows once `frozen_at` is set (a submitted version; edits make a new version).
`workflow.guards` adds the triggers for certificates, evidence, ``INSERT OR REPLACE`` and ``TRUNCATE``.
"""

from __future__ import annotations

from workflow.audit_tables import AuditLog, AuditLogBase, AuditLogRead
from workflow.certificate_tables import Certificate, CertificateBase, CertificateRead, CertificateSequence
from workflow.columns import _READ, _protect, _text, utcnow
from workflow.org_tables import (
    Organisation,
    OrganisationBase,
    OrganisationCreate,
    OrganisationRead,
    User,
    UserBase,
    UserCreate,
    UserRead,
)
from workflow.pcr_tables import PcrDraft, PcrDraftBase, PcrDraftCreate, PcrDraftRead
from workflow.product_tables import (
    Finding,
    FindingBase,
    FindingCreate,
    FindingRead,
    ModelVersion,
    ModelVersionBase,
    ModelVersionRead,
    Product,
    ProductBase,
    ProductCreate,
    ProductRead,
    Submission,
    SubmissionBase,
    SubmissionRead,
    SubmissionRound,
    SubmissionRoundRead,
)

__all__ = [
    "_READ",
    "AuditLog",
    "AuditLogBase",
    "AuditLogRead",
    "Certificate",
    "CertificateBase",
    "CertificateRead",
    "CertificateSequence",
    "Finding",
    "FindingBase",
    "FindingCreate",
    "FindingRead",
    "ModelVersion",
    "ModelVersionBase",
    "ModelVersionRead",
    "Organisation",
    "OrganisationBase",
    "OrganisationCreate",
    "OrganisationRead",
    "PcrDraft",
    "PcrDraftBase",
    "PcrDraftCreate",
    "PcrDraftRead",
    "Product",
    "ProductBase",
    "ProductCreate",
    "ProductRead",
    "Submission",
    "SubmissionBase",
    "SubmissionRead",
    "SubmissionRound",
    "SubmissionRoundRead",
    "User",
    "UserBase",
    "UserCreate",
    "UserRead",
    "_protect",
    "_text",
    "utcnow",
]

# Registered with the other tables, so `import workflow.tables` creates them too.
from workflow import declaration_tables as _declaration_tables  # noqa: F401
from workflow import guards as _guards  # noqa: F401
from workflow import pilot_tables as _pilot_tables  # noqa: F401
from workflow import schema as _schema  # noqa: F401  (its version table and its upgrade step)
from workflow import sharing_tables as _sharing_tables  # noqa: F401
