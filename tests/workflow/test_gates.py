"""The rule gates certification: submission refuses open rule errors unless justified; a justification is a
finding the certifier must accept; approval and issue refuse while the pre-review has unresolved errors; the
certificate records the rule, its version, the check, the reviewer and the findings closed."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import workflow as wf
from tests.workflow.conftest import Flow, model_text

S = wf.SubmissionState


def broken(code: str = "cell") -> str:
    """The demo model without the cell-assembly role: the battery-cell rule's `missing_process` error."""
    return model_text(code).replace("    role: cell_assembly\n", "")


def failing_flow(flow: Flow) -> tuple[int, list[str]]:
    """The flow's product saved as a version the rule refuses; a draft submission and the error keys."""
    p, s = flow.people, flow.session
    v = wf.save_model_version(p.ent_a, s, product_id=flow.product_id, yaml_text=broken())
    check = wf.check_version(p.ent_a, s, version_id=v.id)
    assert check.rule_id == "battery-cell" and check.rule_version.startswith("bundled:")
    keys = [f.key for f in check.errors]
    assert keys == ["missing_process@processes"]
    return flow.submission(), keys


def test_the_demo_model_passes_its_rule(flow: Flow) -> None:
    check = wf.check_version(flow.people.ent_a, flow.session, version_id=flow.version_id)
    assert check.errors == [] and check.findings


def test_submission_refuses_an_open_rule_error(flow: Flow) -> None:
    sid, keys = failing_flow(flow)
    with pytest.raises(wf.PreconditionFailed) as caught:
        wf.submit(flow.people.ent_a, flow.session, submission_id=sid)
    assert caught.value.code == "rule_errors_open" and caught.value.params["keys"] == keys
    assert wf.get_submission(flow.people.ent_a, flow.session, submission_id=sid).state == S.DRAFT
    with pytest.raises(wf.PreconditionFailed):  # a blank justification is none
        wf.submit(flow.people.ent_a, flow.session, submission_id=sid, justifications={keys[0]: "  "})


def test_a_justification_is_a_finding_the_certifier_must_accept(flow: Flow) -> None:
    p, s = flow.people, flow.session
    sid, keys = failing_flow(flow)
    wf.submit(p.ent_a, s, submission_id=sid, justifications={keys[0]: "assembly is bought in; see BOM"})
    findings = wf.list_findings(p.cert_x, s, submission_id=sid)
    assert [(f.source, f.rule_key, f.severity, f.answer) for f in findings] == [
        ("rule", keys[0], "major", "assembly is bought in; see BOM")
    ]
    checks = wf.submission_checks(p.cert_x, s, submission_id=sid)
    assert [(c.round, c.rule_id) for c in checks] == [(1, "battery-cell")]
    assert json.loads(checks[0].justifications_json) == {keys[0]: "assembly is bought in; see BOM"}
    wf.start_review(p.cert_x, s, submission_id=sid)
    with pytest.raises(wf.PreconditionFailed) as caught:
        wf.approve(p.cert_x, s, submission_id=sid)
    assert caught.value.code == "findings_open"
    wf.resolve_finding(p.cert_x, s, finding_id=findings[0].id)
    wf.approve(p.cert_x, s, submission_id=sid)
    cert = wf.issue_certificate(p.cert_x, s, submission_id=sid)
    assert (cert.rule_id, cert.rule_version, cert.check_hash) == (
        "battery-cell",
        checks[0].rule_version,
        checks[0].check_hash,
    )
    assert cert.reviewed_by_id == p.cert_x.user_id and json.loads(cert.findings_closed) == [findings[0].id]


def test_approval_refuses_an_unaccepted_prereview_error(flow: Flow) -> None:
    """Even with no open finding (an observation only), a stored check error needs a resolved justification."""
    from sqlmodel import select

    from workflow.tables import Finding

    p, s = flow.people, flow.session
    sid, keys = failing_flow(flow)
    wf.submit(p.ent_a, s, submission_id=sid, justifications={keys[0]: "bought in"})
    wf.start_review(p.cert_x, s, submission_id=sid)
    row = s.exec(select(Finding).where(Finding.submission_id == sid)).one()
    row.source = "review"  # as if the justification had been lost: the stored check still names the error
    s.add(row)
    s.commit()
    wf.resolve_finding(p.cert_x, s, finding_id=row.id)
    with pytest.raises(wf.PreconditionFailed) as caught:
        wf.approve(p.cert_x, s, submission_id=sid)
    assert caught.value.code == "prereview_errors_open" and caught.value.params["keys"] == keys


def test_a_request_for_changes_needs_its_note(flow: Flow) -> None:
    p, s = flow.people, flow.session
    sid = flow.to_state(S.UNDER_REVIEW)
    wf.add_finding(p.cert_x, s, submission_id=sid, severity="minor", text="why 12 kWh?")
    with pytest.raises(wf.InvalidInput) as caught:
        wf.request_changes(p.cert_x, s, submission_id=sid, note=" ")
    assert caught.value.code == "note_required"
    assert wf.request_changes(p.cert_x, s, submission_id=sid, note="explain").state == S.CHANGES_REQUESTED


def test_resubmission_is_gated_too(flow: Flow) -> None:
    p, s = flow.people, flow.session
    sid = flow.to_state(S.UNDER_REVIEW)
    wf.add_finding(p.cert_x, s, submission_id=sid, severity="minor", text="why 12 kWh?")
    wf.request_changes(p.cert_x, s, submission_id=sid, note="explain")
    for f in wf.list_findings(p.ent_a, s, submission_id=sid):
        wf.answer_finding(p.ent_a, s, finding_id=f.id, answer="metered")
    wf.save_model_version(p.ent_a, s, product_id=flow.product_id, yaml_text=broken())
    with pytest.raises(wf.PreconditionFailed) as caught:
        wf.resubmit(p.ent_a, s, submission_id=sid)
    assert caught.value.code == "rule_errors_open"


@pytest.mark.parametrize(
    "kw, code",
    [
        ({"issued_on": dt.date(1990, 1, 1)}, "issue_date"),
        ({"issued_on": dt.date.today() + dt.timedelta(days=1)}, "issue_date"),
        ({"validity_years": 100}, "validity_years"),
        ({"validity_years": 0}, "validity_years"),
    ],
)
def test_implausible_issue_dates_and_validities_are_refused(flow: Flow, kw: dict, code: str) -> None:
    p, s = flow.people, flow.session
    sid = flow.to_state(S.APPROVED)
    with pytest.raises(wf.InvalidInput) as caught:
        wf.issue_certificate(p.cert_x, s, submission_id=sid, **kw)
    assert caught.value.code == code
    assert wf.get_submission(p.cert_x, s, submission_id=sid).state == S.APPROVED


def test_expiry_with_a_far_future_date(flow: Flow) -> None:
    sid = flow.to_state(S.CERTIFIED)
    number = wf.list_certificates(flow.people.cert_x, flow.session)[0].number
    assert wf.expire_certificates(flow.session, today=dt.date(9999, 12, 31)) == [number]
    assert wf.get_submission(flow.people.cert_x, flow.session, submission_id=sid).state == S.CERTIFIED
