"""Brightway package: loaded into a bw2data project in .venv-bw and recomputed there with bw2calc."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from footprint.exchange.brightway import LOADER, brightway_package, load_into_project, write_package
from footprint.exchange.errors import ExchangeError
from footprint.exchange.study import Study
from tests.exchange.conftest import CALCULABLE, ROOT

BW_PYTHON = ROOT / ".venv-bw" / "bin" / "python"
needs_bw = pytest.mark.skipif(not BW_PYTHON.exists(), reason="no .venv-bw (make bw-venv) with bw2data")

# Run in .venv-bw: for each package, load it into its own project and compute the score with bw2calc.
RECOMPUTE = r"""
import json, os, sys
os.environ["BRIGHTWAY2_DIR"] = sys.argv[1]
import bw2calc as bc, bw2data as bd
out = {}
for path in sys.argv[2:]:
    pkg = json.load(open(path, encoding="utf-8"))
    bd.projects.set_current(pkg["project"])
    demand = pkg["demand"]
    node = bd.get_node(database=demand["database"], code=demand["code"])
    lca = bc.LCA({node: demand["amount"]}, tuple(pkg["method"]["name"]))
    lca.lci(); lca.lcia()
    size = sum(len(bd.Database(n)) for n in pkg["database_order"])
    out[path] = {"score": float(lca.score), "activities": size}
print(json.dumps(out))
"""


class TestPackage:
    def test_databases_method_and_demand(self, cell: Study) -> None:
        pkg = brightway_package(cell)
        fg, fac, bio = pkg["database_order"][::-1]
        assert len(pkg["databases"][fg]) == len(cell.system.columns)  # a co-product is its own activity
        assert "cathode_material::lfp_fines" in pkg["databases"][fg]
        assert set(pkg["databases"][fac]) == set(cell.factor_set.factors)
        assert {"CO2_biogenic", "CH4_biogenic", "co2e-not-split"} <= set(pkg["databases"][bio])
        assert pkg["demand"] == {"database": fg, "code": "delivery", "amount": 3.125}
        assert dict((k[1], v) for k, v in pkg["method"]["cfs"])["CH4_biogenic"] == 27.0
        assert pkg["expected_total"] == cell.result.total

    def test_no_bw2data_in_this_environment(self) -> None:
        """The exporter writes without bw2data (it must stay out of the default environment)."""
        assert "bw2data" not in sys.modules


@needs_bw
def test_projects_recompute_the_core_total(study_of: Callable, tmp_path: Path) -> None:
    studies = {str(write_package(study_of(p), tmp_path / f"{p.stem}.json")): study_of(p) for p in CALCULABLE}
    for package in studies:
        load_into_project(Path(package), python=BW_PYTHON, brightway_dir=tmp_path / "bw")
    done = subprocess.run(
        [str(BW_PYTHON), "-c", RECOMPUTE, str(tmp_path / "bw"), *studies],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    scores = json.loads(done.stdout.strip().splitlines()[-1])
    for package, study in studies.items():
        # observed difference ~4e-8 relative, from bw2data's processing of the stored amounts
        assert scores[package]["score"] == pytest.approx(study.result.total, rel=1e-6), package
        databases = brightway_package(study)["databases"]
        assert scores[package]["activities"] == sum(len(d) for d in databases.values())


@needs_bw
def test_loader_verifies_and_reports(cell: Study, tmp_path: Path) -> None:
    package = write_package(cell, tmp_path / "cell.json")
    done = subprocess.run(
        [
            str(BW_PYTHON),
            str(LOADER),
            str(package),
            "--dir",
            str(tmp_path / "bw"),
            "--project",
            "checked",
            "--verify",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["project"] == "checked" and summary["score"] == pytest.approx(cell.result.total, rel=1e-6)


def test_loader_failures_are_clear_errors(cell: Study, tmp_path: Path) -> None:
    package = write_package(cell, tmp_path / "cell.json")
    with pytest.raises(ExchangeError, match="cannot run the Brightway loader"):
        load_into_project(package, python=tmp_path / "no-python")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    with pytest.raises(ExchangeError, match="not a pcf-brightway/1 package"):
        load_into_project(bad, python=sys.executable)
