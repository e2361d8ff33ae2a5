"""The app's helpers without Streamlit: input table edits, version diffs, what-if choices, charts, error
sentences and the translation table."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from webapp import charts, diffs, whatif
from webapp.errors import describe
from webapp.model_table import (
    apply_editor_state,
    apply_input_rows,
    input_rows,
    model_paths,
    to_yaml,
    with_identity,
)
from webapp.text import TEXT

ROOT = Path(__file__).resolve().parents[2]

# A toy model: one cell made from 2 kg of material and 10 kWh of grid electricity.
#
#   process   stage          inputs
#   --------  -------------  ---------------------------------------------
#   material  raw_materials  1 kg  toy.material
#   cell      production     2 kg  material (process), 10 kWh  elec.grid
TOY = {
    "format": "pcf-model/1",
    "product": {"id": "toy", "name": {"zh": "玩具", "en": "toy"}, "category": "battery.cell"},
    "processes": {
        "material": {
            "name": {"zh": "材料", "en": "material"},
            "stage": "raw_materials",
            "inputs": [{"factor": "toy.material", "amount": 1, "unit": "kg", "source": "invoice"}],
        },
        "cell": {
            "name": "电芯",
            "stage": "production",
            "inputs": [
                {"process": "material", "amount": 2, "unit": "kg"},
                {"factor": "elec.grid", "amount": 10, "unit": "kWh"},
            ],
        },
    },
}

# A result of the toy: material 10 (2 kg × 5), electricity 5 (10 kWh × 0.5), total 15 kg CO2e.
RESULT = {
    "total": 15.0,
    "functional_unit": "1 piece",
    "by_stage": {"production": 5.0, "raw_materials": 10.0},
    "by_factor": {"toy.material": 10.0, "elec.grid": 5.0},
    "processes": [
        {
            "id": "material",
            "name": {"zh": "材料", "en": "material"},
            "stage": "raw_materials",
            "direct": 0.0,
            "inputs": {"toy.material": 10.0},
            "total": 10.0,
        },
        {
            "id": "cell",
            "name": {"zh": "电芯", "en": "cell"},
            "stage": "production",
            "direct": 0.0,
            "inputs": {"elec.grid": 5.0},
            "total": 5.0,
        },
    ],
    "factors": [
        {"ref": "toy.material", "name": {"zh": "玩具材料", "en": "toy material"}, "category": "material"},
        {"ref": "elec.grid", "name": {"zh": "电网电力", "en": "grid"}, "category": "electricity"},
    ],
    "tree": {
        "process": "cell",
        "name": {"zh": "电芯", "en": "cell"},
        "stage": "production",
        "total": 15.0,
        "children": [
            {
                "process": "material",
                "name": {"zh": "材料", "en": "material"},
                "stage": "raw_materials",
                "total": 10.0,
                "children": [],
            }
        ],
        "cut_off": 0.25,
    },
}


class TestInputTable:
    def test_rows_locate_every_input(self) -> None:
        rows = input_rows(TOY)
        assert [(r["path"], r["kind"], r["ref"], r["amount"]) for r in rows] == [
            ("processes.material.inputs[0]", "factor", "toy.material", 1),
            ("processes.cell.inputs[0]", "process", "material", 2),
            ("processes.cell.inputs[1]", "factor", "elec.grid", 10),
        ]
        assert rows[1]["process_name"] == {"zh": "电芯", "en": "电芯"}  # a plain-text name

    def test_editor_edits_and_write_back(self) -> None:
        rows = input_rows(TOY)
        edited = apply_editor_state(
            rows,
            {
                "edited_rows": {
                    "2": {"amount": 8.0, "ref": "elec.footprint-pv.CN.2023"},
                    "1": {"ref": "other", "unit": "t"},
                }
            },
        )
        new = apply_input_rows(TOY, edited)
        cell = new["processes"]["cell"]["inputs"]
        assert cell[1] == {"factor": "elec.footprint-pv.CN.2023", "amount": 8, "unit": "kWh"}
        assert cell[0] == {"process": "material", "amount": 2, "unit": "kg"}  # a process input keeps its ref
        assert TOY["processes"]["cell"]["inputs"][1]["amount"] == 10  # the original is untouched

    @pytest.mark.parametrize(("typed", "stored"), [("2.5", 2.5), (3.0, 3), ("lots", "lots"), (None, None)])
    def test_amounts_as_typed(self, typed: object, stored: object) -> None:
        rows = apply_editor_state(input_rows(TOY), {"edited_rows": {0: {"amount": typed}}})
        assert apply_input_rows(TOY, rows)["processes"]["material"]["inputs"][0]["amount"] == stored

    def test_a_row_of_another_model_is_refused(self) -> None:
        with pytest.raises(KeyError, match=r"processes.cell.inputs\[7\]"):
            apply_input_rows(TOY, [{"process": "cell", "index": 7, "kind": "factor", "amount": 1}])

    def test_identity_yaml_and_paths(self) -> None:
        new = with_identity(TOY, code=" my-cell ", name_zh="我的电芯")
        assert new["product"]["id"] == "my-cell" and new["product"]["name"] == {
            "zh": "我的电芯",
            "en": "我的电芯",
        }
        assert yaml.safe_load(to_yaml(new)) == new and "我的电芯" in to_yaml(new)
        assert "processes.cell.inputs[1]" in model_paths(TOY) and "product.id" in model_paths(TOY)


class TestDiffs:
    def test_input_changes(self) -> None:
        b = apply_input_rows(TOY, apply_editor_state(input_rows(TOY), {"edited_rows": {2: {"amount": 12}}}))
        assert diffs.input_changes(TOY, b) == [
            {
                "process": "cell",
                "ref": "elec.grid",
                "change": "~",
                "amount_a": 10,
                "amount_b": 12,
                "unit_a": "kWh",
                "unit_b": "kWh",
            }
        ]
        assert diffs.input_changes(TOY, TOY) == []

    def test_stage_changes_in_life_cycle_order(self) -> None:
        after = {**RESULT, "total": 12.0, "by_stage": {"raw_materials": 10.0, "production": 2.0}}
        assert diffs.stage_changes(RESULT, after) == [
            {"stage": "raw_materials", "a": 10.0, "b": 10.0, "delta": 0.0},
            {"stage": "production", "a": 5.0, "b": 2.0, "delta": -3.0},
            {"stage": "total", "a": 15.0, "b": 12.0, "delta": -3.0},
        ]

    def test_text_diff(self) -> None:
        assert diffs.text_diff("a\nb\n", "a\nb\n") == ""
        assert "-b\n+c" in diffs.text_diff("a\nb\n", "a\nc\n")


class TestWhatIf:
    def test_swappable_and_alternatives(self) -> None:
        assert whatif.swappable_refs(RESULT) == ["elec.grid"]
        codes = [
            "elec.grid.CN-JX.2023",
            "elec.footprint.CN.2023",
            "elec.footprint-wind.CN.2023",
            "elec.a",
            "elec.footprint-pv.CN.2023",
        ]
        assert whatif.alternatives(codes, "elec.grid.CN-JX.2023") == [
            "elec.footprint-pv.CN.2023",
            "elec.footprint-wind.CN.2023",
            "elec.footprint.CN.2023",
            "elec.a",
        ]

    def test_comparison(self) -> None:
        assert whatif.comparison({"total": 15.0}, {"total": 12.0}) == {
            "before": 15.0,
            "after": 12.0,
            "delta": -3.0,
            "relative": pytest.approx(-0.2),
        }
        assert whatif.comparison({"total": 0.0}, {"total": 1.0})["relative"] is None


class TestCharts:
    def test_waterfall_ends_at_the_total(self) -> None:
        trace = charts.stage_waterfall(RESULT, "zh").data[0]
        assert list(trace.x) == ["原材料获取", "生产制造", "合计"]
        assert list(trace.y) == [10.0, 5.0, 15.0]
        assert list(trace.measure) == ["relative", "relative", "total"]

    def test_sunburst_sums_by_branch(self) -> None:
        trace = charts.contribution_sunburst(RESULT, "en").data[0]
        values = dict(zip(trace.ids, trace.values, strict=True))
        assert values["raw_materials"] == 10.0 and values["production/cell"] == 5.0
        assert values["production/cell/grid"] == 5.0
        assert trace.branchvalues == "total"

    def test_sankey_flows_into_the_functional_unit(self) -> None:
        trace = charts.product_sankey(RESULT, "zh").data[0]
        labels = list(trace.node.label)
        flows = {
            (labels[s].split(":")[0], labels[t].split(":")[0]): v
            for s, t, v in zip(trace.link.source, trace.link.target, trace.link.value, strict=True)
        }
        assert flows == {("材料", "电芯"): 10.0, ("小于 1% 的分支", "电芯"): 0.25}
        assert labels[0] == "电芯: 15"

    def test_band_and_before_after(self) -> None:
        fig = charts.uncertainty_band({"p2_5": 13.0, "p97_5": 17.0, "mean": 15.2}, 15.0, "en")
        assert [list(t.x) for t in fig.data] == [[13.0, 17.0], [15.2], [15.0]]
        after = {**RESULT, "total": 12.0, "by_stage": {"raw_materials": 10.0, "production": 2.0}}
        bars = charts.before_after(RESULT, after, "zh").data
        assert [list(b.y) for b in bars] == [[10.0, 5.0, 15.0], [10.0, 2.0, 12.0]]


class TestErrors:
    def test_workflow_errors(self) -> None:
        from workflow import AuthenticationFailed, IllegalTransition, InvalidModel, NotFound

        assert describe(AuthenticationFailed(), "zh").text == "用户名或密码错误。"
        assert describe(AuthenticationFailed(), "en").text == "Wrong username or password."
        assert describe(NotFound("submission", 7), "en").level == "warning"
        illegal = IllegalTransition(
            "submission", "submission 1", "approved", "approve", ["issue_certificate"]
        )
        assert describe(illegal, "zh").text == "当前状态为“已批准”，不能批准。此时可以：颁发证书。"
        assert (
            describe(illegal, "en").text
            == "In state “Approved” you cannot approve. Possible now: issue the certificate."
        )
        bad = describe(InvalidModel("model", ["a: x", "b: y"]), "zh")
        assert (bad.text, bad.details) == ("模型有 2 处问题，未保存：", ["a: x", "b: y"])

    def test_package_errors(self) -> None:
        from factors.errors import FactorNotFound, ImportValidationError, RowError
        from footprint.errors import Issue, ModelError

        assert (
            describe(FactorNotFound("x.y", "2026.1", ["x.z"]), "en").text
            == "Factor x.y is not in release 2026.1."
        )
        rows = ImportValidationError([RowError("f.csv", 2, "unit", "empty")])
        assert describe(rows, "zh").details == ["f.csv row 2, column 'unit': empty"]
        assert describe(ModelError("m", [Issue("p", "bad")]), "en").details == ["p: bad"]

    def test_an_unexpected_error_names_neither_its_type_nor_its_detail(self) -> None:
        message = describe(ZeroDivisionError("secret detail"), "zh")
        assert message.unexpected and "ZeroDivisionError" not in message.text and "secret" not in message.text
        assert "服务器日志" in message.text


class TestTranslationTable:
    def test_both_languages_with_the_same_placeholders(self) -> None:
        fields = string.Formatter()
        for key, (zh, en) in TEXT.items():
            assert zh and en, key
            assert {f for _, f, _, _ in fields.parse(zh) if f} == {
                f for _, f, _, _ in fields.parse(en) if f
            }, key

    def test_every_key_used_is_in_the_table(self) -> None:
        files = [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "webapp").glob("*.py")]
        used = {
            m.group(2)
            for f in files
            for m in re.finditer(
                r"""\b(?:t|tr|say)\(\s*(['"])([a-z_]+\.[a-z0-9_.]+)\1""", f.read_text(encoding="utf-8")
            )
        }
        assert used and not used - TEXT.keys()

    def test_vocabulary_labels_are_their_one_definition(self) -> None:
        from factors.vocab import GWP_LABELS, PEDIGREE_LABELS
        from footprint.pedigree import DQR_INDICATOR_LABELS, DQR_LEVEL_LABELS
        from footprint.vocab import STAGE_LABELS, Stage
        from products.finding_codes import SEVERITY_LABELS
        from products.findings import Severity

        assert [TEXT[f"stage.{s.value}"] for s in Stage] == [STAGE_LABELS[s] for s in Stage]
        assert TEXT["stage.end_of_life"] == ("废弃回收", "End of life")
        assert {k: TEXT[f"dq.{k.replace(' ', '_')}"] for k in DQR_LEVEL_LABELS} == DQR_LEVEL_LABELS
        assert {k: TEXT[f"dq.ind.{k}"] for k in DQR_INDICATOR_LABELS} == DQR_INDICATOR_LABELS
        assert TEXT["dq.ind.TeR"] == PEDIGREE_LABELS["technological"]
        assert [TEXT[f"check.{s.value}"][0] for s in Severity] == [SEVERITY_LABELS[s][0] for s in Severity]
        from webapp.texts import vocab

        generated = set(vocab.TEXT)
        vocabularies = [*STAGE_LABELS.values(), *DQR_INDICATOR_LABELS.values(), *GWP_LABELS.values()]
        vocabularies += [*PEDIGREE_LABELS.values(), *DQR_LEVEL_LABELS.values()]
        relisted = {k: v for k, v in TEXT.items() if v in vocabularies and k not in generated}
        assert relisted == {}, "read these labels from their vocabulary (webapp/texts/vocab.py)"

    def test_every_state_role_and_severity_has_a_name(self) -> None:
        from workflow import (
            DECLARATION,
            CertificateStatus,
            OrgKind,
            PcrStatus,
            ReviewSeverity,
            Role,
            SubmissionAction,
            SubmissionState,
        )

        keys = (
            {f"state.{s.value}" for e in (SubmissionState, CertificateStatus, PcrStatus) for s in e}
            | {f"role.{r.value}" for r in Role}
            | {f"org.{k.value}" for k in OrgKind}
            | {f"severity.{s.value}" for s in ReviewSeverity}
            | {f"action.{a.value}" for a in SubmissionAction}
            | {f"state.{s}" for s in DECLARATION.states}
            | {f"action.{a}" for a in DECLARATION.actions}
        )
        assert not keys - TEXT.keys()


class TestShownErrors:
    def test_attempt_shows_a_sentence_and_goes_on(self) -> None:
        from streamlit.testing.v1 import AppTest

        def page() -> None:
            import streamlit as st

            from webapp.errors import attempt

            st.session_state["app_lang"] = "en"
            assert attempt(lambda: 1 / 0) is None
            st.write("still here")

        at = AppTest.from_function(page).run()
        assert not at.exception
        assert at.error[0].value == (
            "An unexpected error occurred and was logged on the server; try again later or contact the "
            "platform admin."
        )
        assert at.markdown[0].value == "still here"


class TestEditorModel:
    """The editor's draft operations (webapp.editor): a rule's structure to fill, nothing left silently."""

    def test_the_skeleton_lays_out_the_rule_with_materials_from_supply_processes(self) -> None:
        from products import get_rule
        from webapp.editor import skeleton

        rule = get_rule("battery-cell")
        draft = skeleton(rule, code="c1", name_zh="电芯")
        procs = draft["processes"]
        assert procs["cell_assembly"]["stage"] == "production"
        anode = next(i for i in procs["cell_assembly"]["inputs"] if i["role"] == "anode_active_material")
        assert (anode["process"], anode["amount"]) == ("anode_active_material_supply", None)
        supply = procs["anode_active_material_supply"]
        assert supply["stage"] == "raw_materials"
        assert supply["inputs"][0]["factor"] == "graphite.synthetic.ecoinvent-model"
        electricity = next(i for i in procs["cell_assembly"]["inputs"] if i["role"] == "electricity")
        rule_default = next(
            i.default_factor
            for p in rule.processes
            if p.role == "cell_assembly"
            for i in p.inputs
            if i.role == "electricity"
        )
        assert rule_default.startswith("elec.")  # the rule's own default (life-cycle electricity)
        assert electricity["factor"] == rule_default  # energy stays in production
        assert draft["product"]["reference_flow"] == {
            "process": "cell_assembly",
            "amount": None,
            "unit": "piece",
        }

    def test_saving_leaves_out_unfilled_inputs_and_unused_supplies_and_says_which(self) -> None:
        from products import get_rule
        from webapp.editor import for_saving, skeleton

        draft = skeleton(get_rule("battery-cell"), code="c1", name_zh="电芯")
        inputs = draft["processes"]["cell_assembly"]["inputs"]
        next(i for i in inputs if i["role"] == "anode_active_material")["amount"] = 0.2
        saving = for_saving(draft)
        kept = saving.data["processes"]
        assert sorted(kept) == ["anode_active_material_supply", "cell_assembly"]
        assert [i["role"] for i in kept["cell_assembly"]["inputs"]] == ["anode_active_material"]
        assert len(saving.unfilled) == len(inputs) - 1
        assert "cathode_active_material_supply" in saving.unused
        assert draft["processes"]["cell_assembly"]["inputs"] == inputs  # the draft itself is unchanged

    def test_add_and_remove(self) -> None:
        from products import get_rule
        from webapp.editor import add_input, add_process, remove_process, skeleton

        draft = skeleton(get_rule("battery-cell"), code="c1", name_zh="电芯")
        assert add_process(draft, pid="bad id!", name_zh="x", stage="raw_materials") == "ed.err_id"
        assert add_process(draft, pid="cell_assembly", name_zh="x", stage="production") == "ed.err_id_taken"
        assert add_process(draft, pid="cu_supply", name_zh="铜箔供应", stage="raw_materials") == ""
        add_input(draft, "cu_supply", kind="factor", ref="copper.cathode", amount=1, unit="kg")
        add_input(draft, "cell_assembly", kind="process", ref="cu_supply", amount=0.05, unit="kg")
        add_input(
            draft,
            "cell_assembly",
            kind="gap",
            name_zh="电解液",
            amount=0.15,
            unit="kg",
            reason="no public factor",
        )
        assert draft["processes"]["cell_assembly"]["x-gaps"][0]["reason"] == "no public factor"
        dropped = remove_process(draft, "cu_supply")
        assert dropped == [("cell_assembly", len(draft["processes"]["cell_assembly"]["inputs"]))]
        assert all(i.get("process") != "cu_supply" for i in draft["processes"]["cell_assembly"]["inputs"])

    @pytest.mark.parametrize(
        ("unit", "expected", "not_expected"),
        [
            ("kg", {"kg", "g", "t"}, {"kWh", "piece"}),
            ("kWh", {"kWh", "MWh", "MJ", "GJ"}, {"kg"}),
            ("m^2", {"m^2"}, {"kg", "m^3"}),
        ],
    )
    def test_units_offered_are_the_compatible_ones(
        self, unit: str, expected: set[str], not_expected: set[str]
    ) -> None:
        from webapp.editor import compatible_units

        offered = compatible_units(unit)
        assert offered[0] == unit and expected <= set(offered) and not (not_expected & set(offered))


class TestModelWords:
    """Model problems name processes, inputs and fields in words, never model paths or exception names."""

    DATA: ClassVar[dict[str, Any]] = {
        "processes": {
            "cell_assembly": {
                "name": {"zh": "电芯制造", "en": "Cell manufacturing"},
                "inputs": [
                    {"factor": "elec.grid"},
                    {"process": "graphite_supply", "name": {"zh": "石墨", "en": "Graphite"}},
                ],
            }
        }
    }

    @pytest.mark.parametrize(
        ("unit", "language", "expected"),
        [
            ("度", "zh", "无法识别的单位 '度'：请改写为 千瓦时 或 kWh"),
            ("度", "en", "unknown unit '度': write 千瓦时 or kWh"),
            ("斤", "zh", "无法识别的单位 '斤'：请改写为 千克 或 kg"),
        ],
    )
    def test_a_chinese_unit_name_left_out_says_what_to_write(
        self, unit: str, language: str, expected: str
    ) -> None:
        from factors.units import UnitError, parse_unit
        from webapp.model_words import issue_text

        with pytest.raises(UnitError) as caught:
            parse_unit(unit)
        assert issue_text(
            f"processes.cell_assembly.inputs[0].unit: {caught.value}", self.DATA, language
        ).endswith(expected)

    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            (
                "zh",
                "产品信息“地理位置”：YAML 把未加引号的 yes、no、on、off、true、false（包括国家代码 NO）读作真/假值",
            ),
            ("en", "product data 'geography': YAML reads an unquoted yes, no, on, off, true or false"),
        ],
    )
    def test_a_text_read_as_true_or_false_says_why(self, language: str, expected: str) -> None:
        from footprint import ModelError, parse_model
        from tests.footprint.toys import gas, model, process
        from webapp.model_words import issue_text

        data = model({"a": process(emissions=[gas("CO2", 1)])})
        data["product"]["geography"] = False  # `geography: NO` as YAML reads it
        with pytest.raises(ModelError) as caught:
            parse_model(data)
        (issue,) = caught.value.issues
        assert issue_text(str(issue), data, language).startswith(expected)

    @pytest.mark.parametrize(
        ("issue", "language", "expected"),
        [
            (
                "processes.cell_assembly.inputs[1].amount: expected a number, got 'abc'",
                "zh",
                "过程“电芯制造”的第 2 项输入“石墨”的数量：应为数字，现为 'abc'",
            ),
            (
                "processes.cell_assembly.inputs[1].amount: expected a number, got 'abc'",
                "en",
                "process 'Cell manufacturing', input 2 'Graphite': amount: expected a number, got 'abc'",
            ),
            ("product.reference_flow.amount: required", "zh", "产品信息“参考流·数量”：必填，不能为空"),
            (
                "processes.cell_assembly.inputs[0].factor: unknown factor 'elec.grd' (near: elec.grid)",
                "zh",
                "过程“电芯制造”的第 1 项输入“elec.grid”的排放因子：因子库中没有排放因子 'elec.grd'",
            ),
        ],
    )
    def test_issue_in_words(self, issue: str, language: str, expected: str) -> None:
        from webapp.model_words import issue_text

        assert issue_text(issue, self.DATA, language) == expected

    def test_a_workbook_cell_in_chinese_without_paths_or_exception_names(self) -> None:
        from products.errors import CellIssue
        from webapp.model_words import cell_text

        cell = CellIssue(
            "生产制造 production",
            5,
            "J",
            "amount",
            "expected a number, got 'abc' (processes.cell.inputs[0].amount)",
        )
        assert (
            cell_text(cell, "zh") == "工作表“生产制造 production”第 5 行 J 列（数量）：应为数字，现为 'abc'"
        )
        text = cell_text(CellIssue("", None, "", "", "not an .xlsx workbook (BadZipFile)"), "zh")
        assert "BadZipFile" not in text and "Excel" in text


class TestProgressSaysItFinished:
    def test_batch_recompute_ends_with_done(self, app: Any) -> None:
        at = app("certifier", page="app_pages/review.py")
        at.button(key="rev_recompute").click().run()
        assert not at.exception
        bar = at.get("progress")[-1]
        assert bar.proto.value == 100 and bar.proto.text.startswith("已完成：")
