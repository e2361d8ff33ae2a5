"""The real `pcf` console script in a subprocess: db init, search, show, import, export, diff, resolve."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factors.bundled import DATA_DIR
from factors.tableio import read_table
from tests.factors.test_import_export import BAD_ROWS, row, write_csv, write_xlsx

PCF = Path(sys.executable).with_name("pcf")
JIANGXI = ["elec.grid.CN-JX.2023", "elec.grid.CN-JX.2022", "elec.grid.CN-JX.2021"]


def pcf(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PCF_LANG", "PCF_DEBUG")}
    return subprocess.run(
        [str(PCF), *args], capture_output=True, text=True, timeout=180, env=env | {"PCF_DATABASE_URL": url}
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def show_fields(stdout: str) -> dict[str, str]:
    """The label -> value rows of `pcf factors show`'s table, wrapped lines joined with a space."""
    fields: dict[str, str] = {}
    label = ""
    for line in stdout.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) != 4:
            continue
        label = cells[1] or label
        fields[label] = f"{fields[label]} {cells[2]}" if label in fields else cells[2]
    return fields


def squeeze(text: str) -> str:
    return "".join(text.split())


def bundled_row(code: str) -> dict[str, str]:
    return next(r for _, r in read_table(DATA_DIR / "electricity.csv").rows if r["code"] == code)


Runs = list[subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def init_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Runs]:
    """The URL of a SQLite database after `pcf db init` ran twice, and the two runs."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'pcf.db'}"
    return url, [pcf(url, "db", "init"), pcf(url, "db", "init")]


@pytest.fixture
def url(init_runs: tuple[str, Runs]) -> str:
    """The initialised database, for commands that only read."""
    return init_runs[0]


@pytest.fixture
def db(url: str, tmp_path: Path) -> str:
    """A private copy of the initialised database, for commands that write."""
    source = Path(url.removeprefix("sqlite:///"))
    shutil.copy(source, tmp_path / "pcf.db")
    return f"sqlite:///{tmp_path / 'pcf.db'}"


class TestDbInit:
    def test_init_twice_loads_once(self, init_runs: tuple[str, Runs]) -> None:
        first, second = init_runs[1]
        assert "schema created; factor release 2026.2 loaded (527 factors)" in ok(first)
        assert "schema up to date; factor release 2026.2 already present, unchanged" in ok(second)

    @pytest.mark.postgres
    def test_init_twice_and_search_on_postgresql(self, pg_server: str) -> None:
        from sqlmodel import SQLModel

        import factors.tables  # noqa: F401  (the tables to drop)
        from factors.db import make_engine

        engine = make_engine(pg_server)
        SQLModel.metadata.drop_all(engine)
        engine.dispose()
        first = ok(pcf(pg_server, "db", "init"))
        assert "schema created; factor release 2026.2 loaded (527 factors)" in first
        assert "postgresql" in first
        assert "already present, unchanged" in ok(pcf(pg_server, "db", "init"))
        found = json.loads(ok(pcf(pg_server, "factors", "search", "江西", "电力", "--json")))
        assert [f["code"] for f in found] == JIANGXI


class TestSearch:
    @pytest.mark.parametrize(
        ("args", "name"),
        [
            (["江西", "电力"], "2022年江西省电力平均二氧化碳排放因子"),
            (["Jiangxi electricity", "--lang", "en"], "Jiangxi provincial grid electricity"),
        ],
    )
    def test_search_prints_the_three_jiangxi_codes(self, url: str, args: list[str], name: str) -> None:
        out = ok(pcf(url, "factors", "search", *args))
        assert [c for c in JIANGXI if c in out] == JIANGXI
        assert "3 · release 2026.2" in out and name in out and "kg CO2 / kWh" in out
        assert "CN-HB" not in out

    def test_search_json_and_no_match(self, url: str) -> None:
        found = json.loads(ok(pcf(url, "factors", "search", "江西电力", "--json")))
        assert [(f["code"], f["release"]) for f in found] == [(c, "2026.2") for c in JIANGXI]
        assert ok(pcf(url, "factors", "search", "unobtainium", "--lang", "en")).strip() == (
            "No factor matches."
        )


class TestShow:
    def test_show_prints_everything_about_a_factor(self, url: str) -> None:
        fields = show_fields(ok(pcf(url, "factors", "show", "elec.grid.CN-JX.2022", "--lang", "en")))
        assert fields["Value"] == "0.5752 kg CO2 / kWh"
        assert fields["Scope"].startswith("generation — consumption-side grid average")
        assert fields["Gas basis"] == "CO2 only"
        assert fields["Uncertainty"] == "none given"
        assert fields["Data quality"] == "reliability 3"
        assert fields["Geography"] == "CN-JX (江西省 / Jiangxi)"
        csv_row = bundled_row("elec.grid.CN-JX.2022")
        assert squeeze(csv_row["source_title"]) in squeeze(fields["Citation"])
        assert squeeze(csv_row["source_url"]) in squeeze(fields["Citation"])
        assert fields["History"] == "2026.2: 0.5752"

    def test_show_in_chinese_by_default(self, url: str) -> None:
        fields = show_fields(ok(pcf(url, "factors", "show", "elec.grid.CN-JX.2022")))
        assert (fields["数值"], fields["气体口径"], fields["不确定性"]) == (
            "0.5752 kg CO2 / kWh",
            "仅CO2",
            "未给出",
        )

    def test_show_a_factor_with_an_uncertainty_range(self, url: str) -> None:
        fields = show_fields(ok(pcf(url, "factors", "show", "battery-cell.lfp.GLO.2024", "--lang", "en")))
        assert fields["Uncertainty"] == "triangular [54, 69]"
        assert fields["Gas basis"] == "CO2e (GWP set not stated by the source)"
        assert fields["Value"] == "62 kg CO2e / kWh"

    def test_show_json(self, url: str) -> None:
        f = json.loads(ok(pcf(url, "factors", "show", "elec.grid.CN-JX.2022", "--json")))
        assert (f["value"], f["unit"], f["scope"]) == (pytest.approx(0.5752), "kWh", "generation")
        assert (f["basis"], f["gwp"], f["gases"]) == ("CO2", "", "")
        assert (f["uncertainty"], f["unc_a"], f["unc_b"], f["dq_reliability"]) == ("", None, None, 3)
        csv_row = bundled_row("elec.grid.CN-JX.2022")
        assert (f["source"]["title"], f["source"]["url"]) == (csv_row["source_title"], csv_row["source_url"])
        assert [(h["release"], h["value"]) for h in f["history"]] == [("2026.2", pytest.approx(0.5752))]

    def test_an_unknown_code_is_one_line_on_stderr(self, url: str) -> None:
        result = pcf(url, "factors", "show", "no.such.code")
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr.strip() == "error: factor 'no.such.code' is not in release 2026.2"

    @pytest.mark.parametrize("code", ["[bold]x", "[/x]"])
    def test_an_error_message_is_printed_verbatim(self, url: str, code: str) -> None:
        result = pcf(url, "factors", "show", code)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.strip() == f"error: factor '{code}' is not in release 2026.2"


class TestResolve:
    def test_resolve_falls_back_to_the_province(self, url: str) -> None:
        m = json.loads(ok(pcf(url, "factors", "resolve", "elec.grid", "--geo", "CN-JX-YC", "--json")))
        assert (m["matched_geography"], m["level"], m["path"]) == ("CN-JX", "province", ["CN-JX-YC", "CN-JX"])
        assert (m["code"], m["unit"]) == ("elec.grid.CN-JX.2023", "kg CO2 / kWh")
        assert m["value"] == pytest.approx(0.5836)

    def test_resolve_an_unknown_geography(self, url: str) -> None:
        result = pcf(url, "factors", "resolve", "elec.grid", "--geo", "CN-ZZ")
        assert result.returncode == 1 and result.stderr.startswith("error: unknown geography 'CN-ZZ'")


class TestImportExport:
    def test_a_bad_file_names_every_row_and_changes_nothing(self, db: str, tmp_path: Path) -> None:
        before = ok(pcf(db, "factors", "releases", "--json"))
        path = write_csv(tmp_path / "bad.csv", [row()] + [r for *_, r in BAD_ROWS])
        result = pcf(db, "factors", "import", str(path))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "8 problem(s) in 8 row(s); nothing was imported" in result.stderr
        for number, column, _ in BAD_ROWS:
            assert f"bad.csv row {number}, column '{column}'" in result.stderr
        assert ok(pcf(db, "factors", "releases", "--json")) == before

    def test_a_bad_workbook_names_the_sheet(self, db: str, tmp_path: Path) -> None:
        path = write_xlsx(tmp_path / "bad.xlsx", [row(), row(code="x.y", unit="kgg")], sheet="factors")
        result = pcf(db, "factors", "import", str(path))
        assert result.returncode == 1
        assert "bad.xlsx [factors] row 3, column 'unit'" in result.stderr

    def test_export_import_publish_and_diff(self, db: str, tmp_path: Path) -> None:
        out = tmp_path / "out.xlsx"
        assert ok(pcf(db, "factors", "export", str(out))).strip() == f"527 factors written to {out}"
        assert ok(pcf(db, "factors", "import", str(out), "--release", "2099.1", "--publish")).strip() == (
            "release 2099.1: 0 added, 0 replaced (new versions), 527 unchanged; published"
        )
        diff = json.loads(ok(pcf(db, "factors", "diff", "2026.2", "2099.1", "--json")))
        assert diff == {"a": "2026.2", "b": "2099.1", "added": [], "removed": [], "changed": []}
        old, new = json.loads(ok(pcf(db, "factors", "releases", "--json")))
        assert [(r["version"], r["status"], r["factors"]) for r in (old, new)] == [
            ("2026.2", "published", 527),
            ("2099.1", "published", 527),
        ]
        assert new["content_hash"] == old["content_hash"] and new["based_on"] == "2026.2"

    def test_import_a_change_then_diff_shows_it(self, db: str, tmp_path: Path) -> None:
        path = write_csv(tmp_path / "new.csv", [row()])
        ok(pcf(db, "factors", "import", str(path), "--release", "2099.1"))
        ok(pcf(db, "factors", "publish", "2099.1"))
        diff = json.loads(ok(pcf(db, "factors", "diff", "2026.2", "2099.1", "--json")))
        assert ([f["code"] for f in diff["added"]], diff["removed"], diff["changed"]) == (
            ["test.widget.CN-JX.2024"],
            [],
            [],
        )

    def test_export_to_an_unsupported_type_is_a_user_error(self, db: str, tmp_path: Path) -> None:
        result = pcf(db, "factors", "export", str(tmp_path / "out.txt"))
        assert result.returncode == 1
        assert result.stderr.startswith("error: ") and "unsupported export type '.txt'" in result.stderr
