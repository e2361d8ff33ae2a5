"""`pcf report`, `pcf export`, `pcf label`, `pcf import-pact`: files written, exit 1 with a message."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcf_cli import app
from tests.exchange.conftest import MODELS, PACT

CELL = str(MODELS / "lfp_cell.yaml")
CATHODE = str(MODELS / "lfp_cathode.yaml")


@pytest.fixture
def run(factor_db: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PCF_DATABASE_URL", factor_db)
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, [str(a) for a in args])

    return invoke


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


class TestCommands:
    def test_report(self, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        out = tmp_path / "report.pdf"
        result = run(
            "report",
            CELL,
            "--lang",
            "zh",
            "--out",
            out,
            "--certificate",
            "C-1",
            "--verify-url",
            "https://example.org/v/C-1",
        )
        assert result.exit_code == 0, result.output
        assert out.read_bytes()[:5] == b"%PDF-" and "103.6 kg CO2e" in result.output

    @pytest.mark.parametrize(
        ("fmt", "check"),
        [
            ("pact3", lambda p: json.loads(p.read_text())["specVersion"] == "3.0.3"),
            ("pact2", lambda p: json.loads(p.read_text())["specVersion"] == "2.3.0"),
            ("eu-battery", lambda p: "batteryPassport" in json.loads(p.read_text())),
            ("brightway", lambda p: json.loads(p.read_text())["format"] == "pcf-brightway/1"),
            ("olca", lambda p: p.read_bytes()[:2] == b"PK"),
        ],
    )
    def test_export(self, run, tmp_path: Path, fmt: str, check) -> None:  # type: ignore[no-untyped-def]
        out = tmp_path / f"out.{fmt}"
        result = run(
            "export",
            CELL,
            "--format",
            fmt,
            "--out",
            out,
            "--study-url",
            "https://example.org/s.pdf",
            "--passport",
            "--created",
            "2025-05-01T00:00:00Z",
        )
        assert result.exit_code == 0, result.output
        assert check(out)

    def test_formats_list(self, run) -> None:  # type: ignore[no-untyped-def]
        result = run("export", "--formats")
        assert result.exit_code == 0 and "eu-battery" in result.output and "olca" in result.output

    @pytest.mark.parametrize("suffix", [".svg", ".png"])
    def test_label(self, run, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
        out = tmp_path / f"label{suffix}"
        result = run(
            "label", CELL, "--out", out, "--certificate", "C-1", "--verify-url", "https://example.org/v"
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000

    def test_import_pact_prints_yaml(self, run) -> None:  # type: ignore[no-untyped-def]
        result = run("import-pact", PACT / "v3" / "example-2.json", "--code", "supplier.product2")
        assert result.exit_code == 0, result.output
        before, found, factors = result.output.partition("factors:\n  supplier.product2:\n")
        assert found and "pact_id:" in factors
        # nothing else is printed, but the warning once the example's validity has ended (after 2027-12-31)
        assert all(line.startswith("warning: ") for line in before.splitlines()), before

    def test_import_pact_into_a_model(self, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        pf = tmp_path / "cathode.json"
        assert run("export", CATHODE, "--format", "pact3", "--out", pf).exit_code == 0
        out = tmp_path / "cell.yaml"
        result = run(
            "import-pact",
            pf,
            "--model",
            MODELS / "cell_with_supplier.yaml",
            "--code",
            "supplier.lfp-cathode",
            "--out",
            out,
        )
        assert result.exit_code == 0, result.output
        calc = run("calc", out, "--json")
        assert calc.exit_code == 0, calc.output
        assert json.loads(calc.output)["by_factor"]["supplier.lfp-cathode"] > 0


class TestErrors:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("export", CELL, "--format", "nope", "--out", "x.json"), "unknown export format 'nope'"),
            (("export", CELL, "--format", "eu-battery", "--out", "x.json"), "--study-url"),
            (
                ("export", CATHODE, "--format", "eu-battery", "--out", "x.json", "--study-url", "u"),
                "product.battery",
            ),
            (
                ("export", str(MODELS / "cell_with_supplier.yaml"), "--format", "pact3", "--out", "x.json"),
                "unknown factor 'supplier.lfp-cathode'",
            ),
            (("report", CELL, "--out", "no/such/folder/r.pdf"), "is not a folder"),
            (("label", CELL, "--out", "label.gif"), ".svg or .png"),
            (("import-pact", PACT / "v2" / "invalid-response-all-properties.json"), "$.data"),
            (("import-pact", "missing.json"), "file not found"),
        ],
    )
    def test_bad_input_is_one_clear_message(  # type: ignore[no-untyped-def]
        self, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple, message: str
    ) -> None:
        monkeypatch.chdir(tmp_path)
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert message in flat(result.output) and "Traceback" not in result.output

    def test_export_without_arguments(self, run) -> None:  # type: ignore[no-untyped-def]
        result = run("export", CELL)
        assert result.exit_code == 2 and "--format and --out are required" in flat(result.output)
