"""`pcf demo` (the app's demo content, idempotent) and `pcf workflow expire` (the daily job)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from pcf_cli import app as pcf

runner = CliRunner()


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cheap_argon2: None) -> str:
    url = f"sqlite:///{tmp_path / 'pcf.db'}"
    monkeypatch.setenv("PCF_DATABASE_URL", url)
    return url


class TestDemo:
    def test_seeds_once_and_prints_the_accounts(self, empty_db: str) -> None:
        first = runner.invoke(pcf, ["demo"])
        assert first.exit_code == 0, first.output
        assert "demo-enterprise" in first.output and "demo-enterprise-pass" in first.output
        assert "lfp-cell-60kwh-pack" in first.output
        again = runner.invoke(pcf, ["demo", "--json"])
        assert again.exit_code == 0, again.output
        data = json.loads(again.output)
        assert data["created"] == 0 and not data["skipped"]
        assert [a["username"] for a in data["accounts"]] == [
            "demo-admin",
            "demo-enterprise",
            "demo-certifier",
            "demo-standards",
        ]

    def test_refuses_a_database_with_a_real_admin(self, empty_db: str) -> None:
        import workflow.tables  # noqa: F401
        from factors.db import create_schema, make_engine
        from workflow import bootstrap_admin

        engine = make_engine(empty_db)
        create_schema(engine)
        with Session(engine) as s:
            bootstrap_admin(s, username="root", password="a long enough password", org_name_zh="运营")
        engine.dispose()
        result = runner.invoke(pcf, ["demo"])
        assert result.exit_code == 1
        assert "real platform admin" in result.output
        assert "Traceback" not in result.output


class TestExpire:
    def test_expires_certificates_past_their_validity(self, empty_db: str) -> None:
        import workflow as wf
        from factors.db import make_engine
        from workflow.tables import Certificate, Product

        assert runner.invoke(pcf, ["demo"]).exit_code == 0
        engine = make_engine(empty_db)
        with Session(engine) as s:
            users = {u.username: wf.accounts.actor_of(s, u) for u in s.exec(select(wf.tables.User)).all()}
            ent, cert = users["demo-enterprise"], users["demo-certifier"]
            product = s.exec(select(Product).where(Product.code == "lfp-cell-60kwh-pack")).one()
            sub = wf.create_submission(ent, s, product_id=product.id, certification_body_id=cert.org_id)
            wf.submit(ent, s, submission_id=sub.id)
            wf.start_review(cert, s, submission_id=sub.id)
            wf.approve(cert, s, submission_id=sub.id)
            issued = wf.issue_certificate(cert, s, submission_id=sub.id)
            number, last = issued.number, issued.expires_on
        assert (
            "0 certificate(s) expired"
            in runner.invoke(pcf, ["workflow", "expire", "--today", last.isoformat()]).output
        )
        after = (last + dt.timedelta(days=1)).isoformat()
        result = runner.invoke(pcf, ["workflow", "expire", "--today", after, "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)  # the demo's own certificates expire with it (issued the same day)
        assert data["today"] == after and number in data["expired"]
        with Session(engine) as s:
            assert s.exec(select(Certificate.status).where(Certificate.number == number)).one() == "expired"
        engine.dispose()

    def test_a_bad_date_is_a_usage_error(self, empty_db: str) -> None:
        result = runner.invoke(pcf, ["workflow", "expire", "--today", "tomorrow"])
        assert result.exit_code == 2
        assert "YYYY-MM-DD" in result.output


class TestCertificatesAndVerify:
    """`pcf workflow suspend|reinstate|withdraw` and `pcf workflow verify` on a demo database."""

    def _certified(self, empty_db: str) -> str:
        import workflow as wf
        from factors.db import make_engine
        from workflow.tables import Product

        assert runner.invoke(pcf, ["demo"]).exit_code == 0
        engine = make_engine(empty_db)
        with Session(engine) as s:
            users = {u.username: wf.accounts.actor_of(s, u) for u in s.exec(select(wf.tables.User)).all()}
            ent, cert = users["demo-enterprise"], users["demo-certifier"]
            product = s.exec(select(Product).where(Product.code == "lfp-cell-60kwh-pack")).one()
            sub = wf.create_submission(ent, s, product_id=product.id, certification_body_id=cert.org_id)
            wf.submit(ent, s, submission_id=sub.id)
            wf.start_review(cert, s, submission_id=sub.id)
            wf.approve(cert, s, submission_id=sub.id)
            number = wf.issue_certificate(cert, s, submission_id=sub.id).number
        engine.dispose()
        return number

    def test_suspend_reinstate_withdraw(self, empty_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
        from workflow import DEMO_PASSWORDS

        number = self._certified(empty_db)
        monkeypatch.setenv("PCF_PASSWORD", DEMO_PASSWORDS["demo-certifier"])
        who = ["--as", "demo-certifier"]
        refused = runner.invoke(pcf, ["workflow", "suspend", number, *who])
        assert refused.exit_code == 1 and "reason" in refused.output and "Traceback" not in refused.output
        done = runner.invoke(
            pcf, ["workflow", "suspend", number, *who, "--reason", "audit pending", "--json"]
        )
        assert done.exit_code == 0, done.output
        assert json.loads(done.output) == {"number": number, "status": "suspended", "reason": "audit pending"}
        assert "active" in runner.invoke(pcf, ["workflow", "reinstate", number, *who]).output
        out = runner.invoke(pcf, ["workflow", "withdraw", number, *who, "--reason", "plant closed"]).output
        assert "withdrawn" in out
        again = runner.invoke(pcf, ["workflow", "suspend", number, *who, "--reason", "x"])
        assert again.exit_code == 1 and "withdrawn" in again.output
        monkeypatch.setenv("PCF_PASSWORD", "wrong password here")
        assert runner.invoke(pcf, ["workflow", "suspend", number, *who, "--reason", "x"]).exit_code == 1

    def test_verify_names_the_first_broken_link(self, empty_db: str) -> None:
        from sqlalchemy import text

        from factors.db import make_engine

        self._certified(empty_db)
        clean = runner.invoke(pcf, ["workflow", "verify", "--json"])
        assert clean.exit_code == 0, clean.output
        data = json.loads(clean.output)
        assert data["ok"] and data["audit_rows"] > 10 and data["certificates"] >= 1
        engine = make_engine(empty_db)
        with engine.begin() as conn:  # a database owner drops the guard and edits a row
            conn.execute(text("DROP TRIGGER wf_audit_log_no_update"))
            conn.execute(text("UPDATE wf_audit_log SET actor = 'mallory' WHERE seq = 7"))
        engine.dispose()
        broken = runner.invoke(pcf, ["workflow", "verify"])
        assert broken.exit_code == 1
        assert "first broken link" in broken.output and "seq 7 " in broken.output
