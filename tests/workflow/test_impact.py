"""Re-rating stored inventories under a new release equals a full recalculation (SQLite and PostgreSQL).

Three certified models on a test release R1 that adds a per-gas factor (CO2, CH4_fossil, N2O):

====  ==========================================================  =================================
cert  model (demo LFP cell plus ...)                               what R2 does to it
====  ==========================================================  =================================
A     + 0.5 kg of the per-gas fuel in the cathode, 0.01 kg CH4     gases × 1.3, CH4 GWP changed
B     + 3 kWh of activity ``elec.grid`` (resolved CN-JX, 2023)     a Yichun factor appears: recalc
C     the demo model unchanged                                     only the Jiangxi grid factor
====  ==========================================================  =================================

R2 scales the Jiangxi grid factor by 0.9, the fuel's gases by 1.3, sets AR6 CH4_fossil to 30 and adds
``elec.grid`` at CN-JX-YC (all TEST DATA).
"""

from __future__ import annotations

import math

import pytest
from sqlmodel import Session

from footprint import DatabaseFactors, calculate, parse_model
from tests.workflow.conftest import People, make_people
from tests.workflow.impact_helpers import certify, derive_release, model
from workflow.impact import analyse, impact_items, parse_threshold
from workflow.inventory_records import list_notices

GAS_FUEL = {
    "like": "elec.grid.CN-JX.2023",
    "code": "test.gasfuel.CN",
    "activity": "test.gasfuel",
    "unit": "kg",
    "basis": "gases",
    "gwp": "",
    "gases": "CO2=2.5; CH4_fossil=0.004; N2O=0.0002",
    "value": 0.0,
    "category": "fuel",
}


@pytest.fixture
def stored(loaded: Session) -> tuple[Session, People, dict[str, str], dict[str, str]]:
    s = loaded
    derive_release(s, "2026.2.1", new=[GAS_FUEL])
    p = make_people(s)
    texts = {
        "A": model(
            "cell-a",
            extra_cathode="      - {factor: test.gasfuel.CN, amount: 0.5, unit: kg}\n",
            emissions="    emissions:\n      - {gas: CH4_fossil, amount: 0.01, unit: kg}\n",
        ),
        "B": model("cell-b", extra_cell="      - {factor: elec.grid, amount: 3, unit: kWh}\n"),
        "C": model("cell-c"),
    }
    numbers = {k: certify(s, p, f"cell-{k.lower()}", t) for k, t in texts.items()}
    gases = "CO2=3.25; CH4_fossil=0.0052; N2O=0.00026"
    derive_release(
        s,
        "2026.2.2",
        scale={"elec.grid.CN-JX.2023": 0.9},
        new=[
            {**GAS_FUEL, "gases": gases},
            {
                "like": "elec.grid.CN-JX.2023",
                "code": "test.elec.grid.CN-JX-YC.2023",
                "geography": "CN-JX-YC",
                "value": 0.51,
            },
        ],
        gwp={("CH4_fossil", "AR6"): 30.0},
    )
    return s, p, numbers, texts


def full(s: Session, text: str, release: str, gwp: str | None = None) -> float:
    return calculate(
        parse_model(__import__("yaml").safe_load(text)), DatabaseFactors(s, release), gwp=gwp
    ).total


class TestRerating:
    def test_old_release_reproduces_the_certificates(self, stored) -> None:  # type: ignore[no-untyped-def]
        s, _p, numbers, texts = stored
        report = impact_items(s, "2026.2.1", "2026.2.1")
        by = {it["record"]: it for it in report.items}
        assert set(by) == set(numbers.values())
        for key, number in numbers.items():
            assert by[number]["old_total"] == pytest.approx(by[number]["stored_total"], rel=1e-12, abs=0)
            assert by[number]["change"] == 0.0 and by[number]["drivers"] == []
            assert by[number]["stored_total"] == pytest.approx(full(s, texts[key], "2026.2.1"), rel=1e-12)

    def test_new_release_equals_full_recalculation(self, stored) -> None:  # type: ignore[no-untyped-def]
        s, _p, numbers, texts = stored
        by = {it["record"]: it for it in impact_items(s, "2026.2.1", "2026.2.2").items}
        for key in ("A", "C"):
            item = by[numbers[key]]
            assert not item["needs_recalculation"]
            expected = full(s, texts[key], "2026.2.2")
            assert math.isclose(item["new_total"], expected, rel_tol=1e-9)
            assert item["change"] == pytest.approx(expected / item["old_total"] - 1, rel=1e-9)
        assert by[numbers["A"]]["new_total"] != by[numbers["A"]]["old_total"]

    def test_another_gwp_set_equals_full_recalculation(self, stored) -> None:  # type: ignore[no-untyped-def]
        s, _p, numbers, texts = stored
        report = impact_items(s, "2026.2.1", "2026.2.2", gwp="AR5")
        item = next(it for it in report.items if it["record"] == numbers["A"])
        assert math.isclose(item["new_total"], full(s, texts["A"], "2026.2.2", gwp="AR5"), rel_tol=1e-9)
        assert math.isclose(item["old_total"], full(s, texts["A"], "2026.2.1", gwp="AR5"), rel_tol=1e-9)

    def test_drivers_add_up_to_the_change(self, stored) -> None:  # type: ignore[no-untyped-def]
        s, _p, numbers, _texts = stored
        item = next(
            it for it in impact_items(s, "2026.2.1", "2026.2.2").items if it["record"] == numbers["A"]
        )
        codes = {d["code"] for d in item["drivers"]}
        assert codes == {"elec.grid.CN-JX.2023", "test.gasfuel.CN", "CH4_fossil"}
        assert sum(d["contribution"] for d in item["drivers"]) == pytest.approx(
            item["new_total"] - item["old_total"], rel=1e-9
        )

    def test_a_finer_geography_needs_recalculation(self, stored) -> None:  # type: ignore[no-untyped-def]
        s, _p, numbers, _texts = stored
        by = {it["record"]: it for it in impact_items(s, "2026.2.1", "2026.2.2").items}
        b = by[numbers["B"]]
        assert b["needs_recalculation"] is True
        assert any("elec.grid.CN-JX.2023 → test.elec.grid.CN-JX-YC.2023" in r for r in b["reasons"])
        assert not by[numbers["C"]]["needs_recalculation"]

    def test_a_dropped_factor_leaves_no_silent_figure(self, stored) -> None:  # type: ignore[no-untyped-def]
        s, _p, numbers, _texts = stored
        derive_release(s, "2026.2.3", drop=["test.gasfuel.CN"])
        by = {it["record"]: it for it in impact_items(s, "2026.2.1", "2026.2.3").items}
        a = by[numbers["A"]]
        assert a["new_total"] is None and a["change"] is None and a["needs_recalculation"]
        assert any("test.gasfuel.CN is not in release 2026.2.3" in r for r in a["reasons"])

    def test_threshold_and_category(self, stored) -> None:  # type: ignore[no-untyped-def]
        s, _p, _numbers, _texts = stored
        everything = impact_items(s, "2026.2.1", "2026.2.2").items
        big = impact_items(s, "2026.2.1", "2026.2.2", threshold=parse_threshold("50%")).items
        assert len(everything) == 3 and [it["record"] for it in big] == [
            it["record"] for it in everything if it["needs_recalculation"]
        ]
        assert impact_items(s, "2026.2.1", "2026.2.2", category="battery.*").n_records == 3
        assert impact_items(s, "2026.2.1", "2026.2.2", category="pv.*").items == []


class TestRecordAndNotices:
    def test_the_analysis_is_a_new_record_and_the_enterprise_is_told(self, stored) -> None:  # type: ignore[no-untyped-def]
        s, p, _numbers, _texts = stored
        _report, aid = analyse(p.std_s, s, "2026.2.1", "2026.2.2")
        notices = list_notices(p.ent_a, s)
        assert [n.analysis_id for n in notices] == [aid] and notices[0].n_records == 3
        assert notices[0].n_recalculation == 1 and list_notices(p.ent_b, s) == []
        with pytest.raises(Exception, match="write-once"):
            from workflow.inventory_tables import ImpactAnalysis

            row = s.get(ImpactAnalysis, aid)
            row.n_listed = 0  # type: ignore[union-attr]
            s.commit()

    def test_a_certifier_sees_only_its_own_records(self, stored) -> None:  # type: ignore[no-untyped-def]
        s, p, _numbers, _texts = stored
        assert len(analyse(p.cert_x, s, "2026.2.1", "2026.2.2", notify=False)[0].items) == 3
        assert analyse(p.cert_y, s, "2026.2.1", "2026.2.2", notify=False)[0].items == []
        with pytest.raises(Exception, match="may"):
            analyse(p.ent_a, s, "2026.2.1", "2026.2.2")


@pytest.mark.parametrize(("text", "value"), [("5%", 0.05), ("0.05", 0.05), ("", 0.0)])
def test_threshold_reads(text: str, value: float) -> None:
    assert parse_threshold(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["-5%", "five", "nan"])
def test_a_bad_threshold_is_named(text: str) -> None:
    with pytest.raises(Exception, match="threshold"):
        parse_threshold(text)
