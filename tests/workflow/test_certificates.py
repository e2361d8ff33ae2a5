"""Certificates: numbers, validity and expiry, surveillance, public verification and exact recomputation."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

import workflow as wf
from tests.conftest import PINNED_TODAY  # certificate issuing's today (pinned)
from tests.workflow.conftest import Flow
from workflow.certificates import next_certificate_number, numbering_lock

S, C = wf.SubmissionState, wf.CertificateStatus
ISSUED = dt.date(2026, 3, 1)


def certify(flow: Flow, *, issued_on: dt.date = ISSUED, **kw: object) -> wf.tables.CertificateRead:
    """A certificate of the flow's product, issued on `issued_on`."""
    sid = flow.to_state(S.APPROVED)
    return wf.issue_certificate(
        flow.people.cert_x, flow.session, submission_id=sid, issued_on=issued_on, **kw
    )


class TestNumbers:
    def test_format_and_sequence_per_region_and_year(self, session: Session) -> None:
        take = [
            next_certificate_number(session, year=2026),
            next_certificate_number(session, year=2026),
            next_certificate_number(session, year=2027),
            next_certificate_number(session, year=2026, region="GD"),
        ]
        session.commit()
        assert take == [
            "CFP-JX-2026-000001",
            "CFP-JX-2026-000002",
            "CFP-JX-2027-000001",
            "CFP-GD-2026-000001",
        ]
        assert all(re.fullmatch(r"CFP-[A-Z0-9]{1,6}-\d{4}-\d{6}", n) for n in take)

    @pytest.mark.parametrize("region", ["jx", "J-X", "", "TOOLONGX"])
    def test_a_bad_region_is_refused(self, session: Session, region: str) -> None:
        with pytest.raises(wf.InvalidInput, match="certificate region"):
            next_certificate_number(session, year=2026, region=region)

    def test_a_rolled_back_number_is_given_again(self, session: Session) -> None:
        assert next_certificate_number(session, year=2026) == "CFP-JX-2026-000001"
        session.rollback()
        assert next_certificate_number(session, year=2026) == "CFP-JX-2026-000001"

    def test_threads_of_one_process_never_get_the_same_number(self, engine: Engine) -> None:
        numbers: list[str] = []
        errors: list[BaseException] = []

        def worker() -> None:
            try:
                for _ in range(5):
                    with numbering_lock(), Session(engine) as s:
                        numbers.append(next_certificate_number(s, year=2026))
                        s.commit()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert sorted(numbers) == [f"CFP-JX-2026-{i:06d}" for i in range(1, 41)]


class TestValidity:
    @pytest.mark.parametrize(
        ("issued", "years", "through"),
        [
            (dt.date(2026, 3, 1), 2, dt.date(2028, 2, 29)),
            (dt.date(2026, 7, 15), 2, dt.date(2028, 7, 14)),
            (dt.date(2028, 2, 29), 2, dt.date(2030, 2, 28)),
            (dt.date(2026, 1, 1), 3, dt.date(2028, 12, 31)),
        ],
    )
    def test_valid_through_the_day_before_the_anniversary(
        self, issued: dt.date, years: int, through: dt.date
    ) -> None:
        assert wf.valid_through(issued, years) == through

    def test_a_certificate_is_valid_two_years_by_default(self, flow: Flow) -> None:
        cert = certify(flow)
        assert wf.DEFAULT_VALIDITY_YEARS == 2
        assert (cert.issued_on, cert.expires_on) == (ISSUED, dt.date(2028, 2, 29))

    def test_the_validity_is_configurable(self, flow: Flow) -> None:
        assert certify(flow, validity_years=3).expires_on == dt.date(2029, 2, 28)

    def test_expiry_marks_it_the_day_after_its_last_valid_day(self, flow: Flow) -> None:
        s, p = flow.session, flow.people
        cert = certify(flow)
        assert wf.expire_certificates(s, today=dt.date(2028, 2, 29)) == []
        assert wf.get_certificate(p.ent_a, s, number=cert.number).status is C.ACTIVE
        assert wf.expire_certificates(s, today=dt.date(2028, 3, 1)) == [cert.number]
        assert wf.get_certificate(p.ent_a, s, number=cert.number).status is C.EXPIRED
        assert wf.expire_certificates(s, today=dt.date(2028, 3, 2)) == []  # done once
        trail = wf.audit_trail(p.admin, s, object_type="certificate")
        assert (trail[-1].action, trail[-1].actor, trail[-1].actor_role) == (
            "certificate.expire",
            "system",
            "system",
        )

    def test_a_suspended_certificate_expires_too(self, flow: Flow) -> None:
        cert = certify(flow)
        wf.suspend(flow.people.cert_x, flow.session, number=cert.number, reason="surveillance overdue")
        assert wf.expire_certificates(flow.session, today=dt.date(2029, 1, 1)) == [cert.number]

    def test_verification_shows_expired_even_before_the_job_ran(self, flow: Flow) -> None:
        cert = certify(flow)
        assert wf.verify_certificate(flow.session, cert.number, today=dt.date(2028, 2, 29)).status is C.ACTIVE
        assert wf.verify_certificate(flow.session, cert.number, today=dt.date(2028, 3, 1)).status is C.EXPIRED
        assert wf.get_certificate(flow.people.ent_a, flow.session, number=cert.number).status is C.ACTIVE


class TestSurveillance:
    def test_suspend_reinstate_withdraw(self, flow: Flow) -> None:
        s, x = flow.session, flow.people.cert_x
        cert = certify(flow, issued_on=PINNED_TODAY)
        assert (
            wf.suspend(x, s, number=cert.number, reason="annual surveillance overdue").status is C.SUSPENDED
        )
        assert wf.verify_certificate(s, cert.number).status is C.SUSPENDED
        assert wf.reinstate(x, s, number=cert.number, note="surveillance done").status is C.ACTIVE
        withdrawn = wf.withdraw(x, s, number=cert.number, reason="production line changed")
        assert (withdrawn.status, withdrawn.status_reason) == (C.WITHDRAWN, "production line changed")
        with pytest.raises(
            wf.IllegalTransition, match=r"'withdrawn': action 'reinstate'.*none \(final state\)"
        ):
            wf.reinstate(x, s, number=cert.number)

    @pytest.mark.parametrize(
        ("first", "then"),
        [(None, "reinstate"), ("withdraw", "suspend"), ("suspend", "suspend"), ("withdraw", "withdraw")],
    )
    def test_illegal_certificate_transitions_are_refused(
        self, flow: Flow, first: str | None, then: str
    ) -> None:
        s, x = flow.session, flow.people.cert_x
        cert = certify(flow, issued_on=PINNED_TODAY)
        calls = {
            "suspend": lambda: wf.suspend(x, s, number=cert.number, reason="r"),
            "withdraw": lambda: wf.withdraw(x, s, number=cert.number, reason="r"),
            "reinstate": lambda: wf.reinstate(x, s, number=cert.number),
        }
        if first:
            calls[first]()
        with pytest.raises(wf.IllegalTransition, match=f"action '{then}' is not allowed"):
            calls[then]()

    def test_a_reason_is_required(self, flow: Flow) -> None:
        cert = certify(flow, issued_on=PINNED_TODAY)
        with pytest.raises(wf.InvalidInput, match="give the reason"):
            wf.suspend(flow.people.cert_x, flow.session, number=cert.number, reason="  ")
        assert wf.verify_certificate(flow.session, cert.number).status is C.ACTIVE

    def test_an_expired_suspension_cannot_be_lifted(self, flow: Flow) -> None:
        cert = certify(flow)
        wf.suspend(flow.people.cert_x, flow.session, number=cert.number, reason="r")
        with pytest.raises(wf.PreconditionFailed, match="expired on 2028-02-29"):
            wf.reinstate(flow.people.cert_x, flow.session, number=cert.number, today=dt.date(2028, 3, 1))


class TestRecompute:
    def test_recompute_reproduces_the_total_to_the_bit(self, flow: Flow) -> None:
        cert = certify(flow)
        check = wf.recompute_certificate(flow.people.cert_x, flow.session, number=cert.number)
        assert check.recomputed_total.hex() == cert.total.hex() and check.total_matches
        assert check.recomputed_model_hash == cert.model_hash and check.factor_release == "2026.2"
        assert check.matches

    def test_recompute_uses_the_pinned_release_even_after_a_newer_one(self, flow: Flow) -> None:
        from factors.releases import create_draft, publish

        cert = certify(flow)
        newer = create_draft(flow.session, "2026.3")
        publish(flow.session, newer)
        flow.session.commit()
        check = wf.recompute_certificate(flow.people.ent_a, flow.session, number=cert.number)
        assert check.factor_release == "2026.2" and check.matches

    def test_a_tampered_certificate_total_is_detected(self, flow: Flow) -> None:
        cert = certify(flow)
        tamper = text("UPDATE wf_certificate SET total = total + 1e-9 WHERE number = :n")
        with Session(flow.session.get_bind()) as raw, pytest.raises(DBAPIError):  # the trigger refuses it
            raw.execute(tamper, {"n": cert.number})
        flow.session.rollback()
        with Session(flow.session.get_bind()) as raw:  # a database owner drops the guard first
            if raw.get_bind().dialect.name == "sqlite":
                raw.execute(text("DROP TRIGGER wf_certificate_fixed"))
            else:
                raw.execute(text("ALTER TABLE wf_certificate DISABLE TRIGGER USER"))
            raw.execute(tamper, {"n": cert.number})
            raw.commit()
        flow.session.expire_all()
        check = wf.recompute_certificate(flow.people.ent_a, flow.session, number=cert.number)
        assert not check.total_matches and not check.matches
        assert check.recomputed_total == pytest.approx(check.certificate_total)  # close is not enough
