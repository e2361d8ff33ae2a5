"""Certifier page: the queue, pre-review, evidence, findings, request changes → answer and resubmit →
version diff, approve, issue, batch recomputation; and the public verification of the certificate."""

from __future__ import annotations

import re

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from tests.app.conftest import AppFactory
from tests.app.helpers import frame_with, no_problems, texts
from workflow.tables import Certificate, Finding, Product, Submission

REVIEW = "app_pages/review.py"
PRODUCTS = "app_pages/products.py"
VERIFY = "app_pages/verify.py"


def waiting(db: Session) -> int:
    """The demo's submission waiting for review: the LFP cathode (the demo cells come certified)."""
    return db.exec(select(Submission.id).join(Product).where(Product.code == "lfp-cathode-material")).one()


def state(db: Session) -> str:
    db.expire_all()
    return db.get(Submission, waiting(db)).state  # type: ignore[union-attr]


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    no_problems(at)
    return at


class TestQueue:
    def test_the_demo_submission_waits_in_the_queue(self, app: AppFactory) -> None:
        at = app("certifier", page=REVIEW)
        no_problems(at)
        assert at.header[0].value == "认证审核"
        queue = frame_with(at, "产品", "企业", "状态")
        assert sorted(queue["状态"]) == ["已发证", "已发证", "已提交"]
        row = list(queue["状态"]).index("已提交")
        assert "磷酸铁锂正极材料" in queue["产品"][row]
        assert queue["企业"][row] == "宜春示范锂电科技有限公司（演示）"
        assert {m.label: m.value for m in at.metric}["待处理"] == "1"
        assert at.button(key="rev_start").label == "受理并开始审核"

    def test_pre_review_and_evidence(self, app: AppFactory) -> None:
        at = app("certifier", page=REVIEW)
        shown = texts(at)
        assert "错误 0 · 警告" in shown  # the products package's checks of the submitted version
        evidence = frame_with(at, "模型路径", "数据来源（证据）")
        assert "processes.cam_synthesis.inputs[0]" in set(evidence["模型路径"])
        assert "kg CO2e" in texts(at)

    def test_a_refused_decision_is_a_sentence(self, app: AppFactory, db: Session, actors: dict) -> None:
        from workflow import add_finding, start_review

        sid = waiting(db)
        start_review(actors["certifier"], db, submission_id=sid)
        add_finding(actors["certifier"], db, submission_id=sid, severity="major", text="缺少电力数据。")
        at = app("certifier", page=REVIEW)
        at.button(key="rev_approve").click().run()
        assert not at.exception
        assert at.error[0].value.startswith("仍有未关闭的审核意见")  # the coded refusal, in Chinese
        assert state(db) == "under_review"

    def test_pre_review_findings_raised_at_once(self, app: AppFactory, db: Session, actors: dict) -> None:
        from workflow import start_review

        start_review(actors["certifier"], db, submission_id=waiting(db))
        at = app("certifier", page=REVIEW)
        warnings = int(re.search(r"警告 (\d+)", texts(at)).group(1))  # type: ignore[union-attr]
        assert warnings > 0
        assert at.button(key="rev_raise").label == f"将 {warnings} 条错误和警告转为审核意见"
        click(at, "rev_raise")
        raised = db.exec(select(Finding)).all()
        assert len(raised) == warnings and {f.severity for f in raised} == {"minor"}
        assert any(f.location.startswith("processes.") for f in raised)
        assert all(f.location == "" or f.location.startswith(("processes.", "product.")) for f in raised)


class TestRoundTrip:
    def test_changes_resubmission_approval_certificate_and_verification(
        self, app: AppFactory, db: Session
    ) -> None:
        # the certifier starts the review, raises a finding and asks for changes
        cert = click(app("certifier", page=REVIEW), "rev_start")
        assert cert.success[0].value.startswith("申请 #") and state(db) == "under_review"
        cert.selectbox(key="rev_f_severity").set_value("minor")
        cert.selectbox(key="rev_f_location").set_value("processes.cam_synthesis.inputs[1]")
        cert.text_area(key="rev_f_text").set_value("蒸汽用量请提供计量记录。")
        cert.button[[b.label for b in cert.button].index("添加")].click().run()
        no_problems(cert)
        assert db.exec(select(Finding.text)).one() == "蒸汽用量请提供计量记录。"
        cert.text_input(key=next(t.key for t in cert.text_input if t.key.startswith("rev_note_"))).set_value(
            "请补充"
        )
        click(cert, "rev_changes")
        assert state(db) == "changes_requested"

        # the enterprise answers, corrects the model (a new version) and resubmits
        ent = app("enterprise", page=PRODUCTS)
        assert "认证机构要求修改" in texts(ent)
        assert "认证机构的修改要求：请补充" in texts(ent)  # the certifier's note, as written
        finding_id = db.exec(select(Finding.id)).one()
        ent.text_area(key=f"prod_answer_text_{finding_id}").set_value("已按电表读数更正为 12 MJ。")
        ent.button[[b.label for b in ent.button].index("提交答复")].click().run()
        no_problems(ent)
        editor = next(a for a in ent.text_area if (a.key or "").startswith("prod_yaml_"))
        text = editor.value
        start = text.index("  cam_synthesis:")  # the finding's process; its second input is corrected
        second = list(re.finditer(r"amount: ([0-9.]+)\n", text[start:]))[1]
        old, new = float(second.group(1)), round(float(second.group(1)) * 0.8, 4)
        at = start + second.start()
        editor.set_value(text[:at] + f"amount: {new}\n" + text[start + second.end() :])
        click(ent, "prod_save_yaml")
        assert "模型第 2 版已保存" in ent.success[0].value
        click(ent, "prod_resubmit")
        assert state(db) == "resubmitted"

        # the certifier compares the versions, resolves the finding, approves and issues
        cert = click(app("certifier", page=REVIEW), "rev_start")
        assert "变化的输入（1）" in texts(cert)
        changed = frame_with(cert, "变化（+ 新增，- 删除，~ 修改）", "数量 v1", "数量 v2")
        assert (changed["数量 v1"][0], changed["数量 v2"][0]) == (old, new)
        click(cert, f"rev_resolve_{finding_id}")
        click(cert, "rev_approve")
        assert state(db) == "approved"
        click(cert, "rev_issue")
        number = db.exec(select(Certificate.number).where(Certificate.submission_id == waiting(db))).one()
        assert re.fullmatch(r"CFP-JX-\d{4}-\d{6}", number)
        assert cert.success[0].value == f"证书 {number} 已颁发。"
        assert state(db) == "certified"

        # batch recomputation of the body's certificates shows progress and a match
        click(cert, "rev_recompute")
        assert cert.get("progress")
        result = frame_with(cert, "证书编号", "结果一致")
        assert set(result["结果一致"]) == {"✓"} and number in set(result["证书编号"])

        # the enterprise sees its certificate with the label; anyone verifies the number
        ent = app("enterprise", page=PRODUCTS)
        assert number in texts(ent) and "模型第 2 版已获证书" in texts(ent)
        assert "prod_submit" not in [b.key for b in ent.button]
        certificate_id = db.exec(select(Certificate.id).where(Certificate.number == number)).one()
        click(ent, f"prod_report_{certificate_id}")
        downloads = [d.proto.label for d in ent.get("download_button")]
        assert downloads == ["下载碳标识（SVG）", "下载报告"]
        public = app(page=VERIFY)
        public.text_input(key="ver_number").set_value(number.lower())
        public.button[0].click().run()
        no_problems(public)
        shown = texts(public)
        assert "证书有效。" in shown and "宜春示范锂电科技有限公司（演示）" in shown
        assert "示范碳足迹认证中心（演示）" in shown


class TestIssue12:
    """Deep links, the required note, certificate surveillance with the public page showing it."""

    def test_a_deep_link_opens_the_submission(self, app: AppFactory, db: Session) -> None:
        sid = waiting(db)
        at = app("certifier", page=REVIEW)
        assert f"/review?submission={sid}" in texts(at)
        at.query_params["submission"] = str(sid)
        at.run()
        no_problems(at)
        assert at.selectbox(key="rev_pick").value == sid

    def test_a_request_for_changes_needs_its_note(self, app: AppFactory, db: Session, actors: dict) -> None:
        from workflow import add_finding, start_review

        sid = waiting(db)
        start_review(actors["certifier"], db, submission_id=sid)
        add_finding(actors["certifier"], db, submission_id=sid, severity="minor", text="请说明。")
        at = app("certifier", page=REVIEW)
        at.button(key="rev_changes").click().run()
        assert not at.exception
        assert at.error[0].value == "要求修改时须写明需要修改的内容。"
        assert state(db) == "under_review"

    def test_suspend_and_the_public_page_shows_it(self, app: AppFactory, db: Session, actors: dict) -> None:
        from workflow import approve, issue_certificate, start_review

        sid = waiting(db)
        cert = actors["certifier"]
        start_review(cert, db, submission_id=sid)
        approve(cert, db, submission_id=sid)
        number = issue_certificate(cert, db, submission_id=sid).number
        at = app("certifier", page=REVIEW)
        at.selectbox(key="rev_cert_pick").set_value(number).run()
        captions = " ".join(c.value for c in at.caption)
        assert "规则 lfp-cathode 1 · 审核人 demo-certifier" in captions  # what the certificate recorded
        at.button(key="rev_cert_suspend").click().run()
        assert not at.exception and at.error[0].value == "请填写原因。"
        at.text_input(key=f"rev_cert_reason_{number}").set_value("监督抽查未通过")
        click(at, "rev_cert_suspend")
        assert at.success[0].value == f"证书 {number} 现为“暂停”。"
        assert "rev_cert_reinstate" in [b.key for b in at.button]
        public = app(page=VERIFY)
        public.text_input(key="ver_number").set_value(number)
        public.button[0].click().run()
        no_problems(public)
        assert "原因：监督抽查未通过" in texts(public)


class TestRuleGate:
    def test_justified_errors_are_refused_then_seen_corrected_and_closed(
        self, app: AppFactory, db: Session, actors: dict
    ) -> None:
        """The demo cell on AR5: two rule errors justified at submit; the pre-review says they are still
        found, approval is refused; after AR6 is resubmitted it says they are corrected and closes them."""
        import yaml

        import workflow as wf
        from workflow.tables import ModelVersion

        ent, cer = actors["enterprise"], actors["certifier"]
        pid = db.exec(select(Product.id).where(Product.code == "lfp-cell-60kwh-pack")).one()
        latest = db.exec(
            select(ModelVersion).where(ModelVersion.product_id == pid).order_by(ModelVersion.number.desc())  # type: ignore[attr-defined]
        ).first()
        data = yaml.safe_load(latest.yaml_text)  # type: ignore[union-attr]
        body = db.exec(select(Submission.certification_body_id).where(Submission.product_id == pid)).first()

        def save(gwp: str) -> int:
            data["product"]["gwp"] = gwp
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            return wf.save_model_version(ent, db, product_id=pid, yaml_text=text).id

        version = save("AR5")
        keys = [f.key for f in wf.check_version(ent, db, version_id=version).errors]
        assert "gwp_set@product.gwp" in keys
        sid = wf.create_submission(ent, db, product_id=pid, version_id=version, certification_body_id=body).id
        wf.submit(ent, db, submission_id=sid, justifications={k: "客户要求 AR5" for k in keys})
        wf.start_review(cer, db, submission_id=sid)

        at = app("certifier", page=REVIEW)
        at.selectbox(key="rev_pick").set_value(sid).run()
        shown = texts(at)
        assert shown.count("最新提交的版本仍有此错误") == len(keys) and "`gwp_set@product.gwp`" in shown
        assert {b.label for b in at.button if (b.key or "").startswith("rev_accept_")} == {"接受理由"}
        at.button(key="rev_approve").click().run()
        assert not at.exception and any("仍有未关闭的审核意见" in e.value for e in at.error)
        db.expire_all()
        assert db.get(Submission, sid).state == "under_review"  # type: ignore[union-attr]

        wf.request_changes(cer, db, submission_id=sid, note="规则只接受 AR6。")
        save("AR6")
        wf.resubmit(ent, db, submission_id=sid)
        wf.start_review(cer, db, submission_id=sid)
        at = app("certifier", page=REVIEW)
        at.selectbox(key="rev_pick").set_value(sid).run()
        assert texts(at).count("最新提交的版本已改正此错误") == len(keys)
        for _ in keys:
            click(at, next(b.key for b in at.button if (b.key or "").startswith("rev_accept_")))
        assert "最新提交的版本" not in texts(at)
        click(at, "rev_approve")
        db.expire_all()
        assert db.get(Submission, sid).state == "approved"  # type: ignore[union-attr]
