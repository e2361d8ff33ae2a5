"""Enterprise page: calculate the example LFP cell, what-if, Monte Carlo, completeness, submit, create
a product from a rule, readable errors."""

from __future__ import annotations

import re

import pytest
import yaml
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from tests.app.conftest import AppFactory
from tests.app.helpers import frame_with, no_problems, texts
from workflow.tables import ModelVersion, Product, Submission

PAGE = "app_pages/products.py"
LFP_CELL = "lfp-cell-60kwh-pack"
LI2CO3 = "li2co3-lepidolite-yichun"
LFP_CELL_TOTAL = 76.794  # kg CO2e per kWh, the example's footprint on the bundled release 2026.2


def product_id(db: Session, code: str) -> int:
    return db.exec(select(Product.id).where(Product.code == code)).one()  # type: ignore[return-value]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def number(text: str) -> float:
    return float(re.search(r"-?[\d.]+", text.replace(",", "")).group(0))  # type: ignore[union-attr]


@pytest.fixture
def cell(app: AppFactory, db: Session) -> AppTest:
    """The products page of the demo enterprise with the example LFP cell picked."""
    at = app("enterprise", page=PAGE)
    at.selectbox(key="prod_pick").set_value(product_id(db, LFP_CELL)).run()
    no_problems(at)
    return at


class TestCalculate:
    def test_the_page_lists_the_demo_products(self, app: AppFactory) -> None:
        at = app("enterprise", page=PAGE)
        no_problems(at)
        assert at.header[0].value == "我的产品"
        assert len(at.selectbox(key="prod_pick").options) >= 6  # the demo enterprise's products

    def test_calculate_the_lfp_cell(self, cell: AppTest) -> None:
        assert number(metric(cell, "碳足迹")) == pytest.approx(LFP_CELL_TOTAL, abs=0.01)
        cell.button(key="prod_calculate").click().run()
        no_problems(cell)
        assert re.search(rf"计算完成：{LFP_CELL_TOTAL:.2f} kg CO2e / 1 kWh 额定能量", cell.success[0].value)
        shown = texts(cell)
        assert "按过程" in shown and "数据质量" in shown and "DQR" in shown

    def test_results_show_the_contributions(self, cell: AppTest) -> None:
        processes = frame_with(cell, "过程", "占比")
        assert processes["kg CO2e"].sum() == pytest.approx(LFP_CELL_TOTAL, abs=0.01)
        assert "人造石墨负极材料供应" in set(processes["过程"])
        factors = frame_with(cell, "因子代码", "出处")
        assert "elec.footprint.CN.2024" in set(factors["因子代码"])

    def test_english_results(self, app: AppFactory, db: Session) -> None:
        at = app("enterprise", lang="en", page=PAGE)
        at.selectbox(key="prod_pick").set_value(product_id(db, LFP_CELL)).run()
        no_problems(at)
        assert at.header[0].value == "My products"
        assert "per 1 kWh rated energy" in texts(at)
        assert [t.label for t in at.tabs][:3] == ["Results", "Inputs", "What-if"]

    def test_a_broken_model_text_is_refused_with_sentences(self, cell: AppTest, db: Session) -> None:
        editor = next(a for a in cell.text_area if (a.key or "").startswith("prod_yaml_"))
        editor.set_value((editor.value or "").replace("amount: 2268", "amount: lots"))
        cell.button(key="prod_save_yaml").click().run()
        assert not cell.exception
        message = cell.error[0].value
        assert message.startswith("模型有 1 处问题，未保存：")
        assert "过程“电芯制造（一个 60.48 kWh 电池包的电芯）”的第 11 项输入" in message and "数量" in message
        assert "processes." not in message and "inputs[" not in message
        assert "Traceback" not in message
        versions = db.exec(
            select(ModelVersion).where(ModelVersion.product_id == product_id(db, LFP_CELL))
        ).all()
        assert len(versions) == 1


class TestWhatIf:
    def test_green_electricity_lowers_the_footprint(self, cell: AppTest) -> None:
        assert cell.selectbox(key="prod_wi_old").value == "elec.footprint"
        assert cell.selectbox(key="prod_wi_new").value == "elec.footprint-pv.CN.2023"
        after = number(metric(cell, "替换后"))
        # 2268 kWh per 60.48 kWh of cells: the national life-cycle factor 2024 (0.5777) swapped for PV 2023
        # (0.0545); the electricity inside the background processes is not the model's input and stays
        assert after == pytest.approx(LFP_CELL_TOTAL - 2268 / 60.48 * (0.5777 - 0.0545), abs=0.02)
        cell.selectbox(key="prod_wi_new").set_value("elec.footprint.CN.2023").run()
        no_problems(cell)
        assert number(metric(cell, "替换后")) > after

    def test_the_what_if_does_not_save(self, cell: AppTest, db: Session) -> None:
        cell.selectbox(key="prod_wi_new").set_value("elec.footprint-wind.CN.2023").run()
        no_problems(cell)
        totals = db.exec(
            select(ModelVersion.total).where(ModelVersion.product_id == product_id(db, LFP_CELL))
        ).all()
        assert totals == [pytest.approx(LFP_CELL_TOTAL, abs=0.01)]


class TestUncertaintyAndChecks:
    def test_monte_carlo_shows_the_band(self, cell: AppTest) -> None:
        assert "尚未运行不确定性分析。" in texts(cell)
        cell.number_input(key="prod_mc_n").set_value(500)
        cell.button(key="prod_mc_run").click().run()
        no_problems(cell)
        assert cell.status[0].label == "已完成 500 次模拟"
        low, high = (float(x) for x in metric(cell, "95% 区间（kg CO2e）").split(" – "))
        assert low < LFP_CELL_TOTAL < high
        assert "500 次迭代，随机种子 42" in texts(cell)

    def test_completeness_findings_of_the_rule(self, cell: AppTest) -> None:
        shown = texts(cell)
        # the two declared gaps below 1 % of the cell mass and the Peiseler range (lfp-cell.yaml, README),
        # and a data-quality rating that covers less than the rule's minimum share (data_quality_coverage)
        assert "错误 0 · 警告 4" in shown
        assert "数据缺口：正极导电剂" in shown


class TestCertification:
    def test_submit_the_lithium_carbonate(self, app: AppFactory, db: Session) -> None:
        at = app("enterprise", page=PAGE)  # the demo seed certifies the cells and the cathode, not this one
        at.selectbox(key="prod_pick").set_value(product_id(db, LI2CO3)).run()
        assert at.selectbox(key="prod_body").options == ["示范碳足迹认证中心（演示）"]
        at.button(key="prod_submit").click().run()
        no_problems(at)
        assert at.success[0].value.startswith("已提交认证申请 #")
        assert "已提交，等待认证机构受理。" in texts(at)
        sub = db.exec(select(Submission).where(Submission.product_id == product_id(db, LI2CO3))).one()
        assert (sub.state, sub.round) == ("submitted", 1)
        assert "提交认证" not in [b.label for b in at.button]

    def test_a_certified_version_is_not_submitted_again(self, cell: AppTest) -> None:
        no_problems(cell)  # the demo seed certifies the LFP cell's first version
        assert "已获证书" in texts(cell)
        assert not [b for b in cell.button if b.key == "prod_submit"]


class TestNewProduct:
    def test_create_a_cell_from_the_battery_cell_rule(self, app: AppFactory, db: Session) -> None:
        at = app("enterprise", page=PAGE)
        at.radio(key="prod_new_source").set_value("example").run()
        at.selectbox(key="prod_new_rule").set_value("battery-cell").run()
        assert at.selectbox(key="prod_new_example").options == ["lfp-cell", "ncm811-cell"]
        at.selectbox(key="prod_new_example").set_value(_example("lfp-cell"))
        at.text_input(key="prod_new_code").set_value("cell-280ah")
        at.text_input(key="prod_new_name_zh").set_value("280Ah 电芯")
        at.button(key="prod_new_create").click().run()
        no_problems(at)
        assert at.success[0].value == "产品 cell-280ah 已建立并完成计算。"
        made = db.exec(select(Product).where(Product.code == "cell-280ah")).one()
        assert (made.name_zh, made.category) == ("280Ah 电芯", "battery.cell")
        assert at.selectbox(key="prod_pick").value == made.id
        assert number(metric(at, "碳足迹")) == pytest.approx(LFP_CELL_TOTAL, abs=0.01)

    @pytest.mark.parametrize(
        ("code", "name", "message"),
        [
            ("bad code!", "电芯", "模型有 1 处问题，未保存："),
            ("lfp-cell-60kwh-pack", "电芯", "名称或编号已被占用："),
            ("cell-x", "", "输入有误："),
        ],
    )
    def test_bad_product_data_is_a_sentence(
        self, app: AppFactory, code: str, name: str, message: str
    ) -> None:
        at = app("enterprise", page=PAGE)
        at.radio(key="prod_new_source").set_value("example").run()
        at.selectbox(key="prod_new_example").set_value(_example("lfp-cell"))
        at.text_input(key="prod_new_code").set_value(code)
        at.text_input(key="prod_new_name_zh").set_value(name)
        at.button(key="prod_new_create").click().run()
        assert not at.exception
        assert at.error[0].value.startswith(message)

    def test_the_excel_template_round_trip(self, app: AppFactory, db: Session, tmp_path) -> None:
        from footprint import load_model
        from products import example_path, get_rule, write_workbook

        path = write_workbook(
            load_model(example_path("lfp-cell")), tmp_path / "cell.xlsx", rule=get_rule("battery-cell")
        )
        at = app("enterprise", page=PAGE)
        at.radio(key="prod_new_source").set_value("excel").run()
        assert at.get("download_button")  # the rule's template is offered
        at.file_uploader(key="prod_new_upload").upload(
            "cell.xlsx", path.read_bytes(), "application/vnd.ms-excel"
        ).run()
        at.text_input(key="prod_new_code").set_value("cell-from-excel")
        at.text_input(key="prod_new_name_zh").set_value("Excel 电芯")
        at.button(key="prod_new_create").click().run()
        no_problems(at)
        assert (
            db.exec(select(Product).where(Product.code == "cell-from-excel")).one().category == "battery.cell"
        )
        assert number(metric(at, "碳足迹")) == pytest.approx(LFP_CELL_TOTAL, abs=0.01)


class TestEditor:
    """A product built from its rule in the editor, without YAML."""

    def test_build_a_cell_from_the_rule_and_save_it(self, app: AppFactory, db: Session) -> None:
        from footprint import parse_model
        from products import Severity, check, get_rule

        at = app("enterprise", page=PAGE)
        at.selectbox(key="prod_new_rule").set_value("battery-cell").run()
        assert at.radio(key="prod_new_source").value == "editor"
        at.text_input(key="prod_new_code").set_value("cell-editor")
        at.text_input(key="prod_new_name_zh").set_value("编辑器电芯")
        at.button(key="prod_new_create").click().run()
        no_problems(at)
        pid = product_id(db, "cell-editor")
        k = f"prod_ed_{pid}_1"
        assert "电芯制造" in texts(at) and "负极活性材料（石墨）供应" in texts(at)
        assert "processes." not in texts(at) and "YAML" not in at.button(key=f"{k}_save").label
        cards = [c.value for c in at.caption if "出处：" in c.value]
        assert any("kg CO2e / kWh" in c for c in cards)  # a factor's value is read with its intensity unit
        assert all(" kg CO2" in c.split(" · ")[0] for c in cards)
        at.number_input(key=f"{k}_pfa").set_value(4.0)
        at.text_input(key=f"{k}_ber").set_value("0.25 kWh")
        at.number_input(key=f"{k}_cell_assembly_in1_a").set_value(0.2)  # anode, from its supply
        at.text_input(key=f"{k}_cell_assembly_in1_s").set_value("BOM 2026-01 line 2")
        at.number_input(key=f"{k}_cell_assembly_in7_a").set_value(10.0)  # electricity, kWh
        at.selectbox(key=f"{k}_cell_assembly_in7_u").set_value("MJ")  # units: compatible ones only
        at.text_input(key=f"{k}_cell_assembly_in7_s").set_value("meter 2025").run()
        assert "kg" not in at.selectbox(key=f"{k}_cell_assembly_in7_u").options
        at.button(key=f"{k}_save").click().run()
        no_problems(at)
        assert at.success[0].value.startswith("已保存为第 1 版")
        stored = db.exec(select(ModelVersion).where(ModelVersion.product_id == pid)).one()
        model = parse_model(yaml.safe_load(stored.yaml_text))
        assert {p: str(m.stage.value) for p, m in model.processes.items()} == {
            "anode_active_material_supply": "raw_materials",
            "cell_assembly": "production",
        }
        found = check(model, get_rule("battery-cell"))
        assert "missing_stage" not in {f.code for f in found if f.severity is Severity.ERROR}

    def test_submitting_shows_the_rules_errors_with_a_justification_each(
        self, app: AppFactory, db: Session
    ) -> None:
        at = app("enterprise", page=PAGE)
        at.text_input(key="prod_new_code").set_value("cell-no-energy")
        at.text_input(key="prod_new_name_zh").set_value("未给额定能量的电芯")
        at.button(key="prod_new_create").click().run()
        k = f"prod_ed_{product_id(db, 'cell-no-energy')}_1"
        at.number_input(key=f"{k}_pfa").set_value(4.0)
        at.number_input(key=f"{k}_cell_assembly_in7_a").set_value(10.0)
        at.text_input(key=f"{k}_cell_assembly_in7_s").set_value("meter 2025").run()
        at.button(key=f"{k}_save").click().run()
        assert not at.exception
        shown = "\n".join(e.value for e in at.error)
        assert "产品种类规则检查发现 2 项错误" in shown  # no rated energy, no raw-material stage
        boxes = [a for a in at.text_area if (a.key or "").startswith("prod_just_")]
        assert len(boxes) == 2 and {b.label for b in boxes} == {"理由说明（可选）"}
        assert "inputs" not in texts(at)

    def test_a_problem_is_named_in_words_and_saving_waits(self, app: AppFactory, db: Session) -> None:
        at = app("enterprise", page=PAGE)
        at.text_input(key="prod_new_code").set_value("cell-editor-2")
        at.text_input(key="prod_new_name_zh").set_value("电芯二")
        at.button(key="prod_new_create").click().run()
        k = f"prod_ed_{product_id(db, 'cell-editor-2')}_1"
        at.number_input(key=f"{k}_pfa").set_value(4.0)
        at.number_input(key=f"{k}_cell_assembly_in0_a").set_value(0.4).run()  # cathode: no factor yet
        shown = "\n".join(w.value for w in at.warning)
        assert "过程“正极活性材料（LFP / NCM）供应”的第 1 项输入" in shown
        assert "processes." not in shown and "inputs[" not in shown
        assert at.button(key=f"{k}_save").disabled


def _example(stem: str):
    from products import example_path

    return example_path(stem)


class TestDeclarations:
    def test_every_declaration_of_the_one_inventory_in_one_place(self, app: AppFactory, db: Session) -> None:
        from footprint.exchange.registry import formats

        at = app("enterprise", page=PAGE)
        at.selectbox(key="prod_pick").set_value(product_id(db, "lfp-pack-60kwh")).run()
        at.button(key="prod_dc_make").click().run()
        assert not at.exception
        made = next(
            at.session_state[k]
            for k in at.session_state
            if str(k).startswith("prod_dc_") and isinstance(at.session_state[k], list)
        )
        assert [m["name"] for m in made] == list(formats())  # carbon label formats, MIIT, EU battery, PACT
        miit = next(m for m in made if m["name"] == "cn-battery")
        assert miit["data"] is not None
        for refused in [m for m in made if m["data"] is None]:  # what is missing, named in words
            assert "processes." not in refused["refused"] and "Error" not in refused["refused"]


class TestWorkflowAdapters:
    """The page's adapters call the workflow's own functions: `check_version` before submitting, the
    justifications into `submit`'s gate, `certified_record` for the label."""

    def _wrong_gwp(self, db: Session, actors: dict) -> int:
        """A new version of the demo cell on AR5, a GWP set the battery-cell rule does not allow."""
        from workflow import save_model_version

        pid = product_id(db, LFP_CELL)
        latest = db.exec(
            select(ModelVersion).where(ModelVersion.product_id == pid).order_by(ModelVersion.number.desc())  # type: ignore[attr-defined]
        ).first()
        data = yaml.safe_load(latest.yaml_text)  # type: ignore[union-attr]
        data["product"]["gwp"] = "AR5"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        return save_model_version(actors["enterprise"], db, product_id=pid, yaml_text=text).id

    def test_submit_is_refused_while_a_rule_error_is_open_then_justified(
        self, app: AppFactory, db: Session, actors: dict
    ) -> None:
        from webapp import flows
        from workflow.tables import Finding

        version_id = self._wrong_gwp(db, actors)
        found = flows.rule_check(actors["enterprise"], version=db.get(ModelVersion, version_id))
        errs = [c for c in found if c["severity"] == "error"]
        assert "gwp_set" in {c["code"] for c in errs}  # the store's check of the published rule
        n = len(errs)
        at = app("enterprise", page=PAGE)
        at.selectbox(key="prod_pick").set_value(product_id(db, LFP_CELL)).run()
        assert any(e.value.startswith(f"产品种类规则检查发现 {n} 项错误：") for e in at.error), [
            e.value for e in at.error
        ]
        at.button(key="prod_submit").click().run()
        assert not at.exception
        refused = [e.value for e in at.error]
        assert any(x.startswith(f"产品种类规则检查发现 {n} 项错误，尚未修正或说明理由") for x in refused), (
            refused
        )
        open_subs = db.exec(
            select(Submission).where(
                Submission.product_id == product_id(db, LFP_CELL), Submission.state != "certified"
            )
        ).all()
        assert all(s.state == "draft" for s in open_subs)  # nothing went to the certifier
        for c in errs:
            at.text_area(key=f"prod_just_{c['key']}").set_value("客户合同要求 AR5，另附 AR6 对照结果。")
        at.button(key="prod_submit").click().run()
        assert not at.exception
        assert at.success[0].value.startswith("已提交认证申请 #")
        db.expire_all()
        sub = db.exec(select(Submission).where(Submission.model_version_id == version_id)).one()
        assert sub.state == "submitted"
        justified = db.exec(select(Finding).where(Finding.submission_id == sub.id)).all()
        assert sorted(f.rule_key for f in justified) == sorted(c["key"] for c in errs)
        assert {(f.source, f.answer) for f in justified} == {
            ("rule", "客户合同要求 AR5，另附 AR6 对照结果。")
        }

    def test_the_label_names_come_from_the_certified_record(
        self, app: AppFactory, db: Session, actors: dict
    ) -> None:
        from webapp import flows
        from workflow import certified_record
        from workflow.tables import Certificate

        cert = db.exec(select(Certificate).where(Certificate.product_id == product_id(db, LFP_CELL))).first()
        product = db.get(Product, product_id(db, LFP_CELL))
        names = flows.certified_names(actors["enterprise"], number=cert.number, product=product)  # type: ignore[union-attr]
        rec = certified_record(actors["enterprise"], db, number=cert.number)  # type: ignore[union-attr]
        assert names["producer_zh"] == rec.producer_zh == "宜春示范锂电科技有限公司（演示）"
        assert names["verify_url"] == f"https://pcf.example.test/verify?number={cert.number}"  # type: ignore[union-attr]
