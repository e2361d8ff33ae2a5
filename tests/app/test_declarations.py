"""Declarations page (MIIT traction-battery declaration): the pack maker's company view and declaration,
the verification body's queue, changes requested → recalculated → resubmitted → verified → declared;
refusals (a pack of 2 kWh or less, a missing lifetime parameter, no report number) as sentences.

The demo pack is products/examples/lfp-pack.yaml: 60.48 kWh rated energy, 8 service years entered in the
model, 60 cycles per year from the battery-pack rule's table for vehicle category M1, so

    full cycles     = 60 × 8          = 480
    lifetime energy = 60.48 kWh × 480 = 29,030.4 kWh per pack
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, AppFactory
from tests.app.helpers import frame_with, no_problems, texts
from webapp import declaration_views as dv
from webapp.errors import describe
from workflow.declaration_tables import Declaration
from workflow.tables import ModelVersion, Organisation, Product

DECL = "app_pages/declarations.py"
PACK = "lfp-pack-60kwh"
TRIAL = "试行期典型电池包（至 2026-12-31）"


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    no_problems(at)
    return at


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory, cheap_argon2: None) -> Path:
    """The demo without its declared pack and issued certificates: these tests declare the pack themselves."""
    import workflow.tables  # noqa: F401  (the workflow tables on SQLModel.metadata)
    from factors.bundled import load_bundled
    from factors.db import create_schema, make_engine
    from workflow import seed_demo

    path = tmp_path_factory.mktemp("demo-bare") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    with Session(engine) as s:
        load_bundled(s)
        seed_demo(s, records=False)
    engine.dispose()
    return path


def status(db: Session) -> str:
    db.expire_all()
    return db.exec(select(Declaration.status)).one()


def pack_id(db: Session) -> int:
    return int(db.exec(select(Product.id).where(Product.code == PACK)).one())  # type: ignore[arg-type]


def body_id(db: Session) -> int:
    found = db.exec(select(Organisation.id).where(Organisation.kind == "certification_body")).one()
    return int(found)  # type: ignore[arg-type]


def variant_pack(db: Session, actor: object, code: str, *replacements: tuple[str, str]) -> int:
    """A second pack product of the demo enterprise: the demo pack's model with `replacements` applied."""
    from workflow import create_product, save_model_version

    text = db.exec(select(ModelVersion.yaml_text).where(ModelVersion.product_id == pack_id(db))).first()
    assert text is not None
    for old, new in ((f"id: {PACK}", f"id: {code}"), *replacements):
        assert old in text, old
        text = text.replace(old, new, 1)
    product = create_product(actor, db, code=code, name_zh=f"变体电池包 {code}", category="battery.pack")  # type: ignore[arg-type]
    save_model_version(actor, db, product_id=product.id, yaml_text=text)  # type: ignore[arg-type]
    return product.id


class TestPackMaker:
    def test_the_company_view_lists_the_demo_pack(self, app: AppFactory, db: Session) -> None:
        at = app("enterprise", page=DECL)
        no_problems(at)
        assert at.header[0].value == "动力电池碳足迹申报"
        packs = frame_with(at, "型号编号", "申报状态")
        assert list(packs["型号编号"]) == [PACK]  # the cells and materials are not packs
        assert list(packs["申报状态"]) == ["未申报"]
        metrics = {m.label: (m.value, m.delta) for m in at.metric}
        assert metrics[TRIAL] == ("已申报 0 / 5 典型电池包", "还差 5 个")
        assert metrics["电池包型号"][0] == "1"
        shown = texts(at)
        assert "还差 5 个" in shown and "新建 4 个型号" in shown
        assert at.button(key="decl_create").label == "创建申报"
        assert at.selectbox(key="decl_body").value == body_id(db)  # the demo certification body

    def test_english(self, app: AppFactory, db: Session, actors: dict) -> None:
        from workflow import create_declaration

        create_declaration(actors["enterprise"], db, product_id=pack_id(db), verification_body_id=body_id(db))
        at = app("enterprise", lang="en", page=DECL)
        no_problems(at)
        assert at.header[0].value == "Traction-battery carbon-footprint declarations"
        metrics = {m.label: (m.value, m.delta) for m in at.metric}
        assert metrics["Typical packs, trial period (to 2026-12-31)"] == (
            "0 of 5 typical packs declared",
            "5 more needed",
        )
        stages = frame_with(at, "Life-cycle stage", "kg CO2e/kWh")
        assert list(stages["Life-cycle stage"])[:4] == [
            "Material acquisition",
            "Battery manufacturing",
            "Distribution",
            "Recycling",
        ]
        origin = dict(
            zip(*(frame_with(at, "Parameter", "Origin")[c] for c in ("Parameter", "Origin")), strict=True)
        )
        assert origin["Service years"] == "entered in the model"
        shown = texts(at)
        assert "Draft: check the figures" in shown and "decl." not in shown

    def test_a_new_declaration_shows_the_stages_and_the_lifetime_basis(
        self, app: AppFactory, db: Session
    ) -> None:
        at = click(app("enterprise", page=DECL), "decl_create")
        assert at.success[0].value.startswith(f"已创建 {PACK} 的申报 #")
        stored = db.exec(select(Declaration)).one()
        assert (stored.status, stored.verification_body_id) == ("draft", body_id(db))
        stages = frame_with(at, "生命周期阶段", "kg CO2e/kWh")
        assert list(stages["生命周期阶段"]) == ["材料获取", "电池制造", "分销运输", "回收利用", "合计"]
        four = [stored.material_acquisition, stored.manufacturing, stored.distribution, stored.recycling]
        assert list(stages["kg CO2e/kWh"]) == pytest.approx([*four, sum(four)], abs=1e-6)
        assert sum(four) == pytest.approx(stored.total_kg_co2e_per_kwh)
        life = frame_with(at, "参数", "数值", "来源")
        value = dict(zip(life["参数"], life["数值"], strict=True))
        origin = dict(zip(life["参数"], life["来源"], strict=True))
        assert value["额定能量"] == "60.48 kWh"
        assert (value["每年等效满充放电循环次数"], value["使用年限（年）"]) == ("60", "8")
        assert value["全生命周期等效循环次数"] == "480"
        assert value["全生命周期总能量"] == "29,030.4 kWh"
        assert origin["使用年限（年）"] == "企业在模型中填写"
        assert origin["每年等效满充放电循环次数"] == (
            "产品种类规则默认值（按车辆类别 M1） · 规则参数未核实（假设值）"
        )
        assert origin["全生命周期总能量"] == "计算：60.48 kWh × 480"
        shown = texts(at)
        assert "模型中没有“回收利用”阶段的过程：该阶段按 0 申报。" in shown
        assert "因子版本：2026.2（AR6）" in shown and stored.model_hash[:16] in shown
        assert [d.proto.label for d in at.get("download_button")] == ["下载申报数据（cn-battery JSON）"]
        assert at.button(key="decl_submit").label == "提交第三方核查"

    def test_a_pack_of_2_kwh_or_less_is_refused_with_a_sentence(
        self, app: AppFactory, db: Session, actors: dict
    ) -> None:
        small = variant_pack(
            db, actors["enterprise"], "pack-1-5kwh", ("rated_energy: 60.48 kWh", "rated_energy: 1.5 kWh")
        )
        at = app("enterprise", page=DECL)
        at.selectbox(key="decl_pack").set_value(small).run()
        at.button(key="decl_create").click().run()
        assert not at.exception
        assert [e.value for e in at.error] == [
            "该电池包的额定能量为 1.5 kWh，不在工信部动力电池碳足迹申报范围内："
            "申报只适用于额定能量大于 2 kWh 的动力电池。"
        ]
        assert db.exec(select(Declaration)).all() == []


class TestVerifier:
    def test_a_draft_is_not_in_the_queue(self, app: AppFactory, db: Session, actors: dict) -> None:
        from workflow import create_declaration

        create_declaration(actors["enterprise"], db, product_id=pack_id(db), verification_body_id=body_id(db))
        at = app("certifier", page=DECL)
        no_problems(at)
        assert "目前没有提交给本机构核查的申报。" in texts(at)
        assert {m.label: m.value for m in at.metric} == {"待核查": "0", "全部申报": "0", "已核查": "0"}

    def test_other_roles_are_stopped(self, demo_db: str, actors: dict) -> None:
        at = AppTest.from_file(str(Path(APP).parent / DECL), default_timeout=60)
        at.session_state["auth_actor"] = actors["standards"]
        at.run()
        assert not at.exception
        assert at.warning[0].value == "此页面需要以“企业或认证机构”身份登录：请在首页登录。"


class TestRoundTrip:
    def test_submit_changes_resubmit_verify_declare(self, app: AppFactory, db: Session) -> None:
        # the pack maker creates the declaration with the demo body and submits it
        ent = click(app("enterprise", page=DECL), "decl_create")
        did = db.exec(select(Declaration.id)).one()
        click(ent, "decl_submit")
        assert ent.success[0].value == f"申报 #{did} 已提交核查。"
        assert status(db) == "submitted"
        assert list(frame_with(ent, "型号编号", "申报状态")["申报状态"]) == ["已提交"]

        # the verifier finds it in its queue, starts, refuses a verification without a report number,
        # and asks for changes with a comment
        cert = app("certifier", page=DECL)
        queue = frame_with(cert, "申报企业", "申报状态")
        assert list(queue["申报企业"]) == ["宜春示范锂电科技有限公司（演示）"]
        assert list(queue["申报状态"]) == ["已提交"]
        assert {m.label: m.value for m in cert.metric}["待核查"] == "1"
        click(cert, "decl_start")
        assert status(db) == "under_verification"
        cert.button(key="decl_verify").click().run()
        assert [e.value for e in cert.error] == ["请填写核查报告编号。"]
        assert status(db) == "under_verification"
        cert.text_area(key=f"decl_comment_{did}").set_value("回收利用阶段为 0：请补充回收过程或说明理由。")
        click(cert, "decl_changes")
        assert cert.success[0].value == f"已将申报 #{did} 退回企业修改。"
        assert status(db) == "changes_requested"

        # the pack maker reads the comment, recalculates and submits again
        ent = app("enterprise", page=DECL)
        no_problems(ent)
        shown = texts(ent)
        assert "核查机构要求修改" in shown
        assert "核查意见：回收利用阶段为 0：请补充回收过程或说明理由。" in shown
        click(ent, "decl_revise")
        assert ent.success[0].value == f"申报 #{did} 已按模型第 1 版重新计算。"
        click(ent, "decl_submit")
        assert status(db) == "submitted"

        # the verifier verifies with its report number and date
        cert = click(app("certifier", page=DECL), "decl_start")
        cert.text_input(key=f"decl_report_number_{did}").set_value("VR-JX-2026-0001")
        cert.date_input(key=f"decl_report_date_{did}").set_value(dt.date(2026, 3, 2))
        click(cert, "decl_verify")
        assert cert.success[0].value == f"申报 #{did} 已核查通过，报告编号 VR-JX-2026-0001。"
        db.expire_all()
        stored = db.exec(select(Declaration)).one()
        assert (stored.status, stored.report_number, stored.report_date) == (
            "verified",
            "VR-JX-2026-0001",
            dt.date(2026, 3, 2),
        )

        # the pack maker sees it verified and declares; the company view counts 1 of 5
        ent = app("enterprise", page=DECL)
        assert list(frame_with(ent, "型号编号", "申报状态")["申报状态"]) == ["已核查"]
        assert "核查报告 **VR-JX-2026-0001** · 2026-03-02" in texts(ent)
        click(ent, "decl_declare")
        assert ent.success[0].value == f"申报 #{did} 已正式申报。"
        assert status(db) == "declared"
        assert list(frame_with(ent, "型号编号", "申报状态")["申报状态"]) == ["已申报"]
        metrics = {m.label: (m.value, m.delta) for m in ent.metric}
        assert metrics[TRIAL] == ("已申报 1 / 5 典型电池包", "还差 4 个")
        assert "decl_declare" not in [b.key for b in ent.button]


class TestDeclarationViews:
    def test_the_file_carries_the_verification(self, db: Session, actors: dict) -> None:
        from workflow import create_declaration, start_verification, submit_declaration, verify_declaration

        ent, cert = actors["enterprise"], actors["certifier"]
        d = create_declaration(ent, db, product_id=pack_id(db), verification_body_id=body_id(db))
        assert dv.document(d)["verification"] is None
        submit_declaration(ent, db, declaration_id=d.id)
        start_verification(cert, db, declaration_id=d.id)
        d = verify_declaration(
            cert, db, declaration_id=d.id, report_number="VR-1", report_date=dt.date(2026, 3, 2)
        )
        data = json.loads(dv.declaration_file(d, body_name="示范碳足迹认证中心（演示）"))
        assert data["format"] == "pcf-cn-battery-declaration/1"
        assert data["verification"] == {
            "body": "示范碳足迹认证中心（演示）",
            "report_number": "VR-1",
            "date": "2026-03-02",
            "status": "verified",
        }
        assert data["total_kg_co2e_per_kwh"] == pytest.approx(d.total_kg_co2e_per_kwh)
        assert data["lifetime_energy_kwh"] == pytest.approx(60.48 * 60 * 8)
        assert dv.pack_name(d, "en") == f"LFP traction battery pack, 60.48 kWh ({PACK})"
        assert dv.notes(d, "en") == [
            "No Distribution process in the model: the stage is declared as 0.",
            "No Recycling process in the model: the stage is declared as 0.",
        ]

    @pytest.mark.parametrize(
        ("origin", "param", "zh"),
        [
            ("model", "service_years", "企业在模型中填写"),
            ("override", "service_years", "情景覆盖值"),
            ("rule", "application", "产品种类规则默认值 · 项目默认值"),
            (
                "rule table (N3)",
                "cycles_per_year",
                "产品种类规则默认值（按车辆类别 N3） · 规则参数未核实（假设值）",
            ),
            ("somewhere else", "cycles_per_year", "somewhere else"),
        ],
    )
    def test_origins_in_words(self, origin: str, param: str, zh: str) -> None:
        assert dv.origin_text(origin, param, "battery-pack", "zh") == zh


class TestRefusalSentences:
    @pytest.mark.parametrize(
        ("replacement", "zh", "en", "detail"),
        [
            (
                ("rated_energy: 60.48 kWh", "rated_energy: 2 kWh"),
                "该电池包的额定能量为 2 kWh，不在工信部动力电池碳足迹申报范围内："
                "申报只适用于额定能量大于 2 kWh 的动力电池。",
                "This pack's rated energy is 2 kWh: the MIIT declaration covers traction batteries above "
                "2 kWh only, so this pack is out of scope.",
                None,
            ),
            (
                ("service_years: 8", ""),
                "计算全生命周期总能量还缺少参数：product.battery.service_years。请在模型中填写，"
                "或直接给出 product.battery.lifetime_cycles。",
                "The lifetime energy still needs: product.battery.service_years. Fill them in the model, or "
                "give product.battery.lifetime_cycles.",
                "product.battery.service_years: the service life in years",
            ),
            (
                ("stage: raw_materials", "stage: use"),
                "该模型不能用于工信部申报：",
                "This model cannot be declared to MIIT:",
                "过程“磷酸铁锂正极材料（固相法，宜春）”属于“使用”阶段：申报不含该阶段，模型中不得有该阶段的过程。",
            ),
        ],
    )
    def test_a_pack_that_cannot_be_declared(
        self, db: Session, actors: dict, replacement: tuple[str, str], zh: str, en: str, detail: str | None
    ) -> None:
        from workflow import InvalidInput, create_declaration

        product_id = variant_pack(db, actors["enterprise"], "variant-pack", replacement)
        with pytest.raises(InvalidInput) as refused:
            create_declaration(actors["enterprise"], db, product_id=product_id)
        assert (describe(refused.value, "zh").text, describe(refused.value, "en").text) == (zh, en)
        details = describe(refused.value, "zh").details
        assert details[0].startswith(detail) if detail else details == []

    def test_submitting_without_a_body_and_an_illegal_step(self, db: Session, actors: dict) -> None:
        from workflow import (
            IllegalTransition,
            PreconditionFailed,
            create_declaration,
            declare,
            submit_declaration,
        )

        d = create_declaration(actors["enterprise"], db, product_id=pack_id(db))
        with pytest.raises(PreconditionFailed) as refused:
            submit_declaration(actors["enterprise"], db, declaration_id=d.id)
        assert describe(refused.value, "zh").text == "提交前请先选择第三方核查机构。"
        with pytest.raises(IllegalTransition) as illegal:
            declare(actors["enterprise"], db, declaration_id=d.id)
        assert describe(illegal.value, "zh").text == (
            "当前状态为“草稿”，不能正式申报。此时可以：重新计算申报, 指定认证机构, 提交。"
        )
        assert describe(illegal.value, "en").text == (
            "In state “Draft” you cannot declare. Possible now: revise the declaration, assign a "
            "certification body, submit."
        )
