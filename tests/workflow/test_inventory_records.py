"""Inventories stored with issued certificates and declared declarations: content and immutability, on
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

import workflow as wf
from tests.workflow.conftest import People, make_people
from tests.workflow.conftest import submit as submit_justified
from tests.workflow.impact_helpers import certify, model
from workflow.inventory_records import get_inventory_record, inventory_lines
from workflow.inventory_tables import InventoryImmutable, InventoryRecord, InventoryResolution

PACK = Path(__file__).resolve().parents[2] / "products" / "examples" / "lfp-pack.yaml"


@pytest.fixture
def certified(loaded: Session) -> tuple[Session, People, str]:
    p = make_people(loaded)
    text_ = model(
        "cell-b",
        extra_cell="      - {factor: elec.grid, amount: 3, unit: kWh}\n",
        emissions="    emissions:\n      - {gas: CO2, amount: 0.2, unit: kg}\n",
    )
    return loaded, p, certify(loaded, p, "cell-b", text_)


class TestCertificateInventory:
    def test_lines_reproduce_the_certificate(self, certified: tuple[Session, People, str]) -> None:
        s, p, number = certified
        cert = wf.get_certificate(p.cert_x, s, number=number)
        rec = get_inventory_record(s, number)
        assert rec is not None and (rec.kind, rec.total, rec.factor_release) == (
            "certificate",
            cert.total,
            cert.factor_release,
        )
        lines = inventory_lines(s, number)
        amounts = defaultdict(float)
        for x in lines:
            amounts[(x.process, x.key)] += x.amount
        # cell: 1.116 pieces per kWh; 12 kWh grid + 3 kWh by activity per piece; cathode 2.05 kg per piece
        assert amounts[("cell", "elec.grid.CN-JX.2023")] == pytest.approx(1.116 * (12 + 3))
        assert amounts[("cathode", "elec.grid.CN-JX.2023")] == pytest.approx(1.116 * 2.05 * 8)
        assert amounts[("cathode", "CO2")] == pytest.approx(1.116 * 2.05 * 0.2)
        assert {x.kind for x in lines} == {"factor", "gas"}
        assert {x.unit for x in lines if x.key == "elec.grid.CN-JX.2023"} == {"kWh"}
        assert json.loads(rec.processes_json) == [["cell", "production"], ["cathode", "raw_materials"]]

    def test_the_activity_resolution_is_kept(self, certified: tuple[Session, People, str]) -> None:
        s, _p, number = certified
        rec = get_inventory_record(s, number)
        rows = s.exec(select(InventoryResolution).where(InventoryResolution.record_id == rec.id)).all()  # type: ignore[union-attr]
        assert [(r.ref, r.activity, r.geography, r.year, r.code, r.matched_geography) for r in rows] == [
            ("elec.grid", "elec.grid", "CN-JX-YC", 2023, "elec.grid.CN-JX.2023", "CN-JX")
        ]
        assert "CN-JX" in rows[0].note

    def test_only_issued_certificates_have_one(self, loaded: Session) -> None:
        p = make_people(loaded)
        product = wf.create_product(p.ent_a, loaded, code="x", name_zh="x", category="battery.cell")
        wf.save_model_version(p.ent_a, loaded, product_id=product.id, yaml_text=model("x"))
        sid = wf.create_submission(
            p.ent_a, loaded, product_id=product.id, certification_body_id=p.orgs["cert_x"]
        ).id
        submit_justified(p.ent_a, loaded, sid)
        assert loaded.exec(select(InventoryRecord)).all() == []


class TestImmutable:
    def test_the_orm_refuses_changes(self, certified: tuple[Session, People, str]) -> None:
        s, _p, number = certified
        row = s.exec(select(InventoryRecord).where(InventoryRecord.record == number)).one()
        row.total = 0.0
        with pytest.raises(InventoryImmutable, match="write-once"):
            s.commit()
        s.rollback()
        with pytest.raises(InventoryImmutable, match="write-once"):
            s.delete(s.exec(select(InventoryRecord).where(InventoryRecord.record == number)).one())
            s.commit()

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE wf_inventory_record SET total = 0",
            "DELETE FROM wf_inventory_record",
            "UPDATE wf_inventory_flow SET key = 'x'",
            "DELETE FROM wf_inventory_resolution",
        ],
    )
    def test_the_database_refuses_changes(self, certified: tuple[Session, People, str], sql: str) -> None:
        s, _p, _number = certified
        with pytest.raises(Exception, match="write-once"):
            s.execute(text(sql))
        s.rollback()


def test_a_declared_declaration_stores_its_inventory_per_kwh(loaded: Session) -> None:
    s, p = loaded, make_people(loaded)
    product = wf.create_product(p.ent_a, s, code="lfp-pack-60kwh", name_zh="电池包", category="battery.pack")
    wf.save_model_version(p.ent_a, s, product_id=product.id, yaml_text=PACK.read_text("utf-8"))
    d = wf.create_declaration(p.ent_a, s, product_id=product.id, verification_body_id=p.orgs["cert_x"])
    wf.submit_declaration(p.ent_a, s, declaration_id=d.id)
    wf.start_verification(p.cert_x, s, declaration_id=d.id)
    wf.verify_declaration(
        p.cert_x, s, declaration_id=d.id, report_number="VR-1", report_date=dt.date(2026, 11, 1)
    )
    assert get_inventory_record(s, f"DECL-{d.id}") is None  # verified, not yet declared
    d = wf.declare(p.ent_a, s, declaration_id=d.id)
    rec = get_inventory_record(s, f"DECL-{d.id}")
    assert rec is not None and (rec.kind, rec.unit, rec.total) == (
        "declaration",
        "kg CO2e/kWh",
        d.total_kg_co2e_per_kwh,
    )
    stages = {pid: stage for pid, stage in json.loads(rec.processes_json)}
    assert set(stages.values()) <= {"material_acquisition", "manufacturing", "distribution", "recycling"}
    from workflow.impact import impact_items

    item = impact_items(s, d.factor_release, d.factor_release).items[0]
    assert item["record"] == f"DECL-{d.id}" and item["kind"] == "declaration"
    assert item["old_total"] == pytest.approx(d.total_kg_co2e_per_kwh, rel=1e-12)
