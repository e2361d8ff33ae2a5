"""`pcf rules`, `check`, `template`, `import` as a user runs them (subprocesses on a SQLite file)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml

from footprint.model import Stage, load_model
from products import example_files, example_path
from products.workbook_layout import STAGE_SHEETS

ROOT = Path(__file__).resolve().parents[2]
PCF = ROOT / ".venv" / "bin" / "pcf"
PRODUCTION = STAGE_SHEETS[Stage.PRODUCTION]

pytestmark = pytest.mark.slow  # every test runs `pcf` as a subprocess


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment with PCF_DATABASE_URL on a fresh SQLite file holding the bundled release."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'pcf.db'}"
    environ = {**os.environ, "PCF_DATABASE_URL": url, "PCF_LANG": "en"}
    environ.pop("PCF_DEBUG", None)
    subprocess.run([str(PCF), "db", "init"], env=environ, check=True, capture_output=True, text=True)
    return environ


def pcf(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PCF), *map(str, args)], env=env, capture_output=True, text=True, timeout=120)


def test_rules_lists_the_bundled_rules(env: dict[str, str]) -> None:
    run = pcf(env, "rules", "--json")
    assert run.returncode == 0, run.stderr
    rules = {r["id"]: r for r in json.loads(run.stdout)}
    assert set(rules) == {
        "battery-cell",
        "battery-ess",
        "battery-pack",
        "lfp-cathode",
        "lithium-carbonate",
        "pv-module",
        "recycled-lithium-carbonate",
    }
    assert rules["battery-pack"]["functional_units"] == ["cn_label", "eu_battery", "miit_declaration"]
    table = pcf(env, "rules", "--lang", "zh")
    assert "产品种类规则" in table.stdout and "battery-pack" in table.stdout


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_check_passes_every_example(env: dict[str, str], path: Path) -> None:
    run = pcf(env, "check", path, "--json")
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert report["passed"] is True and report["total"] > 0
    assert all(f["severity"] != "error" for f in report["findings"])


def test_check_fails_with_exit_1_on_error_findings(env: dict[str, str]) -> None:
    run = pcf(env, "check", example_path("lfp-pack"), "--fu", "eu_battery", "--lang", "en")
    assert run.returncode == 1
    assert "missing_stage" in run.stdout and "lifetime_parameters" in run.stdout and "FAILED" in run.stdout
    zh = pcf(env, "check", example_path("ncm811-cell"), "--lang", "zh")
    assert zh.returncode == 0 and "通过" in zh.stdout and "数据缺口" in zh.stdout


def test_check_refuses_a_battery_model_with_co2_only_electricity(env: dict[str, str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = example_path("ncm811-cell").read_text(encoding="utf-8")
    variant = tmp_path / "ncm811-co2-only.yaml"
    variant.write_text(text.replace("factor: elec.footprint", "factor: elec.grid"), encoding="utf-8")
    run = pcf(env, "check", variant, "--lang", "en")
    assert run.returncode == 1 and "electricity_not_lifecycle" in run.stdout and "FAILED" in run.stdout
    assert "Refused" in run.stdout


def test_check_names_an_unknown_rule_without_a_traceback(env: dict[str, str]) -> None:
    run = pcf(env, "check", example_path("pv-module"), "--rule", "steel")
    assert run.returncode == 1
    assert "no product category rule 'steel'" in run.stderr and "Traceback" not in run.stderr


def test_template_then_import_round_trips_a_model(env: dict[str, str], tmp_path: Path) -> None:
    book, out = tmp_path / "ncm.xlsx", tmp_path / "ncm.yaml"
    made = pcf(env, "template", "--model", example_path("ncm811-cell"), "--out", book)
    assert made.returncode == 0, made.stderr
    imported = pcf(env, "import", book, "--out", out)
    assert imported.returncode == 0, imported.stderr
    assert load_model(out).hash == load_model(example_path("ncm811-cell")).hash
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["product"]["id"] == "ncm811-cell-batpac"


def test_template_of_a_rule(env: dict[str, str], tmp_path: Path) -> None:
    book = tmp_path / "pack.xlsx"
    run = pcf(env, "template", "battery-pack", "--fu", "miit_declaration", "--out", book)
    assert run.returncode == 0 and book.is_file()
    assert "分销运输 distribution" in openpyxl.load_workbook(book).sheetnames
    assert pcf(env, "template", "--out", book).returncode != 0  # neither a rule nor a model


def test_import_reports_bad_cells_and_writes_nothing(env: dict[str, str], tmp_path: Path) -> None:
    book, out = tmp_path / "bad.xlsx", tmp_path / "bad.yaml"
    assert pcf(env, "template", "--model", example_path("lfp-cathode"), "--out", book).returncode == 0
    wb = openpyxl.load_workbook(book)
    wb[PRODUCTION]["J4"] = "zero point four"  # the lithium hydroxide amount
    wb[PRODUCTION]["G5"] = "heat.purchasedd"  # a factor code that does not exist
    wb.save(book)
    run = pcf(env, "import", book, "--out", out)
    assert run.returncode == 1 and not out.exists()
    assert (
        f"sheet '{PRODUCTION}', row 4, column J (amount): expected a number, got 'zero point four'"
        in run.stderr
    )
    assert f"sheet '{PRODUCTION}', row 5, column G (factor): unknown factor 'heat.purchasedd'" in run.stderr
    assert "Traceback" not in run.stderr
