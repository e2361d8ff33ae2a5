"""`pcf calc` on a SQLite database made by `pcf db init`: the printed total, the JSON contract, GWP and
Monte Carlo options, and every bad model reported at once with its paths and without a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.footprint.toys import MODELS, bundled_value

PCF = str(Path(sys.executable).with_name("pcf"))
MODEL = MODELS / "cli_cell.yaml"
JSON_KEYS = {
    "product",
    "functional_unit",
    "total",
    "unit",
    "gwp",
    "factor_release",
    "by_stage",
    "by_process",
    "by_factor",
    "by_gas",
    "warnings",
    "supply",
    "tree",
    "model_hash",
}


def expected_total(gwp: str) -> float:
    """cli_cell.yaml by hand: 30 kWh of grid power; 2 kg cathode = 2 × (0.5 kg Li2CO3 + 0.1 kg binder of
    0.8 kg CO2 + 0.002 kg fossil CH4 per kg); direct 0.1 kg fossil CH4 and 0.01 kg N2O."""
    ch4, n2o = {"AR6": (29.8, 273), "AR5": (30, 265), "AR4": (25, 298)}[gwp]
    return (
        30 * bundled_value("elec.grid.CN-JX.2022")
        + 2 * (0.5 * bundled_value("li2co3.lepidolite.CN") + 0.1 * (0.8 + 0.002 * ch4))
        + 0.1 * ch4
        + 0.01 * n2o
    )


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('clidb') / 'pcf.db'}"
    done = subprocess.run(
        [PCF, "db", "init"],
        env=os.environ | {"PCF_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "factor release 2026.2 loaded" in done.stdout
    return url


def pcf(db_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PCF, *args],
        env=os.environ | {"PCF_DATABASE_URL": db_url},
        capture_output=True,
        text=True,
        timeout=300,
    )


class TestPcfCalc:
    def test_prints_the_total(self, db_url: str) -> None:
        done = pcf(db_url, "calc", str(MODEL), "--lang", "en")
        assert done.returncode == 0, done.stderr
        assert f"Carbon footprint: {expected_total('AR6'):,.4g} kg CO2e per functional unit" in done.stdout
        assert "Factor release: 2026.2" in done.stdout and "GWP100: AR6" in done.stdout
        assert "warning: these factors count CO2 only (no CH4/N2O): elec.grid.CN-JX.2022" in done.stderr
        assert "warning: li2co3.lepidolite.CN: CO2e under an unstated GWP set, used as given" in done.stderr

    def test_json_carries_the_result_contract(self, db_url: str) -> None:
        done = pcf(db_url, "calc", str(MODEL), "--json")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert set(data) >= JSON_KEYS
        assert data["total"] == pytest.approx(expected_total("AR6"))
        assert (data["unit"], data["gwp"], data["factor_release"]) == ("kg CO2e", "AR6", "2026.2")
        assert data["functional_unit"] == "1 piece" and data["product"]["id"] == "cli-cell"
        assert len(data["model_hash"]) == 64
        assert data["tree"]["total"] == pytest.approx(data["total"])
        assert sum(data["by_process"].values()) == pytest.approx(data["total"])
        assert data["supply"] == pytest.approx({"cell": 1.0, "cathode": 2.0})
        assert data["uncertainty"] is None

    def test_gwp_option_switches_the_set(self, db_url: str) -> None:
        done = pcf(db_url, "calc", str(MODEL), "--json", "--gwp", "AR5")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert (data["gwp"], data["total"]) == ("AR5", pytest.approx(expected_total("AR5")))

    def test_seeded_monte_carlo_gives_identical_json(self, db_url: str) -> None:
        args = ("calc", str(MODEL), "--json", "--iterations", "200", "--seed", "1")
        first, second = pcf(db_url, *args), pcf(db_url, *args)
        assert first.returncode == second.returncode == 0, first.stderr
        assert first.stdout == second.stdout
        u = json.loads(first.stdout)["uncertainty"]
        assert (u["iterations"], u["seed"]) == (200, 1) and u["sd"] > 0

    def test_a_bad_model_names_every_problem_without_a_traceback(self, db_url: str, tmp_path: Path) -> None:
        bad = tmp_path / "bad.yaml"
        text = MODEL.read_text(encoding="utf-8")
        for old, new in (
            ("factor: elec.grid.CN-JX.2022,", "factor: elec.grid.CN-JX.2O22,"),
            ("factor: li2co3.lepidolite.CN,", "factor: li2co3.lepidolit.CN,"),
            ("{process: cathode,", "{process: cathod,"),
            ("my.binder, amount: 0.1, unit: kg}", "my.binder, amount: 0.1, unit: kWh}"),
            ("    stage: raw_materials\n", "    stage: raw_materials\n    inputz: []\n"),
        ):
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        bad.write_text(text, encoding="utf-8")
        done = pcf(db_url, "calc", str(bad))
        assert done.returncode == 1
        assert "Traceback" not in done.stderr + done.stdout
        for fragment in (
            "bad.yaml",
            "5 problem(s)",
            "processes.cell.inputs[0].factor: unknown factor 'elec.grid.CN-JX.2O22'",
            "did you mean elec.grid.CN-JX.2022",
            "processes.cathode.inputs[0].factor: unknown factor 'li2co3.lepidolit.CN'",
            "did you mean li2co3.lepidolite.CN",
            "processes.cell.inputs[1].process: references a missing process 'cathod'",
            "processes.cathode.inputs[1].unit: unit 'kWh' cannot be converted to 'kg'",
            "processes.cathode.inputz: unknown key",
        ):
            assert fragment in done.stderr


BASE = MODEL.read_text(encoding="utf-8")
GRID = (
    "{factor: elec.grid.CN-JX.2022, amount: 0.03, unit: MWh, "
    "uncertainty: {distribution: lognormal, gsd: 1.2}}"
)
BAD_CASES = [
    # (id, text replaced in cli_cell.yaml, replacement (or tuples of both), fragments the error must contain)
    (
        "unknown codes",
        ("factor: elec.grid.CN-JX.2022,", "factor: li2co3.lepidolite.CN,"),
        ("factor: elec.grid.CN-JX.2O22,", "factor: li2co3.lepidolit.CN,"),
        [
            "2 problem(s)",
            "processes.cell.inputs[0].factor: unknown factor 'elec.grid.CN-JX.2O22'",
            "did you mean elec.grid.CN-JX.2022",
            "processes.cathode.inputs[0].factor: unknown factor 'li2co3.lepidolit.CN'",
            "did you mean li2co3.lepidolite.CN",
        ],
    ),
    ("unknown unit", "unit: MWh", "unit: MWhh", ["processes.cell.inputs[0].unit: unknown unit 'MWhh'"]),
    (
        "kg to a kWh factor",
        "unit: MWh",
        "unit: kg",
        ["processes.cell.inputs[0].unit: unit 'kg' cannot be converted to 'kWh'"],
    ),
    (
        "kWh from a kg process",
        "{process: cathode, amount: 2, unit: kg}",
        "{process: cathode, amount: 2, unit: kWh}",
        [
            "processes.cell.inputs[1].unit: unit 'kWh' cannot be converted to 'kg' "
            "(the output unit of process 'cathode')"
        ],
    ),
    ("negative amount", "amount: 0.03", "amount: -0.03", ["processes.cell.inputs[0].amount: must be >= 0"]),
    (
        "non-numeric amount",
        "amount: 0.03",
        "amount: abc",
        ["processes.cell.inputs[0].amount: expected a number, got 'abc'"],
    ),
    (
        "missing process",
        "{process: cathode,",
        "{process: anode,",
        ["processes.cell.inputs[1].process: references a missing process 'anode'"],
    ),
    (
        "reference flow",
        "reference_flow: {process: cell,",
        "reference_flow: {process: pack,",
        ["product.reference_flow.process: names no process of this model: 'pack'"],
    ),
    (
        "singular system",
        "      - {factor: my.binder, amount: 0.1, unit: kg}",
        "      - {factor: my.binder, amount: 0.1, unit: kg}\n      - {process: cell, amount: 0.5, unit: piece}",
        ["singular technosphere matrix", "Loops: cathode ↔ cell"],
    ),
    (
        "typo in a key",
        "    inputs:\n      - " + GRID,
        "    inputz:\n      - " + GRID,
        ["processes.cell.inputz: unknown key; expected one of"],
    ),
    (
        "wrong format",
        "format: pcf-model/1",
        "format: pcf-model/2",
        ["format: expected 'pcf-model/1', got 'pcf-model/2'"],
    ),
    # `cathode:` is line 20 of the file; the tab opens line 21
    ("malformed YAML", "  cathode:\n", "  cathode:\n\t", ["line 21, column 1: not valid YAML"]),
    # hard edges: each a located message, never an internal error, a wrong total or last-one-wins
    ("unknown gas", "{gas: N2O,", "{gas: N2X,", ["processes.cell.emissions[1].gas: unknown gas 'N2X'"]),
    (
        "unknown gas and factor at once",
        ("{gas: N2O,", "factor: elec.grid.CN-JX.2022,"),
        ("{gas: N2X,", "factor: elec.grid.CN-JX.2O22,"),
        ["2 problem(s)", "unknown gas 'N2X'", "unknown factor 'elec.grid.CN-JX.2O22'"],
    ),
    (
        "repeated process id",
        "  cathode:\n",
        "  cell:\n    stage: use\n    output: {amount: 1, unit: kg}\n  cathode:\n",
        ["processes.cell (line 20, column 3): the key 'cell' appears twice"],
    ),
    (
        "repeated amount",
        "{gas: N2O, amount: 10,",
        "{gas: N2O, amount: 10, amount: 20,",
        ["processes.cell.emissions[1].amount", "the key 'amount' appears twice"],
    ),
    (
        "second top-level processes",
        "format: pcf-model/1\n",
        "format: pcf-model/1\nprocesses: {}\n",
        ["processes (line", "the key 'processes' appears twice"],
    ),
    (
        "octal amount",
        "{gas: N2O, amount: 10,",
        "{gas: N2O, amount: 010,",
        ["processes.cell.emissions[1].amount (line 19, column", "octal"],
    ),
    ("sexagesimal amount", "{gas: N2O, amount: 10,", "{gas: N2O, amount: 1:30,", ["sexagesimal"]),
    (
        "product id with a line break",
        "id: cli-cell",
        'id: "cli-cell\\n"',
        ["product.id: an id uses letters, digits"],
    ),
    (
        "overflow to infinity",
        "{gas: N2O, amount: 10, unit: g}",
        "{gas: SF6, amount: 1.0e+305, unit: kg}",
        ["the footprint is not a finite number (it exceeds 1.8e308 kg CO2e)"],
    ),
]


TINY = """format: pcf-model/1
product:
  id: tiny
  name: tiny
  functional_unit: 1 kg
  reference_flow: {process: a, amount: 1, unit: kg}
processes:
  a:
    stage: production
    output: {amount: 1, unit: kg}
    inputs: []
    emissions: [{gas: CO2, amount: 1.0e-323, unit: kg}]
factors: {}
"""


class TestBadModels:
    """Each bad model through the real command (in-process), on the database of `pcf db init`."""

    @pytest.mark.parametrize(
        ("old", "new", "fragments"), [c[1:] for c in BAD_CASES], ids=[c[0] for c in BAD_CASES]
    )
    def test_exits_1_naming_the_problem_and_its_path(
        self,
        db_url: str,
        tmp_path: Path,
        old: str | tuple[str, ...],
        new: str | tuple[str, ...],
        fragments: list[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        from pcf_cli import app

        text = BASE
        for a, b in zip(*((old, new) if isinstance(old, tuple) else ((old,), (new,))), strict=True):
            assert a in text, a
            text = text.replace(a, b, 1)
        path = tmp_path / "model.yaml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("PCF_DATABASE_URL", db_url)
        result = CliRunner().invoke(app, ["calc", str(path), "--lang", "en"])
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        assert "error:" in result.stderr and "internal error" not in result.stderr
        for fragment in fragments:
            assert fragment in result.stderr

    def test_a_directory_is_named(self, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from pcf_cli import app

        monkeypatch.setenv("PCF_DATABASE_URL", db_url)
        (tmp_path / "m.yaml").mkdir()
        result = CliRunner().invoke(app, ["calc", str(tmp_path / "m.yaml")])
        assert result.exit_code == 1
        assert "m.yaml: 1 problem(s):" in result.stderr and "is a directory, not a file" in result.stderr

    def test_markup_in_names_is_printed_as_written(
        self, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from pcf_cli import app

        text = BASE.replace("  cell:\n", '  cell:\n    name: "[/bold]cell [red]x"\n', 1)
        path = tmp_path / "m.yaml"
        path.write_text(
            text.replace("id: cli-cell", 'id: cli-cell\n  functional_unit: "1 [bold]kWh"', 1)
            if "functional_unit" not in text
            else text,
            encoding="utf-8",
        )
        monkeypatch.setenv("PCF_DATABASE_URL", db_url)
        result = CliRunner().invoke(app, ["calc", str(path), "--lang", "en"])
        assert result.exit_code == 0, result.stderr
        assert "[/bold]cell [red]x (cell)" in result.stdout

    def test_a_subnormal_total_is_warned_about(
        self, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from pcf_cli import app

        path = tmp_path / "tiny.yaml"
        path.write_text(TINY, encoding="utf-8")
        monkeypatch.setenv("PCF_DATABASE_URL", db_url)
        result = CliRunner().invoke(app, ["calc", str(path), "--lang", "en", "--json"])
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert 0 < data["total"] < 1e-300
        assert "total_underflow" in [w["code"] for w in data["warning_details"]]

    def test_an_all_zero_factor_is_warned_about(
        self, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from pcf_cli import app

        path = tmp_path / "zero.yaml"
        path.write_text(
            TINY.replace("amount: 1.0e-323", "amount: 1")
            .replace("factors: {}", "factors:\n  zero: {gases: {CH4: 0}, unit: kg, source: s}")
            .replace("inputs: []", "inputs: [{factor: zero, amount: 1, unit: kg}]"),
            encoding="utf-8",
        )
        monkeypatch.setenv("PCF_DATABASE_URL", db_url)
        result = CliRunner().invoke(app, ["calc", str(path), "--lang", "en", "--json"])
        assert result.exit_code == 0, result.stderr
        codes = [w["code"] for w in json.loads(result.stdout)["warning_details"]]
        assert "zero_factor" in codes

    def test_a_missing_file(self, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from pcf_cli import app

        monkeypatch.setenv("PCF_DATABASE_URL", db_url)
        result = CliRunner().invoke(app, ["calc", str(tmp_path / "nope.yaml")])
        assert result.exit_code == 1
        assert "nope.yaml: 1 problem(s):" in result.stderr and "file not found" in result.stderr

    def test_a_database_without_the_schema_is_explained(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from pcf_cli import app

        monkeypatch.setenv("PCF_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
        result = CliRunner().invoke(app, ["calc", str(MODEL)])
        assert result.exit_code == 1
        assert "database error:" in result.stderr and "has `pcf db init` run?" in result.stderr

    def test_out_writes_the_json_that_is_printed(
        self, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from pcf_cli import app

        monkeypatch.setenv("PCF_DATABASE_URL", db_url)
        out = tmp_path / "result.json"
        result = CliRunner().invoke(app, ["calc", str(MODEL), "--json", "--out", str(out)])
        assert result.exit_code == 0, result.stderr
        assert json.loads(out.read_text(encoding="utf-8")) == json.loads(result.stdout)

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--gwp", "AR7"], "--gwp must be AR4, AR5 or AR6"),
            (["--iterations", "1"], "--iterations needs at least 2"),
        ],
    )
    def test_bad_options_are_usage_errors(
        self, db_url: str, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from pcf_cli import app

        monkeypatch.setenv("PCF_DATABASE_URL", db_url)
        result = CliRunner().invoke(app, ["calc", str(MODEL), *args])
        assert result.exit_code == 2
        assert message in " ".join(result.stderr.split())


class TestDraftReleases:
    """A draft release can still change: calculating on it needs --draft, and then the result says so."""

    @pytest.fixture(scope="class")
    @classmethod
    def draft(cls, db_url: str) -> str:
        from sqlmodel import Session

        from factors.db import make_engine
        from factors.releases import create_draft

        engine = make_engine(db_url)
        with Session(engine) as s:
            version = create_draft(s, "2026.9", notes="TEST DATA: a draft copy of 2026.2").version
            s.commit()
        engine.dispose()
        return version

    def test_a_draft_is_refused_unless_asked_for(self, db_url: str, draft: str) -> None:
        done = pcf(db_url, "calc", str(MODEL), "--release", draft)
        assert done.returncode == 1
        assert f"factor release {draft} is a draft" in done.stderr and "--draft" in done.stderr

    def test_a_model_pinned_to_a_draft_is_refused(self, db_url: str, draft: str, tmp_path: Path) -> None:
        path = tmp_path / "pinned.yaml"
        path.write_text(
            BASE.replace("format: pcf-model/1\n", f"format: pcf-model/1\nfactor_release: '{draft}'\n"),
            encoding="utf-8",
        )
        done = pcf(db_url, "calc", str(path))
        assert done.returncode == 1 and "is a draft" in done.stderr

    def test_asked_for_the_result_says_draft_everywhere(self, db_url: str, draft: str) -> None:
        done = pcf(db_url, "calc", str(MODEL), "--release", draft, "--draft", "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["factor_release"] == f"{draft} (draft)"
        shown = pcf(db_url, "calc", str(MODEL), "--release", draft, "--draft", "--lang", "en")
        assert f"Factor release: {draft} (draft)" in shown.stdout

    def test_the_latest_published_release_is_the_default(self, db_url: str, draft: str) -> None:
        done = pcf(db_url, "calc", str(MODEL), "--json")
        assert done.returncode == 0 and json.loads(done.stdout)["factor_release"] == "2026.2"
