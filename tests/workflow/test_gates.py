"""The rule gates certification: submission refuses open rule errors unless justified; a justification is a
finding the certifier must accept; approval and issue refuse while the pre-review has unresolved errors; the
certificate records the rule, its version, the check, the reviewer and the findings closed."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import workflow as wf
from tests.conftest import PINNED_TODAY  # certificate issuing's today (pinned)
from tests.workflow.conftest import Flow, model_text

S = wf.SubmissionState


def broken(code: str = "cell") -> str:
    """The demo model with a second gap: its cathode process loses its stage name (refused by the rule)."""
    return model_text(code, cathode_kwh=7)


def failing_flow(flow: Flow) -> tuple[int, list[str]]:
    """The flow's product (the demo model: the rule finds errors in it); a draft submission and the keys."""
    p, s = flow.people, flow.session
    check = wf.check_version(p.ent_a, s, version_id=flow.version_id)
    assert check.rule_id == "battery-cell" and check.rule_version.startswith("bundled:")
    keys = [f.key for f in check.errors]
    assert "missing_process@processes" in keys and "reference_flow@product.reference_flow" in keys
    return flow.submission(), keys


def test_the_demo_models_gaps_are_rule_errors(flow: Flow) -> None:
    check = wf.check_version(flow.people.ent_a, flow.session, version_id=flow.version_id)
    assert {f.code for f in check.errors} >= {
        "missing_process",
        "reference_flow",
        "electricity_not_lifecycle",
    }


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
    given = {k: f"gap {k}: see the BOM" for k in keys}
    wf.submit(p.ent_a, s, submission_id=sid, justifications=given)
    findings = wf.list_findings(p.cert_x, s, submission_id=sid)
    assert [(f.source, f.rule_key, f.severity, f.answer) for f in findings] == [
        ("rule", k, "major", given[k]) for k in keys
    ]
    checks = wf.submission_checks(p.cert_x, s, submission_id=sid)
    assert [(c.round, c.rule_id) for c in checks] == [(1, "battery-cell")]
    assert json.loads(checks[0].justifications_json) == given
    wf.start_review(p.cert_x, s, submission_id=sid)
    with pytest.raises(wf.PreconditionFailed) as caught:
        wf.approve(p.cert_x, s, submission_id=sid)
    assert caught.value.code == "findings_open"
    for f in findings:
        wf.resolve_finding(p.cert_x, s, finding_id=f.id)
    wf.approve(p.cert_x, s, submission_id=sid)
    cert = wf.issue_certificate(p.cert_x, s, submission_id=sid)
    assert (cert.rule_id, cert.rule_version, cert.check_hash) == (
        "battery-cell",
        checks[0].rule_version,
        checks[0].check_hash,
    )
    assert cert.reviewed_by_id == p.cert_x.user_id
    assert json.loads(cert.findings_closed) == sorted(f.id for f in findings)


def test_approval_refuses_an_unaccepted_prereview_error(flow: Flow) -> None:
    """Even with no open finding (an observation only), a stored check error needs a resolved justification."""
    from sqlmodel import select

    from workflow.tables import Finding

    p, s = flow.people, flow.session
    sid, keys = failing_flow(flow)
    wf.submit(p.ent_a, s, submission_id=sid, justifications={k: "bought in" for k in keys})
    wf.start_review(p.cert_x, s, submission_id=sid)
    rows = s.exec(select(Finding).where(Finding.submission_id == sid)).all()
    rows[0].source = "review"  # as if a justification had been lost: the stored check still names the error
    s.add(rows[0])
    s.commit()
    for row in rows:
        wf.resolve_finding(p.cert_x, s, finding_id=row.id)
    with pytest.raises(wf.PreconditionFailed) as caught:
        wf.approve(p.cert_x, s, submission_id=sid)
    assert caught.value.code == "prereview_errors_open" and caught.value.params["keys"] == [rows[0].rule_key]


def test_a_request_for_changes_needs_its_note(flow: Flow) -> None:
    p, s = flow.people, flow.session
    sid = flow.to_state(S.UNDER_REVIEW)
    wf.add_finding(p.cert_x, s, submission_id=sid, severity="minor", text="why 12 kWh?")
    with pytest.raises(wf.InvalidInput) as caught:
        wf.request_changes(p.cert_x, s, submission_id=sid, note=" ")
    assert caught.value.code == "note_required"
    assert wf.request_changes(p.cert_x, s, submission_id=sid, note="explain").state == S.CHANGES_REQUESTED


def test_the_enterprise_reads_the_latest_request_for_changes(flow: Flow) -> None:
    p, s = flow.people, flow.session
    sid = flow.to_state(S.UNDER_REVIEW)
    assert wf.change_request(p.ent_a, s, submission_id=sid) == ""
    wf.add_finding(p.cert_x, s, submission_id=sid, severity="minor", text="why 12 kWh?")
    wf.request_changes(p.cert_x, s, submission_id=sid, note="  give the meter readings  ")
    assert wf.change_request(p.ent_a, s, submission_id=sid) == "give the meter readings"
    with pytest.raises(wf.NotFound):  # another enterprise does not even see it
        wf.change_request(p.ent_b, s, submission_id=sid)


@pytest.mark.parametrize(
    "kw, code",
    [
        ({"issued_on": dt.date(1990, 1, 1)}, "issue_date"),
        ({"issued_on": PINNED_TODAY + dt.timedelta(days=1)}, "issue_date"),
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
