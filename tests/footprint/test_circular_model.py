"""End of life in the model format: fates, credits kept apart, recycled content, cut-off vs CFF views,
system expansion, declared zero factors, biogenic removals and offsets (footprint/eol_model.py,
footprint/endoflife.py)."""

from __future__ import annotations

from typing import Any

import pytest

from footprint import ModelError, calculate, parse_model
from footprint.circular import CffBurdens, CffParameters, cff
from tests.footprint.toys import fac, model, proc, process, source

# Toy pack on the toy factors (steel 2 kg CO2e/kg, elec 0.5 kg CO2/kWh) and a local recycled steel:
#
#   process     stage        per operation                                      burden (per FU)
#   a           production   10 kg steel, 30 % recycled (Qsin/Qp 0.9, A 0.2)    7×2 + 3×0.5 = 15.5
#                            10 kg of `eol` (its end of life)
#   eol         end_of_life  1 kWh per kg treated; recovers 0.8 kg steel per     10×1×0.5 = 5
#               recycling    kg treated (Qsout/Qp 0.9, A 0.2) → credit            −10×0.8×0.9×2 = −14.4
RECYCLED = {"steel.rec": {"value": 0.5, "unit": "kg CO2e / kg", "gwp": "AR6", "source": "toy recycled steel"}}


def pack(**eol_extra: Any) -> dict[str, Any]:
    eol = process(
        "end_of_life",
        (1, "kg"),
        [fac("elec", 1, "kWh")],
        fate="recycling.hydrometallurgical",
        substitutes=[
            {
                "material": "steel",
                "factor": "steel",
                "amount": 0.8,
                "unit": "kg",
                "quality_ratio": 0.9,
                "source": "toy",
            }
        ],
        cff={"A": 0.2},
        **eol_extra,
    )
    a = process(
        "production",
        (1, "piece"),
        [
            fac(
                "steel",
                10,
                "kg",
                recycled_content={"share": 0.3, "factor": "steel.rec", "quality_ratio": 0.9, "A": 0.2},
            ),
            proc("eol", 10, "kg"),
        ],
    )
    return model({"a": a, "eol": eol}, factors=RECYCLED)


def calc(data: dict[str, Any]):  # type: ignore[no-untyped-def]
    return calculate(parse_model(data), source())


class TestCreditsApart:
    def test_burdens_and_credits(self) -> None:
        r = calc(pack())
        assert r.total == pytest.approx(20.5)  # burdens only, as before
        assert sum(r.by_stage.values()) == pytest.approx(r.total)
        assert r.by_stage == pytest.approx({"production": 15.5, "end_of_life": 5.0})
        assert r.credits["total"] == pytest.approx(-14.4)
        assert r.credits["by_stage"] == pytest.approx({"end_of_life": -14.4})
        assert r.credits["by_process"] == pytest.approx({"eol": -14.4})
        [item] = r.credits["items"]
        assert item["material"] == "steel" and item["amount"] == pytest.approx(8.0)
        assert item["path"] == "processes.eol.substitutes[0]"
        assert r.to_dict()["credits"]["total"] == pytest.approx(-14.4)

    def test_cut_off_does_not_subtract_end_of_life_credits(self) -> None:
        r = calc(pack())
        assert r.end_of_life["method"] == "cut_off"
        assert r.net == pytest.approx(20.5)
        assert "eol_credits_not_counted" in {w["code"] for w in r.warning_details}

    def test_cff_view_equals_the_formula(self) -> None:
        """The model-level CFF equals footprint.circular.cff for steel: 10 kg, R1 0.3, R2 0.8, A 0.2,
        Qsin/Qp = Qsout/Qp = 0.9, Ev = E*v = 2, Erecycled 0.5, ErecyclingEoL = 5 kg CO2e / 8 kg."""
        r = calc(pack())
        view = r.end_of_life["views"]["cff"]
        terms = cff(
            CffParameters(a=0.2, r1=0.3, r2=0.8, qsin_qp=0.9, qsout_qp=0.9),
            CffBurdens(ev=2, erecycled=0.5, erecycling_eol=5 / 8, ev_star=2),
            mass=10,
            material="steel",
        )
        assert view["total"] == pytest.approx(terms.total) == pytest.approx(11.1)
        assert view["by_stage"] == pytest.approx(
            {"production": 15.5 + 0.8 * (3 * 2 * 0.9 - 1.5), "end_of_life": 5 - 0.2 * 5 + 0.8 * -14.4}
        )

    def test_documented_difference(self) -> None:
        """cut-off − CFF = A·B_eol + (1−A)·|credit| − R1-term (docs/model-format.md)."""
        r = calc(pack())
        views = r.end_of_life["views"]
        diff = views["cut_off"]["total"] - views["cff"]["total"]
        assert diff == pytest.approx(0.2 * 5 + 0.8 * 14.4 - 0.8 * (3 * 2 * 0.9 - 1.5))

    def test_model_method_cff(self) -> None:
        r = calc({**pack(), "end_of_life": {"method": "cff"}})
        assert r.net == pytest.approx(11.1)
        assert r.total == pytest.approx(20.5)

    def test_cff_without_a_is_unavailable_and_named(self) -> None:
        data = pack()
        del data["processes"]["eol"]["cff"]
        r = calc({**data, "end_of_life": {"method": "cff"}})
        assert r.net is None
        assert any("eol: CFF parameter A" in m for m in r.end_of_life["views"]["cff"]["missing"])
        assert "cff_parameter_missing" in {w["code"] for w in r.warning_details}

    def test_linearity(self) -> None:
        one, two = (
            calc(pack()),
            calc(
                {
                    **pack(),
                    "product": {
                        **pack()["product"],
                        "reference_flow": {"process": "a", "amount": 2, "unit": "piece"},
                    },
                }
            ),
        )
        assert two.credits["total"] == pytest.approx(2 * one.credits["total"])
        for m in ("cut_off", "cff"):
            assert two.end_of_life["views"][m]["total"] == pytest.approx(
                2 * one.end_of_life["views"][m]["total"]
            )

    def test_substitution_by_process(self) -> None:
        data = pack()
        data["processes"]["virgin_steel"] = process("raw_materials", (1, "kg"), [fac("steel", 1, "kg")])
        data["processes"]["eol"]["substitutes"] = [
            {
                "material": "steel",
                "process": "virgin_steel",
                "amount": 0.8,
                "unit": "kg",
                "quality_ratio": 0.9,
            }
        ]
        r = calc(data)
        assert r.credits["total"] == pytest.approx(-14.4)
        assert r.supply["virgin_steel"] == 0.0


class TestRefusals:
    def test_bare_negative_amount_names_the_path(self) -> None:
        data = pack()
        data["processes"]["eol"]["inputs"][0]["amount"] = -1
        with pytest.raises(
            ModelError, match=r"processes\.eol\.inputs\[0\]\.amount: must be >= 0.*substitutes"
        ):
            parse_model(data)

    @pytest.mark.parametrize(
        ("change", "match"),
        [
            ({"fate": "compost"}, r"processes\.eol\.fate: 'compost' is not one of"),
            (
                {"substitutes": [{"material": "steel", "amount": 1, "unit": "kg"}]},
                r"substitutes\[0\]: a substitution names exactly one of `factor` or `process`",
            ),
            (
                {
                    "substitutes": [
                        {
                            "material": "steel",
                            "factor": "steel",
                            "amount": 1,
                            "unit": "kg",
                            "quality_ratio": 1.3,
                        }
                    ]
                },
                r"substitutes\[0\]\.quality_ratio: a quality ratio",
            ),
            ({"cff": {"A": 2}}, r"processes\.eol\.cff\.A: must lie in 0…1"),
        ],
    )
    def test_bad_end_of_life(self, change: dict[str, Any], match: str) -> None:
        data = pack()
        data["processes"]["eol"].update(change)
        with pytest.raises(ModelError, match=match):
            parse_model(data)

    def test_substitution_unit_must_convert(self) -> None:
        data = pack()
        data["processes"]["eol"]["substitutes"][0]["unit"] = "kWh"
        with pytest.raises(ModelError, match=r"substitutes\[0\]\.unit: unit 'kWh' cannot be converted"):
            calc(data)

    def test_fate_only_at_end_of_life(self) -> None:
        data = pack()
        data["processes"]["a"]["fate"] = "landfill"
        with pytest.raises(ModelError, match=r"processes\.a\.fate: only an end_of_life process has a fate"):
            parse_model(data)

    def test_zero_factor_needs_a_reason(self) -> None:
        data = pack()
        data["factors"]["steel.rec"] = {"value": 0, "unit": "kg CO2e / kg", "gwp": "AR6", "source": "s"}
        with pytest.raises(ModelError, match=r"factors\.steel\.rec\.value: a factor of 0 is legal only with"):
            parse_model(data)
        data["factors"]["steel.rec"]["reason"] = "burden-free recycled input under cut-off"
        r = calc(data)
        assert r.by_stage["production"] == pytest.approx(14.0)


class TestSystemExpansionBiogenicOffsets:
    def test_co_product_by_substitution(self) -> None:
        refining = process(
            "raw_materials",
            (1, "kg"),
            [fac("elec", 10, "kWh")],
            co_products=[{"id": "slag", "amount": 2, "unit": "kg"}],
            allocation="system_expansion",
            substitutes=[
                {"material": "aggregate", "product": "slag", "factor": "steel", "quality_ratio": 0.5}
            ],
        )
        r = calc(
            model(
                {"a": process("production", (1, "piece"), [proc("refining", 1, "kg")]), "refining": refining}
            )
        )
        assert r.total == pytest.approx(5.0)  # all burdens on the main product
        assert r.credits["total"] == pytest.approx(-2 * 0.5 * 2.0)
        assert r.net == pytest.approx(5.0 - 2.0)  # system expansion is netted in both methods

    def test_system_expansion_needs_every_co_product(self) -> None:
        refining = process(
            "raw_materials",
            (1, "kg"),
            [fac("elec", 10, "kWh")],
            co_products=[{"id": "slag", "amount": 2, "unit": "kg"}],
            allocation="system_expansion",
        )
        with pytest.raises(ModelError, match=r"co_products\[0\]: system expansion: co-product 'slag' needs"):
            parse_model(
                model(
                    {
                        "a": process("production", (1, "piece"), [proc("refining", 1, "kg")]),
                        "refining": refining,
                    }
                )
            )

    def test_biogenic_removals_apart(self) -> None:
        data = pack()
        data["processes"]["a"]["removals"] = [{"amount": 1.5, "unit": "kg", "source": "toy"}]
        r = calc(data)
        assert r.biogenic["removals_kg_co2"] == pytest.approx(-1.5)
        assert r.total == pytest.approx(20.5)

    def test_offsets_never_subtracted(self) -> None:
        r = calc({**pack(), "offsets": [{"amount": 5, "unit": "kg", "scheme": "CCER"}]})
        assert r.total == pytest.approx(20.5) and r.net == pytest.approx(20.5)
        assert r.offsets[0]["subtracted"] is False
        assert any("never subtracted" in w for w in r.warnings)
