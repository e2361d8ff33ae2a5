"""Evidence: files attached to a model version, to one of its input lines, or to the answer of a finding.

Content is stored once per SHA-256 (`wf_evidence_blob`, content-addressed) and the attachment row names
the hash; the audit row carries it too. Size and media type are limited. A submitted (frozen) version is
frozen with its evidence: nothing is attached to it afterwards, except evidence for a finding's answer
while changes are requested. Every download is audited, so the certifier's reading of proof is on record.
"""

from __future__ import annotations

import hashlib

from sqlmodel import Session, col, select

from workflow.access import Actor, Verb, fetch, load
from workflow.audit import record, unit_of_work
from workflow.errors import IntegrityBroken, InvalidInput, VersionFrozen
from workflow.pilot_tables import Evidence, EvidenceBlob, EvidenceRead
from workflow.tables import Finding, ModelVersion, Submission
from workflow.vocab import SubmissionState

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
EVIDENCE_MEDIA_TYPES = frozenset(
    {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "text/csv",
        "text/plain",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
)


def attach_evidence(
    actor: Actor,
    session: Session,
    *,
    version_id: int,
    filename: str,
    data: bytes,
    media_type: str,
    process_id: str | None = None,
    input_index: int | None = None,
    input_key: str | None = None,
    finding_id: int | None = None,
    note: str = "",
) -> EvidenceRead:
    """Attach a file (the enterprise, to its own product's version, an input of it or a finding answer)."""
    version = load(actor, session, ModelVersion, version_id, Verb.EDIT)
    media = media_type.split(";")[0].strip().lower()
    _check_file(filename, data, media)
    finding = None
    if finding_id is not None:
        finding = load(actor, session, Finding, finding_id)
        sub = fetch(session, Submission, finding.submission_id)
        if sub.state != SubmissionState.CHANGES_REQUESTED or sub.product_id != version.product_id:
            raise VersionFrozen(
                f"finding {finding_id}: evidence for an answer is attached to its submission's product "
                "while changes are requested",
                code="version_frozen",
            )
    elif version.frozen_at is not None:
        raise VersionFrozen(
            f"model version {version.number} was submitted and is frozen with its evidence; "
            "save a new version to attach more",
            code="version_frozen",
        )
    if process_id or input_index is not None or input_key:
        _check_target(version.yaml_text, process_id or "", input_index, input_key or "")
    digest = hashlib.sha256(data).hexdigest()
    with unit_of_work(session):
        if session.get(EvidenceBlob, digest) is None:
            session.add(EvidenceBlob(sha256=digest, size=len(data), data=data))
            session.flush()
        row = Evidence(
            model_version_id=version_id,
            finding_id=finding.id if finding is not None else None,
            process_id=process_id or "",
            input_index=input_index,
            input_key=input_key or "",
            filename=filename.strip()[:255],
            media_type=media,
            size=len(data),
            sha256=digest,
            note=note.strip(),
            uploaded_by_id=actor.uid,
        )
        session.add(row)
        record(
            session,
            actor,
            "evidence.attach",
            row,
            before=None,
            detail={
                "sha256": digest,
                "size": len(data),
                "filename": row.filename,
                "version": version_id,
                "finding": finding_id,
                "process": process_id,
                "input": input_index,
                "key": input_key,
            },
        )
    return EvidenceRead.model_validate(row)


def list_evidence(
    actor: Actor, session: Session, *, version_id: int | None = None, finding_id: int | None = None
) -> list[EvidenceRead]:
    """Evidence of a version (with its finding answers') or of one finding, for those who may read it."""
    if version_id is None and finding_id is None:
        raise InvalidInput("name a model version or a finding", code="evidence_target")
    query = select(Evidence).order_by(col(Evidence.id))
    if version_id is not None:
        load(actor, session, ModelVersion, version_id)
        query = query.where(Evidence.model_version_id == version_id)
    if finding_id is not None:
        load(actor, session, Finding, finding_id)
        query = query.where(Evidence.finding_id == finding_id)
    return [EvidenceRead.model_validate(r) for r in session.exec(query).all()]


def download_evidence(actor: Actor, session: Session, *, evidence_id: int) -> tuple[EvidenceRead, bytes]:
    """The file and its bytes (re-hashed: a mismatch is `IntegrityBroken`); every download is audited."""
    row = session.get(Evidence, evidence_id)
    if row is None:
        from workflow.errors import NotFound

        raise NotFound("evidence", evidence_id)
    load(actor, session, ModelVersion, row.model_version_id)  # NotFound for whoever may not see the version
    blob = fetch(session, EvidenceBlob, row.sha256)
    if hashlib.sha256(blob.data).hexdigest() != row.sha256:
        raise IntegrityBroken(
            f"evidence {evidence_id}: stored content does not match its hash", code="evidence_tampered"
        )
    with unit_of_work(session):
        record(
            session,
            actor,
            "evidence.download",
            row,
            before=None,
            detail={"sha256": row.sha256, "role": actor.role.value},
        )
    return EvidenceRead.model_validate(row), bytes(blob.data)


def _check_file(filename: str, data: bytes, media: str) -> None:
    if not filename.strip():
        raise InvalidInput("a file needs a name", code="evidence_empty")
    if not data:
        raise InvalidInput(f"{filename}: the file is empty", code="evidence_empty", params={"file": filename})
    if len(data) > MAX_EVIDENCE_BYTES:
        raise InvalidInput(
            f"{filename}: {len(data)} bytes, more than the limit of {MAX_EVIDENCE_BYTES}",
            code="evidence_too_large",
            params={"file": filename, "size": len(data), "limit": MAX_EVIDENCE_BYTES},
        )
    if media not in EVIDENCE_MEDIA_TYPES:
        raise InvalidInput(
            f"{filename}: type {media!r} is not accepted (PDF, PNG, JPEG, CSV, text, Excel, Word)",
            code="evidence_type",
            params={"file": filename, "media_type": media, "allowed": sorted(EVIDENCE_MEDIA_TYPES)},
        )


def _check_target(yaml_text: str, process_id: str, index: int | None, key: str) -> None:
    """The process (and input line) an attachment points at must exist in the version's model."""
    import yaml

    processes = (yaml.safe_load(yaml_text) or {}).get("processes", {}) or {}
    proc = processes.get(process_id) if process_id else None
    if process_id and not isinstance(proc, dict):
        raise InvalidInput(
            f"no process {process_id!r} in this version",
            code="evidence_target",
            params={"process": process_id},
        )
    if index is not None:
        inputs = (proc or {}).get("inputs", []) or []
        if not process_id or not 0 <= index < len(inputs):
            raise InvalidInput(
                f"process {process_id!r} has no input line {index + 1}",
                code="evidence_target",
                params={"process": process_id, "input": index},
            )
    elif key and not process_id:
        raise InvalidInput("an input key needs its process", code="evidence_target", params={"key": key})
