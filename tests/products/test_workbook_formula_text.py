"""User text that looks like a formula stays text on the workbook round trip and in `pcf template --model`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from products import read_workbook, write_workbook
from products.workbook_layout import PRODUCT, STAGE_SHEETS
from tests.products.conftest import Toy

# Bad-input table: text a spreadsheet would run or drop if it were written as a formula.
FORMULA_TEXT: list[str] = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x")', "+1", "-1", "@SUM(1)"]


@pytest.mark.parametrize("text", FORMULA_TEXT)
def test_formula_looking_text_comes_back_identically(toy: Toy, tmp_path: Path, text: str) -> None:
    def change(d: dict[str, Any]) -> None:
        d["product"]["name"] = {"zh": text, "en": text}
        d["processes"]["cell"]["notes"] = text
        d["processes"]["cell"]["inputs"][0]["note"] = text

    model = toy(change)
    book = write_workbook(model, tmp_path / "formula.xlsx")
    wb = openpyxl.load_workbook(book)  # once: reading it again for every sheet cost 0.2 s a case
    cells = [c for name in wb.sheetnames for row in wb[name].iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no live formula anywhere
    again = read_workbook(book)
    assert again.data["product"]["name"] == {"zh": text, "en": text}
    assert again.data["processes"]["cell"]["notes"] == text
    assert again.data["processes"]["cell"]["inputs"][0]["note"] == text
    assert again.hash == model.hash


def test_pcf_template_model_writes_formula_text_as_text(toy: Toy, tmp_path: Path) -> None:
    import yaml
    from typer.testing import CliRunner

    from pcf_cli import app

    text = '=HYPERLINK("http://x")'
    model = toy(lambda d: d["product"].update(name={"zh": text, "en": text}))
    model_file = tmp_path / "m.yaml"
    model_file.write_text(yaml.safe_dump(model.data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(app, ["template", "--model", str(model_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    texts = [
        c
        for name in (PRODUCT, *STAGE_SHEETS.values())
        if name in wb.sheetnames
        for row in wb[name].iter_rows()
        for c in row
        if isinstance(c.value, str) and text in c.value
    ]
    assert texts and all(c.data_type == "s" for c in texts)
    assert read_workbook(out).data["product"]["name"] == {"zh": text, "en": text}
