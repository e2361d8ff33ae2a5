"""Tamper evidence: the content hashes of frozen versions and certificates, and `verify_integrity`, which
re-checks the audit log's hash chain and every stored hash and names the first broken link.

The audit log is a hash chain like a certificate-transparency log: row `seq` stores the `entry_hash` of
row ``seq - 1`` as its `prev_hash` and its own `entry_hash` over its fields and that link, so changing,
removing or re-inserting any row breaks every later link. Frozen model versions carry a `content_hash` set
when they are frozen, certificates one over every field that never changes; evidence blobs are addressed
by the SHA-256 of their bytes. The database triggers (`workflow.guards`) refuse the changes; this module
finds one made past them (e.g. by a database owner with the triggers dropped).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from workflow.audit import entry_hash
from workflow.pilot_tables import AuditHead, EvidenceBlob
from workflow.tables import AuditLog, Certificate, ModelVersion

VERSION_FIELDS = (
    "product_id",
    "number",
    "yaml_text",
    "model_hash",
    "factor_release",
    "result_json",
    "total",
    "unit",
    "functional_unit",
    "gwp",
    "note",
    "created_by_id",
)
CERTIFICATE_FIELDS = (
    "number",
    "submission_id",
    "product_id",
    "model_version_id",
    "holder_org_id",
    "issuing_body_id",
    "total",
    "unit",
    "functional_unit",
    "gwp",
    "factor_release",
    "model_hash",
    "issued_on",
    "expires_on",
    "issued_by_id",
    "rule_id",
    "rule_version",
    "check_hash",
    "reviewed_by_id",
    "findings_closed",
)


def _digest(obj: Any, fields: tuple[str, ...]) -> str:
    data: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, float):
            value = value.hex()  # the exact bits
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        data[name] = value
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_content_hash(version: ModelVersion) -> str:
    """SHA-256 over a model version's content (text, pinned release, result, total, …)."""
    return _digest(version, VERSION_FIELDS)


def freeze(version: ModelVersion) -> None:
    """Freeze a version: the moment and its content hash, set together (the one place that freezes)."""
    from workflow.tables import utcnow

    version.frozen_at = utcnow()
    version.content_hash = version_content_hash(version)


def certificate_content_hash(cert: Certificate) -> str:
    """SHA-256 over every certificate field that never changes (all but status and its reason)."""
    return _digest(cert, CERTIFICATE_FIELDS)


@dataclass(frozen=True)
class IntegrityReport:
    """What `verify_integrity` checked and the problems it found, the first broken link first."""

    audit_rows: int
    versions: int
    certificates: int
    blobs: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_broken(self) -> str | None:
        return self.problems[0] if self.problems else None


def verify_integrity(session: Session) -> IntegrityReport:
    """Re-check the audit hash chain, frozen versions, certificates and evidence blobs (read-only)."""
    problems: list[str] = []
    rows = session.exec(select(AuditLog).order_by(col(AuditLog.seq), col(AuditLog.id))).all()
    prev, expected_seq = "", 1
    for row in rows:
        if row.seq is None:
            problems.append(f"wf_audit_log id {row.id}: not chained (no seq)")
            continue
        if row.seq != expected_seq:
            problems.append(
                f"wf_audit_log seq {expected_seq}: missing (next stored seq {row.seq}, id {row.id})"
            )
            expected_seq = row.seq
        if row.prev_hash != prev:
            problems.append(
                f"wf_audit_log seq {row.seq} (id {row.id}): prev_hash does not match row {row.seq - 1}"
            )
        if row.entry_hash != entry_hash(row):
            problems.append(f"wf_audit_log seq {row.seq} (id {row.id}): entry_hash does not match its fields")
        prev, expected_seq = row.entry_hash or "", expected_seq + 1
    head = session.get(AuditHead, 1)
    if rows and (head is None or head.seq != expected_seq - 1 or head.last_hash != prev):
        problems.append(
            f"wf_audit_head: names seq {head.seq if head else None}, the log ends at seq {expected_seq - 1} "
            "(rows removed from the end?)"
        )
    versions = session.exec(select(ModelVersion).where(col(ModelVersion.frozen_at).is_not(None))).all()
    for v in versions:
        if v.content_hash != version_content_hash(v):
            problems.append(
                f"wf_model_version id {v.id} (product {v.product_id} v{v.number}): content_hash mismatch"
            )
    certs = session.exec(select(Certificate).order_by(col(Certificate.id))).all()
    for c in certs:
        if c.content_hash != certificate_content_hash(c):
            problems.append(f"wf_certificate {c.number}: content_hash mismatch")
    blobs = session.exec(select(EvidenceBlob)).all()
    for b in blobs:
        if hashlib.sha256(b.data).hexdigest() != b.sha256 or len(b.data) != b.size:
            problems.append(f"wf_evidence_blob {b.sha256[:16]}…: content does not match its address")
    return IntegrityReport(len(rows), len(versions), len(certs), len(blobs), problems)
