"""The audit log: every change recorded with before/after hashes; rows cannot be changed or deleted."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session, col, select

import workflow as wf
import workflow.audit as audit
from tests.workflow.conftest import Flow, People
from workflow.tables import (
    AuditLog,
    Certificate,
    Finding,
    ModelVersion,
    Organisation,
    Product,
    Submission,
    SubmissionRound,
    User,
)

S = wf.SubmissionState
TABLES = {
    "organisation": Organisation,
    "user": User,
    "product": Product,
    "model_version": ModelVersion,
    "submission": Submission,
    "finding": Finding,
    "certificate": Certificate,
    "submission_round": SubmissionRound,
}


def rows(session: Session) -> list[AuditLog]:
    return list(session.exec(select(AuditLog).order_by(col(AuditLog.id))).all())


class TestRecording:
    def test_every_change_of_the_whole_path_is_logged(self, flow: Flow) -> None:
        s = flow.session
        start = len(rows(s))
        flow.to_state(S.CERTIFIED)
        actions = [r.action for r in rows(s)[start:]]
        n = len(wf.check_version(flow.people.ent_a, s, version_id=flow.version_id).errors)
        assert n > 0  # the demo model's known gaps, justified by the enterprise, accepted by the certifier
        assert actions == [
            "submission.create",
            "model_version.freeze",
            "submission_round.create",
            "rule_check.create",  # the product rule's check, stored with the round (issue 12)
            *["finding.justify"] * n,
            "submission.submit",
            "submission.start_review",
            *["finding.resolve"] * n,
            "finding.create",
            "submission.request_changes",
            *["finding.answer"] * (n + 1),  # the flow answers every open finding, justified ones too
            "submission_round.create",
            "rule_check.create",
            "submission.resubmit",
            "submission.start_review",
            *["finding.resolve"] * (n + 1),  # the flow resolves every finding again
            "submission.approve",
            "certificate.issue",
            "submission.issue_certificate",
        ]

    def test_before_and_after_hashes_chain_per_object_and_match_the_stored_row(self, flow: Flow) -> None:
        s = flow.session
        flow.to_state(S.CERTIFIED)
        chains: dict[tuple[str, str], list[AuditLog]] = defaultdict(list)
        for r in rows(s):
            chains[(r.object_type, r.object_id)].append(r)
        checked = 0
        for (otype, oid), chain in chains.items():
            if otype not in TABLES:
                continue
            assert chain[0].before_hash is None, f"{otype} {oid} starts with a creation"
            for prev, nxt in itertools.pairwise(chain):
                assert nxt.before_hash == prev.after_hash, (
                    f"{otype} {oid}: {nxt.action} does not follow {prev.action}"
                )
            row = s.get(TABLES[otype], int(oid))
            assert chain[-1].after_hash == audit.row_hash(row), f"{otype} {oid} changed without an audit row"
            checked += 1
        assert checked >= 10

    def test_a_row_says_who_when_what_and_which_object(self, flow: Flow) -> None:
        s, p = flow.session, flow.people
        sid = flow.to_state(S.SUBMITTED)
        last = rows(s)[-1]
        assert (last.actor, last.actor_user_id, last.actor_org_id, last.actor_role) == (
            "ent_a",
            p.ent_a.user_id,
            p.orgs["ent_a"],
            "enterprise",
        )
        assert (last.action, last.object_type, last.object_id) == (
            "submission.submit",
            "submission",
            str(sid),
        )
        assert last.at.tzinfo is not None
        assert json.loads(last.detail) == {"from": "draft", "to": "submitted"}
        assert last.before_hash != last.after_hash

    def test_a_refused_action_logs_nothing(self, flow: Flow) -> None:
        s, p = flow.session, flow.people
        sid = flow.to_state(S.SUBMITTED)
        n = len(rows(s))
        with pytest.raises(wf.AccessDenied):
            wf.approve(p.ent_a, s, submission_id=sid)
        with pytest.raises(wf.IllegalTransition):
            wf.approve(p.cert_x, s, submission_id=sid)
        assert len(rows(s)) == n

    def test_only_the_platform_admin_reads_the_whole_log(self, people: People, session: Session) -> None:
        trail = wf.audit_trail(people.admin, session, object_type="user")
        assert [t.action for t in trail] == ["user.create"] * 7
        with pytest.raises(wf.AccessDenied, match="only a platform admin may"):
            wf.audit_trail(people.ent_a, session)


class TestAppendOnly:
    def test_the_package_has_no_update_or_delete_function(self) -> None:
        public = [n for n in dir(audit) if not n.startswith("_")]
        assert not [
            n for n in public if any(w in n.lower() for w in ("update", "delete", "edit", "remove", "purge"))
        ]

    def test_the_orm_refuses_to_change_a_row(self, people: People, session: Session) -> None:
        row = rows(session)[0]
        row.action = "nothing.happened"
        with pytest.raises(wf.AuditLogImmutable, match=f"audit-log row {row.id} cannot be changed"):
            session.commit()
        session.rollback()
        assert rows(session)[0].action == "organisation.create"

    def test_the_orm_refuses_to_delete_a_row(self, people: People, session: Session) -> None:
        session.delete(rows(session)[0])
        with pytest.raises(wf.AuditLogImmutable):
            session.commit()
        session.rollback()

    @pytest.mark.parametrize(
        "sql", ["UPDATE wf_audit_log SET actor = 'someone else'", "DELETE FROM wf_audit_log"]
    )
    def test_the_database_refuses_raw_sql(self, people: People, session: Session, sql: str) -> None:
        n = len(rows(session))
        with Session(session.get_bind()) as raw:
            with pytest.raises(DatabaseError, match="append-only"):
                raw.execute(text(sql))
            raw.rollback()
        assert len(rows(session)) == n
