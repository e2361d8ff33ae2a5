"""Through the services: in every state a submission reaches, every action the table forbids is refused.

`test_states` proves the table pair by pair; here the real service functions, called by the role that
would be allowed elsewhere, must raise `IllegalTransition` and change nothing (state and audit log).
A certifier asking about a draft gets `NotFound` instead: a draft is not yet visible to any body.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

import workflow as wf
from tests.workflow.conftest import Flow, audit_count, justify
from tests.workflow.conftest import submit as submit_justified

S, A = wf.SubmissionState, wf.SubmissionAction
CERTIFIER_ACTIONS = {a for a in A if wf.SUBMISSION.roles_for(a) == {wf.Role.CERTIFIER}}


def service_actions(flow: Flow, sid: int) -> dict[A, Callable[[], object]]:
    """Each action of the table as a service call by a role that may do it in some state."""
    s, p = flow.session, flow.people

    def finding() -> int:
        found = wf.list_findings(p.admin, s, submission_id=sid)
        return found[0].id if found else -1

    return {
        A.ASSIGN: lambda: wf.assign_certifier(p.ent_a, s, submission_id=sid, body_id=p.orgs["cert_x"]),
        A.SUBMIT: lambda: wf.submit(p.ent_a, s, submission_id=sid),
        A.START_REVIEW: lambda: wf.start_review(p.cert_x, s, submission_id=sid),
        A.ADD_FINDING: lambda: wf.add_finding(p.cert_x, s, submission_id=sid, severity="minor", text="x"),
        A.RESOLVE_FINDING: lambda: wf.resolve_finding(p.cert_x, s, finding_id=finding()),
        A.REQUEST_CHANGES: lambda: wf.request_changes(p.cert_x, s, submission_id=sid, note="please correct"),
        A.ANSWER_FINDING: lambda: wf.answer_finding(p.ent_a, s, finding_id=finding(), answer="x"),
        A.RESUBMIT: lambda: wf.resubmit(p.ent_a, s, submission_id=sid),
        A.APPROVE: lambda: wf.approve(p.cert_x, s, submission_id=sid),
        A.REJECT: lambda: wf.reject(p.cert_x, s, submission_id=sid, reason="x"),
        A.ISSUE_CERTIFICATE: lambda: wf.issue_certificate(p.cert_x, s, submission_id=sid),
        A.CANCEL: lambda: wf.cancel(p.ent_a, s, submission_id=sid),
    }


def refuse_all_illegal(flow: Flow, sid: int, state: S) -> list[str]:
    """Try every action not allowed in `state`; returns the ones tried."""
    s = flow.session
    tried = []
    has_finding = bool(wf.list_findings(flow.people.admin, s, submission_id=sid))
    for action, call in service_actions(flow, sid).items():
        if action in wf.SUBMISSION.allowed(state):
            continue
        if action in (A.RESOLVE_FINDING, A.ANSWER_FINDING) and not has_finding:
            continue  # no finding to name yet; the pair is covered by test_states
        before = audit_count(s)
        hidden = state is S.DRAFT and action in CERTIFIER_ACTIONS
        with pytest.raises(wf.NotFound if hidden else wf.IllegalTransition) as caught:
            call()
        if not hidden:
            assert f"state {str(state)!r}: action {str(action)!r} is not allowed" in str(caught.value)
        assert wf.get_submission(flow.people.admin, s, submission_id=sid).state is state
        assert audit_count(s) == before
        tried.append(str(action))
    return tried


def test_every_illegal_action_along_the_path_is_refused(flow: Flow) -> None:
    s, p = flow.session, flow.people
    sid = flow.submission()
    calls = service_actions(flow, sid)

    def answer_all() -> None:
        for f in wf.list_findings(p.ent_a, s, submission_id=sid):
            wf.answer_finding(p.ent_a, s, finding_id=f.id, answer="done")

    def resolve_all() -> None:
        for f in wf.list_findings(p.cert_x, s, submission_id=sid):
            wf.resolve_finding(p.cert_x, s, finding_id=f.id)

    path: list[tuple[S, list[Callable[[], object]]]] = [
        (S.DRAFT, []),
        (S.SUBMITTED, [lambda: submit_justified(p.ent_a, s, sid)]),  # the demo model's rule errors justified
        (S.UNDER_REVIEW, [calls[A.START_REVIEW]]),
        (S.CHANGES_REQUESTED, [calls[A.ADD_FINDING], calls[A.REQUEST_CHANGES]]),
        (
            S.RESUBMITTED,
            [
                answer_all,
                lambda: wf.resubmit(p.ent_a, s, submission_id=sid, justifications=justify(p.ent_a, s, sid)),
            ],
        ),
        (S.APPROVED, [calls[A.START_REVIEW], resolve_all, calls[A.APPROVE]]),
        (S.CERTIFIED, [calls[A.ISSUE_CERTIFICATE]]),
    ]
    tried = 0
    for state, steps in path:
        for run in steps:
            run()
        assert wf.get_submission(p.admin, s, submission_id=sid).state is state
        tried += len(refuse_all_illegal(flow, sid, state))
    assert tried >= 60


@pytest.mark.parametrize("final", [S.CANCELLED, S.REJECTED])
def test_nothing_is_allowed_after_a_final_state(flow: Flow, final: S) -> None:
    s, p = flow.session, flow.people
    sid = flow.to_state(S.UNDER_REVIEW)
    wf.add_finding(p.cert_x, s, submission_id=sid, severity="observation", text="note")
    if final is S.REJECTED:
        wf.reject(p.cert_x, s, submission_id=sid, reason="incomplete")
    else:
        wf.request_changes(p.cert_x, s, submission_id=sid, note="please correct")
        wf.cancel(p.ent_a, s, submission_id=sid)
    tried = refuse_all_illegal(flow, sid, final)
    assert sorted(tried) == sorted(str(a) for a in A)


class TestPreconditions:
    """States that allow an action but a certification rule that does not."""

    def test_submit_needs_a_certification_body(self, flow: Flow) -> None:
        sid = wf.create_submission(flow.people.ent_a, flow.session, product_id=flow.product_id).id
        with pytest.raises(wf.PreconditionFailed, match="choose a certification body"):
            wf.submit(flow.people.ent_a, flow.session, submission_id=sid)
        assert wf.get_submission(flow.people.ent_a, flow.session, submission_id=sid).state is S.DRAFT

    def test_only_a_certification_body_can_be_assigned(self, flow: Flow) -> None:
        sid = flow.submission()
        with pytest.raises(wf.InvalidInput, match="not an active certification body"):
            wf.assign_certifier(
                flow.people.ent_a, flow.session, submission_id=sid, body_id=flow.people.orgs["std_s"]
            )

    def test_request_changes_needs_an_open_finding(self, flow: Flow) -> None:
        sid = flow.to_state(S.UNDER_REVIEW)
        with pytest.raises(wf.PreconditionFailed, match="add the findings"):
            wf.request_changes(flow.people.cert_x, flow.session, submission_id=sid, note="please correct")

    def test_resubmit_needs_every_open_finding_answered(self, flow: Flow) -> None:
        s, p = flow.session, flow.people
        sid = flow.to_state(S.UNDER_REVIEW)
        f = wf.add_finding(p.cert_x, s, submission_id=sid, severity="minor", text="unit of aluminium?")
        wf.request_changes(p.cert_x, s, submission_id=sid, note="please correct")
        with pytest.raises(wf.PreconditionFailed, match=rf"answer the open findings \[{f.id}\]"):
            wf.resubmit(p.ent_a, s, submission_id=sid)

    @pytest.mark.parametrize(
        ("severity", "blocks"), [("major", True), ("minor", True), ("observation", False)]
    )
    def test_open_major_or_minor_findings_block_approval(
        self, flow: Flow, severity: str, blocks: bool
    ) -> None:
        s, p = flow.session, flow.people
        sid = flow.to_state(S.UNDER_REVIEW)
        wf.add_finding(
            p.cert_x,
            s,
            submission_id=sid,
            severity=severity,
            text="see cell inputs",
            location="processes.cell.inputs",
        )
        if blocks:
            with pytest.raises(wf.PreconditionFailed, match="still open"):
                wf.approve(p.cert_x, s, submission_id=sid)
        else:
            assert wf.approve(p.cert_x, s, submission_id=sid).state is S.APPROVED

    @pytest.mark.parametrize(
        "location", ["processes.anode", "processes.cell.inputs[9]", "product.id.x", "nope"]
    )
    def test_a_finding_location_must_be_a_path_in_the_model(self, flow: Flow, location: str) -> None:
        sid = flow.to_state(S.UNDER_REVIEW)
        with pytest.raises(wf.InvalidInput, match=re.escape(f"finding location {location!r}")):
            wf.add_finding(
                flow.people.cert_x,
                flow.session,
                submission_id=sid,
                severity="minor",
                text="x",
                location=location,
            )
