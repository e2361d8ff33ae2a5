"""The transition tables and `transition`: each legal pair leads where the table says, all others are refused.

The submission table, as the certification rules have it:

    draft ──submit──▶ submitted ──start_review──▶ under_review ──approve──▶ approved ──issue──▶ certified
      │                  │                         │  ▲     │
      │                  │            request_changes  start_review   reject ──▶ rejected
      │                  │                         ▼  │
      └──cancel──────────┴──cancel──▶ cancelled ◀── changes_requested ──resubmit──▶ resubmitted
"""

from __future__ import annotations

import itertools

import pytest

import workflow as wf
from workflow.states import Transition, Workflow, transition

S, A, R = wf.SubmissionState, wf.SubmissionAction, wf.Role

EXPECTED_SUBMISSION = {  # (state, action) -> (target, roles)
    (S.DRAFT, A.ASSIGN): (S.DRAFT, {R.ENTERPRISE}),
    (S.DRAFT, A.SUBMIT): (S.SUBMITTED, {R.ENTERPRISE}),
    (S.DRAFT, A.CANCEL): (S.CANCELLED, {R.ENTERPRISE}),
    (S.SUBMITTED, A.ASSIGN): (S.SUBMITTED, {R.ENTERPRISE, R.ADMIN}),
    (S.SUBMITTED, A.START_REVIEW): (S.UNDER_REVIEW, {R.CERTIFIER}),
    (S.SUBMITTED, A.CANCEL): (S.CANCELLED, {R.ENTERPRISE}),
    (S.UNDER_REVIEW, A.ADD_FINDING): (S.UNDER_REVIEW, {R.CERTIFIER}),
    (S.UNDER_REVIEW, A.RESOLVE_FINDING): (S.UNDER_REVIEW, {R.CERTIFIER}),
    (S.UNDER_REVIEW, A.REQUEST_CHANGES): (S.CHANGES_REQUESTED, {R.CERTIFIER}),
    (S.UNDER_REVIEW, A.APPROVE): (S.APPROVED, {R.CERTIFIER}),
    (S.UNDER_REVIEW, A.REJECT): (S.REJECTED, {R.CERTIFIER}),
    (S.CHANGES_REQUESTED, A.ANSWER_FINDING): (S.CHANGES_REQUESTED, {R.ENTERPRISE}),
    (S.CHANGES_REQUESTED, A.RESUBMIT): (S.RESUBMITTED, {R.ENTERPRISE}),
    (S.CHANGES_REQUESTED, A.REJECT): (S.REJECTED, {R.CERTIFIER}),
    (S.CHANGES_REQUESTED, A.CANCEL): (S.CANCELLED, {R.ENTERPRISE}),
    (S.RESUBMITTED, A.START_REVIEW): (S.UNDER_REVIEW, {R.CERTIFIER}),
    (S.APPROVED, A.ISSUE_CERTIFICATE): (S.CERTIFIED, {R.CERTIFIER}),
}

C, CA = wf.CertificateStatus, wf.CertificateAction
EXPECTED_CERTIFICATE = {
    (C.ACTIVE, CA.SUSPEND): (C.SUSPENDED, {R.CERTIFIER}),
    (C.ACTIVE, CA.WITHDRAW): (C.WITHDRAWN, {R.CERTIFIER}),
    (C.ACTIVE, CA.EXPIRE): (C.EXPIRED, {R.SYSTEM}),
    (C.SUSPENDED, CA.REINSTATE): (C.ACTIVE, {R.CERTIFIER}),
    (C.SUSPENDED, CA.WITHDRAW): (C.WITHDRAWN, {R.CERTIFIER}),
    (C.SUSPENDED, CA.EXPIRE): (C.EXPIRED, {R.SYSTEM}),
}

P, PA = wf.PcrStatus, wf.PcrAction
EXPECTED_PCR = {
    (P.DRAFT, PA.EDIT): (P.DRAFT, {R.STANDARDS}),
    (P.DRAFT, PA.PUBLISH): (P.PUBLISHED, {R.STANDARDS}),
    (P.PUBLISHED, PA.RETIRE): (P.RETIRED, {R.STANDARDS}),
}

TABLES = [
    (wf.SUBMISSION, EXPECTED_SUBMISSION, S, A),
    (wf.CERTIFICATE, EXPECTED_CERTIFICATE, C, CA),
    (wf.PCR, EXPECTED_PCR, P, PA),
]
LEGAL = [
    pytest.param(w, s, a, t, r, id=f"{w.name}:{s}-{a}")
    for w, table, _, _ in TABLES
    for (s, a), (t, r) in table.items()
]
ILLEGAL = [
    pytest.param(w, s, a, id=f"{w.name}:{s}-{a}")
    for w, table, states, actions in TABLES
    for s, a in itertools.product(states, actions)
    if (s, a) not in table
]


class TestTables:
    @pytest.mark.parametrize(
        ("workflow", "expected"), [(w, t) for w, t, _, _ in TABLES], ids=lambda x: getattr(x, "name", "")
    )
    def test_the_table_is_exactly_the_documented_one(self, workflow: Workflow, expected: dict) -> None:
        actual = {(t.source, t.action): (t.target, set(t.roles)) for t in workflow.transitions}
        assert actual == {(str(s), str(a)): (str(t), r) for (s, a), (t, r) in expected.items()}

    @pytest.mark.parametrize("workflow", [wf.SUBMISSION, wf.CERTIFICATE, wf.PCR], ids=lambda w: w.name)
    def test_every_state_is_reachable_from_the_initial_one(self, workflow: Workflow) -> None:
        reached, frontier = {workflow.initial}, [workflow.initial]
        while frontier:
            state = frontier.pop()
            for t in workflow.transitions:
                if t.source == state and t.target not in reached:
                    reached.add(t.target)
                    frontier.append(t.target)
        assert reached == set(workflow.states)

    def test_final_states(self) -> None:
        assert {s for s in S if wf.SUBMISSION.is_final(s)} == {S.CERTIFIED, S.REJECTED, S.CANCELLED}
        assert {s for s in C if wf.CERTIFICATE.is_final(s)} == {C.WITHDRAWN, C.EXPIRED}

    def test_a_pair_listed_twice_is_refused(self) -> None:
        row = Transition("a", "go", "b", frozenset({R.ADMIN}))
        with pytest.raises(ValueError, match=r"\(a, go\) appears twice"):
            Workflow("toy", "a", (row, row))


class TestTransition:
    @pytest.mark.parametrize(("workflow", "state", "action", "target", "roles"), LEGAL)
    def test_a_legal_transition_leads_to_its_target(self, workflow, state, action, target, roles) -> None:  # type: ignore[no-untyped-def]
        for role in roles:
            assert transition(workflow, state, action=action, role=role) == target

    @pytest.mark.parametrize(("workflow", "state", "action"), ILLEGAL)
    def test_an_illegal_transition_is_refused_naming_state_action_and_allowed(
        self, workflow, state, action
    ) -> None:  # type: ignore[no-untyped-def]
        allowed = workflow.allowed(state)
        for role in R:
            with pytest.raises(wf.IllegalTransition) as caught:
                transition(workflow, state, action=action, role=role, target="object 7")
            err = caught.value
            assert (err.state, err.action, err.allowed) == (str(state), str(action), tuple(allowed))
            assert f"object 7 is in state {str(state)!r}: action {str(action)!r} is not allowed" in str(err)
            assert (", ".join(allowed) or "none (final state)") in str(err)

    @pytest.mark.parametrize(("workflow", "state", "action", "target", "roles"), LEGAL)
    def test_a_legal_transition_by_another_role_is_access_denied(
        self, workflow, state, action, target, roles
    ) -> None:  # type: ignore[no-untyped-def]
        for role in set(R) - roles:
            with pytest.raises(wf.AccessDenied, match=f"role {role} may not {action}"):
                transition(workflow, state, action=action, role=role)

    def test_counts(self) -> None:
        """9 submission states x 12 actions = 108 pairs, 17 legal; certificates 4 x 4 = 16, 6 legal."""
        assert len(EXPECTED_SUBMISSION) == 17 and len(S) * len(A) == 108
        assert len(EXPECTED_CERTIFICATE) == 6 and len(ILLEGAL) == (108 - 17) + (16 - 6) + (9 - 3)
