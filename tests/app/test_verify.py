"""Public verification page: a certificate number → its public fields and status; unknown numbers and
suspended or expired certificates read as sentences; a label's QR link fills the number in."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from tests.app.conftest import AppFactory
from tests.app.helpers import no_problems, texts
from workflow.tables import Product

PAGE = "app_pages/verify.py"


@pytest.fixture
def certificate(db: Session, actors: dict) -> str:
    """The number of a certificate of the demo LFP cell, issued through the workflow services."""
    import workflow as wf

    ent, cert = actors["enterprise"], actors["certifier"]
    product = db.exec(select(Product).where(Product.code == "lfp-cell-60kwh-pack")).one()
    sub = wf.create_submission(ent, db, product_id=product.id, certification_body_id=cert.org_id)
    wf.submit(ent, db, submission_id=sub.id)
    wf.start_review(cert, db, submission_id=sub.id)
    wf.approve(cert, db, submission_id=sub.id)
    return wf.issue_certificate(cert, db, submission_id=sub.id, issued_on=dt.date(2026, 3, 1)).number


def verify(app: AppFactory, number: str, lang: str = "zh"):  # type: ignore[no-untyped-def]
    at = app(page=PAGE, lang=lang)
    at.text_input(key="ver_number").set_value(number)
    at.button[0].click().run()
    no_problems(at)
    return at


class TestVerify:
    def test_a_valid_certificate(self, app: AppFactory, certificate: str) -> None:
        at = verify(app, f"  {certificate.lower()} ")
        shown = texts(at)
        assert "证书有效。" in shown
        assert f"证书编号：**{certificate}**" in shown
        assert "76.79 kg CO2e" in shown and "2028-02-29" in shown
        assert "processes" not in shown  # public fields only: no model, no inventory

    def test_english(self, app: AppFactory, certificate: str) -> None:
        at = verify(app, certificate, lang="en")
        assert "The certificate is valid." in texts(at)
        assert "Yichun Demo Lithium Cell Co., Ltd. (DEMO, fictional)" in texts(at)

    def test_an_unknown_number_is_a_sentence(self, app: AppFactory) -> None:
        at = verify(app, "CFP-JX-2026-999999")
        assert [w.value for w in at.warning] == ["没有编号为 CFP-JX-2026-999999 的证书。请核对编号。"]

    def test_a_suspended_certificate_says_so(
        self, app: AppFactory, certificate: str, db: Session, actors: dict
    ) -> None:
        from workflow import suspend

        suspend(actors["certifier"], db, number=certificate, reason="监督抽查")
        assert "证书已暂停" in texts(verify(app, certificate))

    def test_the_qr_link_fills_in_the_number(self, app: AppFactory, certificate: str, demo_db: str) -> None:
        from streamlit.testing.v1 import AppTest

        from tests.app.conftest import APP

        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["number"] = certificate
        at.run()
        at.switch_page(PAGE).run()
        no_problems(at)
        assert at.text_input(key="ver_number").value == certificate
        assert "证书有效。" in texts(at)
