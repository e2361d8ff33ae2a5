"""Transitions raced from real parallel sessions (threads, one connection each): exactly one side wins,
the other gets a clear refusal (`AlreadyDecided` or `IllegalTransition`), never a raw database error, and the
final state agrees with the audit log. Meaningful on PostgreSQL (row locks); SQLite serialises writers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session, select

import workflow as wf
from tests.workflow.conftest import Flow
from workflow.tables import AuditLog, Certificate, Submission

RUNS = 4
CLEAR = (wf.AlreadyDecided, wf.IllegalTransition, wf.Conflict)


def race(engine: Any, *jobs: Callable[[Session], object]) -> list[object]:
    """Run each job in its own thread and session, released together; each result or the exception."""
    barrier = threading.Barrier(len(jobs))
    out: list[object] = [None] * len(jobs)

    def run(i: int) -> None:
        with Session(engine) as s:
            barrier.wait()
            try:
                out[i] = jobs[i](s)
            except Exception as exc:  # the outcome under test
                out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


def decisions(session: Session, sid: int) -> list[str]:
    rows = session.exec(
        select(AuditLog.action).where(AuditLog.object_type == "submission", AuditLog.object_id == str(sid))
    ).all()
    return [
        a for a in rows if a in ("submission.approve", "submission.reject", "submission.issue_certificate")
    ]


def fresh_under_review(flow: Flow) -> int:
    """A new submission of the flow's product, under review (the previous one, if any, closed first)."""
    return flow.to_state(wf.SubmissionState.UNDER_REVIEW)


@pytest.mark.parametrize("run", range(RUNS))
def test_approve_against_reject(flow: Flow, run: int) -> None:
    p, engine = flow.people, flow.session.get_bind()
    sid = fresh_under_review(flow)
    out = race(
        engine,
        lambda s: wf.approve(p.cert_x, s, submission_id=sid),
        lambda s: wf.reject(p.cert_x, s, submission_id=sid, reason="incomplete"),
    )
    winners = [o for o in out if not isinstance(o, Exception)]
    losers = [o for o in out if isinstance(o, Exception)]
    assert len(winners) == 1 and len(losers) == 1, out
    assert isinstance(losers[0], CLEAR), repr(losers[0])
    flow.session.expire_all()
    state = flow.session.get(Submission, sid).state  # type: ignore[union-attr]
    assert state == winners[0].state  # type: ignore[attr-defined]
    assert decisions(flow.session, sid) == [f"submission.{'approve' if state == 'approved' else 'reject'}"]


@pytest.mark.parametrize("run", range(RUNS))
def test_reject_against_approve_and_issue(flow: Flow, run: int) -> None:
    p, engine = flow.people, flow.session.get_bind()
    sid = fresh_under_review(flow)

    def approve_and_issue(s: Session) -> object:
        wf.approve(p.cert_x, s, submission_id=sid)
        return wf.issue_certificate(p.cert_x, s, submission_id=sid)

    out = race(engine, approve_and_issue, lambda s: wf.reject(p.cert_x, s, submission_id=sid, reason="no"))
    assert sum(not isinstance(o, Exception) for o in out) == 1, out
    assert all(isinstance(o, CLEAR) for o in out if isinstance(o, Exception)), out
    flow.session.expire_all()
    state = flow.session.get(Submission, sid).state  # type: ignore[union-attr]
    certs = flow.session.exec(select(Certificate).where(Certificate.submission_id == sid)).all()
    if state == "certified":
        assert len(certs) == 1 and decisions(flow.session, sid) == [
            "submission.approve",
            "submission.issue_certificate",
        ]
    else:
        assert state == "rejected" and not certs and decisions(flow.session, sid) == ["submission.reject"]


@pytest.mark.parametrize("run", range(RUNS))
def test_two_simultaneous_submissions_of_one_product(flow: Flow, run: int) -> None:
    p, engine = flow.people, flow.session.get_bind()
    for sub in wf.list_submissions(p.ent_a, flow.session):
        if sub.state == "draft":
            wf.cancel(p.ent_a, flow.session, submission_id=sub.id)

    def open_one(s: Session) -> object:
        return wf.create_submission(
            p.ent_a, s, product_id=flow.product_id, certification_body_id=p.orgs["cert_x"]
        )

    out = race(engine, open_one, open_one)
    assert sum(not isinstance(o, Exception) for o in out) == 1, out
    loser = next(o for o in out if isinstance(o, Exception))
    assert isinstance(loser, wf.Conflict) and loser.code == "open_submission", repr(loser)
    flow.session.expire_all()
    drafts = flow.session.exec(
        select(Submission).where(Submission.product_id == flow.product_id, Submission.state == "draft")
    ).all()
    assert len(drafts) == 1


def test_the_loser_is_told_in_words(flow: Flow) -> None:
    """Sequentially the second decision meets the moved state; a stale object meets `AlreadyDecided`."""
    p, s = flow.people, flow.session
    sid = fresh_under_review(flow)
    engine = s.get_bind()
    with Session(engine) as other:
        stale = other.get(Submission, sid)
        assert stale is not None
        wf.approve(p.cert_x, s, submission_id=sid)
        with pytest.raises(wf.AlreadyDecided) as caught:
            from workflow.access import act
            from workflow.states import SUBMISSION

            act(p.cert_x, other, SUBMISSION, stale, "reject")
        assert caught.value.code == "already_decided" and caught.value.params["state"] == "approved"
        other.rollback()
