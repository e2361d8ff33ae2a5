"""MIIT pack declarations in the workflow store: figures, states and access, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlmodel import Session

import workflow as wf
from tests.workflow.conftest import People, make_people

PACK = Path(__file__).resolve().parents[2] / "products" / "examples" / "lfp-pack.yaml"


@pytest.fixture
def pack(loaded: Session) -> tuple[Session, People, int]:
    """Enterprise A with the example LFP pack (60.48 kWh) as a product with one model version."""
    people = make_people(loaded)
    product = wf.create_product(
        people.ent_a, loaded, code="lfp-pack-60kwh", name_zh="电池包", category="battery.pack"
    )
    wf.save_model_version(people.ent_a, loaded, product_id=product.id, yaml_text=PACK.read_text("utf-8"))
    return loaded, people, product.id


def test_the_figures_add_up_and_match_the_life_cycle_emissions(pack: tuple[Session, People, int]) -> None:
    s, p, pid = pack
    d = wf.create_declaration(p.ent_a, s, product_id=pid, verification_body_id=p.orgs["cert_x"])
    stages = (d.material_acquisition, d.manufacturing, d.distribution, d.recycling)
    assert sum(stages) == pytest.approx(d.total_kg_co2e_per_kwh, rel=1e-12)
    assert d.total_kg_co2e_per_kwh * d.lifetime_energy_kwh == pytest.approx(d.life_cycle_kg_co2e, rel=1e-12)
    # lifetime energy = rated energy × (60 cycles/year × 8 service years) for the example pack
    assert d.lifetime_energy_kwh == pytest.approx(60.48 * 60 * 8)
    assert (d.rated_energy_kwh, d.full_cycles, d.plant_location) == (60.48, 480.0, "CN-JX-YC")
    body = json.loads(d.declaration_json)
    assert body["declarant"]["name"] == "甲电池有限公司" and body["model_hash"] == d.model_hash


def test_the_whole_path_with_verification(pack: tuple[Session, People, int]) -> None:
    s, p, pid = pack
    d = wf.create_declaration(p.ent_a, s, product_id=pid)
    with pytest.raises(wf.PreconditionFailed, match="verification body"):
        wf.submit_declaration(p.ent_a, s, declaration_id=d.id)
    wf.assign_verifier(p.ent_a, s, declaration_id=d.id, body_id=p.orgs["cert_x"])
    steps = [
        lambda: wf.submit_declaration(p.ent_a, s, declaration_id=d.id),
        lambda: wf.start_verification(p.cert_x, s, declaration_id=d.id),
        lambda: wf.request_declaration_changes(p.cert_x, s, declaration_id=d.id, comment="add distribution"),
        lambda: wf.revise_declaration(p.ent_a, s, declaration_id=d.id),
        lambda: wf.submit_declaration(p.ent_a, s, declaration_id=d.id),
        lambda: wf.start_verification(p.cert_x, s, declaration_id=d.id),
        lambda: wf.verify_declaration(
            p.cert_x, s, declaration_id=d.id, report_number="VR-2026-001", report_date=dt.date(2026, 11, 20)
        ),
        lambda: wf.declare(p.ent_a, s, declaration_id=d.id),
    ]
    states = [step().status for step in steps]
    assert states == [
        "submitted",
        "under_verification",
        "changes_requested",
        "changes_requested",
        "submitted",
        "under_verification",
        "verified",
        "declared",
    ]
    final = wf.get_declaration(p.ent_a, s, declaration_id=d.id)
    assert (final.report_number, final.report_date) == ("VR-2026-001", dt.date(2026, 11, 20))
    stored = json.loads(final.declaration_json)["verification"]
    assert (stored["body"], stored["report_number"], stored["date"]) == (
        "X 认证中心",
        "VR-2026-001",
        "2026-11-20",
    )
    assert final.declared_at is not None


class TestAccess:
    @pytest.fixture
    def submitted(self, pack: tuple[Session, People, int]) -> tuple[Session, People, int]:
        s, p, pid = pack
        d = wf.create_declaration(p.ent_a, s, product_id=pid, verification_body_id=p.orgs["cert_x"])
        wf.submit_declaration(p.ent_a, s, declaration_id=d.id)
        return s, p, d.id

    @pytest.mark.parametrize(
        ("who", "expected"),
        [
            ("ent_b", wf.NotFound),
            ("cert_y", wf.NotFound),
            ("std_s", wf.NotFound),
        ],
    )
    def test_others_do_not_see_it(
        self, submitted: tuple[Session, People, int], who: str, expected: type[Exception]
    ) -> None:
        s, p, did = submitted
        with pytest.raises(expected):
            wf.get_declaration(p.actors[who], s, declaration_id=did)
        assert wf.list_declarations(p.actors[who], s) == []

    @pytest.mark.parametrize(
        ("who", "call", "expected"),
        [
            ("ent_a", "verify", wf.AccessDenied),  # a pack maker cannot verify its own declaration
            ("cert_x", "declare", wf.AccessDenied),  # only the declarant files it
            ("admin", "verify", wf.AccessDenied),  # sees it, may not decide
            ("cert_y", "verify", wf.NotFound),  # another body's declaration
            ("cert_x", "verify", wf.IllegalTransition),  # not under verification yet
            ("ent_a", "declare", wf.IllegalTransition),  # not verified yet
        ],
    )
    def test_who_may_act(
        self, submitted: tuple[Session, People, int], who: str, call: str, expected: type[Exception]
    ) -> None:
        s, p, did = submitted
        actor = p.actors[who]
        with pytest.raises(expected):
            if call == "verify":
                wf.verify_declaration(
                    actor, s, declaration_id=did, report_number="X", report_date=dt.date.today()
                )
            else:
                wf.declare(actor, s, declaration_id=did)
        assert wf.get_declaration(p.ent_a, s, declaration_id=did).status == "submitted"

    def test_a_draft_is_not_the_verifiers_business(self, pack: tuple[Session, People, int]) -> None:
        s, p, pid = pack
        d = wf.create_declaration(p.ent_a, s, product_id=pid, verification_body_id=p.orgs["cert_x"])
        with pytest.raises(wf.NotFound):
            wf.get_declaration(p.cert_x, s, declaration_id=d.id)
        assert wf.list_declarations(p.cert_x, s) == []

    def test_the_verifier_reads_the_submitted_model_version(
        self, submitted: tuple[Session, People, int]
    ) -> None:
        s, p, did = submitted
        d = wf.get_declaration(p.cert_x, s, declaration_id=did)
        assert wf.get_model_version(p.cert_x, s, version_id=d.model_version_id).model_hash == d.model_hash

    def test_a_submitted_version_is_frozen(self, submitted: tuple[Session, People, int]) -> None:
        s, p, did = submitted
        d = wf.get_declaration(p.ent_a, s, declaration_id=did)
        assert wf.get_model_version(p.ent_a, s, version_id=d.model_version_id).frozen_at is not None


class TestRefusals:
    def _product(self, s: Session, p: People, text: str, code: str = "lfp-pack-60kwh") -> int:
        product = wf.create_product(p.ent_a, s, code=code, name_zh="电池包", category="battery.pack")
        wf.save_model_version(p.ent_a, s, product_id=product.id, yaml_text=text)
        return product.id

    def test_a_pack_of_2_kwh_or_less_is_out_of_scope(self, loaded: Session) -> None:
        p = make_people(loaded)
        text = PACK.read_text("utf-8").replace("rated_energy: 60.48 kWh", "rated_energy: 2 kWh")
        pid = self._product(loaded, p, text)
        with pytest.raises(wf.InvalidInput, match="out of scope"):
            wf.create_declaration(p.ent_a, loaded, product_id=pid)

    def test_a_missing_lifetime_parameter_is_named(self, loaded: Session) -> None:
        p = make_people(loaded)
        text = PACK.read_text("utf-8").replace("    service_years: 8\n", "")
        pid = self._product(loaded, p, text)
        with pytest.raises(wf.InvalidInput, match="service_years"):
            wf.create_declaration(p.ent_a, loaded, product_id=pid)

    def test_overview_counts_declared_packs_against_five(self, pack: tuple[Session, People, int]) -> None:
        s, p, pid = pack
        d = wf.create_declaration(p.ent_a, s, product_id=pid, verification_body_id=p.orgs["cert_x"])
        view = wf.declaration_overview(p.ent_a, s)
        assert [(x.code, x.status) for x in view.packs] == [("lfp-pack-60kwh", "draft")]
        assert (view.declared, view.required, view.missing) == (0, 5, 5)
        for step in (
            lambda: wf.submit_declaration(p.ent_a, s, declaration_id=d.id),
            lambda: wf.start_verification(p.cert_x, s, declaration_id=d.id),
            lambda: wf.verify_declaration(
                p.cert_x, s, declaration_id=d.id, report_number="R1", report_date=dt.date(2026, 11, 1)
            ),
            lambda: wf.declare(p.ent_a, s, declaration_id=d.id),
        ):
            step()
        view = wf.declaration_overview(p.ent_a, s)
        assert (view.declared, view.missing) == (1, 4)
        with pytest.raises(wf.AccessDenied):
            wf.declaration_overview(p.cert_x, s)
