"""The Circular Footprint Formula and the cut-off rule, term by term (footprint/circular.py)."""

from __future__ import annotations

import pytest

from footprint.circular import (
    CffBurdens,
    CffError,
    CffParameters,
    EolMethod,
    MaterialFlow,
    cff,
    cut_off,
    evaluate,
)


class TestPublishedWorkedExample:
    """Ecobalyse (French government PEF-based textile tool), documentation page 'Utilisation de matière
    recyclée - M1 et M2', worked example 'T-shirt 100 % laine recyclée' (MTES-MCT/ecobalyse,
    textile/cycle-de-vie-des-produits-textiles/etape-1-matieres/circular-footprint-formula-cff-matiere.md,
    section 'Exemples de calcul'): m = 0.207 kg, R1 = 100 %, A = 0.8, Qsin/Qp = 0.5,
    Erecycled = 0.5 and Ev = 80.3 kg CO2e/kg; published result 1.75 kg CO2e."""

    def test_recycled_wool(self) -> None:
        terms = cff(
            CffParameters(a=0.8, r1=1.0, qsin_qp=0.5),
            CffBurdens(ev=80.3, erecycled=0.5),
            mass=0.207,
            material="wool",
        )
        assert terms.virgin == 0.0
        assert terms.recycled_input == pytest.approx(0.207 * 0.8 * 0.5)
        assert terms.recycled_virgin_share == pytest.approx(0.207 * 0.2 * 0.5 * 80.3)
        assert terms.total == pytest.approx(0.207 * (0.8 * 0.5 + 0.2 * 0.5 * 80.3))
        assert round(terms.total, 2) == 1.75


# A toy material with every parameter different from 0 and 1, so each term is visible:
#   mass 2 kg | A 0.2 | R1 0.3 | R2 0.6 | R3 0.1 | B 0 | Qsin/Qp 0.9 | Qsout/Qp 0.8
#   Ev 10 | Erecycled 2 | ErecyclingEoL 1.5 | E*v 12 | EER 0.5 | LHV 20 MJ/kg
#   XER,heat 0.3 · ESE,heat 0.07 | XER,elec 0.2 · ESE,elec 0.15 | ED 0.1   (kg CO2e per kg or per MJ)
PARAMS = CffParameters(a=0.2, r1=0.3, r2=0.6, r3=0.1, b=0.0, qsin_qp=0.9, qsout_qp=0.8)
BURDENS = CffBurdens(
    ev=10,
    erecycled=2,
    erecycling_eol=1.5,
    ev_star=12,
    eer=0.5,
    lhv=20,
    xer_heat=0.3,
    xer_elec=0.2,
    ese_heat=0.07,
    ese_elec=0.15,
    ed=0.1,
)


class TestEveryTermByHand:
    def test_cff_terms(self) -> None:
        t = cff(PARAMS, BURDENS, mass=2.0, material="toy")
        assert t.virgin == pytest.approx(2 * 0.7 * 10)  # 14
        assert t.recycled_input == pytest.approx(2 * 0.3 * 0.2 * 2)  # 0.24
        assert t.recycled_virgin_share == pytest.approx(2 * 0.3 * 0.8 * 10 * 0.9)  # 4.32
        assert t.eol_recycling == pytest.approx(2 * 0.8 * 0.6 * 1.5)  # 1.44
        assert t.eol_credit == pytest.approx(-2 * 0.8 * 0.6 * 12 * 0.8)  # -9.216
        assert t.energy_recovery == pytest.approx(2 * 1.0 * 0.1 * 0.5)  # 0.1
        assert t.energy_credit == pytest.approx(-2 * 0.1 * 20 * (0.3 * 0.07 + 0.2 * 0.15))  # -0.204
        assert t.disposal == pytest.approx(2 * (1 - 0.6 - 0.1) * 0.1)  # 0.06
        assert t.material_part == pytest.approx(14 + 0.24 + 4.32 + 1.44 - 9.216)
        assert t.energy_part == pytest.approx(0.1 - 0.204)
        assert t.total == pytest.approx(10.74)
        assert t.credits == pytest.approx(-9.42)
        assert t.burdens + t.credits == pytest.approx(t.total)

    def test_energy_allocation_b(self) -> None:
        t = cff(CffParameters(a=0.2, r3=0.5, b=0.25), CffBurdens(eer=1.0, lhv=10, xer_elec=0.2, ese_elec=0.5))
        assert t.energy_recovery == pytest.approx(0.75 * 0.5 * 1.0)
        assert t.energy_credit == pytest.approx(-0.75 * 0.5 * 10 * 0.2 * 0.5)

    def test_cut_off_terms(self) -> None:
        t = cut_off(PARAMS, BURDENS, mass=2.0, material="toy")
        assert t.method is EolMethod.CUT_OFF
        assert t.virgin == pytest.approx(14)
        assert t.recycled_input == pytest.approx(2 * 0.3 * 2)  # recycling burden only: 1.2
        assert t.recycled_virgin_share == 0.0
        assert t.eol_recycling == pytest.approx(2 * 0.6 * 1.5)  # stays with the product
        assert t.eol_credit == 0.0 and t.energy_credit == 0.0  # no credit at end of life
        assert t.energy_recovery == pytest.approx(0.1)
        assert t.disposal == pytest.approx(0.06)
        assert t.total == pytest.approx(17.16)

    def test_documented_difference_cut_off_minus_cff(self) -> None:
        """cut-off − CFF = R1·(1−A)·(Erecycled − Ev·Qsin/Qp) + A·R2·ErecyclingEoL + (1−A)·R2·E*v·Qsout/Qp
        + B·R3·EER + (1−B)·R3·LHV·(XER·ESE) — per kg, times the mass."""
        a, m = 0.2, 2.0
        expected = m * (
            0.3 * (1 - a) * (2 - 10 * 0.9)
            + a * 0.6 * 1.5
            + (1 - a) * 0.6 * 12 * 0.8
            + 0.1 * 20 * (0.3 * 0.07 + 0.2 * 0.15)
        )
        diff = cut_off(PARAMS, BURDENS, mass=m).total - cff(PARAMS, BURDENS, mass=m).total
        assert diff == pytest.approx(expected)
        assert diff == pytest.approx(17.16 - 10.74)


class TestLimits:
    def test_a_one_gives_the_cut_off_recycled_content(self) -> None:
        p = CffParameters(a=1.0, r1=0.4, r2=0.5, qsin_qp=0.7, qsout_qp=0.9)
        t = cff(p, BURDENS)
        assert t.recycled_input == pytest.approx(cut_off(p, BURDENS).recycled_input)
        assert t.recycled_virgin_share == 0.0 and t.eol_credit == 0.0 and t.eol_recycling == 0.0

    def test_a_zero_is_the_avoided_burden(self) -> None:
        t = cff(CffParameters(a=0.0, r2=1.0), CffBurdens(ev=10, erecycling_eol=1, ev_star=10))
        assert t.total == pytest.approx(10 + 1 - 10)

    def test_linear_in_mass(self) -> None:
        assert cff(PARAMS, BURDENS, mass=3.0).total == pytest.approx(3 * cff(PARAMS, BURDENS).total)

    def test_evaluate_reports_per_material(self) -> None:
        flows = [
            MaterialFlow("copper", 1.5, CffParameters(a=0.2, r2=0.9), CffBurdens(ev=4, ev_star=4)),
            MaterialFlow("aluminium", 0.5, CffParameters(a=0.2, r1=0.5), CffBurdens(ev=12, erecycled=1)),
        ]
        out = evaluate(flows, "cff")
        assert set(out) == {"copper", "aluminium"}
        assert out["copper"].eol_credit == pytest.approx(-1.5 * 0.8 * 0.9 * 4)
        assert out["aluminium"].as_dict()["total"] == pytest.approx(0.5 * (0.5 * 12 + 0.5 * (0.2 + 0.8 * 12)))
        assert evaluate(flows, EolMethod.CUT_OFF)["copper"].credits == 0.0


class TestBadParameters:
    @pytest.mark.parametrize(
        ("params", "match"),
        [
            (CffParameters(a=1.2), r"parameter A must lie in 0…1, got 1\.2"),
            (CffParameters(a=0.5, r1=-0.1), r"R1 must lie in 0…1"),
            (CffParameters(a=0.5, qsout_qp=1.5), r"QSOUT_QP must lie in 0…1"),
            (CffParameters(a=0.5, r2=0.7, r3=0.4), r"R2 \+ R3 must not exceed 1"),
        ],
    )
    def test_refused_with_the_parameter_named(self, params: CffParameters, match: str) -> None:
        with pytest.raises(CffError, match=match):
            cff(params, BURDENS, material="cobalt")

    def test_material_twice(self) -> None:
        f = MaterialFlow("cu", 1, CffParameters(a=0.2), CffBurdens())
        with pytest.raises(CffError, match="'cu' is given twice"):
            evaluate([f, f])
