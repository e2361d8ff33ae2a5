"""Evidence in the app: the enterprise attaches files to a version, an input line and a finding answer;
refusals (type, size, frozen version) are sentences in the session language; the certifier sees the files
on the review page and downloads them (audited)."""

from __future__ import annotations

import pytest
import yaml
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from tests.app.conftest import AppFactory
from tests.app.helpers import frame_with, no_problems, texts
from webapp.i18n import tr
from workflow.pilot_tables import Evidence
from workflow.tables import AuditLog, ModelVersion, Product, Submission

PRODUCTS = "app_pages/products.py"
REVIEW = "app_pages/review.py"
CELL = "lfp-cell-60kwh-pack"
CATHODE = "lfp-cathode-material"
METER_CSV = b"month,kWh\n2026-01,41230\n2026-02,39877\n"


def product_id(db: Session, code: str) -> int:
    return db.exec(select(Product.id).where(Product.code == code)).one()  # type: ignore[return-value]


def latest_version(db: Session, pid: int) -> ModelVersion:
    db.expire_all()
    return db.exec(
        select(ModelVersion).where(ModelVersion.product_id == pid).order_by(col(ModelVersion.number).desc())
    ).first()  # type: ignore[return-value]


@pytest.fixture
def draft(db: Session, actors: dict) -> ModelVersion:
    """A new, unfrozen version of the demo cell (the demo's certified versions are frozen)."""
    from workflow import save_model_version

    pid = product_id(db, CELL)
    data = yaml.safe_load(latest_version(db, pid).yaml_text)
    data["notes"] = f"{data.get('notes') or ''} Evidence test: a new draft version."
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    save_model_version(actors["enterprise"], db, product_id=pid, yaml_text=text, note="evidence test")
    version = latest_version(db, pid)
    assert version.frozen_at is None
    return version


def cell_page(app: AppFactory, db: Session, lang: str = "zh") -> AppTest:
    at = app("enterprise", page=PRODUCTS, lang=lang)
    at.selectbox(key="prod_pick").set_value(product_id(db, CELL)).run()
    no_problems(at)
    return at


def attach(
    at: AppTest, version_id: int | None, name: str, data: bytes, media: str, target: int = 0
) -> AppTest:
    at.selectbox(key="prod_ev_target").set_value(target)
    at.file_uploader(key=f"prod_ev_file_{version_id}").upload(name, data, media)
    at.text_input(key="prod_ev_note").set_value("一月至二月电表读数")
    at.button(key="prod_ev_attach").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


class TestAttach:
    def test_a_file_on_an_input_line_is_stored_hashed_and_audited(
        self, app: AppFactory, db: Session, draft: ModelVersion
    ) -> None:
        import hashlib

        at = cell_page(app, db)
        labels = list(at.selectbox(key="prod_ev_target").options)  # shown as words
        assert labels[0] == "整个模型版本" and len(labels) > 3
        assert not any("processes." in x or "inputs[" in x for x in labels)  # words, not model paths
        at = attach(at, draft.id, "meter.csv", METER_CSV, "text/csv", target=2)
        no_problems(at)
        row = db.exec(select(Evidence)).one()
        assert (row.model_version_id, row.filename, row.size) == (draft.id, "meter.csv", len(METER_CSV))
        assert row.sha256 == hashlib.sha256(METER_CSV).hexdigest()
        assert row.process_id and row.input_index is not None and row.note == "一月至二月电表读数"
        assert at.success[0].value.startswith("已附加 meter.csv（")
        audit = db.exec(select(AuditLog).where(AuditLog.action == "evidence.attach")).one()
        assert row.sha256 in audit.detail
        shown = frame_with(at, "文件", "附加位置", "字节")
        assert list(shown["文件"]) == ["meter.csv"] and labels[2] == shown["附加位置"][0]

    def test_a_file_on_the_whole_version(self, app: AppFactory, db: Session, draft: ModelVersion) -> None:
        at = attach(cell_page(app, db), draft.id, "bom.pdf", b"%PDF-1.4 bill of materials", "application/pdf")
        no_problems(at)
        row = db.exec(select(Evidence)).one()
        assert (row.process_id, row.input_index, row.media_type) == ("", None, "application/pdf")
        assert frame_with(at, "文件", "附加位置")["附加位置"][0] == "整个模型版本"


class TestRefusals:
    def test_a_type_not_accepted(self, app: AppFactory, db: Session, draft: ModelVersion) -> None:
        at = attach(cell_page(app, db), draft.id, "tool.exe", b"MZ\x90\x00", "application/x-msdownload")
        assert at.error[0].value == tr(
            "wf.err.evidence_type", "zh", file="tool.exe", media_type="application/x-msdownload"
        )
        assert at.error[0].value.startswith("文件 tool.exe 的类型")
        assert not db.exec(select(Evidence)).all()

    def test_too_large_in_english(
        self, app: AppFactory, db: Session, draft: ModelVersion, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import workflow.evidence

        monkeypatch.setattr(workflow.evidence, "MAX_EVIDENCE_BYTES", 16)
        at = attach(cell_page(app, db, lang="en"), draft.id, "meter.csv", METER_CSV, "text/csv")
        assert at.error[0].value == f"File meter.csv has {len(METER_CSV)} bytes, more than the limit of 16."
        assert not db.exec(select(Evidence)).all()

    def test_a_frozen_version_refuses_more(self, app: AppFactory, db: Session) -> None:
        at = cell_page(app, db)
        frozen = latest_version(db, product_id(db, CELL))
        assert frozen.frozen_at is not None  # the demo cell's certified version
        assert "已提交并冻结" in texts(at)
        at = attach(at, frozen.id, "meter.csv", METER_CSV, "text/csv")
        assert at.error[0].value == "该版本已提交并与其证据一同冻结；请保存新版本后再附加。"
        assert not db.exec(select(Evidence)).all()

    def test_no_file_chosen(self, app: AppFactory, db: Session, draft: ModelVersion) -> None:
        at = cell_page(app, db)
        at.button(key="prod_ev_attach").click().run()
        assert "请先选择一个文件。" in [w.value for w in at.warning]
        assert not db.exec(select(Evidence)).all()


class TestAnswerAndReview:
    def test_evidence_for_an_answer_reaches_the_certifier(
        self, app: AppFactory, db: Session, actors: dict
    ) -> None:
        from workflow import add_finding, request_changes, resubmit, start_review

        sid: int = db.exec(select(Submission.id).join(Product).where(Product.code == CATHODE)).one()  # type: ignore[assignment]
        cert = actors["certifier"]
        start_review(cert, db, submission_id=sid)
        finding = add_finding(cert, db, submission_id=sid, severity="minor", text="请提供蒸汽计量记录。")
        request_changes(cert, db, submission_id=sid, note="请补充证据")

        ent = app("enterprise", page=PRODUCTS)
        ent.selectbox(key="prod_pick").set_value(product_id(db, CATHODE)).run()
        version = latest_version(db, product_id(db, CATHODE))
        labels = list(ent.selectbox(key="prod_ev_answer_target").options)
        assert labels == [f"审核意见 #{finding.id} 的答复：请提供蒸汽计量记录。"]
        ent.file_uploader(key=f"prod_ev_answer_file_{version.id}").upload("steam.csv", METER_CSV, "text/csv")
        ent.button(key="prod_ev_answer_attach").click().run()
        no_problems(ent)
        row = db.exec(select(Evidence)).one()
        assert (row.finding_id, row.model_version_id) == (finding.id, version.id)

        from workflow import answer_finding

        answer_finding(actors["enterprise"], db, finding_id=finding.id, answer="蒸汽计量记录见附件。")
        resubmit(actors["enterprise"], db, submission_id=sid)
        review = app("certifier", page=REVIEW)
        no_problems(review)
        assert "steam.csv" in set(frame_with(review, "文件", "字节")["文件"])
        review.button(key=f"rev_ev_btn_{row.id}").click().run()
        no_problems(review)
        got = [d for d in review.get("download_button") if d.proto.label == "steam.csv"]
        assert got, "the certifier gets a download button for the file"
        downloads = db.exec(select(AuditLog).where(AuditLog.action == "evidence.download")).all()
        assert len(downloads) == 1 and row.sha256 in downloads[0].detail
