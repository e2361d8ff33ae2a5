"""Standards-body page: PCR drafts (create, edit with diff, publish) and factor releases (import, review the
diff, publish), with bad files reported as sentences."""

from __future__ import annotations

import csv
import io

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from tests.app.conftest import AppFactory
from tests.app.helpers import frame_with, no_problems, texts
from workflow.tables import PcrDraft

PAGE = "app_pages/standards.py"


def jiangxi_factors_csv(db: Session, *, value: str | None = None, drop_unit: bool = False) -> bytes:
    """The Jiangxi electricity factors of the bundled release as an import file, optionally changed."""
    import tempfile
    from pathlib import Path

    from factors import export_factors

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jx.csv"
        export_factors(db, path, text="江西 电力")
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        if row["code"] == "elec.grid.CN-JX.2023" and value is not None:
            row["value"] = value
        if drop_unit:
            row["unit"] = ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def page(app: AppFactory) -> AppTest:
    at = app("standards", page=PAGE)
    no_problems(at)
    return at


@pytest.fixture
def no_drafts(db: Session) -> None:
    """A standards body that has drafted nothing yet: the demo's published bundled rules taken out."""
    for row in db.exec(select(PcrDraft)).all():
        db.delete(row)
    db.commit()


@pytest.mark.usefixtures("no_drafts")
class TestRules:
    def test_the_bundled_rules_are_listed(self, page: AppTest) -> None:
        assert page.header[0].value == "产品种类规则与排放因子发布"
        rules = frame_with(page, "规则", "功能单位")
        assert {"battery-cell", "battery-pack", "lithium-carbonate"} <= set(rules["规则"])
        assert "还没有规则草案。" in texts(page)

    def test_draft_edit_and_publish(self, page: AppTest, db: Session) -> None:
        page.selectbox(key="std_new_base").set_value("battery-cell").run()
        page.text_input(key="std_new_version_battery-cell").set_value("2026.1-draft")
        page.button(key="std_create").click().run()
        no_problems(page)
        assert page.success[0].value == "草案 battery-cell 2026.1-draft 已保存。"
        pcr = db.exec(select(PcrDraft)).one()
        editor = page.text_area(key=f"std_edit_{pcr.id}")
        editor.set_value(editor.value + "\n# 江西试点补充说明\n")
        page.button(key="std_save").click().run()
        no_problems(page)
        diff = next(c.value for c in page.code if "江西试点补充说明" in c.value)
        assert "+# 江西试点补充说明" in diff
        page.button(key="std_publish_pcr").click().run()
        no_problems(page)
        db.expire_all()
        assert db.exec(select(PcrDraft.status)).one() == "published"

    def test_a_draft_that_is_not_a_mapping_is_refused(self, page: AppTest, db: Session) -> None:
        page.text_input(key="std_new_version_battery-cell").set_value("x")
        page.text_area(key="std_new_yaml_battery-cell").set_value("- just\n- a list\n")
        page.button(key="std_create").click().run()
        assert not page.exception
        assert page.error[0].value.startswith("输入有误：")
        assert db.exec(select(PcrDraft)).first() is None


class TestFactorReleases:
    def test_import_review_and_publish(self, page: AppTest, db: Session) -> None:
        assert "没有草案版本" in texts(page)
        page.file_uploader(key="std_upload").upload(
            "jx.csv", jiangxi_factors_csv(db, value="0.5500"), "text/csv"
        ).run()
        page.button(key="std_import").click().run()
        no_problems(page)
        assert page.success[0].value.startswith("已导入版本 2026.3：新增 0，替换 1，未变")
        assert "新增 0 条，删除 0 条，修改 1 条" in texts(page)
        diff = frame_with(page, "change", "field", "a", "b")
        row = diff[(diff["code"] == "elec.grid.CN-JX.2023") & (diff["field"] == "value")]
        assert (row["a"].iloc[0], row["b"].iloc[0]) == ("0.5836", "0.55")
        assert page.button(key="std_publish").disabled
        page.checkbox(key="std_sure").check().run()
        page.button(key="std_publish").click().run()
        no_problems(page)
        assert page.success[0].value == "因子版本 2026.3 已发布。"
        releases = frame_with(page, "版本", "因子数")
        assert list(releases["状态"]) == ["已发布", "已发布"]

    def test_a_bad_factor_file_imports_nothing_and_says_why(self, page: AppTest, db: Session) -> None:
        page.file_uploader(key="std_upload").upload(
            "jx.csv", jiangxi_factors_csv(db, drop_unit=True), "text/csv"
        ).run()
        page.button(key="std_import").click().run()
        assert not page.exception
        message = page.error[0].value
        assert message.startswith("因子文件有 3 处问题，未导入任何数据：")
        assert "column 'unit'" in message
        assert "没有草案版本" in texts(page)
