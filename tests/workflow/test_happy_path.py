"""The whole certification path, from the enterprise's model to the public verification of its certificate."""

from __future__ import annotations

import datetime as dt
import json
import re

import workflow as wf
from tests.conftest import PINNED_TODAY  # certificate issuing's today (pinned)
from tests.workflow.conftest import Flow, accept_rule_findings, model_text
from tests.workflow.conftest import submit as submit_justified

S = wf.SubmissionState


def test_the_whole_certification_path(flow: Flow) -> None:
    s, p = flow.session, flow.people
    states = []

    # 认证委托: the enterprise chooses body X and submits version 1
    sid = wf.create_submission(p.ent_a, s, product_id=flow.product_id).id
    states.append(wf.get_submission(p.ent_a, s, submission_id=sid).state)
    wf.assign_certifier(p.ent_a, s, submission_id=sid, body_id=p.orgs["cert_x"])
    states.append(submit_justified(p.ent_a, s, sid).state)
    v1 = wf.get_model_version(p.ent_a, s, version_id=flow.version_id)
    assert v1.frozen_at is not None

    # 受理 / 文件评审: X reviews, raises a finding on a path of the model and sends it back
    assert [x.id for x in wf.list_submissions(p.cert_x, s)] == [sid]
    states.append(
        (wf.start_review(p.cert_x, s, submission_id=sid), accept_rule_findings(p.cert_x, s, sid))[0].state
    )
    finding = wf.add_finding(
        p.cert_x,
        s,
        submission_id=sid,
        severity=wf.ReviewSeverity.MAJOR,
        text="cathode electricity is not backed by meter readings",
        location="processes.cathode.inputs[1].amount",
    )
    states.append(wf.request_changes(p.cert_x, s, submission_id=sid, note="please correct").state)

    # the enterprise answers and corrects the model: a new version, the frozen one untouched
    wf.answer_finding(p.ent_a, s, finding_id=finding.id, answer="meter readings show 7.5 kWh/kg; corrected")
    v2 = wf.save_model_version(
        p.ent_a,
        s,
        product_id=flow.product_id,
        yaml_text=model_text("cell", cathode_kwh=7.5),
        note="finding 1",
    )
    assert (v1.number, v2.number) == (1, 2)
    assert v2.total < v1.total
    assert wf.get_model_version(p.ent_a, s, version_id=v1.id) == v1
    resubmitted = wf.resubmit(p.ent_a, s, submission_id=sid)
    states.append(resubmitted.state)
    assert (resubmitted.model_version_id, resubmitted.round) == (v2.id, 2)
    rounds = wf.list_rounds(p.cert_x, s, submission_id=sid)
    assert [(r.round, r.model_version_id, r.submitted_by_id) for r in rounds] == [
        (1, v1.id, p.ent_a.user_id),
        (2, v2.id, p.ent_a.user_id),
    ]
    assert [v.number for v in wf.list_model_versions(p.cert_x, s, product_id=flow.product_id)] == [1, 2]

    # second review round: X resolves the finding, approves (评价与批准) and issues (证书与标识)
    states.append(
        (wf.start_review(p.cert_x, s, submission_id=sid), accept_rule_findings(p.cert_x, s, sid))[0].state
    )
    assert wf.resolve_finding(p.cert_x, s, finding_id=finding.id).resolved
    states.append(wf.approve(p.cert_x, s, submission_id=sid, note="conforms").state)
    cert = wf.issue_certificate(p.cert_x, s, submission_id=sid, issued_on=dt.date(2026, 3, 1))
    states.append(wf.get_submission(p.ent_a, s, submission_id=sid).state)

    assert states == [
        S.DRAFT,
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.CHANGES_REQUESTED,
        S.RESUBMITTED,
        S.UNDER_REVIEW,
        S.APPROVED,
        S.CERTIFIED,
    ]
    assert re.fullmatch(r"CFP-JX-2026-\d{6}", cert.number)
    assert cert.number == "CFP-JX-2026-000001"
    assert (cert.total, cert.unit, cert.functional_unit) == (v2.total, "kg CO2e", "1 kWh rated energy")
    assert (cert.factor_release, cert.model_hash, cert.model_version_id) == ("2026.2", v2.model_hash, v2.id)
    assert (cert.issued_on, cert.expires_on) == (dt.date(2026, 3, 1), dt.date(2028, 2, 29))
    assert cert.status is wf.CertificateStatus.ACTIVE
    assert json.loads(v2.result_json)["total"] == v2.total

    # anyone verifies by number; the holder recomputes the figure to the bit
    public = wf.verify_certificate(s, cert.number.lower(), today=dt.date(2027, 1, 1))
    assert (public.number, public.total, public.status) == (
        cert.number,
        cert.total,
        wf.CertificateStatus.ACTIVE,
    )
    assert public.holder_name_zh == "甲电池有限公司" and public.issuing_body_zh == "X 认证中心"
    check = wf.recompute_certificate(p.ent_a, s, number=cert.number)
    assert check.matches and check.recomputed_total.hex() == cert.total.hex()

    # the submission's history is its audit trail, one row per transition
    history = wf.submission_history(p.ent_a, s, submission_id=sid)
    assert [h.action for h in history] == [
        "submission.create",
        "submission.assign",
        "submission.submit",
        "submission.start_review",
        "submission.request_changes",
        "submission.resubmit",
        "submission.start_review",
        "submission.approve",
        "submission.issue_certificate",
    ]
    assert [json.loads(h.detail).get("to") for h in history[1:]] == [
        "draft",
        "submitted",
        "under_review",
        "changes_requested",
        "resubmitted",
        "under_review",
        "approved",
        "certified",
    ]
    assert {h.actor for h in history} == {"ent_a", "cert_x"}


def test_a_second_certificate_of_the_year_gets_the_next_number(flow: Flow) -> None:
    s, p = flow.session, flow.people
    first = wf.get_submission(p.ent_a, s, submission_id=flow.to_state(S.CERTIFIED))
    other = wf.create_product(p.ent_a, s, code="cell-2", name_zh="电芯二")
    wf.save_model_version(p.ent_a, s, product_id=other.id, yaml_text=model_text("cell-2"))
    sid = wf.create_submission(p.ent_a, s, product_id=other.id, certification_body_id=p.orgs["cert_x"]).id
    submit_justified(p.ent_a, s, sid)
    (wf.start_review(p.cert_x, s, submission_id=sid), accept_rule_findings(p.cert_x, s, sid))[0]
    wf.approve(p.cert_x, s, submission_id=sid)
    year = PINNED_TODAY.year
    cert = wf.issue_certificate(p.cert_x, s, submission_id=sid)
    numbers = [c.number for c in wf.list_certificates(p.ent_a, s)]
    assert numbers == [f"CFP-JX-{year}-000001", f"CFP-JX-{year}-000002"]
    assert cert.submission_id == sid != first.id


def test_the_enterprise_may_cancel_before_a_decision_and_start_again(flow: Flow) -> None:
    s, p = flow.session, flow.people
    sid = flow.to_state(S.SUBMITTED)
    with __import__("pytest").raises(wf.Conflict, match="already has an open submission"):
        flow.submission()
    assert wf.cancel(p.ent_a, s, submission_id=sid).state is S.CANCELLED
    again = flow.submission()
    assert again != sid


def test_a_rejection_is_final_and_needs_a_reason(flow: Flow) -> None:
    import pytest

    s, p = flow.session, flow.people
    sid = flow.to_state(S.UNDER_REVIEW)
    with pytest.raises(wf.InvalidInput, match="needs a reason"):
        wf.reject(p.cert_x, s, submission_id=sid, reason=" ")
    assert wf.reject(p.cert_x, s, submission_id=sid, reason="inventory incomplete").state is S.REJECTED
    with pytest.raises(wf.IllegalTransition, match=r"'rejected'.*final state"):
        (wf.start_review(p.cert_x, s, submission_id=sid), accept_rule_findings(p.cert_x, s, sid))[0]
