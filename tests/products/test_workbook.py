"""Excel data collection: templates from rules, the lossless round trip, bad cells by sheet/row/column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from footprint.model import Stage, load_model, parse_model
from footprint.sources import StaticFactors
from products import (
    WorkbookError,
    example_files,
    get_rule,
    list_rules,
    read_workbook,
    rule_for,
    write_template,
    write_workbook,
)
from products.workbook_layout import FLOAT_MARK, META, PRODUCT, STAGE_SHEETS
from tests.products.conftest import Toy
from tests.products.template_fill import fill_template

RAW, PRODUCTION = STAGE_SHEETS[Stage.RAW_MATERIALS], STAGE_SHEETS[Stage.PRODUCTION]


def edit(path: Path, sheet: str, changes: dict[str, Any]) -> Path:
    wb = openpyxl.load_workbook(path)
    for cell, value in changes.items():
        wb[sheet][cell] = value
    wb.save(path)
    return path


def issues_of(path: Path, source: Any = None) -> list[tuple[str, int | None, str, str, str]]:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path, source=source)
    return [(i.sheet, i.row, i.column, i.key, i.message) for i in caught.value.issues]


class TestRoundTrip:
    @pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
    def test_every_example_comes_back_with_the_same_hash(self, path: Path, tmp_path: Path) -> None:
        model = load_model(path)
        book = write_workbook(model, tmp_path / "model.xlsx", rule=rule_for(model))
        again = read_workbook(book)
        assert again.hash == model.hash
        assert again.data == model.data
        yaml_file = tmp_path / "model.yaml"  # what `pcf import` writes
        text = yaml.safe_dump(dict(again.data), allow_unicode=True, sort_keys=False)
        yaml_file.write_text(text, encoding="utf-8")
        assert load_model(yaml_file).hash == model.hash

    def test_shapes_the_columns_cannot_hold_travel_in_the_json_column(self, toy: Toy, tmp_path: Path) -> None:
        def unusual(d: dict[str, Any]) -> None:
            d["product"].update(
                name="plain name",
                mass={"amount": 1.0, "unit": "kg"},
                reference_period={"start": "2025-01-01", "end": "2025-12-31"},
                manufacturer={"name": "示例企业", "id": "91360900MA00000000"},
            )
            d["factor_release"] = 2026.1
            d["x-reviewer"] = {"name": "n.n.", "list": [1, 2.5, None]}
            cell = d["processes"]["cell"]
            cell["inputs"][0].update(
                amount=0.4000000000000001,
                uncertainty={"distribution": "lognormal", "gsd": 1.2},
                note="",
                **{"x-lot": "A1"},
            )
            cell["inputs"][1].update(amount=0.2, name={"zh": "负极"}, mass="1.0 kg")
            cell["emissions"] = [{"gas": "CO2", "amount": 1.0, "unit": "kg", "source": "meter"}]
            cell["notes"] = "toy"
            d["processes"]["material"].update(
                co_products=[{"id": "slag", "name": {"en": "slag"}, "amount": 0.5, "unit": "kg", "price": 1}],
                allocation={"shares": {"material": 0.9, "slag": 0.1}},
                geography="CN",
            )
            d["processes"]["material"]["output"]["price"] = 2.0
            d["processes"]["empty"] = {
                "stage": "distribution",
                "output": {"amount": 1, "unit": "t*km"},
                "inputs": [],
            }
            d["factors"] = {
                "my.binder": {
                    "gases": {"CO2": 0.8, "CH4_fossil": 0.002},
                    "unit": "kg",
                    "source": {"title": "supplier", "year": 2025, "url": "https://x.example"},
                },
                "my.foil": {"value": 9, "unit": "kg CO2e / kg", "gwp": "AR6", "source": "EPD 123"},
            }
            d["cutoff"] = [{"flow": "tape", "reason": "tiny", "share": 0.001, "basis": "mass"}]

        model = toy(unusual)
        again = read_workbook(write_workbook(model, tmp_path / "odd.xlsx"))
        assert again.data == model.data and again.hash == model.hash

    def test_floats_keep_their_type_and_all_digits(self, toy: Toy, tmp_path: Path) -> None:
        model = toy(
            lambda d: (
                d["processes"]["cell"]["inputs"][0].update(amount=1.0)
                or d["processes"]["cell"]["inputs"][1].update(amount=0.30000000000000004)
            )
        )
        book = write_workbook(model, tmp_path / "floats.xlsx")
        ws = openpyxl.load_workbook(book)[PRODUCTION]
        assert ws["J4"].number_format == FLOAT_MARK and ws["J5"].value == "0.30000000000000004"
        again = read_workbook(book)
        assert again.data["processes"]["cell"]["inputs"][0]["amount"] == 1.0
        assert isinstance(again.data["processes"]["cell"]["inputs"][0]["amount"], float)
        assert again.hash == model.hash

    def test_a_workbook_without_its_meta_sheet_is_read_by_sheet_titles(
        self, toy: Toy, tmp_path: Path
    ) -> None:
        book = write_workbook(toy(), tmp_path / "m.xlsx")
        wb = openpyxl.load_workbook(book)
        del wb[META]
        wb.save(book)
        assert read_workbook(book).hash == toy().hash


class TestTemplate:
    @pytest.mark.parametrize("rule", list_rules(), ids=lambda r: r.id)
    def test_the_template_lists_what_the_rule_requires(self, rule: Any, tmp_path: Path) -> None:
        wb = openpyxl.load_workbook(write_template(rule, tmp_path / "t.xlsx"))
        fu = rule.functional_unit()
        stage_sheets = [t for t in wb.sheetnames if t in STAGE_SHEETS.values()]
        assert stage_sheets == [STAGE_SHEETS[s] for s in fu.allowed_stages]
        assert wb["_meta"].sheet_state == "hidden" and wb["_lists"].sheet_state == "hidden"
        rows = [
            r
            for t in STAGE_SHEETS.values()
            if t in wb.sheetnames
            for r in wb[t].iter_rows(min_row=3, values_only=True)
        ]
        listed = {(r[1], r[5]) for r in rows}
        for spec in rule.processes:
            if spec.mandatory:
                assert ("process", spec.role) in listed
                assert {("input", i.role) for i in spec.inputs if i.mandatory} <= listed
        product = {r[0]: r[1] for r in wb[PRODUCT].iter_rows(min_row=3, values_only=True)}
        assert product["product.category"] == rule.applies_to[0]
        assert product["product.functional_unit"] == fu.text.en
        text = "\n".join(str(r[0]) for r in wb["说明 Instructions"].iter_rows(values_only=True) if r[0])
        assert "填写说明 / How to fill in" in text and rule.title.zh in text and rule.title.en in text

    def test_units_kinds_and_scores_have_drop_downs(self, tmp_path: Path) -> None:
        ws = openpyxl.load_workbook(write_template(get_rule("battery-cell"), tmp_path / "t.xlsx"))[PRODUCTION]
        by_column = {str(dv.sqref).split(":")[0][:-1]: dv for dv in ws.data_validations.dataValidation}
        assert by_column["B"].type == "list" and by_column["K"].type == "list"  # kind, unit
        assert by_column["K"].formula1 == "'_lists'!$B$2:$B$15" and not by_column["K"].showErrorMessage
        score = by_column["Q"]
        assert score.type == "whole" and (score.formula1, score.formula2) == ("1", "5")
        default_factors = {r[5]: r[6] for r in ws.iter_rows(min_row=3, values_only=True) if r[1] == "input"}
        assert default_factors["electricity"] == "elec.footprint"
        raw = ws.parent[RAW]  # materials come from supply processes in the raw-materials stage
        supplied = {r[0]: r[6] for r in raw.iter_rows(min_row=3, values_only=True) if r[1] == "input"}
        assert supplied["anode_active_material_supply"] == "graphite.synthetic.ecoinvent-model"
        links = {r[5]: r[7] for r in ws.iter_rows(min_row=3, values_only=True) if r[1] == "input"}
        assert links["anode_active_material"] == "anode_active_material_supply"

    def test_the_lifetime_template_has_all_four_stages(self, tmp_path: Path) -> None:
        wb = openpyxl.load_workbook(
            write_template(get_rule("battery-pack"), tmp_path / "t.xlsx", functional_unit="miit_declaration")
        )
        for stage in (Stage.DISTRIBUTION, Stage.END_OF_LIFE):
            kinds = [r[1] for r in wb[STAGE_SHEETS[stage]].iter_rows(min_row=3, values_only=True)]
            assert "process" in kinds
        assert STAGE_SHEETS[Stage.USE] not in wb.sheetnames

    def test_an_unfilled_template_is_refused_cell_by_cell(self, tmp_path: Path) -> None:
        found = issues_of(write_template(get_rule("lfp-cathode"), tmp_path / "t.xlsx"))
        assert (PRODUCT, 4, "B", "value", "required (product.id)") in found
        amounts = [(s, r, c) for s, r, c, k, m in found if k == "amount"]
        assert amounts == [(PRODUCTION, 3, "J")]  # the main process's output; unfilled inputs: nothing


class TestBadCells:
    @pytest.mark.parametrize(
        ("sheet", "changes", "expected"),
        [
            (PRODUCTION, {"B5": "imput"}, (PRODUCTION, 5, "B", "kind", "'imput' is not one of")),
            (PRODUCTION, {"J5": "abc"}, (PRODUCTION, 5, "J", "amount", "expected a number, got 'abc'")),
            (PRODUCTION, {"K5": "kgs"}, (PRODUCTION, 5, "K", "unit", "unknown unit 'kgs'")),
            (PRODUCTION, {"M5": "maybe"}, (PRODUCTION, 5, "M", "bom", "expected TRUE or FALSE")),
            (PRODUCTION, {"Q5": 2}, (PRODUCTION, 5, "R", "completeness", "give all five pedigree scores")),
            (PRODUCTION, {"Q11": 7}, (PRODUCTION, 11, "Q", "reliability", "expected a whole number 1…5")),
            (PRODUCTION, {"V5": "{not json"}, (PRODUCTION, 5, "V", "extra", "not valid JSON")),
            (
                PRODUCTION,
                {"H5": "nowhere"},
                (PRODUCTION, 5, "H", "from_process", "missing process 'nowhere'"),
            ),
            (PRODUCTION, {"A5": "ghost"}, (PRODUCTION, 5, "A", "process", "no process row (kind=process)")),
            (PRODUCTION, {"A3": "material"}, (PRODUCTION, 3, "A", "process", "'material' is defined twice")),
            (PRODUCTION, {"I5": "CO2"}, (PRODUCTION, 5, "I", "gas", "not used on input rows")),
            (PRODUCTION, {"L3": "heavy"}, (PRODUCTION, 3, "L", "mass", "expected '<amount> <unit>'")),
            (RAW, {"G4": None}, (RAW, 4, "A", "process", "names exactly one of `process`")),
            (PRODUCT, {"B14": "AR7"}, (PRODUCT, 14, "B", "value", "'AR7' is not one of AR4, AR5, AR6")),
        ],
    )
    def test_a_bad_cell_is_named_by_sheet_row_and_column(
        self, toy: Toy, tmp_path: Path, sheet: str, changes: dict[str, Any], expected: tuple[Any, ...]
    ) -> None:
        book = edit(write_workbook(toy(), tmp_path / "m.xlsx"), sheet, changes)
        found = issues_of(book)
        assert any(f[:4] == expected[:4] and expected[4] in f[4] for f in found), found

    def test_unknown_factor_codes_are_cells_too(
        self, toy: Toy, source: StaticFactors, tmp_path: Path
    ) -> None:
        book = edit(write_workbook(toy(), tmp_path / "m.xlsx"), PRODUCTION, {"G11": "elec.grid.CN-XX"})
        found = issues_of(book, source=source)
        assert found[0][:4] == (PRODUCTION, 11, "G", "factor")
        assert "unknown factor 'elec.grid.CN-XX'" in found[0][4]

    def test_every_bad_cell_is_reported_at_once(self, toy: Toy, tmp_path: Path) -> None:
        bad = {"B5": "imput", "J6": "abc", "K7": "kgs"}
        book = edit(write_workbook(toy(), tmp_path / "m.xlsx"), PRODUCTION, bad)
        assert [(r, c) for _s, r, c, _k, _m in issues_of(book)] == [(5, "B"), (6, "J"), (7, "K")]

    def test_a_file_that_is_not_a_workbook(self, tmp_path: Path) -> None:
        path = tmp_path / "m.xlsx"
        path.write_text("not a workbook", encoding="utf-8")
        with pytest.raises(WorkbookError, match=r"not an \.xlsx workbook"):
            read_workbook(path)
        with pytest.raises(WorkbookError, match="file not found"):
            read_workbook(tmp_path / "missing.xlsx")

    def test_the_model_loader_problems_are_located_in_their_rows(self, toy: Toy, tmp_path: Path) -> None:
        model = parse_model(dict(toy().data))
        book = edit(write_workbook(model, tmp_path / "m.xlsx"), PRODUCTION, {"J3": -1})
        found = issues_of(book)
        assert found == [
            (
                PRODUCTION,
                3,
                "J",
                "amount",
                "must be > 0, got -1 (negative amounts are not "
                "allowed: declare an avoided burden under the process's `substitutes:`, a credit kept "
                "apart from burdens) (processes.cell.output.amount)",
            )
        ]


class TestTemplateFilledWithExamples:
    """The rule's own template, filled with an example's values as a person would, passes the rule."""

    @pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
    def test_no_error_finding(self, path: Path, tmp_path: Path) -> None:
        from products import Severity, check

        example = load_model(path)
        rule = rule_for(example)
        model = read_workbook(fill_template(rule, example, tmp_path))
        errors = [f for f in check(model, rule) if f.severity is Severity.ERROR]
        assert errors == [], [(f.code, f.message_en) for f in errors]
        assert {p.stage for p in model.processes.values()} == {p.stage for p in example.processes.values()}
        gaps = sum(len(p.get("x-gaps") or []) for p in model.data["processes"].values())
        assert gaps == sum(len(p.get("x-gaps") or []) for p in example.data["processes"].values())

    def test_the_supply_rows_put_material_emissions_in_the_raw_material_stage(self, tmp_path: Path) -> None:
        from products import Severity, check

        rule = get_rule("battery-cell")
        wb = openpyxl.load_workbook(write_template(rule, tmp_path / "t.xlsx"))
        ws = wb[PRODUCTION]
        for r in range(3, ws.max_row + 1):  # fill only the amounts of the main process's input rows
            if ws.cell(r, 2).value == "input" and ws.cell(r, 6).value in (
                "anode_active_material",
                "electricity",
            ):
                ws.cell(r, 10, 2.0)
                ws.cell(r, 15, "bill of materials 2026, line 4")
            if ws.cell(r, 2).value == "process":
                ws.cell(r, 10, 1)
        product = wb[PRODUCT]
        for r in range(3, product.max_row + 1):
            field = product.cell(r, 1).value
            fill = {
                "product.id": "cell-1",
                "product.name.zh": "电芯",
                "product.reference_flow.amount": 4,
                "product.geography": "CN-JX-YC",
                "product.reference_year": 2025,
            }
            if field in fill:
                product.cell(r, 2, fill[field])
        wb.save(tmp_path / "t.xlsx")
        model = read_workbook(tmp_path / "t.xlsx")
        assert sorted(model.processes) == ["anode_active_material_supply", "cell_assembly"]
        assert model.processes["anode_active_material_supply"].stage is Stage.RAW_MATERIALS
        codes = {f.code for f in check(model, rule) if f.severity is Severity.ERROR}
        assert "missing_stage" not in codes
        warned = {f.code for f in check(model, rule)}
        assert "missing_input" in warned  # the unfilled mandatory inputs: a partial footprint, said so
