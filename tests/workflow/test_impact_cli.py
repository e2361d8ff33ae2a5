"""`pcf demo` seeds records to re-rate; `pcf factors impact … --json` keeps its contract; `pcf recalc` runs
on a LocalCluster. On SQLite (the storage paths are tested on both backends in test_impact.py)."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from pcf_cli import app
from tests.workflow.impact_helpers import derive_release
from workflow.demo import seed_demo
from workflow.inventory_tables import ImpactAnalysis, ImpactNotice, InventoryRecord

# the life-cycle electricity the examples' `elec.footprint` resolves to in Jiangxi (national fallback)
POWER = "elec.footprint.CN.2024"
CELLS = {"lfp-cell-60kwh-pack", "ncm811-cell-batpac"}  # certified by the demo (workflow.demo_records)
ITEM_KEYS = {
    "record",
    "kind",
    "product",
    "old_total",
    "new_total",
    "change",
    "drivers",
    "needs_recalculation",
}


@pytest.fixture
def demo(loaded_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The demo content, then TEST release 2026.2.1 with the electricity factor the demo uses × 0.9."""
    with Session(loaded_engine) as s:
        seed = seed_demo(s)
        assert seed.skipped == () and seed_demo(s).created == 0  # idempotent
        s.commit()
        derive_release(s, "2026.2.1", scale={POWER: 0.9})
    monkeypatch.setenv("PCF_DATABASE_URL", loaded_engine.url.render_as_string(hide_password=False))
    return loaded_engine


pytestmark = pytest.mark.parametrize("loaded_engine", ["sqlite"], indirect=True)


def test_the_demo_has_two_certificates_and_a_declared_pack(demo: Engine) -> None:
    with Session(demo) as s:
        rows = s.exec(select(InventoryRecord)).all()
        kinds = [r.kind for r in rows]
        assert kinds.count("certificate") >= 2 and kinds.count("declaration") == 1
        assert {r.product_code for r in rows} >= {*CELLS, "lfp-pack-60kwh"}


def test_the_json_contract(demo: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "impact.xlsx"
    result = CliRunner().invoke(app, ["factors", "impact", "2026.2", "2026.2.1", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    items = payload["items"]
    with Session(demo) as s:
        assert len(items) == len(s.exec(select(InventoryRecord)).all()) >= 3
    assert all(set(it) >= ITEM_KEYS for it in items)
    assert {it["kind"] for it in items} == {"certificate", "declaration"}
    for it in items:
        assert it["change"] <= 0 and it["needs_recalculation"] is False
    for it in (it for it in items if it["product"] in {*CELLS, "lfp-pack-60kwh"}):
        assert it["new_total"] < it["old_total"] and -0.1 < it["change"] < 0  # only power got cheaper
        assert it["drivers"][0]["code"] == POWER and it["drivers"][0]["contribution"] < 0
    sheet = load_workbook(out)["impact"]
    assert [c.value for c in sheet[1]][:3] == ["record", "kind", "product"] and sheet.max_row == len(
        items
    ) + 1
    with Session(demo) as s:
        assert s.get(ImpactAnalysis, payload["analysis_id"]) is not None
        assert len(s.exec(select(ImpactNotice)).all()) == 1  # one enterprise


def test_threshold_and_category_options(demo: Engine) -> None:
    run = CliRunner().invoke
    big = json.loads(
        run(
            app, ["factors", "impact", "2026.2", "2026.2.1", "--json", "--no-save", "--threshold", "50%"]
        ).stdout
    )
    packs = json.loads(
        run(
            app,
            ["factors", "impact", "2026.2", "2026.2.1", "--json", "--no-save", "--category", "battery.pack*"],
        ).stdout
    )
    assert big["items"] == [] and [it["product"] for it in packs["items"]] == ["lfp-pack-60kwh"]
    bad = run(app, ["factors", "impact", "2026.2", "2026.2.1", "--threshold", "lots"])
    assert bad.exit_code == 1 and "threshold 'lots'" in bad.output


def test_recalc_on_a_local_cluster(demo: Engine) -> None:
    result = CliRunner().invoke(app, ["recalc", "--release", "2026.2.1", "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    assert len(items) >= 3 and all(
        it["ok"] and json.loads(it["result_json"])["factor_release"] == "2026.2.1" for it in items
    )
