"""Evidence: content-addressed files on a version, an input line and a finding answer; limits; frozen with
the submission; downloads audited; hidden from other enterprises and bodies."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlmodel import select

import workflow as wf
from tests.workflow.conftest import Flow
from workflow.evidence import MAX_EVIDENCE_BYTES, attach_evidence, download_evidence, list_evidence
from workflow.pilot_tables import EvidenceBlob
from workflow.tables import AuditLog

PDF = b"%PDF-1.4 bill of materials\n"


def attach(flow: Flow, **kw: object) -> wf.tables.SQLModel:
    args: dict[str, object] = {
        "version_id": flow.version_id,
        "filename": "bom.pdf",
        "data": PDF,
        "media_type": "application/pdf",
    }
    args.update(kw)
    return attach_evidence(flow.people.ent_a, flow.session, **args)  # type: ignore[arg-type]


def test_files_are_stored_once_per_hash_and_the_hash_is_audited(flow: Flow) -> None:
    a = attach(flow)
    b = attach(flow, filename="meter.pdf", process_id="cell", input_index=3, note="meter readings")
    c = attach(flow, process_id="cathode", input_key="li2co3")
    digest = hashlib.sha256(PDF).hexdigest()
    assert a.sha256 == b.sha256 == c.sha256 == digest
    assert len(flow.session.exec(select(EvidenceBlob)).all()) == 1
    assert (b.process_id, b.input_index, c.input_key) == ("cell", 3, "li2co3")
    audit = flow.session.exec(select(AuditLog).where(AuditLog.action == "evidence.attach")).all()
    assert [json.loads(r.detail)["sha256"] for r in audit] == [digest] * 3
    assert [
        e.filename for e in list_evidence(flow.people.ent_a, flow.session, version_id=flow.version_id)
    ] == ["bom.pdf", "meter.pdf", "bom.pdf"]


@pytest.mark.parametrize(
    "kw, code",
    [
        ({"data": b""}, "evidence_empty"),
        ({"data": b"x" * (MAX_EVIDENCE_BYTES + 1)}, "evidence_too_large"),
        ({"media_type": "application/x-msdownload", "filename": "run.exe"}, "evidence_type"),
        ({"process_id": "nope"}, "evidence_target"),
        ({"process_id": "cell", "input_index": 9}, "evidence_target"),
    ],
)
def test_limits(flow: Flow, kw: dict, code: str) -> None:
    with pytest.raises(wf.InvalidInput) as caught:
        attach(flow, **kw)
    assert caught.value.code == code


def test_a_submitted_version_is_frozen_with_its_evidence(flow: Flow) -> None:
    p, s = flow.people, flow.session
    attach(flow)
    sid = flow.to_state(wf.SubmissionState.UNDER_REVIEW)
    with pytest.raises(wf.VersionFrozen):
        attach(flow)
    finding = wf.add_finding(p.cert_x, s, submission_id=sid, severity="minor", text="show the invoice")
    wf.request_changes(p.cert_x, s, submission_id=sid, note="invoice please")
    answer = attach(
        flow, filename="invoice.png", data=b"\x89PNG....", media_type="image/png", finding_id=finding.id
    )
    assert [e.id for e in list_evidence(p.cert_x, s, finding_id=finding.id)] == [answer.id]


def test_downloads_are_audited_and_hidden_from_others(flow: Flow) -> None:
    p, s = flow.people, flow.session
    ev = attach(flow)
    flow.to_state(wf.SubmissionState.SUBMITTED)
    row, data = download_evidence(p.cert_x, s, evidence_id=ev.id)
    assert data == PDF and row.sha256 == ev.sha256
    logged = s.exec(select(AuditLog).where(AuditLog.action == "evidence.download")).all()
    assert [(r.actor, json.loads(r.detail)["role"]) for r in logged] == [("cert_x", "certifier")]
    for other in (p.ent_b, p.cert_y):
        with pytest.raises(wf.NotFound):
            download_evidence(other, s, evidence_id=ev.id)
    with pytest.raises(wf.AccessDenied):
        attach_evidence(
            p.cert_x, s, version_id=flow.version_id, filename="x.pdf", data=PDF, media_type="application/pdf"
        )
