"""Closed vocabularies of the workflow store, as string enums (stored as their values)."""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    """What an organisation is in the certification scheme."""

    ENTERPRISE = "enterprise"  # applicant / declarant (认证委托人)
    CERTIFICATION_BODY = "certification_body"  # 认证机构: reviews, decides, issues certificates
    STANDARDS_BODY = "standards_body"  # PCR drafts and factor releases
    PLATFORM_ADMIN = "platform_admin"  # operates the platform: organisations and users


class Role(StrEnum):
    """What a user may do; fixed by the kind of the user's organisation (`ROLE_OF_KIND`)."""

    ENTERPRISE = "enterprise"
    CERTIFIER = "certifier"
    STANDARDS = "standards"
    ADMIN = "admin"
    SYSTEM = "system"  # scheduled jobs (certificate expiry); never a user's role


ROLE_OF_KIND: dict[OrgKind, Role] = {
    OrgKind.ENTERPRISE: Role.ENTERPRISE,
    OrgKind.CERTIFICATION_BODY: Role.CERTIFIER,
    OrgKind.STANDARDS_BODY: Role.STANDARDS,
    OrgKind.PLATFORM_ADMIN: Role.ADMIN,
}


class SubmissionState(StrEnum):
    """States of a certification submission (see `workflow.states.SUBMISSION`)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    CHANGES_REQUESTED = "changes_requested"
    RESUBMITTED = "resubmitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    CERTIFIED = "certified"
    CANCELLED = "cancelled"


class SubmissionAction(StrEnum):
    ASSIGN = "assign"
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    ADD_FINDING = "add_finding"
    RESOLVE_FINDING = "resolve_finding"
    REQUEST_CHANGES = "request_changes"
    ANSWER_FINDING = "answer_finding"
    RESUBMIT = "resubmit"
    APPROVE = "approve"
    REJECT = "reject"
    ISSUE_CERTIFICATE = "issue_certificate"
    CANCEL = "cancel"


class CertificateStatus(StrEnum):
    """States of a certificate (see `workflow.states.CERTIFICATE`)."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class CertificateAction(StrEnum):
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"


class PcrStatus(StrEnum):
    """States of a product-category-rule draft (see `workflow.states.PCR`)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class PcrAction(StrEnum):
    EDIT = "edit"
    PUBLISH = "publish"
    RETIRE = "retire"


class ReviewSeverity(StrEnum):
    """Weight of a review finding; open major/minor findings block approval, observations do not."""

    MAJOR = "major"  # nonconformity that affects the declared value
    MINOR = "minor"  # nonconformity that must be corrected but does not change the value much
    OBSERVATION = "observation"  # a comment or question; does not block approval


BLOCKING_SEVERITIES = frozenset({ReviewSeverity.MAJOR, ReviewSeverity.MINOR})
